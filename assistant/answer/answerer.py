"""The answer stage end to end: question → retrieval → reader → calibrated decision → cited reply.

1. the input is cleaned and bounded, and a follow-up is rewritten into a standalone question;
2. the retriever's top passages are read by the span reader in one batched pass;
3. every span becomes an :class:`ExtractedAnswer` with its sentence, and the calibrated
   model gives each the probability that it is right (reader margin, retrieval score,
   question coverage); spans whose sentence and article lack a year or place the question
   names are set aside;
4. the most probable one answers when it clears the calibrated threshold, else the
   assistant refuses; questions across places get one answer per article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from .. import messages
from ..ingest.chunk import split_sentences
from ..schema import Answer, ExtractedAnswer, Hit, Question
from ..text import cjk_count, normalize
from .compose import across_lines, finish, refuse, single_line
from .compound import answer_compound, split_compound
from .constraints import (
    CHANGE_STATED,
    CLAUSE_BREAK,
    CLAUSE_END,
    another_thing,
    asked_unit,
    asks_change,
    asks_when,
    fits_question,
    in_passage_words,
    names_no_kind,
    other_year,
    tells_what_happened,
    tested_year,
)
from .enumeration import enumerated, item_lines
from .followup import follow_up, follow_up_focus, history_questions
from .numbers import extract_figures
from .question import (
    PLACE_SUFFIX,
    analyse,
    clean_input,
    coverage,
    follow_up_reading,
    named_kind,
    place_question,
    question_terms,
    what_question,
)
from .stated import (
    composed,
    named,
    names_its_kind,
    placed,
    stated_being,
    stated_count,
    stated_doing,
    stated_list,
    stated_people,
)

if TYPE_CHECKING:
    from ..pipeline import Assistant

log = logging.getLogger(__name__)

MAX_PLACES = 5  # articles read for a question across places


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``text`` holding ``text[start:end]``."""
    spans = split_sentences(text)
    first = next((a for a, b in spans if a <= start < b), start)
    last = next((b for a, b in spans if a < end <= b), end)
    return min(first, start), max(last, end)


_TRAILING_UNIT = re.compile(r" ?[余多近]?[万亿千百]?(?:美元|元|人次|人|名|位|个|家|户|项|所|座|条|种|类|批|期|届|次|亩|平方米|倍|%|％|年|岁)")


def with_unit(text: str, start: int, end: int) -> int:
    """The end of a span extended over the measure word that follows a figure (``10,000余`` → ``10,000余人``,
    ``1000`` → ``1000 余名`` as the article spaces it)."""
    if end > start and (text[end - 1].isdigit() or text[end - 1] in "余多万亿千百"):
        unit = _TRAILING_UNIT.match(text, end)
        if unit:
            return unit.end()
    return end


#: A word that leads a figure (``超过3万人次``, ``达2400余人``): a span of this word alone is the figure's
_LEADS_FIGURE = re.compile(r"(?:超过|达到|多达|高达|累计|共计|总计|合计|达|近|约|逾|共)\s*$")


_FIGURE_AFTER = re.compile(r"\s*\d[\d,.]*")


def with_figure(text: str, start: int, end: int) -> int:
    """The end of a span that is only the word leading a figure (``超过``) extended over that figure
    (``超过3万``; :func:`with_unit` then takes its measure word)."""
    if _LEADS_FIGURE.fullmatch(text, start, end):
        figure = _FIGURE_AFTER.match(text, end)
        if figure:
            return figure.end()
    return end


#: The change of a figure stated right after it (``创办企业2460个,同比增加551个``)
_CHANGE_AFTER = re.compile(r"[,，]?" + CHANGE_STATED + r"了?(?=[近约超逾]?\d)")


_FIGURE = re.compile(r"[近约超逾]?\d[\d,.]*[余多]?[万亿千百]?")


