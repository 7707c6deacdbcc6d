"""Numbered sets whose items open the paragraphs that follow (六大计划 → 落实金融支持计划, …)."""

from __future__ import annotations

from assistant.answer.enumeration import headings, items_after, numeral
from assistant.answer.question import question_kind

from .test_answer import with_answers

PLAN = ("乐山市积极构建创业服务体系,落实六大计划,坚持政策引领。\n"
        "落实金融支持计划,助推项目落地。2017年发放460万元贷款。\n"
        "落实创业培训计划,助推能力提升。全市共培训1600人。\n"
        "落实园区创建计划,助推项目成长。")


def test_small_numerals_are_read():
    assert [numeral(t) for t in ("六", "两", "十", "十二", "二十", "二十三", "12", "", "百")] == [6, 2, 10, 12, 20, 23, 12, 0, 0]


def test_headings_name_a_count_and_a_noun():
    assert [(c, n) for c, n, _, _ in headings("落实六大计划,坚持政策引领")] == [(6, "计划")]
    assert [(c, n) for c, n, _, _ in headings("推出促进创业就业“二十条措施”。")] == [(20, "措施")]
    assert [(c, n) for c, n, _, _ in headings("从三个方面入手")] == [(3, "方面")]
    assert [(c, n) for c, n, _, _ in headings("围绕三项任务开展工作")] == [(3, "任务")]
    assert headings("一个县百个创业能人") == []  # one is no set
    assert headings("员工也增加到40余人") == []


def test_items_are_the_openings_of_exactly_that_many_paragraphs():
    count, noun, _, end = headings(PLAN.replace("六大", "三大"))[0]
    items = items_after(PLAN, end, count, noun)
    assert [PLAN[a:b] for a, b in items] == ["落实金融支持计划,助推项目落地。", "落实创业培训计划,助推能力提升。",
                                             "落实园区创建计划,助推项目成长。"]
    # six announced, three given: not the set's items
    count, noun, _, end = headings(PLAN)[0]
    assert items_after(PLAN, end, count, noun) == []
    # two announced, three alike follow: a longer list, not these two
    assert items_after(PLAN, end, 2, noun) == []
    # paragraphs that do not open like items of the set
    prose = "落实三大计划。\n2017年发放460万元贷款,效果良好。\n全市共培训1600人,提升能力。\n园区产值1.29亿元。"
    assert items_after(prose, headings(prose)[0][3], 3, "计划") == []


def test_ordinal_openings_are_items_without_the_noun():
    text = "围绕三项任务开展工作。\n一是强化培训,提升能力。\n二是优化服务,降低门槛。\n三是加大扶持,稳定就业。"
    count, noun, _, end = headings(text)[0]
    assert [text[a:b] for a, b in items_after(text, end, count, noun)] == [
        "一是强化培训,提升能力。", "二是优化服务,降低门槛。", "三是加大扶持,稳定就业。"]


def test_a_numbered_set_asked_about_is_a_list_question():
    assert question_kind("乐山实施了哪六大计划？", [])[0] == "list"
    assert question_kind("乐山的六大计划是什么？", [])[0] == "list"
    assert question_kind("乐山打造了多少个返乡创业园区？", [])[0] == "figure"


def test_a_list_answer_gives_every_item_the_article_opens_a_paragraph_with(hash_bot):
    answer = with_answers(hash_bot, "六大计划").ask("乐山落实了哪些计划？")
    assert answer.answered
    lines = answer.text.split("\n")
    assert len(lines) == 7 and len(answer.citations) == 7
    assert lines[0] == "六大计划。积极构建创业服务体系,落实六大计划[1]"  # the set named, not its long sentence
    assert lines[1] == "· 落实金融支持计划,助推项目落地。[2]"
    assert lines[6].startswith("· 落实返乡创业示范县创建计划")
    for citation in answer.citations:  # each item cited verbatim to its own paragraph
        doc = hash_bot.index.documents[citation.doc_id]
        assert doc.display_text[citation.start:citation.end] == citation.quote
    # a list whose heading has no such paragraphs is answered by its sentence, as before
    single = with_answers(hash_bot, "二十条措施").ask("昭通推出了哪些措施？")
    assert single.answered and len(single.citations) == 1
