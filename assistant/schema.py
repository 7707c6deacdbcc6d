"""The data types shared by every stage, all frozen."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocMeta:
    """What the article itself says about where, when and by whom."""

    title: str = ""
    province: str = ""
    city: str = ""
    date: str = ""
    source: str = ""
    author: str = ""

    @property
    def region(self) -> str:
        """Province and city, e.g. ``云南省 昭通市`` (empty when unknown)."""
        return " ".join(part for part in (self.province, self.city) if part)


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading; offsets index ``Document.display_text``."""

    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned article.

    ``display_text`` is what users are shown and quoted from (the article's own
    script); ``search_text`` is its Simplified, width-folded twin used for matching.
    ``search_to_display`` maps each search-text offset to a display-text offset; it
    is empty when the two are aligned one to one (the usual case).
    """

    id: str
    display_text: str
    search_text: str
    meta: DocMeta
    script: str  # "traditional" or "simplified"
    sections: tuple[Section, ...] = ()
    search_to_display: tuple[int, ...] = ()

    def display_offset(self, search_offset: int) -> int:
        """Display-text offset of a search-text offset (end offsets map too)."""
        if not self.search_to_display:
            return search_offset
        if search_offset >= len(self.search_to_display):
            return len(self.display_text)
        return self.search_to_display[search_offset]

    def search_offset(self, display_offset: int) -> int:
        """Search-text offset of a display-text offset."""
        if not self.search_to_display:
            return display_offset
        return bisect.bisect_left(self.search_to_display, display_offset)


@dataclass(frozen=True)
class Chunk:
    """A passage of whole sentences: ``display_text[start:end] == text``."""

    id: str
    doc_id: str
    index: int
    text: str
    search_text: str
    start: int
    end: int
    heading: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Removal:
    """Something the cleaner took out of a document, with its raw offsets."""

    kind: str  # "annotation", "mojibake", "repaired" (what a mojibake run was restored to), "boilerplate", "byline", "metadata"
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class IngestRecord:
    """What ingestion did to one document (one row of the ingest report)."""

    doc_id: str
    path: str
    encoding: str
    chars_in: int
    chars_out: int
    annotations_removed: int
    mojibake_runs: int
    boilerplate_lines: int
    chunks: int
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class IngestProblem:
    """A file that was skipped, and why (nothing is skipped silently)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """Documents, their chunks, and the report of how they were made: tuples after ingestion, read-only
    sequences over the record store (:mod:`assistant.retrieval.records`) when an index is loaded."""

    documents: Sequence[Document]
    chunks: Sequence[Chunk]
    records: Sequence[IngestRecord] = ()
    problems: Sequence[IngestProblem] = ()

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def iso_date(text: str) -> str:
    """``2019-09-05`` for ``2019-09-05``, ``2019年9月5日``, ``2019/9/5``; ``2019-09`` and ``2019`` for partial
    dates; ``""`` when ``text`` holds no year."""
    parts = re.findall(r"\d+", text or "")
    if not parts or len(parts[0]) != 4:
        return ""
    return "-".join([parts[0], *(f"{int(p):02d}" for p in parts[1:3])])


