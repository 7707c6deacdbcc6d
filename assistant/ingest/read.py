"""Reading a source (a folder of articles or a JSONL file) into a cleaned, chunked corpus."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

from tqdm import tqdm

from ..config import Settings
from ..errors import IngestError
from ..parallel import ordered_map, worker_count
from ..schema import Chunk, Corpus, Document, IngestProblem, IngestRecord, Section
from ..segment import words
from ..text import detect_script, search_form, to_simplified
from .chunk import chunk_document
from .clean import clean_article

TEXT_SUFFIXES = (".txt", ".md")
PROGRESS_MIN_FILES = 50  # below this (and PROGRESS_MIN_CHARS), a progress bar is noise
PROGRESS_MIN_CHARS = 1_000_000


@dataclass(frozen=True)
class RawArticle:
    """An article as read from disk, before cleaning."""

    id: str
    text: str
    path: str
    encoding: str
    title: str = ""


#: Encodings a Chinese article arrives in; charset-normalizer chooses among them when a file is not UTF-8.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "cp950", "utf_16_le", "utf_16_be")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
MIN_PLAUSIBLE = 0.85  # share of characters that are letters, digits, CJK, punctuation or space
_CHECK_CHARS = 200_000  # plausibility is judged on a sample this long


def _encoding_name(codec: str) -> str:
    return {"utf-8-sig": "utf-8", "utf_8": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32"}.get(codec, codec)


def implausible(text: str) -> str:
    """Why decoded ``text`` cannot be an article (``""`` when it can): replacement characters, unassigned
    or private code points, control characters, or too few letters, digits and punctuation."""
    import unicodedata

    sample = text[:_CHECK_CHARS]
    if not sample:
        return ""
    bad = good = 0
    for ch in sample:
        category = unicodedata.category(ch)
        if ch == "\ufffd" or category in ("Cn", "Co", "Cs") or (category == "Cc" and ch not in "\n\r\t\f"):
            bad += 1
        elif category[0] in "LNPZ" or ch in "\n\r\t\f" or category in ("Sm", "Sc", "So"):
            good += 1
    if bad > max(8, len(sample) // 200):
        return f"{bad} characters in the first {len(sample):,} are not text (binary data or a wrong encoding)"
    if good < MIN_PLAUSIBLE * len(sample):
        return f"only {good / len(sample):.0%} of it reads as text (binary data or a wrong encoding)"
    return ""


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,500 most frequent Chinese characters in jieba's dictionary, in both scripts."""
    from collections import Counter

    import jieba

    from ..text import to_traditional

    counts: Counter[str] = Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split(" ", 2)[:2]
            for ch in word:
                counts[ch] += int(count)
    common = "".join(ch for ch, _ in counts.most_common(3500))
    return frozenset(common) | frozenset(to_traditional(common))