def to_change(text: str, start: int, end: int) -> tuple[int, int]:
    """For a question asking a change (同比增加了多少), a span of a figure whose change the text states
    right after it (``2460个``, or ``2460个,同比增加551个``, of ``创办企业2460个,同比增加551个``) moved onto
    that change (``551个``); any other span as it is."""
    change = next((m for m in _CHANGE_AFTER.finditer(text, start, min(len(text), end + 12)) if m.start() <= end), None)
    level = text[start:change.start()].strip() if change else ""
    figure = _FIGURE.match(text, change.end()) if change else None
    if change is None or figure is None or not re.fullmatch(_FIGURE.pattern + r"[^\d\s，,。；;、]{0,3}", level):
        return start, end
    return figure.start(), with_unit(text, figure.start(), figure.end())


def _over_lead(text: str, start: int, leads: str) -> int:
    """The start of a span opening on a figure moved over the one character of ``leads`` before it."""
    return start - 1 if start > 0 and text[start - 1] in leads and text[start:start + 1].isdigit() else start


def with_ordinal(text: str, start: int) -> int:
    """The start of a span moved over the 第 before its figure (``37个`` → ``第37个``, an ordinal)."""
    return _over_lead(text, start, "第")


def with_hedge(text: str, start: int) -> int:
    """The start of a span moved over the word hedging its figure (``10%`` → ``近10%``, ``600名`` →
    ``约600名``): without it the answer would state more than the article does."""
    return _over_lead(text, start, "近约逾")


_NEGATION = re.compile(r"(?:没有|没|不|未)$")


def with_negation(text: str, start: int) -> int:
    """The start of a span moved over the negation right before it (``归属感`` → ``没有归属感``): without
    it the answer would state the opposite of the article."""
    found = _NEGATION.search(text, max(0, start - 2), start)
    return found.start() if found and start < len(text) and "\u4e00" <= text[start] <= "\u9fff" else start


@lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    """``normalize`` for the few strings every question meets again (article titles, places, headings):
    OpenCC's converter is pure Python and costs more than the rest of the check."""
    return normalize(text)


LEDE_CHARS = 200  # an article's opening (title, subtitle, first lines): the places it is about


@lru_cache(maxsize=4096)
def _lede_places(lede: str) -> str:
    """The places named in an article's opening (``内蒙古乌兰察布市集宁区帮助辅导…`` → 乌兰察布市 集宁区):
    the article is about them wherever it goes on, as it is about the city its metadata names."""
    from ..segment import places

    return " ".join(dict.fromkeys(places(lede)))


def _first_clause_end(text: str, start: int, end: int) -> int:
    """``end``, or where the first clause of ``text[start:end]`` ends when the span runs past it
    (``1144人,创办企业2460个`` → ``1144人``); a 的 left after the figure goes too (``48人的`` → ``48人``)."""
    found = CLAUSE_BREAK.search(text, start + 1, end)
    end = found.start() if found else end
    return end - 1 if end - start > 1 and text[end - 1] == "的" else end


def _context(bot: Assistant, hit: Hit, sentence_start: int) -> str:
    """What else tells where and when a sentence is: the article's title and place, the places its
    opening names, the heading, and the paragraph up to the sentence (within the passage)."""
    doc = bot.index.documents[hit.doc_id]
    about = _normalized(" ".join([doc.meta.title, doc.meta.city, doc.meta.province, hit.chunk.heading]))
    about += " " + _lede_places(doc.search_text[:LEDE_CHARS])
    at = doc.search_offset(hit.chunk.start) + sentence_start
    paragraph = doc.search_text.rfind("\n", 0, at) + 1
    return about + " " + doc.search_text[paragraph:at]


def reader_asks(question: Question, passage: str) -> str:
    """What the reader is asked over ``passage`` for ``question`` by default (as :func:`extract` asks it):
    a follow-up's inherited words fitted to the passage, events and money in the passage's words."""
    return in_passage_words(follow_up_reading(question, passage), passage)