@dataclass(frozen=True)
class Scope:
    """Which articles a question is asked over: a region (a province or city name, in either script, as
    the article's region or title names it) and a date range (``since``/``until``, each a year, month or
    day; an article without a date is outside any date range). Empty fields do not narrow."""

    region: str = ""
    since: str = ""
    until: str = ""

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name).strip()
            if value and not iso_date(value):
                raise ValueError(f"{name} must be a date such as 2023, 2023-06 or 2023-06-30, got {value!r}")
            object.__setattr__(self, name, iso_date(value))
        object.__setattr__(self, "region", self.region.strip())

    @property
    def everything(self) -> bool:
        return not (self.region or self.since or self.until)

    def matches(self, meta: DocMeta, region_of: Callable[[str], str] = lambda s: s) -> bool:
        """Whether an article with this metadata is in scope; ``region_of`` normalizes names (script)."""
        if self.region:
            wanted = region_of(self.region)
            if not any(wanted and wanted in region_of(field) for field in (meta.region, meta.title)):
                return False
        if self.since or self.until:
            date = iso_date(meta.date)
            if not date:
                return False
            if self.since and date[:len(self.since)] < self.since:
                return False
            if self.until and date[:len(self.until)] > self.until:
                return False
        return True


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its fused score and which retrievers found it."""

    chunk: Chunk
    title: str
    score: float
    retrievers: tuple[str, ...]
    region: str = ""

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def span(self) -> tuple[int, int]:
        return (self.chunk.start, self.chunk.end)


@dataclass(frozen=True)
class Citation:
    """A numbered, exact quotation: ``display_text[start:end] == quote``."""

    number: int
    doc_id: str
    title: str
    region: str
    date: str
    quote: str
    start: int
    end: int
    score: float
    chunk_id: str = ""
    chunk_text: str = ""
    chunk_start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns: text with ``[n]`` markers and the citations behind them."""

    question: str
    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = field(default=(), compare=False)
    reason: str = ""  # why it refused, or "" when answered
    script: str = "simplified"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (hits are summarised, not dumped)."""
        return {
            "question": self.question,
            "text": self.text,
            "answered": self.answered,
            "reason": self.reason,
            "script": self.script,
            "citations": [c.to_dict() for c in self.citations],
            "hits": [
                {"chunk_id": h.chunk.id, "doc_id": h.doc_id, "score": round(h.score, 4),
                 "retrievers": list(h.retrievers)}
                for h in self.hits
            ],
        }

    def to_markdown(self) -> str:
        """The answer and its sources as Markdown (user and article text escaped)."""
        from .app.render import answer_markdown

        return answer_markdown(self)


@dataclass(frozen=True)
class Question:
    """A question as the answer stage sees it: cleaned, made standalone, and analysed.

    ``kind`` is one of ``yesno`` (是否/有没有/…吗), ``list`` (哪些/哪三个), ``compare`` (哪个地方…最多),
    ``total`` (一共/合计 across places), ``figure`` (多少/几) or ``other``; ``across`` is true when the
    question asks about several places at once (各地, 哪些地方, a comparison or total).
    """

    asked: str  # what the user typed, cleaned (shown back in the answer)
    text: str  # standalone form in the asker's script (follow-ups rewritten)
    simple: str  # ``text`` normalized to Simplified, half-width: what the reader and retriever see
    script: str
    kind: str = "other"
    across: bool = False
    places: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # persons the question names (汪天勇): the answer must be about them
    notice: str = ""
    focus: str = ""  # the word a follow-up brought in (市级 in 市级的呢？): the fact asked for now


@dataclass(frozen=True)
class Span:
    """A span the reader scored in one window: token positions, passage characters, logits."""

    start_token: int
    end_token: int
    start: int
    end: int
    score: float  # start logit + end logit
    null_score: float  # the no-answer score of the same window (the <s> position)


@dataclass(frozen=True)
class Reading:
    """What the reader found in one passage: its best spans (best first) and its no-answer score."""

    spans: tuple[Span, ...]
    null_score: float

    @property
    def margin(self) -> float:
        """Best span score minus the no-answer score of its window (> 0: the reader prefers the span)."""
        return self.spans[0].score - self.spans[0].null_score if self.spans else float("-inf")


@dataclass(frozen=True)
class ExtractedAnswer:
    """An answer span in a retrieved chunk, with the sentence around it and the signals that chose it.

    Offsets are in the chunk's ``search_text``; the composer maps them to display text.
    """

    hit: Hit
    rank: int  # the hit's rank in retrieval
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    text: str  # the span, normalized
    sentence: str  # the sentence, normalized
    margin: float  # reader: span score − no-answer score
    coverage: float  # IDF-weighted share of the question's words in the sentence (and its context)
    similarity: float = 0.0  # cosine between the question and the sentence (the index's sentence vectors)
    probability: float = 0.0  # calibrated chance that the answer is right

    @property
    def doc_id(self) -> str:
        return self.hit.doc_id