def reads_as_chinese(text: str) -> float:
    """Share of a text's characters that are common Chinese characters (either script), ASCII, space or
    punctuation: near 1 for an article, low for a wrong decoding (rare characters, kana, hangul)."""
    import unicodedata

    sample = text[:_CHECK_CHARS]
    if not sample:
        return 1.0
    common = _common_chars()
    ok = sum(1 for ch in sample
             if ch in common or (ch.isascii() and (ch.isprintable() or ch in "\n\r\t"))
             or unicodedata.category(ch)[0] in "PZ")
    return ok / len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode an article: a byte-order mark (UTF-8/16/32), else strict UTF-8, else the one of
    :data:`CANDIDATE_ENCODINGS` (GB18030, Big5, UTF-16 without a mark; charset-normalizer's guess
    among them first) whose decoding reads most like Chinese. Returns ``(text, encoding)``; raises
    ``ValueError`` for binary data and implausible decodings (see :func:`implausible`)."""
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None:
        try:
            data.decode("utf-8")
            codec = "utf_8" if b"\x00" not in data[:8192] else _guess_encoding(data)  # NULs: UTF-16, or binary
        except UnicodeDecodeError:
            codec = _guess_encoding(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValueError(f"does not decode as {_encoding_name(codec)} ({exc.reason} at byte {exc.start}); "
                         "re-save it as UTF-8") from None
    text = text.removeprefix("\ufeff")
    reason = implausible(text)
    if reason:
        raise ValueError(f"decoded as {_encoding_name(codec)}, {reason}; expected an article, re-save it as "
                         "UTF-8 text")
    return text, _encoding_name(codec)


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    guessed = [m.encoding for m in from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS))]
    scored: list[tuple[float, int, str]] = []
    for rank, codec in enumerate(dict.fromkeys([*guessed, *CANDIDATE_ENCODINGS[1:]])):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((reads_as_chinese(text), -rank, codec))
    if not scored or max(scored)[0] < MIN_PLAUSIBLE:
        raise ValueError("not text in UTF-8, UTF-16, GB18030 or Big5 (binary data, or another encoding); "
                         "re-save it as UTF-8")
    return max(scored)[2]


def source_files(source: Path) -> tuple[list[Path], list[IngestProblem]]:
    """The files of a source that ingestion reads, and the ones it skips with a reason.

    A folder gives its ``.txt``/``.md`` files (not hidden ones such as ``._x.txt``, not subfolders);
    a link that leads outside the folder is skipped and reported. A file gives itself."""
    source = Path(source)
    if not source.is_dir():
        return ([source] if source.exists() else []), []
    root = source.resolve()
    files: list[Path] = []
    problems: list[IngestProblem] = []
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                problems.append(IngestProblem(str(path), f"a link to {target}, outside the source folder; skipped"))
                continue
        if path.is_file():
            files.append(path)
    return files, problems


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
        articles, problems = read_files([source])
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
    files, skipped = source_files(folder)
    articles, problems = read_files(files)
    return articles, skipped + problems


def read_files(files: Iterable[Path]) -> tuple[list[RawArticle], list[IngestProblem]]:
    """Decode article files (one article each, its id the file name without suffix); files that are
    empty or cannot be read as text are problems."""
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
        if any(_has_surrogate(record.get(key)) for key in ("text", "title", "id")):
            problems.append(IngestProblem(where, "holds a lone surrogate (\\ud800-\\udfff), which is not text; skipped"))
            continue
        doc_id = str(record.get("id") or f"{path.stem}-{number}")
        title = record.get("title") if isinstance(record.get("title"), str) else ""
        articles.append(RawArticle(doc_id, record["text"], where, encoding, title or ""))
    return articles, problems


def _has_surrogate(value: object) -> bool:
    return isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value)


def build_document(article: RawArticle) -> tuple[Document, IngestRecord]:
    """Clean one article into a :class:`Document` and the record of what was removed."""
    cleaned = clean_article(article.text, title=article.title)
    display = cleaned.display_text
    simplified = cleaned.simplified or to_simplified(display)  # one conversion serves all three uses
    search, mapping = search_form(display, simplified)
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
        script=detect_script(display, simplified),
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


def _process(article: RawArticle, chunking: tuple[int, int, int]) -> tuple[Document, tuple[Chunk, ...], IngestRecord]:
    doc, record = build_document(article)
    chunks = tuple(chunk_document(doc, *chunking))
    return doc, chunks, replace(record, chunks=len(chunks))


def corpus_from_articles(articles: list[RawArticle], settings: Settings | None = None,
                         progress: bool | None = None, problems: list[IngestProblem] | None = None) -> Corpus:
    """Clean and chunk articles already in memory (e.g. the paragraphs of a benchmark), on
    ``settings.ingest_workers`` processes; the result is the same whatever the number."""
    settings = settings or Settings()
    total = sum(len(a.text) for a in articles)
    show = progress if progress is not None else (len(articles) >= PROGRESS_MIN_FILES
                                                  or total >= PROGRESS_MIN_CHARS)
    chunking = (settings.chunk_target_chars, settings.chunk_max_chars, settings.chunk_overlap_sentences)
    workers = worker_count(settings.ingest_workers, len(articles), total)
    documents: list[Document] = []
    chunks: list[Chunk] = []
    records: list[IngestRecord] = []
    with _progress(total, show) as bar:
        processed = ordered_map(partial(_process, chunking=chunking), articles, workers, _warm_up)
        for article, (doc, doc_chunks, record) in zip(articles, processed):
            documents.append(doc)
            chunks.extend(doc_chunks)
            records.append(record)
            if show and len(articles) > 1:
                bar.set_postfix_str(Path(article.path).name[:30], refresh=False)
            bar.update(len(article.text))
    return Corpus(tuple(documents), tuple(chunks), tuple(records), tuple(problems or ()))


def _warm_up() -> None:
    words("返乡创业")  # jieba's dictionary and OpenCC's tables, loaded once before workers are forked
    to_simplified("返鄉創業")


def _progress(total: int, show: bool) -> tqdm:
    """A progress bar counted in characters (one huge file shows as much as many)."""
    return tqdm(total=total, desc="cleaning", unit="char", unit_scale=True, disable=not show)
