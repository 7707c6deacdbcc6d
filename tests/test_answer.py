"""Answers: input handling, follow-ups, script, figure verification (hashing embedder, no model)."""

from __future__ import annotations

import json

from assistant.answer import Candidate, _finish, analyse, clean_input, resolve_follow_up
from assistant.cli import main
from assistant.numbers import extract_figures, unsupported_figures
from assistant.text import detect_script

from .conftest import SEEDS

PLACES = ["乌兰察布市", "乐山市", "昭通市", "张掖市", "菏泽市", "乌兰察布", "乐山", "昭通", "张掖", "菏泽"]


def test_figure_answer_is_cited_exactly(hash_bot):
    answer = hash_bot.ask("菏泽在全国建立了多少个返乡创业服务站？")
    assert answer.answered and "246个" in answer.text and answer.text.endswith("[1]")
    citation = answer.citations[0]
    doc = hash_bot.index.documents[citation.doc_id]
    assert doc.display_text[citation.start:citation.end] == citation.quote
    assert "246個" in citation.quote  # quoted verbatim, in the article's own script
    assert citation.region == "山東省 菏澤市"  # in the article's script, like its title
    data = answer.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False))["citations"][0]["quote"] == citation.quote


def test_traditional_question_gets_a_traditional_answer(hash_bot):
    answer = hash_bot.ask("樂山的返鄉創業品牌叫什麼？")
    assert answer.answered and answer.script == "traditional"
    assert "歸雁興嘉" in answer.text and detect_script(answer.text) == "traditional"
    simplified = hash_bot.ask("乐山的返乡创业品牌叫什么？")
    assert "归雁兴嘉" in simplified.text and detect_script(simplified.text) == "simplified"


def test_unanswerable_questions_are_refused_plainly(hash_bot):
    for question in ("深圳市对返乡创业人员的一次性补贴标准是多少？", "今天天气怎么样？", "乐山创业担保贷款的利率是多少？"):
        answer = hash_bot.ask(question)
        assert not answer.answered, question
        assert answer.citations == ()
        assert answer.text.startswith("现有文章中没有")


def test_bad_input_gets_a_polite_reply_never_an_exception(hash_bot):
    cases = {
        "": "empty", "   \n\t ": "empty", "What is the loan rate?": "not_chinese", "12345 ???": "not_chinese",
    }
    for question, reason in cases.items():
        answer = hash_bot.ask(question)
        assert not answer.answered and answer.reason == reason and answer.text
    long = hash_bot.ask("菏泽在全国建立了多少个返乡创业服务站？" + "啊" * 10_000)
    assert long.text.startswith("（问题过长，只使用了前 300 个字。）")
    weird = hash_bot.ask("菏泽\x00在全国\x1b[31m建立了多少个返乡创业服务站\u200b？")
    assert weird.answered and "246" in weird.text
    assert not hash_bot.ask(None).answered  # type: ignore[arg-type]


def test_clean_input_strips_controls_and_truncates():
    assert clean_input("  a\x00b\x07c  ", 10) == ("a b c", "")
    text, notice = clean_input("字" * 20, 5)
    assert text == "字" * 5 and "5" in notice


def test_follow_ups_are_resolved_against_history():
    history = ["昭通建成了几个省级创业孵化示范基地？"]
    assert resolve_follow_up("市级的呢？", history, PLACES) == "昭通建成了几个市级创业孵化示范基地?"
    assert resolve_follow_up("那乐山呢？", history, PLACES) == "乐山建成了几个省级创业孵化示范基地?"
    pairs = [("昭通建成了几个省级创业孵化示范基地？", "…")]
    assert resolve_follow_up("那乐山呢？", pairs, PLACES).startswith("乐山")
    messages = [{"role": "user", "content": "昭通建成了几个省级创业孵化示范基地？"}, {"role": "assistant", "content": "…"}]
    assert resolve_follow_up("县级的呢？", messages, PLACES) == "昭通建成了几个县级创业孵化示范基地?"
    assert resolve_follow_up("菏泽建了多少服务站？", history, PLACES) == "菏泽建了多少服务站？"
    assert resolve_follow_up("市级的呢？", [], PLACES) == "市级的呢？"


