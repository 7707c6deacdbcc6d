"""Reading a source (a folder of articles or a JSONL file) into a cleaned, chunked corpus."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from .chunk import chunk_document
from .clean import clean_article
from .config import Settings
from .errors import IngestError
from .schema import Corpus, Document, IngestProblem, IngestRecord, Section
from .text import detect_script, search_form

TEXT_SUFFIXES = (".txt", ".md")
PROGRESS_MIN_FILES = 50  # below this, a progress bar is noise


@dataclass(frozen=True)
class RawArticle:
    """An article as read from disk, before cleaning."""

    id: str
    text: str
    path: str
    encoding: str
    title: str = ""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file: UTF-8 (with or without BOM), then GB18030. Raises ``ValueError`` for binary data."""
    if b"\x00" in data[:8192]:
        raise ValueError("looks like a binary file (NUL bytes); expected UTF-8 or GB18030 text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(8, len(text[:8192]) // 100):
            raise ValueError("looks like a binary file (control characters); expected text")
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ValueError("not UTF-8 and not GB18030 text; re-save it as UTF-8")


def read_source(source: Path) -> tuple[list[RawArticle], list[IngestProblem]]:
    """Read every article of ``source`` (a folder of .txt/.md files or a .jsonl file).

    Empty, binary and undecodable files are reported as problems, never silently dropped;
    a missing source or two articles with the same id raise :class:`IngestError`.
    """
    source = Path(source)
    if not source.exists():
        raise IngestError(f"source not found: {source} (give a folder of .txt/.md files or a .jsonl file)")
    if source.is_dir():
        articles, problems = _read_folder(source)
    elif source.suffix.lower() in (".jsonl", ".json"):
        articles, problems = _read_jsonl(source)
    elif source.suffix.lower() in TEXT_SUFFIXES:
        articles, problems = _read_files([source])
    else:
        raise IngestError(f"unsupported source {source}: expected a folder, a .jsonl file or a .txt/.md file")
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise IngestError(
                f"duplicate document id {article.id!r}: {seen[article.id]} and {article.path}; "
                "rename one so that no article is lost"
            )
        seen[article.id] = article.path
    if not articles:
        detail = "; ".join(f"{p.path}: {p.reason}" for p in problems) or "no .txt/.md files"
        raise IngestError(f"no readable articles in {source} ({detail})")
    return articles, problems


def _read_folder(folder: Path) -> tuple[list[RawArticle], list[IngestProblem]]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    return _read_files(files)


def _read_files(files: Iterable[Path]) -> tuple[list[RawArticle], list[IngestProblem]]:
    articles: list[RawArticle] = []
    problems: list[IngestProblem] = []
    for path in files:
        try:
            text, encoding = decode_bytes(path.read_bytes())
        except (OSError, ValueError) as exc:
            problems.append(IngestProblem(str(path), str(exc)))
            continue
        if not text.strip():
            problems.append(IngestProblem(str(path), "empty file"))
            continue
        articles.append(RawArticle(id=path.stem, text=text, path=str(path), encoding=encoding))
    return articles, problems


def _read_jsonl(path: Path) -> tuple[list[RawArticle], list[IngestProblem]]:
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except ValueError as exc:
        raise IngestError(f"{path}: {exc}") from exc
    articles: list[RawArticle] = []
    problems: list[IngestProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(IngestProblem(where, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(IngestProblem(where, 'expected an object with a "text" string'))
            continue
        if not record["text"].strip():
            problems.append(IngestProblem(where, "empty text"))
            continue
        doc_id = str(record.get("id") or f"{path.stem}-{number}")
        title = record.get("title") if isinstance(record.get("title"), str) else ""
        articles.append(RawArticle(doc_id, record["text"], where, encoding, title or ""))
    return articles, problems


def build_document(article: RawArticle) -> tuple[Document, IngestRecord]:
    """Clean one article into a :class:`Document` and the record of what was removed."""
    cleaned = clean_article(article.text, title=article.title)
    display = cleaned.display_text
    search, mapping = search_form(display)
    sections: list[Section] = []
    offset = 0
    heading_lines: list[str] = []
    current_start = 0
    previous_heading = False
    for paragraph in cleaned.paragraphs:
        if paragraph.heading:
            if not previous_heading and offset > current_start:
                sections.append(Section(" ".join(heading_lines), current_start, offset - 1))
                heading_lines = []
                current_start = offset
            elif not previous_heading:
                heading_lines = []
            heading_lines.append(paragraph.text)
        previous_heading = paragraph.heading
        offset += len(paragraph.text) + 1
    if len(display) > current_start or not sections:
        sections.append(Section(" ".join(heading_lines), current_start, len(display)))
    meta = cleaned.meta
    if not meta.title:
        meta = replace(meta, title=_fallback_title(display))
    doc = Document(
        id=article.id,
        display_text=display,
        search_text=search,
        meta=meta,
        script=detect_script(display),
        sections=tuple(sections),
        search_to_display=mapping,
    )
    record = IngestRecord(
        doc_id=article.id,
        path=article.path,
        encoding=article.encoding,
        chars_in=len(article.text),
        chars_out=len(display),
        annotations_removed=cleaned.count("annotation"),
        mojibake_runs=cleaned.count("mojibake"),
        boilerplate_lines=cleaned.boilerplate_lines,
        chunks=0,
        removals=cleaned.removals,
    )
    return doc, record


def _fallback_title(display: str, limit: int = 24) -> str:
    """A title for an article that has none: its first sentence, clipped."""
    first = display.split("\n", 1)[0]
    for mark in "。！？!?":
        if mark in first:
            first = first.split(mark, 1)[0]
    return first if len(first) <= limit else first[:limit] + "…"


def ingest(source: Path | str | None = None, settings: Settings | None = None,
           progress: bool | None = None) -> Corpus:
    """Read, clean and chunk a source into a :class:`Corpus` (documents, chunks, report)."""
    settings = settings or Settings()
    source = Path(source) if source is not None else settings.source
    articles, problems = read_source(source)
    return corpus_from_articles(articles, settings, progress, problems)


def corpus_from_articles(articles: list[RawArticle], settings: Settings | None = None,
                         progress: bool | None = None, problems: list[IngestProblem] | None = None) -> Corpus:
    """Clean and chunk articles already in memory (e.g. the paragraphs of a benchmark)."""
    settings = settings or Settings()
    show = progress if progress is not None else len(articles) >= PROGRESS_MIN_FILES
    documents: list[Document] = []
    chunks = []
    records: list[IngestRecord] = []
    for article in _progress(articles, show, "cleaning"):
        doc, record = build_document(article)
        doc_chunks = chunk_document(doc, settings.chunk_target_chars, settings.chunk_max_chars,
                                    settings.chunk_overlap_sentences)
        documents.append(doc)
        chunks.extend(doc_chunks)
        records.append(replace(record, chunks=len(doc_chunks)))
    return Corpus(tuple(documents), tuple(chunks), tuple(records), tuple(problems or ()))


def _progress(items: list[RawArticle], show: bool, desc: str) -> Iterator[RawArticle]:
    yield from tqdm(items, desc=desc, unit="doc", disable=not show)
