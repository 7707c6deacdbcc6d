"""The answer stage without a model: input handling, follow-ups, composition, verification and
calibration, with the hashing embedder and the deterministic FakeReader (a passage "answers" when
it contains one of the strings the test gives it)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from assistant.answer.answerer import extract, prepare
from assistant.answer.calibrate import Calibration, calibrate, choose_threshold, fit_logistic
from assistant.answer.compose import finish, states_being, verdict
from assistant.answer.followup import (
    MAX_TURNS,
    asked_topic,
    follow_up,
    history_questions,
    question_subject,
    resolve_follow_up,
)
from assistant.answer.numbers import extract_figures, unsupported_figures
from assistant.answer.question import (
    analyse,
    clean_input,
    copula_parts,
    follow_up_reading,
    formal,
    named_kind,
    place_question,
    question_kind,
    question_places,
    reader_question,
    what_question,
)
from assistant.answer.reader import FakeReader
from assistant.cli import main
from assistant.pipeline import Assistant
from assistant.schema import Answer, ExtractedAnswer
from assistant.text import detect_script

from .conftest import SEEDS

PLACES = ["乌兰察布市", "乐山市", "昭通市", "张掖市", "菏泽市", "乌兰察布", "乐山", "昭通", "张掖", "菏泽"]


def with_answers(bot, *answers, calibration=None):
    return bot.with_reader(FakeReader(answers), calibration or Calibration())


def test_answer_leads_with_the_span_then_cites_its_sentence_verbatim(hash_bot):
    answer = with_answers(hash_bot, "246个返乡创业服务站").ask("菏泽在全国建立了多少个返乡创业服务站？")
    assert answer.answered and answer.text.startswith("246个返乡创业服务站。") and answer.text.endswith("[1]")
    sentence = answer.text.removeprefix("246个返乡创业服务站。").removesuffix("[1]")
    assert "人社部门已在全国各地建立了246个返乡创业服务站" in sentence  # the whole sentence, subject included
    citation = answer.citations[0]
    doc = hash_bot.index.documents[citation.doc_id]
    assert doc.display_text[citation.start:citation.end] == citation.quote
    assert "246個" in citation.quote  # quoted verbatim, in the article's own script
    assert citation.region == "山東省 菏澤市"
    data = answer.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False))["citations"][0]["quote"] == citation.quote


def test_a_lead_drops_a_quotation_mark_whose_partner_it_cut_off(hash_bot):
    team = with_answers(hash_bot, "“返乡创业领航导师服务团").ask("张掖市人社局组建了甘肃省首个什么服务团？")
    assert team.answered and team.text.startswith("返乡创业领航导师服务团。")
    brand = with_answers(hash_bot, "“归雁兴嘉”").ask("乐山的返乡创业品牌叫什么？")
    assert brand.answered and brand.text.startswith("“归雁兴嘉”。")  # a quotation whole stays quoted


def test_traditional_question_gets_a_traditional_answer(hash_bot):
    bot = with_answers(hash_bot, "归雁兴嘉")
    answer = bot.ask("樂山的返鄉創業品牌叫什麼？")
    assert answer.answered and answer.script == "traditional"
    assert "歸雁興嘉" in answer.text and detect_script(answer.text) == "traditional"
    simplified = bot.ask("乐山的返乡创业品牌叫什么？")
    assert "归雁兴嘉" in simplified.text and detect_script(simplified.text) == "simplified"


def test_no_span_or_a_low_probability_means_a_plain_refusal(hash_bot):
    for question in ("深圳市对返乡创业人员的一次性补贴标准是多少？", "今天天气怎么样？"):
        answer = with_answers(hash_bot).ask(question)
        assert not answer.answered and answer.citations == () and answer.text.startswith("现有文章中没有")
    strict = Calibration(threshold=1.0)  # nothing clears it
    assert not with_answers(hash_bot, "2017年", calibration=strict).ask("菏泽的返乡创业服务中心是哪年成立的？").answered
    # (a count of the very things asked the reader clearly found is the exception: see stated_count)


def test_a_year_or_place_the_question_names_must_be_in_the_cited_sentence_or_article(hash_bot):
    bot = with_answers(hash_bot, "6.59万人")
    assert bot.ask("2023年以来昭通回引了多少人返乡创业？").answered
    assert not bot.ask("2019年昭通回引了多少人返乡创业？").answered
    assert not bot.ask("深圳回引了多少人返乡创业？").answered


def test_a_place_someone_came_from_must_be_in_the_article_not_in_the_sentence(hash_bot):
    bot = with_answers(hash_bot, "归属感")  # 赵少青's reason, two paragraphs after 湖南 is named
    assert bot.ask("赵少青当初为什么要从湖南回集宁？").answered
    assert not bot.ask("赵少青当初为什么要从广东回集宁？").answered  # 广东 is in another article only


def test_a_county_jieba_does_not_tag_as_a_place_is_still_held_to_its_name(hash_bot):
    assert question_places("威信县返乡创业带动了多少人就业？") == ("威信",)  # tagged as a person
    assert question_places("定陶区打造了多少个返乡创业园？") == ("定陶",)  # split into 定陶 + 区
    assert question_places("各区县开展了多少次创业培训？") == ()
    bot = with_answers(hash_bot, "152个")
    assert bot.ask("集宁区孵化了多少个创业项目？").answered
    assert not bot.ask("卓资县孵化了多少个创业项目？").answered  # another county's figure


def test_the_places_an_article_opens_with_are_what_it_is_about(hash_bot):
    # 集宁区 is named in the article's opening, not in 李汇洲's paragraph nor in the metadata (乌兰察布市)
    bot = with_answers(hash_bot, "线上销售培训")
    assert bot.ask("集宁皮革城会组织线上销售培训吗？").answered
    assert bot.ask("乌兰察布有没有组织线上销售培训？").answered
    assert not bot.ask("乐山有没有组织线上销售培训？").answered
    assert question_places("菏泽疫情的时候那些服务站捐了多少钱和东西？") == ("菏泽",)  # 东西 "things", no place
    assert question_places("市委组织部在几个城市成立了招才引智工作站？") == ()  # 城市 "cities", no place
    assert question_places("乐山市人社局和省双创中心开展了什么活动？") == ("乐山",)  # 和省: "and the province"
    assert question_places("乐山有没有创建返乡创业示范县？") == ("乐山",)  # 示范县: a model county, 示范 no place
    # a brand run into a name jieba tags (归雁 + 兴嘉): no place in it
    assert question_places("乐山市本级举办了几期归雁兴嘉巡诊活动？") == ("乐山",)


def test_the_parts_of_one_place_are_no_question_across_places():
    for parts in ("乐山各地举办了几期巡诊活动？", "乐山市各地开展了多少次帮扶活动？"):
        assert not analyse(parts, parts).across  # 各地 of 乐山: its counties, one article
    assert analyse("各地开展了多少次帮扶活动？", "各地开展了多少次帮扶活动？").across
    assert analyse("乐山和张掖各地开展了多少次活动？", "乐山和张掖各地开展了多少次活动？").across


def test_a_person_the_question_names_must_be_in_the_cited_sentence_or_its_paragraph(hash_bot):
    bot = with_answers(hash_bot, "40余人")  # 吴长春's company, in his paragraph; 汪天勇 is in another one
    assert analyse("汪天勇的公司有多少员工？", "汪天勇的公司有多少员工？").people == ("汪天勇",)
    assert analyse("吴长春的公司有多少员工？", "吴长春的公司有多少员工？").people == ("吴长春",)  # 吴 + 长春
    story = analyse("吴长春以前在哪些地方干铝合金门窗？", "吴长春以前在哪些地方干铝合金门窗？")
    assert not story.across  # the places of one person's story, not a question across cities
    assert analyse("哪些地方举办了创业大赛？", "哪些地方举办了创业大赛？").across
    for other in ("突厥文化是在哪一个王朝的时候形成的？", "他的籍贯是哪里？", "纪念英勇牺牲的国民"):
        assert analyse(other, other).people == ()  # jieba tags these nr; they name no one
    assert bot.ask("吴长春的公司有多少员工？").answered
    assert not bot.ask("汪天勇的公司有多少员工？").answered


def test_a_figure_about_a_county_the_question_does_not_name_is_not_the_citys(hash_bot):
    # 镇雄县's sentence says 在家门口就业; the question asks about 昭通 as a whole
    county = with_answers(hash_bot, "3.53万人")
    assert not county.ask("昭通返乡创业帮助多少人在家门口就业？").answered
    assert county.ask("镇雄县帮助多少人在家门口就业？").answered  # asked about the county itself
    city = with_answers(hash_bot, "18.64万人")  # a sentence naming no county: 昭通's own figure
    assert city.ask("昭通返乡创业带动多少人就地就近就业？").answered


def test_bad_input_gets_a_polite_reply_never_an_exception(hash_bot):
    bot = with_answers(hash_bot, "246个")
    cases = {"": "empty", "   \n\t ": "empty", "What is the loan rate?": "not_chinese", "12345 ???": "not_chinese"}
    for question, reason in cases.items():
        answer = bot.ask(question)
        assert not answer.answered and answer.reason == reason and answer.text
    long = bot.ask("菏泽在全国建立了多少个返乡创业服务站？" + "啊" * 10_000)
    assert long.text.startswith("（问题过长，只使用了前 300 个字。）")
    weird = bot.ask("菏泽\x00在全国\x1b[31m建立了多少个返乡创业服务站\u200b？")
    assert weird.answered and "246" in weird.text
    assert not bot.ask(None).answered  # type: ignore[arg-type]
    assert bot.ask("菏泽\ud800建了多少个服务站？").answered  # a lone surrogate is replaced, not fatal
    for history in (42, "not a list", [None, 3.5, {"role": "user"}], [["\ud800"]]):
        assert isinstance(bot.ask("市级的呢？", history), Answer)  # type: ignore[arg-type]


def test_a_figure_span_takes_the_measure_word_after_it_and_the_ordinal_before():
    from assistant.answer.answerer import with_ordinal, with_unit

    text = "带动上下游就业10,000余人。营收1.6亿元,占66.5%,第二产业"
    assert text[7:with_unit(text, 7, 14)] == "10,000余人"
    assert text[18:with_unit(text, 18, 21)] == "1.6亿元"  # 1.6 → 亿元
    spaced = "全市先后培养了1000 余名创业典型"
    assert spaced[7:with_unit(spaced, 7, 11)] == "1000 余名"  # a space the article left before the unit
    ordinal = "这是建立的第37个市级站。"
    assert ordinal[with_ordinal(ordinal, 6):9] == "第37个" and with_ordinal(ordinal, 3) == 3  # 第 before a figure only
    from assistant.answer.answerer import with_hedge

    hedged = "就业比例中有近10%是返乡创业人员,约600名创业者"
    assert hedged[with_hedge(hedged, 7):10] == "近10%" and with_hedge(hedged, 6) == 6  # 近 before a figure only
    assert hedged[with_hedge(hedged, 19):23] == "约600名"
    from assistant.answer.answerer import with_negation

    said = "在外地工作没有归属感呀,并不便宜"
    assert said[with_negation(said, 7):10] == "没有归属感" and said[with_negation(said, 14):16] == "不便宜"
    assert with_negation(said, 2) == 2  # no negation before it
    from assistant.answer.answerer import _first_clause_end

    sized = "组建了48人的创业导师工作室"
    assert sized[3:_first_clause_end(sized, 3, 7)] == "48人"  # a quantity's lead drops the 的 after it
    assert text[25:with_unit(text, 25, 29)] == "66.5%"
    assert with_unit(text, 0, 2) == 2  # not a figure: unchanged
    from assistant.answer.answerer import with_figure

    watched = "直播课件观看点击量超过3万人次,活动"  # the reader's span 超过 alone: the figure it leads is the answer
    at = watched.index("超过")
    assert watched[at:with_unit(watched, at, with_figure(watched, at, at + 2))] == "超过3万人次"
    assert with_figure(watched, 0, 2) == 2  # no figure led: unchanged
    year = "2016年表扬返乡创业明星10人"
    assert year[:with_unit(year, 0, 4)] == "2016年"  # a year keeps its 年 (a bare 2016 would pass for a count)
    from assistant.answer.answerer import to_change

    firms = "创办企业2460个,同比增加551个(投资规模50万元以下)"
    level = firms.index("2460个")
    for end in (level + 5, level + 15):  # the level alone, or the level with its change: the change
        assert firms[slice(*to_change(firms, level, end))] == "551个"
    change = firms.index("551个")
    assert to_change(firms, change, change + 4) == (change, change + 4)  # a change already: unchanged
    assert to_change(firms, 0, 4) == (0, 4)  # no figure: unchanged


def test_clean_input_strips_controls_and_truncates():
    assert clean_input("  a\x00b\x07c  ", 10) == ("a b c", "")
    text, notice = clean_input("字" * 20, 5)
    assert text == "字" * 5 and "5" in notice


def test_follow_ups_are_rewritten_into_standalone_questions():
    history = ["昭通建成了几个省级创业孵化示范基地？"]
    platforms = ["镇雄这几个平台一共帮了多少人？"]  # 它们 (they, things): the things pointed at, with their place
    assert resolve_follow_up("它们分别叫啥？", platforms, [*PLACES, "镇雄"]) == "镇雄这几个平台分别叫啥?"
    assert resolve_follow_up("市级的呢？", history, PLACES) == "昭通建成了几个市级创业孵化示范基地?"
    assert resolve_follow_up("那乐山呢？", history, PLACES) == "乐山建成了几个省级创业孵化示范基地?"
    assert resolve_follow_up("那乐山呢？", [("昭通建成了几个省级创业孵化示范基地？", "…")], PLACES).startswith("乐山")
    messages = [{"role": "user", "content": "昭通建成了几个省级创业孵化示范基地？"}, {"role": "assistant", "content": "…"}]
    assert resolve_follow_up("县级的呢？", messages, PLACES) == "昭通建成了几个县级创业孵化示范基地?"
    assert resolve_follow_up("菏泽建了多少服务站？", history, PLACES) == "菏泽建了多少服务站？"
    assert resolve_follow_up("市级的呢？", [], PLACES) == "市级的呢？"
    # a question that names no place carries the place of the last one
    assert resolve_follow_up("那边落实了多少创业担保贷款？", ["乐山打造了什么品牌？"], PLACES) == "乐山落实了多少创业担保贷款?"
    # a follow-up of a follow-up: the last question as it was read; one that went on from the question
    # before it is its own ask at that place (no chain of asks)
    chain = ["昭通建成了几个省级创业孵化示范基地？", "市级的呢？"]
    assert resolve_follow_up("那乐山呢？", chain, PLACES) == "乐山建成了几个市级创业孵化示范基地?"
    went_on = ["乐山截至今年9月末回来创业的农民工有多少？", "创办了多少企业？"]
    assert resolve_follow_up("同比多了多少个？", went_on, PLACES) == "乐山创办了多少企业，同比多了多少个？"
    # what the place did (带动, 创办 …) is asked of the place anew, not read after the last ask
    assert resolve_follow_up("带动了多少人就业？", ["乐山市农民工返乡创业有多少人？"], PLACES) == "乐山市带动了多少人就业?"
    assert resolve_follow_up("同比增加了多少？", ["乐山市农民工返乡创业有多少人？"], PLACES) == (
        "乐山市农民工返乡创业有多少人，同比增加了多少？")


def test_a_place_with_a_pointer_at_it_is_that_place():
    loans = ["乐山2017年发放了多少返乡创业担保贷款？"]
    in_corpus = {"沐川"}.__contains__  # a county no place list knows, but the corpus does
    # 沐川那边 is 沐川; a bare ask (落实了多少) asks the last question's thing of it, in its own words
    assert follow_up("沐川那边落实了多少？", loans, PLACES, known=in_corpus) == (
        "沐川2017年发放了多少返乡创业担保贷款，落实了多少？", "沐川")
    assert follow_up("沐川那边呢？", loans, PLACES, known=in_corpus) == ("沐川2017年发放了多少返乡创业担保贷款?", "沐川")
    assert resolve_follow_up("菏泽那里建了几个？", ["昭通建成了几个省级创业孵化示范基地？"], PLACES) == (
        "菏泽建成了几个省级创业孵化示范基地，建了几个？")
    # a question asking its own thing of the place stands alone; 那边 after no place is the last one's place
    assert resolve_follow_up("昭通那边带动了多少人就业？", ["乐山带动了多少人就业？"], PLACES) == "昭通带动了多少人就业？"
    assert resolve_follow_up("菏泽那边建了多少个服务站？", [], PLACES) == "菏泽建了多少个服务站？"
    assert resolve_follow_up("那边落实了多少？", ["菏泽落实了多少创业担保贷款？"], PLACES).startswith("菏泽")


def test_a_follow_up_asking_its_own_question_is_asked_of_the_last_questions_subject():
    assert question_subject("菏泽返乡创业服务中心是哪一年成立的？") == "菏泽返乡创业服务中心"
    assert question_subject("2015年以来菏泽累计返乡创业就业多少人？") == "菏泽"
    assert question_subject("张智杰注册成立了什么公司？") == "张智杰"
    assert question_subject("有多少人？") == ""
    assert resolve_follow_up("内设哪几个科室？", ["菏泽返乡创业服务中心是哪一年成立的？"], PLACES) == (
        "菏泽返乡创业服务中心内设哪几个科室?")
    assert resolve_follow_up("它占地多少亩？", ["集宁国际皮革城直接安排就业多少人？"], PLACES) == "集宁国际皮革城占地多少亩?"
    # 那家公司 points back at the last question's subject; 那个市级的呢 is still a word for a word
    assert resolve_follow_up("那家公司雇了多少残疾人？", ["张智杰注册成立了什么公司？"], PLACES) == (
        "张智杰公司雇了多少残疾人?")
    assert resolve_follow_up("那个市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"], PLACES) == (
        "昭通建成了几个市级创业孵化示范基地?")
    # 那个公司 after 哪家公司…？: the one the last question described, whatever its answer named
    assert resolve_follow_up("那个公司的董事长是谁？", ["镇雄县示范园里哪家公司今年销售额涨到了900万元？"], PLACES) == (
        "镇雄县示范园里今年销售额涨到了900万元的公司的董事长是谁?")
    assert resolve_follow_up("这家企业雇了多少人？", ["集宁哪家公司研发了残疾人楼道升降平台？"], PLACES) == (
        "集宁研发了残疾人楼道升降平台的公司雇了多少人?")
    # 那是…, 这笔钱…: the fact or the thing the last question asked about, read with that question
    assert resolve_follow_up("这笔钱用来干什么？", ["沐川从市本级就业创业专项补贴资金里划了多少钱？"], PLACES) == (
        "沐川从市本级就业创业专项补贴资金里划了多少钱，这笔钱用来干什么？")
    # …with the verb it was given by before it (划的这笔钱, 给的这些钱)
    assert resolve_follow_up("划的这笔钱用在哪方面？", ["沐川从市本级就业创业专项补贴资金里划了多少钱？"], PLACES) == (
        "沐川从市本级就业创业专项补贴资金里划了多少钱，划的这笔钱用在哪方面？")
    assert resolve_follow_up("那是哪一年的事？", ["菏泽在哪里成立了第37个市级服务站？"], PLACES).startswith(
        "菏泽在哪里成立了第37个市级服务站，")
    # 它 is the thing the last question was about, not its city; 那边 is the place
    assert resolve_follow_up("那它是哪一年成立的？", ["菏泽返乡创业服务中心下面设了哪几个科室？"], PLACES) == (
        "菏泽返乡创业服务中心是哪一年成立?")
    assert resolve_follow_up("那边呢？", ["菏泽返乡创业服务中心下面设了哪几个科室？"], PLACES).startswith("菏泽")
    # 它 after a question about what a thing is called is that thing, at the last question's place
    assert resolve_follow_up("它包括哪几个方面？", ["昭通搞的那个返乡创业模式叫啥？"], PLACES) == (
        "昭通返乡创业模式包括哪几个方面?")
    # …and after a comma, named with a verb jieba reads as a noun (搞了个 …)
    assert resolve_follow_up("它包括哪几部分？", ["听说昭通搞了个返乡创业模式，叫什么来着？"], PLACES) == (
        "昭通返乡创业模式包括哪几部分?")
    # 这几个平台 after a question listing 返乡创业就业平台 (told after the asker's own words): those platforms
    assert resolve_follow_up("这几个平台帮了多少人就业？", ["我老家在镇雄，想问问镇雄有哪些返乡创业就业平台？"], PLACES) == (
        "镇雄返乡创业就业平台帮了多少人就业?")
    # 这些项目 after a question counting 过亿元的返乡创业项目: those projects, not any of the place's
    assert resolve_follow_up("这些项目一共投了多少钱？", ["2015年以来菏泽引回了多少个过亿元的返乡创业项目？"], PLACES) == (
        "菏泽过亿元的返乡创业项目一共投了多少钱?")
    assert resolve_follow_up("这些园区解决了多少人的工作？", ["乐山全市打造了多少个返乡创业园区？"], PLACES) == (
        "乐山返乡创业园区解决了多少人的工作?")  # 园区 ends 返乡创业园区, one word to jieba
    # 这样的园子 after a question naming 返乡创业园 (jieba reads on into 入园企业营): that 园, as named there
    assert resolve_follow_up("那这样的园子一共有几个？", ["昭通乡村的返乡创业园入园企业营收有多少？"], PLACES) == (
        "昭通乡村的返乡创业园一共有几个?")
    # 那个中心 after a question about 菏泽返乡创业服务中心: that 中心, named once
    assert resolve_follow_up("那个中心有几个科室？", ["菏泽返乡创业服务中心是哪一年成立的？"], PLACES) == (
        "菏泽返乡创业服务中心有几个科室?")
    # 这么多人 after a question counting people: those people, of the last question's place
    assert resolve_follow_up("这么多人带动了多少就业？", ["你好，请问昭通一共回引了多少人返乡创业呀？"], PLACES) == (
        "昭通人带动了多少就业?")
    # 他/她 is the person the last question named, put before it; 其他 ("other") is no pronoun
    assert resolve_follow_up("他哪一年回的镇雄？", ["吴长春以前在哪些地方打工？"], PLACES) == "吴长春他哪一年回的镇雄?"
    assert resolve_follow_up("她的合作社带动农户增收了多少？", ["吴广翠参加了什么比赛？"], PLACES) == (
        "吴广翠她的合作社带动农户增收了多少?")
    assert "其他" in resolve_follow_up("其他县呢？", ["吴长春以前在哪些地方打工？"], PLACES)
    # or the person it pointed at by what they do (那个…的老板), not a group it asked about
    assert resolve_follow_up("他手底下现在有多少员工？", ["那个做铝合金门窗的老板，他现在厂房有多大？"], PLACES) == (
        "做铝合金门窗的老板他手底下现在有多少员工?")
    assert "的老板他" not in resolve_follow_up("他开的是什么公司？", ["镇雄有多少返乡创业的老板？"], PLACES)
    # a question naming a subject of its own stands alone
    assert resolve_follow_up("张智杰注册成立了什么公司？", ["菏泽返乡创业服务中心是哪一年成立的？"], PLACES) == (
        "张智杰注册成立了什么公司？")


def test_a_bare_noun_follow_up_asks_of_the_things_the_last_question_counted():
    # 产值 of the parks just counted, not the city's output as a whole
    assert resolve_follow_up("产值呢？", ["乐山全市打造了多少个返乡创业园区？"], PLACES) == "乐山返乡创业园区产值多少?"
    assert asked_topic("乐山返乡创业者创办了多少个企业？") == "企业"
    # people counted by what they do (多少人就业) and a count without things leave the city as the subject
    assert asked_topic("昭通回引了多少人返乡创业？") == "" and asked_topic("集宁国际皮革城直接安排就业多少人？") == ""
    assert resolve_follow_up("那产值呢？", ["昭通回引了多少人返乡创业？"], PLACES) == "昭通产值多少?"
    # the last question's subject, when it is more than its place, is what the follow-up asks about
    places = [*PLACES, "集宁"]
    assert resolve_follow_up("那返乡创业的占多少？", ["集宁国际皮革城直接安排就业多少人？"], places) == (
        "集宁国际皮革城返乡创业的占多少?")


def test_a_follow_up_naming_other_things_asks_the_last_count_of_them():
    # the things counted change, the rest of the last question stays
    assert resolve_follow_up("那示范企业呢？", ["乐山2016年表扬了多少返乡创业明星？"], PLACES) == (
        "乐山2016年表扬了多少返乡创业示范企业?")
    # a word sharing one character with the last question's word takes its place only for a level or a kind
    assert resolve_follow_up("市级的呢？", ["昭通省级创业孵化示范基地有几个？"], PLACES) == "昭通市级创业孵化示范基地有几个?"
    assert resolve_follow_up("县级站呢？", ["菏泽有多少个市级站？"], PLACES) == "菏泽有多少个县级站?"
    # a modifier and 的 with no noun after it asks of the things the last question counted
    assert resolve_follow_up("市级的占几个？", ["菏泽在全国有多少个返乡创业服务站？"], PLACES) == (
        "菏泽的市级返乡创业服务站占几个?")
    assert resolve_follow_up("市级的有几个？", ["昭通有几个省级创业孵化示范基地？"], PLACES) == (
        "昭通的市级创业孵化示范基地有几个?")


def test_a_follow_up_naming_a_year_puts_it_in_the_last_years_stead():
    assert resolve_follow_up("那2017年呢？", ["乐山2016年表扬了多少返乡创业明星？"], PLACES) == (
        "乐山2017年表扬了多少返乡创业明星?")
    assert resolve_follow_up("2020年的呢？", ["汪天勇的公司今年1至8月销售额多少？"], PLACES) == (
        "汪天勇的公司2020年销售额多少?")  # a relative year is a year too, with its months
    # with no year in the last question the year follows its place
    assert resolve_follow_up("那2023年呢？", ["昭通回引了多少人返乡创业？"], PLACES) == "昭通2023年回引了多少人返乡创业?"


def test_a_follow_up_naming_a_scope_puts_it_in_the_last_scopes_stead():
    # 全市 (the whole city) against 市本级 (the city's own level): the scope word is replaced whole
    assert resolve_follow_up("全市呢？", ["乐山市本级返乡创业示范培训计划培训了多少人？"], PLACES) == (
        "乐山全市返乡创业示范培训计划培训了多少人?")
    assert resolve_follow_up("各区县呢？", ["乐山市本级开展了多少次活动？"], PLACES) == "乐山各区县开展了多少次活动?"
    # with no scope word to replace it follows the place, and never cuts through it (乐山市's 市 is no level)
    assert resolve_follow_up("全市呢？", ["乐山市培训了多少人？"], PLACES) == "乐山市全市培训了多少人?"
    assert resolve_follow_up("县级的呢？", ["乐山市有几个返乡创业园区？"], PLACES) != "乐县级有几个返乡创业园区?"


def test_a_follow_ups_new_word_picks_the_span_it_introduces_in_another_sentence(hash_bot):
    history = ["乐山市本级返乡创业示范培训计划培训了多少人？"]
    bot = with_answers(hash_bot, "420人", "1600人")
    assert bot.ask(history[0]).text.startswith("420人")
    answer = bot.ask("全市呢？", history)
    assert answer.answered and answer.text.startswith("1600人") and "全市共培训1600人" in answer.text


def test_a_follow_up_naming_other_things_asks_a_count_asked_at_the_end_of_them():
    # the last question counts at its end (…有几个): the new things take the count, at the same place
    assert resolve_follow_up("那乡村里的返乡创业园呢？", ["昭通建成的市级创业孵化基地有几个？"], PLACES) == (
        "昭通乡村里的返乡创业园有几个?")
    assert resolve_follow_up("那省级创业孵化示范基地呢？", ["昭通在乡村打造的返乡创业园有几个？"], PLACES) == (
        "昭通省级创业孵化示范基地有几个?")


def test_history_is_bounded_before_any_work():
    huge = ["昭通" + "啊" * 1_000_000]
    assert [len(q) for q in history_questions(huge, 300)] == [300]
    many = [f"问题{i}" for i in range(100)]
    assert history_questions(many) == many[-MAX_TURNS:]
    assert history_questions(42) == [] and history_questions("昭通") == []


def test_follow_up_answers_use_the_history(hash_bot):
    bot = with_answers(hash_bot, "市级创业孵化基地2个", "返乡创业园区11个")
    answer = bot.ask("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"])
    assert answer.answered and "市级创业孵化基地2个" in answer.text
    question = prepare(bot, "那乐山呢？", ["昭通在乡村打造了多少个返乡创业园？"])
    assert not isinstance(question, Answer)
    assert question.text == "乐山在乡村打造了多少个返乡创业园?" and question.places == ("乐山",)
    assert question.asked == "那乐山呢？"  # the answer shows what was typed


def test_a_place_put_in_the_last_questions_stead_is_a_constraint_even_when_unlisted(hash_bot):
    assert follow_up("那拉萨呢？", ["乐山打造了多少个返乡创业园区？"], PLACES, known=lambda w: w == "拉萨") == (
        "拉萨打造了多少个返乡创业园区?", "拉萨")
    assert follow_up("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"], PLACES)[1] == ""
    # 乐山's passage answers the question's wording, but the question is now about 拉萨: refused
    bot = with_answers(hash_bot, "返乡创业园区11个")
    question = prepare(bot, "那拉萨呢？", ["乐山打造了多少个返乡创业园区？"])
    assert not isinstance(question, Answer) and "拉萨" in question.places
    assert not bot.ask("那拉萨呢？", ["乐山打造了多少个返乡创业园区？"]).answered


def test_a_follow_up_reads_each_passage_without_the_words_it_inherited_and_the_passage_lacks():
    question = analyse("那张掖呢？", "张掖带动了多少农村劳动力就地就近就业?", known_places=PLACES)
    passage = "2025年,张掖市通过省市级返乡创业平台带动就业4000余人。"
    read = follow_up_reading(question, passage)
    assert "农村" not in read and "劳动力" not in read and read.startswith("张掖带动") and "就业" in read
    # a word the passage holds in part stays (创业园区 where the passage says 创业园); places stay
    question = analyse("那昭通呢？", "昭通打造了多少个返乡创业园区?", known_places=PLACES)
    assert follow_up_reading(question, "在乡村打造返乡创业园9个") == "昭通打造了多少个返乡创业园区?"
    # a question the user typed whole is read as typed
    typed = analyse("张掖带动了多少农村劳动力就业？", "张掖带动了多少农村劳动力就业？", known_places=PLACES)
    assert follow_up_reading(typed, passage) == reader_question(typed)


def test_a_follow_up_gets_the_new_fact_not_the_previous_one_again(hash_bot):
    bot = with_answers(hash_bot, "4个", "2个")  # the reader prefers 4个 (the 省级 figure) in both sentences
    first = bot.ask("昭通建成了几个省级创业孵化示范基地？")
    assert first.text.startswith("4个。")
    follow_up = bot.ask("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"])
    assert follow_up.answered and follow_up.text.startswith("2个。") and "市级创业孵化基地2个" in follow_up.text


def test_spoken_phrasings_are_read_in_the_articles_register(hash_bot):
    assert formal("昭通那边这几年招回来多少人回乡创业") == "昭通那边这几年回引多少人返乡创业"
    assert formal("给回老家干事业的人落实了多少贷款") == "给返乡创业的人落实了多少贷款"
    assert formal("昭通那些回来创业的带着多少人在本地上班") == "昭通那些返乡创业的带着多少人在本地就业"
    assert formal("哪些地方举办了创业大赛") == "哪些地方举办了创业大赛"  # 办了 inside 举办了 stays
    assert formal("乐山同比多创办了多少个企业") == "乐山同比多创办了多少个企业"  # nor inside 创办了
    assert formal("吴长春雇了多少人") == "吴长春员工多少人"
    assert formal("张智杰雇了多少员工") == "张智杰雇了多少员工"  # the question says 员工 itself: not twice
    assert formal("张掖人社局把农民工返乡创业当作什么") == "张掖人社局把农民工返乡创业作为什么"
    assert formal("张智杰多大就出门打工了") == "张智杰几岁就出门务工了"
    assert formal("镇雄那三个平台让多少人在家门口找到了活干") == "镇雄那三个平台让多少人在家门口就业"
    assert formal("乐山今年返乡创业的人数跟去年比涨了多少") == "乐山今年返乡创业的人数同比增加了多少"
    question = analyse("集宁区帮创业者融到了多少资金？", "集宁区帮创业者融到了多少资金？")
    assert question.simple == "集宁区帮创业者融资了多少资金?" and question.asked == "集宁区帮创业者融到了多少资金？"
    answer = with_answers(hash_bot, "6.59万人").ask("昭通那边这几年招回来多少人回乡创业？")
    assert answer.answered and answer.question == "昭通那边这几年招回来多少人回乡创业？"  # shown as typed


def test_a_question_across_places_asks_each_place_without_the_others_suffixes():
    question = analyse("乐山和集宁区一共培训了多少人？", "乐山和集宁区一共培训了多少人？", ["集宁", *PLACES])
    assert [place_question(question, p) for p in question.places] == ["乐山培训了多少人", "集宁培训了多少人"]
    each = analyse("集宁区和乐山各自建了多少个创业园区？", "集宁区和乐山各自建了多少个创业园区？", ["集宁", *PLACES])
    assert each.across  # 各自 "each of them", like 分别, is asked of each place, without the word
    assert [place_question(each, p) for p in each.places] == ["集宁建了多少个创业园区", "乐山建了多少个创业园区"]
    # 各 ("each") and a bare comparison (哪个地方多) are asked of each place without them
    both = analyse("昭通和乐山各打造了多少个返乡创业园？", "昭通和乐山各打造了多少个返乡创业园？", known_places=PLACES)
    assert place_question(both, "昭通") == "昭通打造了多少个返乡创业园"
    more = analyse("昭通和乐山的返乡创业园哪个地方多？", "昭通和乐山的返乡创业园哪个地方多？", known_places=PLACES)
    assert place_question(more, "乐山") == "乐山的返乡创业园有多少个"  # things compared are counted
    people = analyse("菏泽和昭通哪边返乡创业的人更多？", "菏泽和昭通哪边返乡创业的人更多？", known_places=PLACES)
    assert place_question(people, "昭通") == "昭通返乡创业的人有多少"  # 哪边 asked of neither place
    set_against = analyse("菏泽和乐山比，哪边返乡创业的人多？", "菏泽和乐山比，哪边返乡创业的人多？", known_places=PLACES)
    assert place_question(set_against, "菏泽") == "菏泽返乡创业的人有多少"  # …和…比: no 比 left over
    # each place with a thing of its own is asked about that thing alone
    own = "昭通乡村的返乡创业园跟乐山的创业园区合计多少个？"
    joined = analyse(own, own, known_places=PLACES)
    assert joined.kind == "total" and joined.across
    assert place_question(joined, "昭通") == "昭通乡村的返乡创业园多少个"
    assert place_question(joined, "乐山") == "乐山的创业园区多少个"
    three = "昭通、乐山、张掖三个地方带动就业的人数各是多少？"  # 三个地方 counts the places asked of
    assert place_question(analyse(three, three, known_places=PLACES), "张掖") == "张掖带动就业的人数是多少"
    counted = analyse("昭通和乐山，哪边返乡创业的人数更多？", "昭通和乐山，哪边返乡创业的人数更多？", known_places=PLACES)
    assert place_question(counted, "乐山") == "乐山返乡创业的人有多少"  # 人数: the people, as articles count them
    two = "菏泽和乐山这两座城市的返乡创业服务站有多少个？"
    assert place_question(analyse(two, two, known_places=PLACES), "乐山") == "乐山的返乡创业服务站有多少个"


def test_a_request_wrapped_around_a_question_is_no_word_of_it(hash_bot):
    from assistant.answer.question import without_request

    assert without_request("我想了解下乐山的返乡创业品牌") == "乐山的返乡创业品牌"
    assert without_request("请介绍一下集宁区的返乡创业情况") == "集宁区的返乡创业情况"
    assert without_request("帮我查查昭通回引了多少人") == "昭通回引了多少人"
    assert without_request("乐山介绍了什么经验？") == "乐山介绍了什么经验？"  # a verb of the question, not a request
    assert without_request("介绍一下") == "介绍一下"  # nothing left: the input stays as it is
    question = prepare(hash_bot, "我想了解下乐山的返乡创业品牌")
    assert question.simple == "乐山的返乡创业品牌" and question.asked == "我想了解下乐山的返乡创业品牌"
    # the asker telling about themselves first is no word of the question; a place named only there is kept
    told = prepare(hash_bot, "我老家在镇雄，想问问镇雄有哪些返乡创业就业平台？")
    assert told.simple == "镇雄有哪些返乡创业就业平台?"
    assert prepare(hash_bot, "我是乐山人，有什么贷款政策？").simple == "乐山有什么贷款政策?"
    worked = prepare(hash_bot, "我是镇雄人在外面打工好几年了，想问下镇雄那几个平台帮了多少人？")
    assert worked.simple.startswith("镇雄")  # 好几年 is told, not asked
    assert prepare(hash_bot, "我老家在镇雄。").simple.startswith("我老家")  # nothing asked after it: kept


def test_the_askers_own_before_a_place_is_no_word_of_the_question():
    from assistant.answer.question import question_terms

    asked = "俺们昭通这两年回来创业的有多少人？"
    question = analyse(asked, asked, known_places=PLACES)
    assert question.simple == "昭通这两年返乡创业的有多少人?" and question.places == ("昭通",)
    ours = analyse("咱们乐山这边建了几个创业园区？", "咱们乐山这边建了几个创业园区？", known_places=PLACES)
    assert ours.simple.startswith("乐山")
    that = analyse("樂山這個返鄉創業品牌是從哪年開始打造的？", "乐山这个返乡创业品牌是从哪年开始打造的？", known_places=PLACES)
    assert that.simple.startswith("乐山返乡创业品牌")  # 这个 right after the place points, and is no word
    mine = analyse("我们的公司在昭通吗？", "我们的公司在昭通吗？", known_places=PLACES)
    assert mine.simple.startswith("我们的公司")  # not right before the place: the asker's words stay
    # a vague time phrase is no content word an answer's sentence must hold
    assert question_terms("昭通这两年返乡创业的有多少人?") == question_terms("昭通返乡创业的有多少人?")


def test_question_kinds():
    assert question_kind("乐山的返乡创业品牌叫什么？", []) == ("other", False)  # 什么 ends in 么, no yes/no
    assert question_kind("镇雄这几个平台分别叫什么？", ["镇雄"]) == ("list", False)  # 分别 of one place's items
    assert question_kind("乐山的六大计划是哪六个？", []) == ("list", False)
    assert question_kind("哪一个人被称为古生物学之父？", []) == ("other", False)  # 哪一个: one, no list
    assert question_kind("昭通和乐山分别回引了多少人？", ["昭通", "乐山"])[1]  # 分别 of two places: across
    assert question_kind("乐山有没有返乡创业品牌？", []) == ("yesno", False)
    assert question_kind("昭通举办过创新创业大赛吗？", []) == ("yesno", False)
    assert question_kind("镇雄县规划建设了哪三个返乡创业就业平台？", []) == ("list", False)
    assert question_kind("昭通和乐山哪个地方打造的返乡创业园更多？", []) == ("compare", True)
    assert question_kind("昭通和乐山的返乡创业园哪个地方多？", ["昭通", "乐山"]) == ("compare", True)
    assert question_kind("昭通和乐山一共打造了多少个返乡创业园？", ["昭通", "乐山"]) == ("total", True)
    # two places and 哪个…多 / 哪边…更多 compare them; 多少 and 多大 still ask a figure
    assert question_kind("乐山和集宁哪个地方建的创业园区多？", ["乐山", "集宁"]) == ("compare", True)
    assert question_kind("菏泽和昭通哪边返乡创业的人更多？", ["菏泽", "昭通"]) == ("compare", True)
    assert question_kind("乐山和集宁哪个地方的创业园区有多少？", ["乐山", "集宁"])[0] == "figure"
    assert question_kind("乐山和集宁哪个创业园区面积多大？", ["乐山", "集宁"])[0] == "figure"
    assert question_kind("乐山的哪个创业园区人多？", ["乐山"])[0] != "compare"  # one place: not across places
    # where one thing is the largest asks a region, it compares no places
    assert question_kind("集宁国际皮革城是哪个地区最大的皮革批发零售交易中心？", ["集宁"]) == ("other", False)
    assert question_kind("哪里的返乡创业园区最多？", [])[0] == "compare"
    assert question_kind("哪些地方举办了创业大赛？", [])[1] is True
    # 这几个 points back at things; what they are called asks for their names
    assert question_kind("镇雄县这几个平台都叫什么？", []) == ("list", False)
    assert question_kind("那几个平台帮多少人就业？", [])[0] == "figure"  # 多少 still asks a figure
    # two places asked about each, or related in one fact
    assert question_kind("昭通和乐山分别打造了多少个返乡创业园？", ["昭通", "乐山"])[1] is True
    assert question_kind("菏泽是否在拉萨设立了返乡创业服务站？", ["菏泽", "拉萨"]) == ("yesno", False)
    assert question_kind("乐山全市和集宁区参加创业培训的各有多少人？", ["乐山", "集宁"])[1] is True  # 全市 between
    # 这几年 is a time frame, not "how many years"
    recent = analyse("昭通这几年回引了多少人？", "昭通这几年回引了多少人？", known_places=PLACES)
    assert reader_question(recent) == "昭通近年来回引了多少人?"
    q = analyse("乐山有没有返乡创业品牌？", "乐山有没有返乡创业品牌？", known_places=PLACES)
    assert reader_question(q) == "乐山有返乡创业品牌" and "乐山" in q.places
    counts = analyse("集宁区算不算返乡创业试点？", "集宁区算不算返乡创业试点？", known_places=PLACES)
    assert counts.kind == "yesno" and reader_question(counts) == "集宁区算返乡创业试点"  # verb 不 verb
    assert "2024" in analyse("2024年全国返乡创业总人数是多少？", "2024年全国返乡创业总人数是多少？").years


def test_a_yes_no_question_about_an_action_is_also_asked_as_what_was_done():
    def what(text):
        return what_question(analyse(text, text, known_places=PLACES))

    assert what("张掖有没有组织创业大赛？") == "张掖组织了什么创业大赛"
    assert what("昭通举办过创新创业大赛吗？") == "昭通举办了什么创新创业大赛"
    assert what("菏泽是否在拉萨设立了返乡创业服务站？") == "菏泽在拉萨设立了什么返乡创业服务站"
    assert what("集宁区是不是返乡创业试点地区？") is None  # no action
    assert what("菏泽的拉萨站是第37个市级站吗？") is None  # 站 of 拉萨站 (before the copula) is no action
    assert what("张掖是不是组织了创业大赛？") == "张掖组织了什么创业大赛"  # after it, one is
    assert what("乐山能不能申请创业担保贷款？") is None  # what may be done, not what was
    assert what("张掖组织了多少项创业活动？") is None  # not yes/no
    # a yes/no question stating a figure asks how many: the article's figure is found even if it differs
    assert what("乐山的返乡创业园区是不是有20个？") == "乐山的返乡创业园区有多少个"
    assert what("昭通有没有4个省级创业孵化示范基地？") == "昭通有多少个省级创业孵化示范基地"
    assert what("乐山2017年是不是发放了460万元贷款？") == "乐山2017年发放了多少贷款"  # the year stays


def test_a_yes_no_question_with_another_figure_gets_the_articles_figure_without_a_verdict(hash_bot):
    bot = with_answers(hash_bot, "11个")
    wrong = bot.ask("乐山的返乡创业园区是不是有20个？")
    assert wrong.answered and wrong.text.startswith("11个。") and "是。" not in wrong.text
    right = bot.ask("乐山的返乡创业园区是不是有11个？")
    assert right.answered and right.text.startswith("是。")


def test_a_yes_no_question_testing_a_year_gets_the_year_the_article_states_without_a_verdict(hash_bot):
    bot = with_answers(hash_bot, "内蒙古创奇智能电子科技有限公司")
    other = bot.ask("张智杰的公司是不是2018年注册的？")
    assert other.answered and "2017年" in other.text and not other.text.startswith(("是", "不是"))
    # the year is tested only of the event the sentence tells: 上市 is not 注册成立
    assert not bot.ask("张智杰的公司是不是2018年上市的？").answered
    # a year that is no part of what is tested (2018年有没有…) still has to be the sentence's
    assert not bot.ask("张智杰2018年有没有注册公司？").answered


def test_yes_no_verdict_only_when_the_sentence_states_it(hash_bot):
    bot = with_answers(hash_bot, "归雁兴嘉")
    answer = bot.ask("乐山有没有返乡创业品牌？")
    assert answer.answered and answer.text.startswith("有。") and "归雁兴嘉" in answer.text
    question = prepare(bot, "乐山有没有返乡创业品牌？")
    assert not isinstance(question, Answer)
    best = extract(bot, question, bot.search(question.simple, k=3))[0]
    assert verdict(question, best) == "有。"
    assert verdict(question, replace(best, sentence="乐山没有打造返乡创业品牌")) == ""  # negated: no verdict
    assert verdict(question, replace(best, sentence="乐山打造了返乡创业品牌,不断扩大影响")) == "有。"  # 不断 negates nothing
    assert verdict(question, replace(best, coverage=0.3)) == ""  # the sentence does not state what was asked
    # the place where something happened must be in that happening's clause, not elsewhere in the sentence
    story = analyse("吴长春是不是在浙江创业？", "吴长春是不是在浙江创业？", known_places=PLACES)
    told = replace(best, coverage=1.0, sentence="早年,吴长春辗转浙江、广东等地从事门窗生产,后来回到老家镇雄创业。")
    assert verdict(story, told) == ""
    assert verdict(story, replace(told, sentence="早年,吴长春在浙江创业,后来回到老家。")) == "是。"
    # a word of the question turned to its opposite in the sentence (输入 / 输出): the sentence says otherwise
    labour = analyse("昭通是不是劳务输入大市？", "昭通是不是劳务输入大市？", known_places=PLACES)
    assert verdict(labour, replace(told, sentence="昭通是云南省人力资源大市,也是劳务输出大市。")) == ""
    assert verdict(labour, replace(told, sentence="昭通是劳务输入大市。")) == "是。"
    free = analyse("爱创空间提供场地是收费的吗？", "爱创空间提供场地是收费的吗？", known_places=PLACES)
    assert verdict(free, replace(told, sentence="爱创空间免费为返乡创业人员提供创业功能场地1600平方米。")) == ""
    national = analyse("昭通有没有国家级创业孵化示范基地？", "昭通有没有国家级创业孵化示范基地？", known_places=PLACES)
    provincial = replace(told, sentence="目前,昭通建成省级创业孵化示范基地4个、市级创业孵化基地2个;")
    assert verdict(national, provincial) == ""  # another level of government
    assert verdict(replace(national, simple="昭通有没有省级创业孵化示范基地?"), provincial) == "有。"
    # 是 would confirm every figure the question names: each must stand in the sentence
    stations = "目前,人社部门已在全国各地建立了246个返乡创业服务站。"
    wrong = analyse("菏泽是不是在全国建了300个返乡创业服务站？", "菏泽是不是在全国建了300个返乡创业服务站？")
    assert verdict(wrong, replace(told, sentence=stations)) == ""
    right = analyse("菏泽是不是在全国建了246个返乡创业服务站？", "菏泽是不是在全国建了246个返乡创业服务站？")
    assert verdict(right, replace(told, sentence=stations)) == "是。"
    first = analyse("张掖的导师服务团是甘肃省第一个吗？", "张掖的导师服务团是甘肃省第一个吗？")
    assert verdict(first, replace(told, sentence="创新组建甘肃省首个“返乡创业领航导师服务团”。")) == "是。"  # 第一 = 首
    station = analyse("菏泽是否在拉萨设立了返乡创业服务站？", "菏泽是否在拉萨设立了返乡创业服务站？", known_places=PLACES)
    assert verdict(station, replace(told, sentence="我们就开始筹建拉萨返乡创业服务站。")) == "是。"


def test_a_yes_no_question_of_being_is_answered_by_a_sentence_stating_it(hash_bot):
    def parts(text):
        return copula_parts(analyse(text, text, known_places=(*PLACES, "集宁")))

    assert parts("集宁国际皮革城算不算国家级创业园？") == (("国际", "皮革", "皮革城"), ("国家", "国家级", "创业", "创业园"))
    assert parts("集宁区是返乡创业试点地区吗？") == ((), ("返乡", "创业", "返乡创业", "试点", "地区"))  # a place: no words
    assert parts("乐山的返乡创业园区是不是有20个？") is None  # asks of a figure
    assert parts("拉萨站是不是菏泽第37个市级站？")[1] == ("37", "市级")  # an ordinal says which one: no figure
    assert parts("乐山有没有返乡创业品牌？") is None  # not a question of being
    assert parts("菏泽是否在拉萨设立了返乡创业服务站？") is None  # of doing, not being
    assert parts("张掖是不是有个返乡创业领航导师服务团？") is None  # of having
    # 是 confirms every word of what the subject may be: a sentence lacking 全国 and 最大 gets no verdict
    largest = analyse("集宁国际皮革城是不是全国最大的皮革城？", "集宁国际皮革城是不是全国最大的皮革城？",
                      known_places=(*PLACES, "集宁"))
    trader = "李汇洲此前一直在北京做皮革生意,2015年他返回乌兰察布市落户在集宁国际皮革城。"
    northern = "集宁国际皮革城是全国最大的皮革城,是中国北方地区最大的皮革批发零售交易中心。"
    assert not states_being(largest, trader) and states_being(largest, northern)
    # the reader scores such a question low (no span to point at): a sentence stating it answers anyway
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "集宁国际皮革城被评为国家级创业园", calibration=strict)
    answer = bot.ask("集宁国际皮革城算不算国家级创业园？")
    assert answer.answered and answer.text.startswith("是。") and "2018年" in answer.text
    assert not bot.ask("集宁国际皮革城算不算省级创业园？").answered  # 省级 stands in no sentence
    assert not bot.ask("集宁国际皮革城被评为国家级创业园了吗？").answered  # no copula: the threshold holds


def test_a_yes_no_question_of_doing_is_answered_by_a_sentence_stating_what_was_done(hash_bot):
    from assistant.answer.question import doing_parts

    def parts(text):
        return doing_parts(analyse(text, text, known_places=PLACES))

    assert set(parts("乐山有没有发放返乡创业担保贷款？")) >= {"发放", "担保", "贷款"}
    assert parts("集宁国际皮革城是不是国家级创业园？") is None  # a question of being
    assert parts("乐山的返乡创业园区是不是有11个？") is None  # asked of a figure
    assert parts("乐山发放了多少担保贷款？") is None  # no yes/no
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "2017年发放460万元", calibration=strict)
    answer = bot.ask("乐山有没有发放返乡创业担保贷款？")
    assert answer.answered and answer.text.startswith("有。2017年发放460万元返乡创业担保贷款")
    assert not bot.ask("乐山有没有发放返乡创业补贴？").answered  # 补贴 stands in no sentence


def test_work_under_way_confirms_nothing_finished(hash_bot):
    bot = with_answers(hash_bot, "公共实训基地")
    question = prepare(bot, "沐川有没有建成公共实训基地？")
    assert not isinstance(question, Answer)
    best = extract(bot, question, bot.search(question.simple, k=3))[0]
    under_way = "市发改委正在为沐川公共实训基地建设积极争取中央投资项目资金2000万"
    assert verdict(question, replace(best, sentence=under_way, coverage=1.0)) == ""
    assert verdict(question, replace(best, sentence="沐川建成了公共实训基地", coverage=1.0)) == "有。"


def test_a_question_asking_what_a_thing_is_called_is_answered_by_a_name_of_its_kind(hash_bot):
    def kind(text):
        return named_kind(analyse(text, text, known_places=PLACES))

    assert kind("张掖那个训练营叫啥名字？") == "训练营"
    assert kind("乐山实施的典型培养计划叫什么？") == "计划"
    assert kind("张智杰的公司的名称是什么？") == "公司"
    assert kind("张掖组织了多少项创业活动？") is None  # no name asked
    assert kind("张掖那个服务季的名字叫啥？") == "服务季"  # a one-character noun with the word before it
    assert kind("昭通每年办的那个创业比赛叫啥？") == "比赛"
    assert kind("菏泽高新区建了个什么基地？") == "基地"  # which thing of a kind whose things have names
    assert kind("张掖市人社局组建了甘肃省首个什么服务团？") == "服务团"
    assert kind("张智杰的公司研发出了什么产品？") is None  # a product, no kind of named things
    assert kind("集宁有什么样的平台？") is None  # 样的 is no noun
    # the reader scores such a question low: a quoted name before the kind's word answers anyway
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "农民工返乡创业", calibration=strict)
    answer = bot.ask("乐山实施的典型培养计划叫什么？")
    assert answer.answered and answer.text.startswith("一十百千。") and "典型培养计划" in answer.text
    assert not bot.ask("乐山实施的典型培养计划一共培养了多少人？").answered  # no name asked: the threshold holds
    assert not bot.ask("乐山的创业示范县叫什么？").answered  # no quoted name of a 示范县 in the sentence
    contest = with_answers(hash_bot, "农民工返乡创业", "创新创业大赛", calibration=strict)
    assert contest.ask("昭通每年办的那个创业比赛叫啥？").text.startswith("赢在昭通。")  # 大赛 for 比赛
    # or a quoted name ending on the words the question puts before the kind (“小树传媒” of 传媒公司)
    media = with_answers(hash_bot, "传媒公司", calibration=strict)
    assert media.ask("赵少青开的传媒公司叫啥名字？").text.startswith("小树传媒。")
    assert not media.ask("赵少青开的科技公司叫啥名字？").answered  # no quoted name ends on 科技
    # a span far from any word of the kind asked names no such thing, however sure the reader is
    platforms = with_answers(hash_bot, "省市级返乡创业平台")
    assert not platforms.ask("张掖的乡村就业示范工厂叫什么名字？").answered
    assert with_answers(hash_bot, "李盛义").ask("昭通人社局局长叫什么？").answered  # 局长李盛义
    boss = "曹县家具创业联盟创业园的老板叫什么？"
    assert not with_answers(hash_bot, "庄寨镇").ask(boss).answered  # a town, no person's name
    assert not with_answers(hash_bot, "毛纺返乡创业园").ask(boss).answered  # a park, no person's name
    assert with_answers(hash_bot, "归雁兴嘉").ask("乐山的返乡创业招牌叫什么？").answered  # quoted: a name
    # a quoted name is a thing's: it never names the person asked
    assert not with_answers(hash_bot, "小树传媒").ask("爱创空间的负责人叫什么名字？").answered
    # a quoted name before a list whose later item holds the kind's word names the first item only
    listed = with_answers(hash_bot, "创业项目展示", calibration=strict)  # …“归雁兴嘉”返乡创业扶贫提升培训、创业项目展示
    assert not listed.ask("沐川申报的电商项目叫什么名字？").answered
    base = with_answers(hash_bot, "健康食品产业返乡创业基地", calibration=strict)
    assert base.ask("菏泽高新区建了个什么基地？").text.startswith("健康食品产业返乡创业基地。")
    from assistant.answer.stated import names_its_kind

    assert not names_its_kind("工厂", "省市级“平台”,还有工厂", 3, 4)  # a quotation mark alone names nothing
    firm = with_answers(hash_bot, "内蒙古创奇智能电子科技有限公司", calibration=strict)
    named = firm.ask("张智杰的公司叫什么名字？")
    assert named.answered and named.text.startswith("内蒙古创奇智能电子科技有限公司")
    # a firm (企业, as 开的公司 is read) is named by the word of its sort: 公司, 合作社, 厂
    assert names_its_kind("企业", "注册成立了内蒙古创奇智能电子科技有限公司。", 5, 20)
    assert names_its_kind("企业", "昭阳区和光种植专业合作社理事长吴广翠", 0, 12)
    assert not names_its_kind("企业", "注册成立了内蒙古创奇智能电子科技有限公司。", 0, 4)  # a verb opens it
    # a span ending on the kind is no firm's name when it runs over clauses or counts firms
    clauses = with_answers(hash_bot, "五金高新产业园,一栋栋标准化厂房拔地而起,入驻的12家企业", calibration=strict)
    assert not clauses.ask("吴长春在镇雄开的公司名字叫什么？").answered
    from assistant.answer.stated import _one_name

    assert _one_name("内蒙古创奇智能电子科技有限公司", "公司") and not _one_name("园区入驻的12家企业", "企业")


def test_a_model_asked_of_its_parts_is_answered_by_the_formula_spelling_it(hash_bot):
    # the reader scores such a question low; the quoted parts joined by + before 模式 answer it
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "返乡创业", "融合模式", calibration=strict)
    answer = bot.ask("昭通模式包括哪些方面？")
    assert answer.answered and answer.text.startswith("政府引导+平台推动+政策赋能+管家服务。")
    taught = bot.ask("张掖训练营的教学模式有哪几种？")
    assert taught.answered and taught.text.startswith("案例教学+模拟路演+研讨交流+实地观摩。")
    assert not bot.ask("昭通的返乡创业园包括哪些？").answered  # no model asked: the threshold holds
    assert not bot.ask("昭通模式是哪一年提出的？").answered  # no parts asked


def test_a_list_question_is_answered_by_an_enumeration_of_the_kind_asked(hash_bot):
    # the reader scores such a question low; the items before 等 and the asked noun answer it
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "现场授课和讲解", "返乡创业", calibration=strict)
    experts = bot.ask("乐山的示范培训请了哪些方面的专家？")
    assert experts.answered and experts.text.startswith("农业、工商、银行。")  # the first item cut to its noun
    assert not bot.ask("乐山的示范培训请了哪些外国讲师？").answered  # no enumeration of 讲师: the threshold holds
    assert not bot.ask("乐山的示范培训请了多少专家？").answered  # no list asked


def test_totals_and_comparisons_are_computed_from_the_cited_figures(hash_bot):
    bot = with_answers(hash_bot, "返乡创业园9个", "返乡创业园区11个")
    total = bot.ask("昭通和乐山一共打造了多少个返乡创业园？")
    assert total.answered and len({c.doc_id for c in total.citations}) == 2
    assert "9个" in total.text and "11个" in total.text and "合计20个" in total.text
    compare = bot.ask("昭通和乐山哪个地方打造的返乡创业园更多？")
    assert compare.answered and "乐山市最多（11个）" in compare.text


def test_two_places_of_one_article_get_a_sentence_each(hash_bot):
    # 沐川 is a county of the 乐山 article: its sentence is not 乐山's, and each place gets its own line
    bot = with_answers(hash_bot, "273万元", "460万元")
    answer = bot.ask("乐山和沐川分别落实了多少创业担保贷款？")
    assert answer.answered and len(answer.citations) == 2
    lines = answer.text.splitlines()
    assert any(line.startswith("乐山市：460万元") for line in lines)
    assert any(line.startswith("沐川：273万元") for line in lines)
    # a place the question writes with its suffix is labelled so (集宁区, not 集宁)
    district = with_answers(hash_bot, "2360人", "1600人").ask("集宁区和乐山分别培训了多少人？")
    assert any(line.startswith("集宁区：") for line in district.text.splitlines())


def test_a_place_whose_top_passages_hold_nothing_is_read_further(hash_bot):
    # each place is read from its own top passage first (one here); a place answered by none of them
    # gets the rest of its own retrieved passages before it is called missing, as a single question does
    settings = replace(hash_bot.settings, reader_passages=1)
    bot = Assistant(hash_bot.index, hash_bot.embedder, settings, FakeReader(["2360人", "1600人"]), Calibration())
    question = prepare(bot, "集宁区和乐山，哪边参加创业培训的人多？")
    assert not isinstance(question, Answer)
    own = [h for h in bot.search(place_question(question, "乐山"), k=8) if h.doc_id.startswith("001_")]
    assert "1600人" not in own[0].chunk.search_text  # the figure is beyond 乐山's top passage
    answer = bot.ask("集宁区和乐山，哪边参加创业培训的人多？")
    assert answer.answered and len(answer.citations) == 2, answer.text
    assert "1600人" in answer.text and "集宁区最多（2360人）" in answer.text


def test_a_count_stated_outright_is_preferred_to_an_ordinal(hash_bot):
    # 第37个市级站 tells the count only as of its day; 市级站37家 states it
    bot = with_answers(hash_bot, "第37个", "37家")
    answer = bot.ask("菏泽的市级返乡创业服务站有几个？")
    assert answer.answered and answer.text.startswith("37家"), answer.text
    ordinal = bot.ask("拉萨站是菏泽建立的第几个市级返乡创业服务站？")  # an ordinal asked: the ordinal
    assert ordinal.answered and ordinal.text.startswith("第37个"), ordinal.text


def test_a_place_of_the_level_asked_answers_though_the_reader_scores_it_low(hash_bot):
    strict = Calibration(threshold=0.99999)  # the fake reader's spans all fall below it
    bot = with_answers(hash_bot, "高新区", calibration=strict)
    answer = bot.ask("菏泽那个健康食品的返乡创业基地是哪个区建的？")
    assert answer.answered and answer.text.startswith("高新区。"), answer.text
    assert not bot.ask("菏泽那个健康食品的返乡创业基地是哪个县建的？").answered  # 高新区 is no county
    assert not bot.ask("菏泽那个健康食品的返乡创业基地是谁建的？").answered  # no level asked: the threshold holds


def test_a_count_of_the_very_things_asked_answers_though_the_model_scores_it_low(hash_bot):
    strict = Calibration(threshold=0.99999)  # the fake reader's spans (margin 10) all fall below it
    bot = with_answers(hash_bot, "9个", "11个", calibration=strict)
    answer = bot.ask("昭通在乡村打造了几个返乡创业园区？")  # 打造返乡创业园9个: 返乡创业园 right before it
    assert answer.answered and answer.text.startswith("9个。"), answer.text
    assert not bot.ask("昭通在乡村打造了几个创业孵化基地？").answered  # other things: the threshold holds
    assert bot.ask("昭通在乡村打造的返乡创业园区有几个？").answered  # the things named before the count
    assert not bot.ask("昭通在乡村打造的返乡创业园区入驻了多少家企业？").answered  # 园 counted, not 企业
    both = bot.ask("乐山和昭通在乡村各打造了几个返乡创业园区？")  # each place's part of a question across places
    assert both.answered and "昭通市：9个。" in both.text and "乐山市：11个。" in both.text, both.text
    from assistant.answer.stated import stated_count

    question = prepare(bot, "昭通在乡村打造了几个返乡创业园区？")
    assert not isinstance(question, Answer)
    found = next(a for a in extract(bot, question, bot.search(question.simple, k=5)) if a.text == "9个")
    assert stated_count(question, [found], lambda _: True) is found
    assert stated_count(question, [replace(found, margin=1.0)], lambda _: True) is None  # the reader unsure


def test_a_count_of_the_things_asked_answers_past_a_few_words_saying_which(hash_bot):
    strict = Calibration(threshold=0.99999)  # the fake reader's spans (margin 10) all fall below it
    bot = with_answers(hash_bot, "11家", calibration=strict)
    answer = bot.ask("张掖的领航导师服务团帮了几家企业？")  # 为11家参赛参评企业提供专项指导服务
    assert answer.answered and answer.text.startswith("11家。"), answer.text
    assert not bot.ask("张掖的领航导师服务团帮了几家合作社？").answered  # other things: the threshold holds
    assert not bot.ask("张掖的领航导师服务团帮了几家服务机构？").answered


def test_a_head_count_of_the_very_doing_asked_answers_though_the_model_scores_it_low(hash_bot):
    strict = Calibration(threshold=0.99999)  # the fake reader's spans (margin 10) all fall below it
    bot = with_answers(hash_bot, "18.64万人", calibration=strict)
    answer = bot.ask("你好，想问下昭通这两年带动了多少人在家门口就业？")  # 带动18.64万人就地就近就业
    assert answer.answered and answer.text.startswith("18.64万人。"), answer.text
    assert not bot.ask("昭通这两年回引了多少人在家门口就业？").answered  # another verb: the threshold holds
    assert not bot.ask("昭通这两年带动了多少人返乡创业？").answered  # the count's clause says 就业, not 创业
    from assistant.answer.stated import stated_people

    question = prepare(bot, "昭通带动了多少人就业？")
    assert not isinstance(question, Answer)
    found = next(a for a in extract(bot, question, bot.search(question.simple, k=5)) if a.text == "18.64万人")
    assert stated_people(question, [found], lambda _: True) is found
    assert stated_people(question, [replace(found, margin=1.0)], lambda _: True) is None  # the reader unsure


def test_a_place_asked_about_that_no_passage_answers_is_named(hash_bot):
    # only 乐山's figure is found: 菏泽's line is not left out unsaid
    answer = with_answers(hash_bot, "返乡创业园区11个").ask("乐山和菏泽各打造了多少个返乡创业园区？")
    assert answer.answered and len(answer.citations) == 1
    assert answer.text.splitlines()[-1] == "（文章中没有找到菏泽的相应内容。）"
    both = with_answers(hash_bot, "返乡创业园区11个").ask("乐山和菏泽都打造了返乡创业园区吗？")
    assert both.answered and both.text.splitlines()[-1] == "（文章中没有找到菏泽的相应内容。）"  # not only for 各


def test_questions_across_articles_get_one_line_per_article(hash_bot):
    answer = with_answers(hash_bot, "创新创业大赛", "创业大赛").ask("哪些地方举办了创业大赛？")
    assert answer.answered
    docs = [c.doc_id for c in answer.citations]
    assert len(docs) >= 2 and len(set(docs)) == len(docs)
    assert answer.text.count("\n") >= len(docs)


def test_figures_are_compared_by_value():
    assert [f.value for f in extract_figures("昭通回引6.59萬人，帶動28,400多人，占66.5%")] == [65900, 28400, 66.5]
    assert [(f.text, f.value) for f in extract_figures("推出“二十条措施”，五个科室")] == [("二十", 20), ("五", 5)]
    assert unsupported_figures("回引65900人", ["昭通回引6.59萬人返鄉創業"]) == []
    assert [f.text for f in unsupported_figures("回引6.6万人", ["昭通回引6.59萬人返鄉創業"])] == ["6.6万"]


def test_a_line_whose_figure_is_not_in_its_citation_is_never_returned(hash_bot):
    bot = with_answers(hash_bot, "6.59万人")
    question = prepare(bot, "昭通回引了多少人返乡创业？")
    assert not isinstance(question, Answer)
    hits = bot.search(question.simple, k=3)
    best = extract(bot, question, hits)[0]
    good = finish(bot, question, [best], ["昭通回引6.59万人返乡创业"], hits)
    assert good.answered and "6.59萬人" in good.citations[0].quote
    bad = finish(bot, question, [best], ["昭通回引7.59万人返乡创业"], hits)
    assert not bad.answered and bad.reason == "unverified"


def test_calibration_fits_separable_signals_and_round_trips(tmp_path, hash_bot):
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal([8, 0.8, 0.8], 1.0, (60, 3)), rng.normal([-8, 0.3, 0.3], 1.0, (60, 3))])
    y = np.r_[np.ones(60), np.zeros(60)]
    weights, bias = fit_logistic(x, y)
    p = 1 / (1 + np.exp(-(x @ weights + bias)))
    assert ((p > 0.5) == (y == 1)).mean() > 0.95
    assert choose_threshold([0.9, 0.8, 0.3, 0.2], [True, True, False, False]) == pytest.approx(0.55)
    assert choose_threshold([0.9, 0.7, 0.6, 0.2], [True, False, True, False]) == pytest.approx(0.8)  # a wrong costs 2 rights
    hit = hash_bot.search("菏泽建了多少个服务站", k=1)[0]
    sample = ExtractedAnswer(hit, 0, 0, 2, 0, 5, "ab", "abcde", margin=5.0, coverage=0.9)
    model = calibrate([(replace(sample, margin=m), m > 0, "synthetic") for m in (-9, -6, -3, -1, 2, 4, 7, 9)])
    assert model.probability(replace(sample, margin=9)) > model.threshold > model.probability(replace(sample, margin=-9))
    path = model.save(tmp_path / "calibration.json")
    assert Calibration.load(path) == model
    path.write_text("{broken", encoding="utf-8")
    assert Calibration.load(path) == Calibration()  # damaged → the uncalibrated default, never a crash
    with pytest.raises(ValueError, match="right and wrong"):
        calibrate([(sample, True, "x")])


def test_calibration_leaves_out_similarity_under_another_embedder(hash_bot):
    hit = hash_bot.search("菏泽建了多少个服务站", k=1)[0]
    answer = ExtractedAnswer(hit, 0, 0, 2, 0, 5, "ab", "abcde", margin=4.0, coverage=0.5, similarity=0.9)
    fitted = Calibration((0.5, 1.0, 1.0, 8.0), -9.0, 0.6, embedder="e5", means=(5.0, 0.6, 0.5, 0.85))
    assert fitted.for_embedder("e5") is fitted
    other = fitted.for_embedder("hash")
    assert other.weights[-1] == 0.0 and other.bias == pytest.approx(-9.0 + 8.0 * 0.85)
    assert other.probability(answer) == other.probability(replace(answer, similarity=-0.3))  # no longer used
    assert other.probability(replace(answer, similarity=0.85)) == pytest.approx(
        fitted.probability(replace(answer, similarity=0.85)))  # at the mean, the same probability


@pytest.mark.slow
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


@pytest.mark.slow
def test_module_level_ask_builds_the_default_index_on_first_use(tmp_path, monkeypatch):
    import assistant
    from assistant import pipeline

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_SOURCE", str(SEEDS))
    monkeypatch.setenv("ASSISTANT_MODEL", "hash")
    monkeypatch.setattr(pipeline, "_default", None)
    answer = assistant.ask("菏泽在全国建立了多少个返乡创业服务站？")
    assert answer.answered and "246" in answer.text
    assert (tmp_path / "index" / "CURRENT").exists()
    assert assistant.ask("市级的呢？", ["昭通建成了几个省级创业孵化示范基地？"]).answered


def test_a_quantity_asked_is_answered_by_its_own_clause_and_a_change_by_a_change(hash_bot):
    # the reader's span runs on past the figure's clause: the answer leads with the figure alone
    answer = with_answers(hash_bot, "1144人,创办企业2460个").ask("乐山返乡创业的人数比去年多了多少？")
    assert answer.answered and answer.text.startswith("1144人。")
    # a change asked (比去年多了 → 同比增加了) is not answered by the level, only by the change: a span of
    # the level moves onto the change stated right after it
    level = with_answers(hash_bot, "2460个").ask("乐山返乡创业办的企业比去年多了多少个？")
    assert level.answered and level.text.startswith("551个。")
    assert not with_answers(hash_bot, "4000余人").ask("张掖带动就业的人比去年多了多少？").answered  # no change stated
    change = with_answers(hash_bot, "551个").ask("乐山返乡创业办的企业比去年多了多少个？")
    assert change.answered and change.text.startswith("551个。")
    thousands = with_answers(hash_bot, "10,000余人").ask("集宁国际皮革城带动上下游就业多少人？")
    assert thousands.answered and thousands.text.startswith("10,000余人。")  # not cut at the digits' comma


def test_a_reader_folder_brings_its_own_calibration(hash_bot, tmp_path, caplog):
    from assistant.answer.calibrate import CALIBRATION_FILE
    from assistant.pipeline import Assistant

    folder = tmp_path / "reader"
    folder.mkdir()
    fitted = Calibration(weights=(0.3, 1.0, 0.5, 0.0), bias=-1.5, threshold=0.42)
    fitted.save(folder / "calibration.json")
    own = Assistant(hash_bot.index, hash_bot.embedder, hash_bot.settings.with_(reader=str(folder)))
    assert own.calibration.threshold == 0.42 and own.calibration.bias == -1.5
    (folder / "calibration.json").unlink()
    with caplog.at_level("WARNING"):
        fallback = Assistant(hash_bot.index, hash_bot.embedder, hash_bot.settings.with_(reader=str(folder)))
        assert fallback.calibration.threshold == Calibration.load(CALIBRATION_FILE).threshold
    assert "calibrate --reader" in caplog.text  # says how to fit one


def test_a_thing_named_with_another_place_does_not_answer(hash_bot):
    # 赵思琪 heads 菏泽's station in 杭州; the question asks about the one in 拉萨
    head = with_answers(hash_bot, "赵思琪").ask("菏泽拉萨服务站的站长是谁？")
    assert not head.answered
    hangzhou = with_answers(hash_bot, "赵思琪").ask("菏泽杭州服务站的站长是谁？")
    assert hangzhou.answered and hangzhou.text.startswith("赵思琪")
    # the thing may stand after 的 and a qualifier: 西安的返乡创业服务站 is still not (杭州)服务站
    assert not with_answers(hash_bot, "赵思琪").ask("菏泽在西安的返乡创业服务站站长是谁？").answered
    assert with_answers(hash_bot, "赵思琪").ask("菏泽在杭州的返乡创业服务站站长是谁？").answered
    # places listed before what was done there (…深圳、西安…武汉成立了6个…) name no thing of the question's
    assert with_answers(hash_bot, "6个").ask("菏泽市委组织部成立了多少个招才引智工作站？").answered
    # a word jieba takes for a place within a quoted name (“归雁兴嘉”: 兴嘉) names no other place
    assert with_answers(hash_bot, "6期").ask("乐山返乡创业扶贫巡诊活动办了几期？").answered


def test_a_person_named_after_a_quotation_that_goes_on_is_the_speaker_of_its_first_sentence(hash_bot):
    # “入驻镇雄县省级创业孵化示范园以来,公司驶展‘快车道’。2020年…董事长汪天勇说。: his words, his company
    bot = with_answers(hash_bot, "镇雄县省级创业孵化示范园")
    answer = bot.ask("汪天勇的公司入驻的是哪个示范园？")
    assert answer.answered and answer.text.startswith("镇雄县省级创业孵化示范园")
    assert not bot.ask("吴长春的公司入驻的是哪个示范园？").answered  # another person's: not said by him


def test_a_place_inside_a_longer_word_is_no_place_of_the_question():
    known = ["高新区", "高新", "菏泽", "乌兰察布"]
    asked = "菏泽孵化基地入驻的高新技术项目有多少家？"
    assert analyse(asked, asked, known_places=known).places == ("菏泽",)  # 高新技术, not 高新区
    asked = "高新区建立了什么基地？"
    assert analyse(asked, asked, known_places=known).places == ("高新区",)
    asked = "乌兰察布有几个深度贫困县？"
    assert analyse(asked, asked, known_places=known).places == ("乌兰察布",)  # 深度 is no place
