"""Chinese sentence segmentation and sentence-aligned chunking with character spans."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..schema import Chunk, Document, Section

_TERMINATORS = "。！？!?；;…"
_CLOSERS = "”’」』）)》】\"'"
#: A sentence: anything up to a run of terminators, plus the quotes/brackets that close it.
_SENTENCE = re.compile(rf"[^{_TERMINATORS}\n]*(?:[{_TERMINATORS}]+[{_CLOSERS}]*|$)")
#: Where an over-long sentence may be cut: after a comma, enumeration comma or colon.
_CLAUSE_BREAK = re.compile(r"[,，、:：]")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``, one paragraph per line.

    Sentences end at ``。！？!?；;…`` (a run counts once) and keep the closing quotes that
    follow; a newline always ends one. Decimals (``6.59``) and thousands (``28,400``) are never
    split because ``.`` and ``,`` are not terminators. Leading/trailing spaces are trimmed.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        for match in _SENTENCE.finditer(text, pos, line_end):
            s, e = match.span()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
            if match.end() >= line_end:
                break
        pos = line_end + 1
    return spans


def _split_long(text: str, span: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than ``limit`` at clause breaks into pieces of at most ``limit``."""
    start, end = span
    if end - start <= limit:
        return [span]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    last_break = -1
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        cut = match.end()
        if cut - piece_start > limit and last_break > piece_start:
            pieces.append((piece_start, last_break))
            piece_start = last_break
        last_break = cut
    if end - piece_start > limit and last_break > piece_start:
        pieces.append((piece_start, last_break))
        piece_start = last_break
    pieces.append((piece_start, end))
    # A clause with no break at all stays whole: cutting inside words would break quotes.
    return pieces


def _windows(
    sentences: list[tuple[int, int]], target: int, limit: int, overlap: int
) -> Iterator[list[tuple[int, int]]]:
    current: list[tuple[int, int]] = []
    for sentence in sentences:
        if current:
            length = sentence[1] - current[0][0]
            if length > limit or current[-1][1] - current[0][0] >= target:
                yield current
                carried = current[-overlap:] if overlap else []
                while carried and sentence[1] - carried[0][0] > limit:
                    carried = carried[1:]
                current = carried
        current.append(sentence)
    if current:
        yield current


def chunk_document(
    doc: Document, target_chars: int = 200, max_chars: int = 300, overlap_sentences: int = 1
) -> list[Chunk]:
    """Chunks of whole sentences, never crossing a section, ``doc.display_text[start:end] == text``.

    Each section's heading line is the first sentence of its first chunk, so titles and
    headings are searchable and citable; every chunk records its section heading.
    """
    text = doc.display_text
    sections = doc.sections or (Section("", 0, len(text)),)
    chunks: list[Chunk] = []
    for section in sections:
        sentences: list[tuple[int, int]] = []
        for span in split_sentences(text, section.start, section.end):
            sentences.extend(_split_long(text, span, max_chars))
        for window in _windows(sentences, target_chars, max_chars, overlap_sentences):
            start, end = window[0][0], window[-1][1]
            s_start, s_end = doc.search_offset(start), doc.search_offset(end)
            if window and chunks and chunks[-1].start == start and chunks[-1].end == end:
                continue
            chunks.append(
                Chunk(
                    id=f"{doc.id}#{len(chunks)}",
                    doc_id=doc.id,
                    index=len(chunks),
                    text=text[start:end],
                    search_text=doc.search_text[s_start:s_end],
                    start=start,
                    end=end,
                    heading=section.heading,
                )
            )
    return chunks
