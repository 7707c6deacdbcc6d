"""Questions asking two things at once: split at the clause that asks anew, each ask answered (a later
one as a follow-up of the earlier), the replies joined with one citation sequence."""

from __future__ import annotations

from assistant.answer.calibrate import Calibration
from assistant.answer.compound import split_compound
from assistant.answer.reader import FakeReader


def test_a_question_is_split_only_where_a_clause_asks_anew():
    assert split_compound("昭通回引了多少人返乡创业，又带动了多少人就业？") == ["昭通回引了多少人返乡创业？", "又带动了多少人就业？"]
    assert split_compound("集宁区帮助辅导创业人员多少人次?孵化了多少项目?") == ["集宁区帮助辅导创业人员多少人次?", "孵化了多少项目?"]
    assert split_compound("吴长春是哪里人，他的公司有多少员工？") == ["吴长春是哪里人？", "他的公司有多少员工？"]
    # one ask: a clause naming the subject, a thanks, 这几个 (no question word), 各多少 (no words of its own)
    for whole in ("镇雄这几个平台，一共帮了多少人？", "请问，昭通回引了多少人？", "昭通回引了多少人返乡创业，谢谢",
                  "乐山和集宁区哪个培训的人多，各多少？", "昭通和乐山分别回引了多少人？",
                  "相关组织在什么情况下，会判断该物种应归入哪一个风险组别？"):  # a clause framing the ask
        assert split_compound(whole) == [whole]


def test_each_ask_is_answered_and_the_citations_run_in_one_sequence(hash_bot):
    bot = hash_bot.with_reader(FakeReader(["6.59万人", "1651万元"]), Calibration())
    answer = bot.ask("昭通回引了多少人返乡创业，集宁区实现融资多少？")
    assert answer.answered and len(answer.citations) == 2
    first, second = answer.text.split("\n\n")
    assert first.startswith("昭通回引了多少人返乡创业？\n6.59万人。") and first.endswith("[1]")
    assert second.startswith("集宁区实现融资多少？\n1651万元。") and second.endswith("[2]")
    assert [c.number for c in answer.citations] == [1, 2]
    assert "6.59萬" in answer.citations[0].quote and "1651" in answer.citations[1].quote
    # an ask the articles do not answer is refused under its own heading; the other still answers
    partly = bot.ask("深圳的一次性创业补贴是多少，昭通回引了多少人返乡创业？")
    assert partly.answered and "现有文章中没有找到" in partly.text.split("\n\n")[0]
    assert "6.59万人" in partly.text and partly.text.endswith("[1]")
    # a later ask is a follow-up of the earlier: the place it leaves out comes from the first ask
    same = hash_bot.with_reader(FakeReader(["6.59万人", "18.64万人"]), Calibration())
    both = same.ask("昭通回引了多少人返乡创业，又带动了多少人就业？")
    assert "6.59万人" in both.text and "18.64万人" in both.text
    assert len(both.citations) == 1 and both.text.count("[1]") == 2  # one sentence, cited once
    nothing = bot.ask("深圳的补贴是多少，广州的补贴是多少？")
    assert not nothing.answered and nothing.citations == ()


def test_a_later_ask_gets_the_earlier_asks_after_the_history(hash_bot, monkeypatch):
    from assistant.answer import answerer
    from assistant.answer.compound import answer_compound
    from assistant.schema import Answer

    seen: list[tuple[str, list[str]]] = []

    def fake(ask: str, history: list[str]) -> Answer:
        seen.append((ask, history))
        return Answer(question=ask, text=f"{ask}的答案", answered=True)

    answer_compound(["甲问什么？", "乙问多少？"], ["前一问？"], fake, "甲问什么，乙问多少？")
    assert seen == [("甲问什么？", ["前一问？"]), ("乙问多少？", ["前一问？", "甲问什么？"])]
    # the history reaches it as the user's questions, whatever shape the chat keeps it in
    passed: list[list[str]] = []
    monkeypatch.setattr(answerer, "answer_compound", lambda asks, history, *rest: passed.append(history) or
                        Answer(question="", text="", answered=False))
    pairs = [("昭通回引了多少人返乡创业？", "6.59万人。…[1]")]  # (user, bot) pairs, as the web chat keeps them
    hash_bot.ask("带动了多少人就业，又回引了多少人返乡创业？", pairs)
    assert passed == [["昭通回引了多少人返乡创业？"]]