def extract(bot: Assistant, question: Question, hits: Sequence[Hit],
            asked: Sequence[str] | None = None) -> list[ExtractedAnswer]:
    """Read ``hits`` and return their spans as answers, most probably right first. ``asked`` gives each
    hit its own question (one place's part of a question across places), which reads the passage and
    scores its answers' coverage and similarity; by default the question reads every hit (a follow-up's
    inherited words fitted to each passage, see :func:`follow_up_reading`) and scores its answers."""
    if not hits:
        return []
    own = asked is not None  # per-hit questions: each is the question its answers are scored against
    asked = asked or [follow_up_reading(question, h.chunk.search_text) for h in hits]
    # each passage is asked in the words it uses (挂牌 read as the 揭牌 it writes)
    read_as = [in_passage_words(a, h.chunk.search_text) for a, h in zip(asked, hits)]
    readings = bot.reader.read_pairs([(a, h.chunk.search_text) for a, h in zip(read_as, hits)],
                                     top=bot.settings.reader_spans)  # by default as reader_asks
    # answers are scored against the question each passage was asked, as it read it (a follow-up's is
    # fitted to the passage's wording), except that meaning is compared with the whole question unless
    # it is per-hit
    worded = read_as if own or question.text != question.asked else \
        [in_passage_words(question.simple, h.chunk.search_text) for h in hits]
    meant = asked if own else [question.simple] * len(hits)
    weights = {text: bot.retriever.term_weights(question_terms(text)) for text in dict.fromkeys(worded)}
    vectors = {text: bot.retriever.query_vector(text.strip()) for text in dict.fromkeys(meant)}
    calibration = bot.calibration
    quantity = bool(asked_unit(question)) or question.kind in ("compare", "total")  # figures compared or summed
    change = asks_change(question)
    out = []
    for rank, (hit, reading, words, meaning) in enumerate(zip(hits, readings, worded, meant)):
        query_vector = vectors[meaning]
        text = hit.chunk.search_text
        for span in reading.spans:
            end = with_figure(text, span.start, span.end)
            span = replace(span, start=with_negation(text, with_hedge(text, with_ordinal(text, span.start))),
                           end=with_unit(text, span.start, end))
            if change:  # 比去年多了几个 asked, the reader found the level (2460个) whose change follows it
                start, end = to_change(text, span.start, span.end)
                span = replace(span, start=start, end=end)
            if quantity:  # a quantity asked: the figure's own clause, not the figures listed after it
                span = replace(span, end=_first_clause_end(text, span.start, span.end))
            s0, s1 = sentence_around(text, span.start, span.end)
            sentence = text[s0:s1]
            answer = ExtractedAnswer(
                hit=hit, rank=rank, start=span.start, end=span.end, sentence_start=s0, sentence_end=s1,
                text=text[span.start:span.end], sentence=sentence, margin=span.score - span.null_score,
                coverage=coverage(sentence, weights[words], _context(bot, hit, s0)),
                similarity=bot.retriever.sentence_similarity(hit.chunk.id, span.start, query_vector),
            )
            out.append(replace(answer, probability=calibration.probability(answer)))
    return sorted(out, key=lambda a: -a.probability)


def satisfies(bot: Assistant, question: Question, answer: ExtractedAnswer) -> bool:
    """Every year, place and person the question names stands in the answer's sentence or its context
    (the article's title and place, the paragraph up to the sentence), and a
    question's form is met (a quantity of the asked kind, of the things asked about, see
    :func:`~.constraints.fits_question`)."""
    if not fits_question(question, answer.sentence, answer.start - answer.sentence_start,
                         answer.end - answer.sentence_start):
        return False
    where = answer.sentence + " " + _context(bot, answer.hit, answer.sentence_start) + _speaker(answer)
    tested = tested_year(question, answer.sentence)  # 是不是2018年注册的: 2017年…注册 answers with its year
    if any(y not in where and y != tested for y in question.years) or any(p not in where for p in question.people):
        return False
    if another_thing(question, answer.sentence):  # 服装纺织产业园 asked, 以勒五金高新产业园 stated
        return False
    if other_year(question, answer.sentence) or (asked_unit(question) and names_no_kind(question, where)):
        return False  # 前年 asked, 去年 stated; 园区's figure asked, a sentence and paragraph naming none
    if asks_when(question) and not tells_what_happened(question, answer.sentence + _next_sentence(answer)):
        return False  # 哪一年注册的 asked, 2016年以来…打造…品牌 stated
    kind = named_kind(question)
    if kind and not names_its_kind(kind, answer.sentence, answer.start - answer.sentence_start,
                                    answer.end - answer.sentence_start):
        return False  # 示范工厂叫什么名字 is not answered by 省市级返乡创业平台, far from any 工厂
    if question.across:
        return True
    # a place someone came from (从湖南回集宁) is where the story starts: in the article, not in every sentence
    origins = {p for p in question.places if re.search("从" + re.escape(p), question.simple)}
    article = bot.index.documents[answer.hit.doc_id].search_text if origins else ""
    if not all(p in where or (p in origins and p in article) for p in question.places) \
            or _names_another_place(question, answer.sentence):
        return False
    return not _about_another_place(bot, question, answer)


