"""Compose the reply from extracted answers: lead with the answer, then the whole cited sentence.

``273万元。沐川县……落实创业担保贷款273万元……[1]``: the reader's span first, then the sentence
it stands in, so the asker sees subject and time frame. The text is in the asker's script;
the citation quotes the article verbatim. A yes/no question gets 是/有/能 only when the cited
sentence states what was asked without a negation; otherwise the fact alone. Questions across
places give one cited line per place and, when the figures share a unit, the comparison or
the sum, said to be computed from the cited numbers. Every figure in the text is checked
against the cited spans (``numbers.py``); a line that fails is dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import messages
from ..schema import Answer, Citation, ExtractedAnswer, Hit, Question
from ..text import in_script
from .constraints import CLAUSE_END, other_level
from .numbers import Figure, extract_figures, unsupported_figures
from .question import copula_parts, question_terms, states_figure

if TYPE_CHECKING:
    from ..pipeline import Assistant

log = logging.getLogger(__name__)

_TRIM = "。．.；;，,：:！!？?、 "
_NEGATION = re.compile(r"没有|未|不|无|尚未|并非|暂无")
#: Words holding 不/无/未 that negate nothing (不断 "constantly", 无数 "countless", 未来 "future")
_NOT_NEGATING = re.compile(r"不断|不仅|不少|不但|不久|不论|不管|不同|不错|不光|无论|无数|无偿|未来|毫不|不可或缺")
MAX_SENTENCE_CHARS = 160

#: A question whether a thing was finished (建成, 完成 …), and a sentence telling of work still under way
_ASKS_DONE = re.compile(r"建成|完成|建好|落成|投用|投入使用|竣工")
_UNDER_WAY = re.compile(r"正在|拟|即将|将要|争取|筹建|稳步推进|在建")


def display_span(bot: Assistant, answer: ExtractedAnswer, start: int, end: int) -> tuple[int, int]:
    """Display-text offsets of a span given in the chunk's search-text offsets."""
    doc = bot.index.documents[answer.doc_id]
    base = doc.search_offset(answer.hit.chunk.start)
    return doc.display_offset(base + start), doc.display_offset(base + end)


def citation(bot: Assistant, number: int, answer: ExtractedAnswer) -> Citation:
    """The numbered citation of an answer's sentence, quoted verbatim from the article."""
    doc = bot.index.documents[answer.doc_id]
    start, end = display_span(bot, answer, answer.sentence_start, answer.sentence_end)
    chunk = answer.hit.chunk
    return Citation(
        number=number, doc_id=doc.id, title=doc.meta.title, region=in_script(doc.meta.region, doc.script),
        date=doc.meta.date, quote=doc.display_text[start:end], start=start, end=end,
        score=round(answer.probability, 4), chunk_id=chunk.id, chunk_text=chunk.text, chunk_start=chunk.start,
    )


def _shorten(sentence: str, lead: str) -> str:
    """A long sentence cut to the clauses around its answer, with ellipses."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    at = max(0, sentence.find(lead)) if lead else 0
    start = max(0, at - MAX_SENTENCE_CHARS // 2)
    comma = max(sentence.rfind(c, 0, start + 1) for c in "，,；;") if start else -1
    start = comma + 1 if comma >= 0 and at - comma < MAX_SENTENCE_CHARS else start
    end = min(len(sentence), start + MAX_SENTENCE_CHARS)
    return ("……" if start else "") + sentence[start:end] + ("……" if end < len(sentence) else "")


_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "(": ")", "（": "）"}
_OPENING = {closing: opening for opening, closing in _QUOTES.items()}


def _unquoted(lead: str) -> str:
    """A lead without a quotation mark or bracket whose partner lies outside it (``“返乡创业领航导师服务团``
    → ``返乡创业领航导师服务团``; ``“归雁兴嘉”`` stays whole)."""
    if lead[:1] in _QUOTES and _QUOTES[lead[0]] not in lead[1:]:
        lead = lead[1:]
    if lead[-1:] in _OPENING and _OPENING[lead[-1]] not in lead[:-1]:
        lead = lead[:-1]
    return lead


def lead_and_sentence(bot: Assistant, question: Question, answer: ExtractedAnswer) -> tuple[str, str]:
    """The answer span and its sentence, as display text in the asker's script."""
    doc = bot.index.documents[answer.doc_id]
    a, b = display_span(bot, answer, answer.start, answer.end)
    s, e = display_span(bot, answer, answer.sentence_start, answer.sentence_end)
    lead = in_script(_unquoted(doc.display_text[a:b].strip(_TRIM)).strip(_TRIM), question.script)  # 。” ends
    sentence = in_script(doc.display_text[s:e].strip(), question.script)
    return lead, _shorten(sentence, lead)


