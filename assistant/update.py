"""Incremental updates: add articles to an index's source folder, or take them out, and rebuild.

Articles come as text, saved web pages, Word documents or PDFs (:mod:`assistant.ingest.extract`).

The index stays a pure function of its source folder, so its manifest's fingerprint stays exact:
``add`` copies files into the folder, ``remove`` moves an article's file to ``<source>/.removed/``
(nothing is deleted; ingestion skips hidden folders). Either then rebuilds the index under the
build lock, and the build copies the vectors of every passage it already embedded: only the new
or changed articles are embedded. An app serving the index switches to the new version by itself
(:meth:`Assistant.refreshed`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .errors import IngestError
from .ingest.extract import Extracted, extract
from .ingest.read import TEXT_SUFFIXES, decode_bytes, source_files
from .pipeline import Assistant, rebuild_settings, with_paths
from .retrieval.embed import Embedder
from .retrieval.store import build_lock

REMOVED = ".removed"
ORIGINALS = ".originals"
MAX_FILES = 100  # per call


@dataclass(frozen=True)
class Change:
    """What an update did: document ids added, replaced and removed, where removed files went, and the
    assistant over the new index."""

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    removed: tuple[str, ...]
    kept_in: Path | None
    assistant: Assistant

    def summary(self) -> str:
        m = self.assistant.index.manifest
        parts = [f"{label} {len(ids)} ({', '.join(ids)})" for label, ids in
                 (("added", self.added), ("replaced", self.replaced), ("removed", self.removed)) if ids]
        embedded = m.get("embedded", {})
        line = (f"{'; '.join(parts) or 'nothing changed'}. The index now holds {m['documents']} documents, "
                f"{m['chunks']} chunks; embedded {embedded.get('chunks', 0)} chunks and "
                f"{embedded.get('sentences', 0)} sentences, the rest copied from the previous version.")
        if self.kept_in is not None:
            line += f" Removed files are kept in {self.kept_in}."
        return line


def _source_folder(settings: Settings, explicit: bool) -> Settings:
    """The settings with the source the index is built from (its manifest's, unless one is given)."""
    settings = settings if explicit else rebuild_settings(settings, None)
    source = settings.source
    if not source.is_dir():
        raise IngestError(f"the index is built from {source}, which is not a folder: add and remove work on a "
                          "folder of .txt/.md articles (edit the file and run `python -m assistant build`)")
    return settings


def _doc_id(path: Path) -> str:
    """The document id an added file gets: its name without suffix, spaces and odd characters as ``_``."""
    return re.sub(r"[^\w.-]+", "_", path.stem).strip("._") or "article"


def _fingerprint(text: str) -> str:
    """The content hash duplicates are found by: the text without its whitespace."""
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def _existing_texts(files: Sequence[Path]) -> dict[str, str]:
    """Content hash → document id of the articles in the source folder that can be read."""
    out: dict[str, str] = {}
    for path in files:
        try:
            text, _ = decode_bytes(path.read_bytes())
        except (OSError, ValueError):
            continue
        out.setdefault(_fingerprint(text), path.stem)
    return out


@dataclass(frozen=True)
class _Incoming:
    path: Path
    doc_id: str
    data: bytes
    extracted: Extracted
    fingerprint: str  # of the extracted text (duplicates)


def _incoming(paths: Sequence[Path]) -> list[_Incoming]:
    """Every file read and extracted first: one that cannot be is an error before anything changes."""
    if not paths:
        raise IngestError("name one or more articles to add (.txt, .md, .html, .docx or .pdf)")
    if len(paths) > MAX_FILES:
        raise IngestError(f"{len(paths)} files at once; add at most {MAX_FILES} at a time")
    out = []
    for path in paths:
        if not path.is_file():
            raise IngestError(f"cannot add {path}: no such file")
        data = path.read_bytes()
        extracted = extract(data, path.name)
        out.append(_Incoming(path, _doc_id(path), data, extracted, _fingerprint(extracted.text)))
    ids = [i.doc_id for i in out]
    if len(set(ids)) != len(ids):
        raise IngestError("two of the files to add have the same name; rename one so that no article is lost")
    prints = [i.fingerprint for i in out]
    if len(set(prints)) != len(prints):
        raise IngestError("two of the files to add hold the same text; add it once")
    return out


def add(paths: Sequence[Path | str], settings: Settings | None = None, embedder: Embedder | None = None,
        source: Path | str | None = None, progress: bool | None = None) -> Change:
    """Add articles to the index's source folder and update the index. Files are told apart by content:
    text (``.txt``/``.md``, any encoding ingestion reads) is copied as it is; a web page, Word document
    or PDF is stored as the article text extracted from it (``<id>.txt``), its original kept in
    ``<source>/.originals/``. A file named like an article already there replaces it; a file holding
    the text of another article is refused as a duplicate. Every file is checked first: if one cannot
    be added, nothing changes."""
    settings = _source_folder(with_paths(settings, source, None), explicit=source is not None)
    incoming = _incoming([Path(p) for p in paths])
    folder = settings.source
    with build_lock(settings.index_dir):
        present = source_files(folder)[0]
        existing = {p.stem: p for p in present}
        texts = _existing_texts(present)
        added: list[str] = []
        replaced: list[str] = []
        writes: list[tuple[_Incoming, Path, bool]] = []
        for item in incoming:
            old = existing.get(item.doc_id)
            as_is = item.extracted.kind == "text" and item.path.suffix.lower() in TEXT_SUFFIXES
            target = folder / (item.doc_id + (item.path.suffix.lower() if as_is else ".txt"))
            if old is not None and old.name != target.name:
                raise IngestError(f"cannot add {item.path}: {old} has the same document id {item.doc_id!r}; "
                                  "rename the file")
            twin = texts.get(item.fingerprint)
            if twin is not None and twin != item.doc_id:
                raise IngestError(f"cannot add {item.path}: it holds the same text as the article {twin!r}")
            if twin == item.doc_id:
                continue  # the same article again: nothing to do
            (replaced if old is not None else added).append(item.doc_id)
            writes.append((item, target, as_is))
        for item, target, as_is in writes:
            if as_is:
                _write(target, item.data)
            else:
                _write(target, item.extracted.text.encode("utf-8") + b"\n")
                originals = folder / ORIGINALS
                originals.mkdir(exist_ok=True)
                _write(originals / item.path.name, item.data)
        bot = Assistant.build(settings=settings, embedder=embedder, progress=progress)
    return Change(tuple(added), tuple(replaced), (), None, bot)


def _write(target: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file, then one rename)."""
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def remove(doc_ids: Sequence[str], settings: Settings | None = None, embedder: Embedder | None = None,
           source: Path | str | None = None, progress: bool | None = None) -> Change:
    """Take articles out of the index: their files move to ``<source>/.removed/<time>/`` and the index is
    updated. Unknown ids are an error and change nothing."""
    settings = _source_folder(with_paths(settings, source, None), explicit=source is not None)
    if not doc_ids:
        raise IngestError("name one or more document ids to remove (`python -m assistant ingest` lists them)")
    folder = settings.source
    with build_lock(settings.index_dir):
        existing = {p.stem: p for p in source_files(folder)[0]}
        unknown = [d for d in doc_ids if d not in existing]
        if unknown:
            raise IngestError(f"no article with id {', '.join(map(repr, unknown))} in {folder}")
        if len(existing) == len(set(doc_ids)):
            raise IngestError("that would remove every article; an index needs at least one")
        kept_in = folder / REMOVED / time.strftime("%Y%m%dT%H%M%S")
        kept_in.mkdir(parents=True, exist_ok=True)
        for doc_id in dict.fromkeys(doc_ids):
            shutil.move(str(existing[doc_id]), str(kept_in / existing[doc_id].name))
            for original in (folder / ORIGINALS).glob("*"):  # the web page, Word file or PDF it came from
                if _doc_id(original) == doc_id:
                    shutil.move(str(original), str(kept_in / original.name))
        bot = Assistant.build(settings=settings, embedder=embedder, progress=progress)
    return Change((), (), tuple(dict.fromkeys(doc_ids)), kept_in, bot)
