"""Incremental updates: add articles to an index's source folder, or take them out, and rebuild.

The index stays a pure function of its source folder, so its manifest's fingerprint stays exact:
``add`` copies files into the folder, ``remove`` moves an article's file to ``<source>/.removed/``
(nothing is deleted; ingestion skips hidden folders). Either then rebuilds the index under the
build lock, and the build copies the vectors of every passage it already embedded: only the new
or changed articles are embedded. An app serving the index switches to the new version by itself
(:meth:`Assistant.refreshed`).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .embed import Embedder
from .errors import IngestError
from .ingest import TEXT_SUFFIXES, read_files, source_files
from .pipeline import Assistant, rebuild_settings, with_paths
from .store import build_lock

REMOVED = ".removed"


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


def add(paths: Sequence[Path | str], settings: Settings | None = None, embedder: Embedder | None = None,
        source: Path | str | None = None, progress: bool | None = None) -> Change:
    """Copy articles (``.txt``/``.md`` files) into the index's source folder and update the index; a file
    named like an article already there replaces it. Every file is checked first: if one is missing,
    empty or unreadable, nothing changes."""
    settings = _source_folder(with_paths(settings, source, None), explicit=source is not None)
    files = [Path(p) for p in paths]
    if not files:
        raise IngestError("name one or more .txt/.md files to add")
    for path in files:
        if path.suffix.lower() not in TEXT_SUFFIXES:
            raise IngestError(f"cannot add {path}: only .txt and .md articles can be added")
        if not path.is_file():
            raise IngestError(f"cannot add {path}: no such file")
    stems = [p.stem for p in files]
    if len(set(stems)) != len(stems):
        raise IngestError("two of the files to add have the same name; rename one so that no article is lost")
    _, problems = read_files(files)
    if problems:
        raise IngestError("; ".join(f"cannot add {p.path}: {p.reason}" for p in problems))
    folder = settings.source
    with build_lock(settings.index_dir):
        existing = {p.stem: p for p in source_files(folder)[0]}
        added: list[str] = []
        replaced: list[str] = []
        for path in files:
            old = existing.get(path.stem)
            if old is not None and old.name != path.name:
                raise IngestError(f"cannot add {path}: {old} has the same document id {path.stem!r}; rename it")
            target = folder / path.name
            if old is not None and target.resolve() == path.resolve():
                continue  # already there: the rebuild picks up any edit
            (replaced if old is not None else added).append(path.stem)
        for path in files:
            if (folder / path.name).resolve() != path.resolve():
                shutil.copyfile(path, folder / path.name)
        bot = Assistant.build(settings=settings, embedder=embedder, progress=progress)
    return Change(tuple(added), tuple(replaced), (), None, bot)


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
        bot = Assistant.build(settings=settings, embedder=embedder, progress=progress)
    return Change((), (), tuple(dict.fromkeys(doc_ids)), kept_in, bot)