def _where_it_happened(question: Question, sentence: str) -> bool:
    """Whether the place a yes/no question says something happened at (``在浙江创业``) stands in the
    sentence's clause of that happening, not in another one: ``吴长春辗转浙江、广东等地从事…生产。…回到
    老家镇雄创业`` names 浙江 and 创业, but does not say he started his business in 浙江."""
    place = next((m for p in question.places for m in [re.search("在" + re.escape(p), question.simple)] if m), None)
    if place is None:
        return True
    words = [w for w in question_terms(question.simple[place.end():]) if w in sentence and w not in question.places]
    clauses = [c for c in re.split("[" + re.escape(CLAUSE_END) + "]", sentence) if place.group(0)[1:] in c]
    return any(w in c for w in words for c in clauses)


#: Characters of opposite meaning: a question word that differs from a word of the sentence only by one of
#: these pairs (输入 / 输出) says the opposite of what the sentence states
_OPPOSITES = {frozenset(pair) for pair in ("入出", "进出", "上下", "内外", "前后", "大小", "多少", "高低", "增减",
                                            "男女", "正负", "长短", "新旧", "早晚", "升降", "盈亏", "首末", "省市", "市县",
                                            "收免", "有无", "买卖", "成败", "真假")}


def _contradicted(question: Question, sentence: str) -> bool:
    """Whether a word of the question is missing from the sentence while the sentence has the same word
    with one character turned to its opposite (``劳务输入大市`` / ``劳务输出大市``), or the question names
    a level of government the sentence does not, and the sentence another (国家级 asked, 省级 stated)."""
    from ..retrieval.keyword import tokenize

    if other_level(question.simple, sentence):
        return True
    words = set(tokenize(sentence))
    for term in question_terms(question.simple):
        if term in sentence:
            continue
        for word in words:
            if len(word) == len(term) and sum(a != b for a, b in zip(word, term)) == 1:
                a, b = next((a, b) for a, b in zip(word, term) if a != b)
                if frozenset((a, b)) in _OPPOSITES:
                    return True
    return False


#: A word of a figure or an ordinal (第一, 一个), which :func:`verdict` checks as figures (第一 is written 首)
_FIGURE_WORD = re.compile(r"第?[一二两三四五六七八九十百千\d]+[个家名位届项]?")


def states_being(question: Question, sentence: str) -> bool:
    """For a yes/no question of being (``集宁国际皮革城是不是全国最大的皮革城？``), whether ``sentence``
    holds every word of what the subject may be (全国, 最大, 皮革城), figures aside; ``True`` for any
    other question."""
    parts = copula_parts(question)
    return parts is None or all(w in sentence for w in parts[1] if not _FIGURE_WORD.fullmatch(w))


def verdict(question: Question, answer: ExtractedAnswer) -> str:
    """是/有/能/会 when the cited sentence states what a yes/no question asks — without a negation, with
    the place it asks about in the clause of what happened there, no word of it turned to its opposite
    or to another level of government, and every figure it names — else ``""``."""
    if question.kind != "yesno" or answer.coverage < 0.5 or _NEGATION.search(_NOT_NEGATING.sub("", answer.sentence)):
        return ""
    if not _where_it_happened(question, answer.sentence) or _contradicted(question, answer.sentence):
        return ""
    if _ASKS_DONE.search(question.simple) and _UNDER_WAY.search(answer.sentence):
        return ""  # 建成了吗 is not confirmed by 正在为…实训基地建设争取资金: work under way
    if not states_being(question, answer.sentence):
        return ""  # 是不是全国最大的皮革城: 是 would confirm 全国 and 最大, which the sentence lacks
    if any(not (f.ordinal and f.value == 1 and "首" in answer.sentence)  # 第一 is written 首 (首个, 首届)
           for f in unsupported_figures(question.simple, [answer.sentence])):
        return ""  # 是 would confirm a figure the sentence lacks
    simple = question.simple
    if re.search(r"有没有|有无|是否有|有[^，。]*吗", simple):
        word = messages.HAS
    elif re.search(r"能不能|能否|可否|可不可以|可以吗|能[^，。]*吗", simple):
        word = messages.CAN
    elif re.search(r"会不会|会[^，。]*吗", simple):
        word = messages.WILL
    else:
        word = messages.YES
    return in_script(word, question.script)