def test_follow_up_answers_use_the_history(hash_bot):
    first = "昭通建成了几个省级创业孵化示范基地？"
    answer = hash_bot.ask("市级的呢？", [first])
    assert answer.answered and "市级创业孵化基地2个" in answer.text
    answer = hash_bot.ask("那乐山呢？", ["昭通在乡村打造了多少个返乡创业园？"])
    assert answer.answered and "11个" in answer.text and answer.citations[0].doc_id.startswith("001")


def test_questions_across_articles_get_one_line_per_article(hash_bot):
    answer = hash_bot.ask("哪些地方举办了创业大赛？")
    assert answer.answered
    docs = [c.doc_id for c in answer.citations]
    assert len(docs) >= 2 and len(set(docs)) == len(docs)
    assert answer.text.count("\n") >= len(docs)


def test_question_analysis():
    q = analyse("乐山市本级实施了多少人的返乡创业示范培训计划？")
    assert q.kind == "figure" and q.unit == "人" and "乐山" in q.places
    assert analyse("集宁区什么时候被确定为返乡创业试点地区？").kind == "time"
    assert analyse("镇雄县规划建设了哪三个返乡创业就业平台？").kind == "list"
    assert "2024" in analyse("2024年全国返乡创业总人数是多少？").years


def test_figures_are_compared_by_value():
    assert [f.value for f in extract_figures("昭通回引6.59萬人，帶動28,400多人，占66.5%")] == [65900, 28400, 66.5]
    assert [(f.text, f.value) for f in extract_figures("推出“二十条措施”，五个科室")] == [("二十", 20), ("五", 5)]
    assert unsupported_figures("回引65900人", ["昭通回引6.59萬人返鄉創業"]) == []
    assert [f.text for f in unsupported_figures("回引6.6万人", ["昭通回引6.59萬人返鄉創業"])] == ["6.6万"]


def test_a_line_whose_figure_is_not_in_its_citation_is_never_returned(hash_bot):
    question = analyse("昭通回引了多少人返乡创业？")
    hit = hash_bot.search("昭通回引了多少人返乡创业？", k=1)[0]
    doc = hash_bot.index.documents[hit.doc_id]
    start = doc.display_text.index("2023年以來")
    end = doc.display_text.index("。", start) + 1
    candidate = Candidate(hit, 0, start, end, doc.search_text[start:end])
    good = _finish(hash_bot, question, [candidate], ["昭通回引6.59万人返乡创业"], [hit])
    assert good.answered and good.citations[0].quote.startswith("2023年以來")
    bad = _finish(hash_bot, question, [candidate], ["昭通回引7.59万人返乡创业"], [hit])
    assert not bad.answered and bad.reason == "unverified"


def test_cli_ask_prints_answer_and_citations(tmp_path, capsys):
    index = tmp_path / "idx"
    args = ["ask", "--model", "hash", "--index", str(index), "--source", str(SEEDS)]
    assert main([*args, "菏泽在全国建立了多少个返乡创业服务站？"]) == 0
    out = capsys.readouterr().out
    assert "246个" in out and "[1] " in out and "“" in out
    assert main([*args, "--json", "今天天气怎么样？"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] is False and data["citations"] == []
    assert main([*args, "--history", "昭通建成了几个省级创业孵化示范基地？", "市级的呢？"]) == 0
    assert "2个" in capsys.readouterr().out


def test_module_level_ask_builds_the_default_index_on_first_use(tmp_path, monkeypatch):
    import assistant
    from assistant import pipeline

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_SOURCE", str(SEEDS))
    monkeypatch.setenv("ASSISTANT_MODEL", "hash")
    monkeypatch.setattr(pipeline, "_default", None)
    answer = assistant.ask("菏泽在全国建立了多少个返乡创业服务站？")
    assert answer.answered and "246" in answer.text
    assert (tmp_path / "index" / "manifest.json").exists()
    assert assistant.ask("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"]).answered
