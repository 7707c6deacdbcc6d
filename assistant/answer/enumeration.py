"""Lists the article spells out one paragraph per item: ``落实六大计划`` and then six paragraphs that
open ``落实金融支持计划,助推项目落地。``, ``落实创业培训计划,……``.

Policy news often names a numbered set (六大计划, 三个方面, 五项措施) in one sentence and gives its
items as the openings of the paragraphs that follow. A reader's span is one clause, so asked
``乐山落实了哪些计划？`` it answers with the heading alone. Here the heading's count is checked
against the text: only when exactly that many paragraphs follow it whose opening clauses are
items of the set (each names the set's noun, or all open alike: 一是/二是, 第一/第二) are they
taken as its items, each cited to its own paragraph. Nothing is inferred: a heading with no
such run of paragraphs is answered as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..schema import Document, ExtractedAnswer, Question
from .constraints import CLAUSE_END
from .numbers import chinese_value

if TYPE_CHECKING:
    from ..pipeline import Assistant

#: a numbered set: 六大计划, 三个方面, 五项措施, 10条举措 (its noun is read from the words after it)
HEADING = re.compile(r"(十[一二三四五六七八九]?|[一二两三四五六七八九]十?[一二三四五六七八九]?|\d{1,2})(大|个|项|条|类|种|方面|件)")
MAX_ITEMS = 30  # 二十条措施 may be given as twenty paragraphs
MAX_OPENING_CHARS = 24  # an item opens with a heading-like clause, not a long sentence
_CLAUSE_END = re.compile("[" + re.escape(CLAUSE_END) + "]")
_ORDINAL_OPENING = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、])")


def numeral(text: str) -> int:
    """The value of a small numeral: ``六`` → 6, ``十二`` → 12, ``二十`` → 20, ``12`` → 12 (0 if none)."""
    if text.isdigit():
        return int(text)
    value = chinese_value(text) if text else None
    return int(value) if value is not None and value == int(value) else 0


def headings(text: str) -> list[tuple[int, str, int, int]]:
    """``(count, noun, start, end)`` of every numbered set named in ``text`` with a noun (六大计划 → 6, 计划)."""
    from ..segment import tagged

    out = []
    for match in HEADING.finditer(text):
        count = numeral(match.group(1))
        if not 2 <= count <= MAX_ITEMS:
            continue
        noun = ""
        for word, flag in tagged(text[match.end():match.end() + 8]):  # the nouns right after: 计划, 创业能人
            if not (flag.startswith("n") or flag == "vn"):
                break
            noun += word
        if len(noun) >= 2:
            out.append((count, noun, match.start(), match.end() + len(noun)))
    return out


def _opening(text: str, start: int, end: int) -> int | None:
    """The end of the paragraph ``text[start:end]``'s opening clause when it is short enough to name an
    item (a heading-like clause, not a long sentence), else ``None``."""
    clause = _CLAUSE_END.search(text, start, end)
    return clause.start() if clause and clause.start() - start <= MAX_OPENING_CHARS else None


def items_after(text: str, at: int, count: int, noun: str) -> list[tuple[int, int]]:
    """The openings (start, end of the first sentence) of the ``count`` paragraphs after the one holding
    ``at`` when each is an item of the set: its opening clause is short and names the set's noun (its
    last two characters: 计划 for 支持计划) or every opening starts alike (一是…, 第一…, 落实…).
    Empty unless exactly ``count`` such paragraphs follow in a row."""
    pos = text.find("\n", at)
    paragraphs: list[tuple[int, int]] = []
    while pos >= 0 and len(paragraphs) <= count:
        start = pos + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            paragraphs.append((start, end))
        pos = end if end < len(text) else -1
    if len(paragraphs) < count:
        return []
    openings = []
    for start, end in paragraphs[:count]:
        clause = _opening(text, start, end)
        if clause is None:
            return []
        stop = text.find("。", start, end)
        openings.append((start, clause, end if stop < 0 else stop + 1))
    named = all(noun[-2:] in text[a:b] for a, b, _ in openings)
    alike = len({text[a:a + 2] for a, _, _ in openings}) == 1 or all(
        _ORDINAL_OPENING.match(text[a:b]) for a, b, _ in openings)
    if not (named or alike):
        return []
    if len(paragraphs) > count:  # the run must end with the set: one more opening alike is a longer list
        a, b = paragraphs[count]
        clause = _opening(text, a, b)
        if clause is not None and noun[-2:] in text[a:clause] and text[a:a + 2] == text[openings[0][0]:openings[0][0] + 2]:
            return []
    return [(a, stop) for a, _, stop in openings]


def _answer_at(bot: Assistant, template: ExtractedAnswer, doc: Document, start: int, end: int,
               sentence: tuple[int, int]) -> ExtractedAnswer | None:
    """An answer for ``doc.search_text[start:end]`` in sentence ``sentence`` (document offsets), in a chunk
    of the document that holds the whole sentence, with the template's signals."""
    row = bot.index.chunk_row(template.hit.chunk.id)
    if row is None:
        return None
    chunks = bot.index.corpus.chunks
    near = sorted(range(max(0, row - 8), min(len(chunks), row + 9)), key=lambda r: abs(r - row))
    for r in near:
        chunk = chunks[r]
        if chunk.doc_id != doc.id:
            continue
        base = doc.search_offset(chunk.start)
        if base <= sentence[0] and sentence[1] <= base + len(chunk.search_text):
            hit = template.hit if chunk.id == template.hit.chunk.id else replace(template.hit, chunk=chunk)
            return replace(template, hit=hit, start=start - base, end=end - base, sentence_start=sentence[0] - base,
                           sentence_end=sentence[1] - base, text=doc.search_text[start:end],
                           sentence=doc.search_text[sentence[0]:sentence[1]])
    return None