def single_line(bot: Assistant, question: Question, answer: ExtractedAnswer) -> str:
    """``lead。sentence`` (or the sentence alone when the lead is most of it), with a yes/no verdict."""
    lead, sentence = lead_and_sentence(bot, question, answer)
    head = verdict(question, answer)
    if not head and lead and states_figure(question) and len(lead) < 0.6 * len(sentence):
        return f"{lead}。{sentence}"  # 是不是有20个？ without a verdict: the figure the article states leads
    if question.kind == "yesno" or not lead or len(lead) >= 0.6 * len(sentence):
        return head + sentence
    return f"{head}{lead}。{sentence}"


def refuse(question: Question, reason: str, hits: Sequence[Hit] = ()) -> Answer:
    """The plain refusal; the closest passages travel in ``hits`` and are shown as such, never as an answer."""
    text = question.notice + in_script(messages.NOT_FOUND, question.script)
    return Answer(question=question.asked, text=text, answered=False, hits=tuple(hits), reason=reason,
                  script=question.script)


def finish(bot: Assistant, question: Question, chosen: Sequence[ExtractedAnswer], lines: Sequence[str],
           hits: Sequence[Hit], intro: str = "", summary: str = "") -> Answer:
    """Number the citations, drop any line with a figure its citation lacks, and build the answer."""
    kept: list[str] = []
    citations: list[Citation] = []
    for line, answer in zip(lines, chosen):
        cited = citation(bot, len(citations) + 1, answer)
        if unsupported_figures(line, [cited.quote]):  # never state a figure the cited span lacks
            log.warning("dropped a line whose figures are not in its citation: %r", line[:80])
            continue
        citations.append(cited)
        kept.append(f"{line}[{cited.number}]")
    if not kept:
        return refuse(question, "unverified", hits)
    body = "\n".join(kept)
    if intro:
        body = in_script(intro, question.script) + "\n" + body
    if summary:
        body += "\n" + in_script(summary, question.script)
    return Answer(question=question.asked, text=question.notice + body, answered=True,
                  citations=tuple(citations), hits=tuple(hits), script=question.script)


def _figure_with_unit(text: str) -> tuple[Figure, str] | None:
    """The first quantity of a lead and the unit written after it (``6.59万人`` → 65,900, ``人``)."""
    for figure in extract_figures(text):
        if figure.value is None or figure.ordinal:
            continue
        unit = re.match(r"[余多近约]?([^\d\s，,。；;、]{0,2})", text[figure.end:])
        return figure, (unit.group(1) if unit else "")
    return None


def _format(value: Decimal) -> str:
    if value >= 10_000 and value % 100 == 0:
        return f"{(value / 10_000).normalize():f}万"
    return f"{value.normalize():f}"


def across_summary(question: Question, places: Sequence[str], leads: Sequence[str]) -> str:
    """The comparison or sum of the cited figures when they share a unit (``""`` when not asked)."""
    if question.kind not in ("compare", "total") or len(leads) < 2:
        return ""
    found = [_figure_with_unit(lead) for lead in leads]
    if any(f is None for f in found):
        return messages.NO_COMMON_UNIT
    figures = [f for f in found if f is not None]
    units = {unit for _, unit in figures}
    if len(units) != 1:
        return messages.NO_COMMON_UNIT
    unit = units.pop()
    values = [f.value for f, _ in figures if f.value is not None]
    if question.kind == "total":
        return messages.TOTAL_RESULT.format(value=_format(sum(values, Decimal(0))) + unit)
    fewest = re.search(r"最少|最低|最小|更少", question.simple) is not None
    pick = values.index(min(values) if fewest else max(values))
    template = messages.COMPARE_RESULT_MIN if fewest else messages.COMPARE_RESULT
    return template.format(place=places[pick], value=figures[pick][0].text + unit)


def across_lines(bot: Assistant, question: Question, chosen: Sequence[ExtractedAnswer],
                 labels: Sequence[str] = ()) -> tuple[list[str], str]:
    """One ``place：lead。sentence`` line per answer, and the summary line. Each line is labelled with
    its article's city, or with ``labels`` (the places asked, one per answer) when given."""
    lines, places, leads = [], [], []
    for i, answer in enumerate(chosen):
        doc = bot.index.documents[answer.doc_id]
        label = labels[i] if i < len(labels) else doc.meta.city or doc.meta.province or doc.meta.title
        place = in_script(label, question.script)
        lead, _ = lead_and_sentence(bot, question, answer)
        lines.append(f"{place}：{single_line(bot, question, answer)}")
        places.append(place)
        leads.append(lead)
    return lines, across_summary(question, places, leads)