def _speaker(answer: ExtractedAnswer) -> str:
    """Who says a quoted sentence, when the passage names them right after it (``“…比北京便宜很多…。”
    李汇洲说``, ``”昭通市人力资源和社会保障局局长李盛义介绍``): the start of the next clause, up to 30
    characters (a speaker's title and name); for the first sentence of a quotation that goes on
    (``“入驻…示范园以来,公司驶展‘快车道’。…董事长汪天勇说。``), the 30 characters before the 说 that
    ends it; ``""`` for a sentence that is no quotation."""
    text = answer.hit.chunk.search_text
    if answer.sentence.count("“") > answer.sentence.count("”"):  # a quotation going on past the sentence
        rest = text[answer.sentence_end:answer.sentence_end + 160].split("\n", 1)[0]
        said = _SAID.search(rest)
        if said and "“" not in rest[:said.start()]:  # …董事长汪天勇说。 at its end, no new quotation before
            return " " + rest[max(0, said.start() - 30):said.end()]
        return ""
    if not answer.sentence.rstrip().endswith(("”", "」", "\"")):
        return ""
    rest = text[answer.sentence_end:answer.sentence_end + 30]
    return " " + re.split("[" + re.escape(CLAUSE_END) + "]", rest, maxsplit=1)[0]


#: Who said a quotation, after it (…局长李盛义介绍, …董事长汪天勇说)
_SAID = re.compile(r"(?:说|介绍|表示)(?=[。,，:：])")


def _next_sentence(answer: ExtractedAnswer) -> str:
    """The sentence after an answer's, in its passage (``2019年6月,…了解到…`` is followed by what was
    then done: ``…我们就开始筹建拉萨返乡创业服务站``)."""
    text = answer.hit.chunk.search_text
    following = [(a, b) for a, b in split_sentences(text) if a >= answer.sentence_end]
    return text[following[0][0]:following[0][1]] if following else ""