def _clauses_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` holding ``text[start:end]`` and the one before it, within its sentence
    (``积极构建创业服务体系,落实六大计划``): what the set is, without the whole long sentence."""
    stops, clauses = "。！？!?；;\n", "，,：:"
    sentence_start = max(text.rfind(ch, 0, start) for ch in stops) + 1
    left = start
    for _ in range(2):
        if left < sentence_start:
            break
        left = max([sentence_start - 1, *(text.rfind(ch, sentence_start, left) for ch in clauses)])
    rights = [i for i in (text.find(ch, end) for ch in stops + clauses) if i >= 0]
    return left + 1, min(rights) if rights else len(text)


def enumerated(bot: Assistant, question: Question, best: ExtractedAnswer) -> list[ExtractedAnswer]:
    """For a list question, the heading and the items of the numbered set its best answer or the question
    names (六大计划), when the article gives them one paragraph each; else ``[]``."""
    if question.kind != "list":
        return []
    doc = bot.index.documents[best.doc_id]
    text = doc.search_text
    named = [(count, noun) for count, noun, _, _ in headings(question.simple)]
    if not named:  # the heading the reader found (乐山落实了哪些计划？ → 六大计划)
        named = [(count, noun) for count, noun, _, _ in headings(best.text)]
    sets = headings(text)
    for count, noun in named:
        for found, found_noun, start, end in sets:
            if found != count or not found_noun.endswith(noun[-2:]):
                continue
            items = items_after(text, end, count, noun)
            if not items:
                continue
            heading = _answer_at(bot, best, doc, start, end, _clauses_around(text, start, end))
            rows = [_answer_at(bot, best, doc, a, b, (a, b)) for a, b in items]
            if heading is None or any(r is None for r in rows):
                continue
            return [heading, *(r for r in rows if r is not None)]
    return []


def item_lines(lines: Sequence[str]) -> list[str]:
    """The lines of an enumerated answer as shown: the heading's line, then one bulleted line per item."""
    return [lines[0], *(f"· {line}" for line in lines[1:])]