def _names_another_place(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` names, with another place, the thing a question names with its place:
    ``菏泽拉萨服务站的站长是谁？`` (or ``菏泽在西安的返乡创业服务站…``) is not answered by
    ``菏泽市返乡创业(杭州)服务站站长赵思琪``."""
    from ..segment import places

    named: list[str] | None = None
    for place in question.places:
        if place in sentence:
            continue
        at = question.simple.find(place)
        if at < 0:
            continue
        said = question.simple[at + len(place):at + len(place) + 10]  # what the place names (拉萨 + 服务站…)
        if said.startswith("的"):  # 西安的返乡创业服务站
            said = said[1:]
        if cjk_count(said[:2]) < 2 or said[0] in "和与及、":
            continue
        named = places(sentence) if named is None else named
        for other in named:
            if any(other in p or p in other for p in question.places):
                continue
            at_other = sentence.find(other)
            if _quoted_at(sentence, at_other):
                continue  # within a quoted name (“归雁兴嘉”: 兴嘉 is no place there)
            thing = sentence[at_other + len(other):].lstrip(")）」”")[:2]
            before = sentence[max(0, at_other - 6):at_other].rstrip("(（「“")  # 菏泽市返乡创业(杭州)服务站
            if cjk_count(thing) == 2 and any(said.startswith(before[len(before) - j:] + thing)
                                             for j in range(len(before) + 1)):
                return True
    return False


def _quoted_at(sentence: str, at: int) -> bool:
    """Whether ``sentence[at]`` stands within quotation marks (“…”, 「…」)."""
    before = sentence[:at]
    return before.count("“") > before.count("”") or before.count("「") > before.count("」")


def _about_another_place(bot: Assistant, question: Question, answer: ExtractedAnswer) -> bool:
    """Whether a figure's sentence is about a county, district or town the question did not ask about,
    and names none the question did (``镇雄县…帮助3.53万人在家门口就业`` is 镇雄's figure, not 昭通's)."""
    if question.kind not in ("figure", "total", "compare") or not question.places:
        return False
    sentence = answer.sentence
    if any(p in sentence for p in question.places):
        return False
    local = [p for p in bot.places if p.endswith(("县", "区", "镇")) and p in sentence]
    return any(not any(p in q or q in p for q in question.places) for p in local)


def answer_question(bot: Assistant, raw_question: Any, history: Any = None) -> Answer:
    """The body of :meth:`Assistant.ask`; never raises for bad input."""
    try:
        return _answer(bot, raw_question, history)
    except Exception as exc:  # an answer must always come back; the log keeps one short line
        log.error("ask failed (%s: %s) for %r", type(exc).__name__, str(exc)[:200], str(raw_question)[:80],
                  exc_info=log.isEnabledFor(logging.DEBUG))
        return Answer(question=str(raw_question)[:200], text=messages.INTERNAL_ERROR, answered=False,
                      reason="error")


def prepare(bot: Assistant, raw_question: Any, history: Any = None) -> Question | Answer:
    """The analysed standalone question, or the polite reply to input that is no question."""
    limit = bot.settings.max_question_chars
    text, notice = clean_input(raw_question, limit)
    if not text:
        return Answer(question="", text=messages.EMPTY_QUESTION, answered=False, reason="empty")
    if cjk_count(text) == 0:
        english = sum(ch.isascii() and ch.isalpha() for ch in text) >= 2
        return Answer(question=text, text=messages.NOT_CHINESE_ENGLISH if english else messages.NOT_CHINESE,
                      answered=False, reason="not_chinese")
    places = bot.places
    standalone, new_place = follow_up(text, history, places, limit, known=bot.retriever.knows)
    if new_place:  # a place put in the last question's stead is a place of this question (拉萨 in 那拉萨呢？)
        return analyse(text, standalone, notice, [new_place, *places])
    return replace(analyse(text, standalone, notice, places), focus=follow_up_focus(text, standalone, places))


def single_candidates(bot: Assistant, question: Question) -> tuple[list[Hit], list[ExtractedAnswer]]:
    """The retrieved hits and the extracted answers that meet the question's constraints, best first."""
    hits = bot.search(question.simple, k=bot.settings.top_k)
    depth = bot.settings.reader_passages
    candidates = [a for a in extract(bot, question, hits[:depth]) if satisfies(bot, question, a)]
    what = what_question(question)
    if what:  # a yes/no question about an action is also read as "what was done" (组织了什么创业大赛)
        top = hits[:depth]
        candidates = sorted(candidates + [a for a in extract(bot, question, top, [what] * len(top))
                                          if satisfies(bot, question, a)], key=lambda a: -a.probability)
    if (not candidates or candidates[0].probability < bot.calibration.threshold) and len(hits) > depth:
        # nothing answers from the top passages: read the rest of the retrieved ones before refusing
        more = [replace(a, rank=a.rank + depth) for a in extract(bot, question, hits[depth:])
                if satisfies(bot, question, a)]
        candidates = sorted(candidates + more, key=lambda a: -a.probability)
    threshold = bot.calibration.threshold
    if not candidates or candidates[0].probability < threshold:
        fits = partial(satisfies, bot, question)
        stated = stated_being(question, candidates, fits) or stated_doing(question, candidates, fits) or \
            named(question, candidates, fits) or placed(question, candidates, fits) or \
            composed(question, candidates, fits) or \
            stated_list(question, candidates, fits) or stated_count(question, candidates, fits) or \
            stated_people(question, candidates, fits)
        if stated is not None:
            candidates = [replace(stated, probability=threshold)] + \
                [a for a in candidates if a is not stated]
    return hits, candidates


def _answer(bot: Assistant, raw_question: Any, history: Any) -> Answer:
    question = prepare(bot, raw_question, history)
    if isinstance(question, Answer):
        return question
    asks = split_compound(clean_input(raw_question, bot.settings.max_question_chars)[0])
    if len(asks) > 1:  # 昭通回引了多少人，又带动了多少人就业？: each ask answered, the later ones as follow-ups
        earlier = history_questions(history, bot.settings.max_question_chars)
        return answer_compound(asks, earlier, partial(_answer, bot), question.asked, question.notice)
    if question.across:
        return _answer_across(bot, question)
    hits, candidates = single_candidates(bot, question)
    if not hits:
        return refuse(question, "not_found")
    threshold = bot.calibration.threshold
    if not candidates or candidates[0].probability < threshold:
        return refuse(question, "not_found", hits)
    best = _count_over_ordinal(question, candidates, _focused(question, candidates, threshold), threshold)
    listed = enumerated(bot, question, best)
    if listed:  # a numbered set whose items open the paragraphs that follow (六大计划: 落实金融支持计划…)
        return finish(bot, question, listed, item_lines([single_line(bot, question, a) for a in listed]), hits)
    chosen = [best]
    if question.kind == "list":  # a list may go on in the next sentence of the same passage
        chosen += [a for a in candidates[1:] if a.hit is best.hit and a.sentence_start >= best.sentence_end
                   and a.sentence_start - best.sentence_end <= 2 and a.probability >= threshold][:1]
    return finish(bot, question, chosen, [single_line(bot, question, a) for a in chosen], hits)


def _focused(question: Question, candidates: Sequence[ExtractedAnswer], threshold: float) -> ExtractedAnswer:
    """The best answer, unless a follow-up asked about a new word (市级 after 省级) and another span the
    reader found is the one that word introduces: first in the same sentence (``市级创业孵化基地2个``: the
    sentence has cleared the threshold; the follow-up says which of its facts is asked for now), else a
    span of the same article that clears the threshold itself (``全市呢？`` after a question of 市本级:
    ``全市共培训1600人``)."""
    best = candidates[0]
    if not question.focus or question.focus in _lead_in(best):
        return best
    for other in candidates[1:]:
        if other.hit is best.hit and other.sentence_start == best.sentence_start and question.focus in _lead_in(other):
            return other
    for other in candidates[1:]:
        if (other.hit.doc_id == best.hit.doc_id and other.probability >= threshold
                and question.focus in _lead_in(other)):
            return other
    return best


def _count_over_ordinal(question: Question, candidates: Sequence[ExtractedAnswer], best: ExtractedAnswer,
                        threshold: float) -> ExtractedAnswer:
    """``best``, unless a count is asked (占几个) and ``best`` is an ordinal (``第37个市级站``, which tells
    the count only as of its day) while another span clearing the threshold states the same count
    outright (``市级站37家``)."""
    ordinal = _ORDINAL.match(best.text)
    if asked_unit(question) not in ("count", "things?") or not ordinal:
        return best
    return next((a for a in candidates if a is not best and a.probability >= threshold
                 and re.match(re.escape(ordinal["number"]) + r"[个家座所位名]", a.text)), best)


#: An ordinal (第37个, 第五家)
_ORDINAL = re.compile(r"第(?P<number>[\d一二两三四五六七八九十百千]+)[个家座所位名]")


def _lead_in(answer: ExtractedAnswer, width: int = 12) -> str:
    """The words of its sentence just before an answer span."""
    at = answer.start - answer.sentence_start
    return answer.sentence[max(0, at - width):at]


def _home(bot: Assistant, doc_id: str) -> str:
    """Where an article is, by its metadata: its title, city and province, normalized."""
    doc = bot.index.documents[doc_id]
    return _normalized(" ".join([doc.meta.title, doc.meta.city, doc.meta.province]))


def _about(bot: Assistant, hit: Hit) -> str:
    """Where a passage is: its article's title, city and province, and the passage itself."""
    return _home(bot, hit.doc_id) + hit.chunk.search_text


def _place_of(bot: Assistant, question: Question, hit: Hit) -> str:
    """The place an article is about: one the question names, if the article names it, else its city."""
    where = _about(bot, hit)
    named = next((p for p in question.places if p in where), None)
    doc = bot.index.documents[hit.doc_id]
    return named or normalize(doc.meta.city or doc.meta.province or "")


#: Kinds of question whose answer across places is a figure per place (compared, added up, or stated)
_FIGURE_KINDS = ("compare", "total", "figure")


def _answer_across(bot: Assistant, question: Question) -> Answer:
    """One answer per article for questions across places (各地…, 哪个地方…最多, 一共…)."""
    hits = bot.search(question.simple, k=max(12, bot.settings.top_k))
    if len(question.places) >= 2:  # 昭通和乐山…: each place's own question, retrieved and read on its own
        return _answer_per_place(bot, question, hits)
    depth = bot.settings.reader_passages  # each place's passages read, as for a single question
    chosen_hits: list[Hit] = []
    asked: list[str] = []
    # 哪些地方…: the articles of the best hits, each searched again with its place's own question
    for doc_id in list(dict.fromkeys(h.doc_id for h in hits))[:MAX_PLACES]:
        own = place_question(question, _place_of(bot, question, next(h for h in hits if h.doc_id == doc_id)))
        found = [h for h in bot.search(own, k=8) if h.doc_id == doc_id][:depth]
        chosen_hits += found
        asked += [own] * len(found)
    first = list(dict.fromkeys(h.doc_id for h in chosen_hits))
    by_doc: dict[str, ExtractedAnswer] = {}
    numeric = question.kind in _FIGURE_KINDS
    for answer in extract(bot, question, chosen_hits, asked):
        if answer.doc_id in by_doc or answer.probability < bot.calibration.threshold:
            continue
        if numeric and not extract_figures(answer.text):
            continue
        if satisfies(bot, question, answer):
            by_doc[answer.doc_id] = answer
    if not by_doc:
        return refuse(question, "not_found", hits)
    chosen = [by_doc[d] for d in first if d in by_doc][: bot.settings.max_citations + 2]
    lines, summary = across_lines(bot, question, chosen)
    intro = messages.PER_PLACE_INTRO if numeric else messages.PER_ARTICLE_INTRO
    return finish(bot, question, chosen, lines, hits, intro=intro, summary=summary)


def place_hits(bot: Assistant, question: Question, place: str) -> tuple[Question, list[Hit]]:
    """A place's own question (its part of a question across places: ``乐山的返乡创业园区有多少个``) and
    the passages about the place that it retrieves, best first."""
    own = place_question(question, place)
    return replace(question, simple=own), [h for h in bot.search(own, k=8) if place in _about(bot, h)]


def _answer_per_place(bot: Assistant, question: Question, hits: list[Hit]) -> Answer:
    """One answer per place a question names (``乐山和沐川分别…``), each read from the passages its own
    question retrieves: two places of one article (a city and its county) get a sentence each."""
    depth = bot.settings.reader_passages
    places = sorted(question.places[:MAX_PLACES], key=question.simple.find)  # in the order asked
    own_questions: dict[str, Question] = {}  # each place's question, whose form its answer must fit
    own_hits: dict[str, list[Hit]] = {}  # the passages about each place its own question retrieves
    for place in places:
        own_questions[place], own_hits[place] = place_hits(bot, question, place)
    picked: dict[str, ExtractedAnswer] = {}
    _pick_per_place(bot, question, {p: own_hits[p][:depth] for p in places}, own_questions, picked)
    rest = {p: own_hits[p][depth:] for p in places if p not in picked and len(own_hits[p]) > depth}
    if rest:  # a place with nothing in its top passages: the rest of its own before giving up (as for one)
        _pick_per_place(bot, question, rest, own_questions, picked)
    if not picked:
        return refuse(question, "not_found", hits)
    chosen = [picked[p] for p in places if p in picked]
    labels = [_label(bot, question, p, picked[p]) for p in places if p in picked]
    lines, summary = across_lines(bot, question, chosen, labels)
    missing = [p for p in places if p not in picked]
    if missing and question.kind in ("compare", "total"):  # never compare or add up with a place missing
        summary = messages.MISSING_PLACES.format(places="、".join(missing))
    elif missing:  # 乐山和菏泽各有多少…, 昭通和张掖都有…吗: say which place has nothing
        summary = "\n".join(filter(None, [summary, messages.MISSING_PLACE.format(places="、".join(missing))]))
    numeric = question.kind in _FIGURE_KINDS
    intro = messages.PER_PLACE_INTRO if numeric else messages.PER_ARTICLE_INTRO
    return finish(bot, question, chosen, lines, hits, intro=intro, summary=summary)


def _pick_per_place(bot: Assistant, question: Question, hits: dict[str, list[Hit]],
                    own_questions: dict[str, Question], picked: dict[str, ExtractedAnswer]) -> None:
    """Read each place's ``hits`` (all in one pass, each with its place's own question) and add to
    ``picked`` the most probable answer of every place not in it yet that fits that place's question."""
    places = list(own_questions)
    read = [h for p in hits for h in hits[p]]
    slots = [p for p in hits for _ in hits[p]]  # the place each passage read was asked about
    asked = [own_questions[p].simple for p in slots]
    numeric = question.kind in _FIGURE_KINDS
    threshold = bot.calibration.threshold
    counts = {p for p in places  # see stated_count and stated_people
              if asked_unit(own_questions[p]) in ("count", "people", "people?")}
    low: dict[str, list[ExtractedAnswer]] = {}  # answers under the threshold, of places asking a (head) count

    def taken(answer: ExtractedAnswer) -> bool:  # one span answers for one place
        return any(a.hit.chunk.id == answer.hit.chunk.id and a.start == answer.start for a in picked.values())

    for answer in extract(bot, question, read, asked):  # an answer's rank is its passage's place in ``read``
        place = slots[answer.rank]
        if place in picked or (answer.probability < threshold and place not in counts):
            continue
        if numeric and not extract_figures(answer.text):
            continue
        if taken(answer):
            continue
        if _of_another_place(bot, place, places, answer) or not satisfies(bot, own_questions[place], answer):
            continue
        if answer.probability < threshold:
            low.setdefault(place, []).append(answer)
            continue
        picked[place] = answer
    for place, answers in low.items():  # a count of the very things (or doing) asked, the reader clearly found
        found = None if place in picked else (stated_count(own_questions[place], answers, lambda _: True)
                                              or stated_people(own_questions[place], answers, lambda _: True))
        if found is not None and not taken(found):
            picked[place] = replace(found, probability=threshold)


def _label(bot: Assistant, question: Question, place: str, answer: ExtractedAnswer) -> str:
    """How an answer for ``place`` is labelled: its article's city when that is the place (乐山 → 乐山市),
    else the place as the question writes it (集宁区; 沐川, a county of the 乐山 article)."""
    city = normalize(bot.index.documents[answer.doc_id].meta.city or "")
    if city and place in city:
        return city
    written = re.search(re.escape(place) + PLACE_SUFFIX, question.simple)
    return written.group(0) if written else place


def _of_another_place(bot: Assistant, place: str, places: Sequence[str], answer: ExtractedAnswer) -> bool:
    """Whether a sentence read for ``place`` is about another of the question's places: one its paragraph
    names that is not its article's own place (沐川 in a 乐山 article), while the sentence names no ``place``."""
    if place in answer.sentence:
        return False
    home = _home(bot, answer.doc_id)
    where = answer.sentence + " " + _context(bot, answer.hit, answer.sentence_start) + _speaker(answer)
    return any(p != place and p not in place and p in where and p not in home for p in places)
