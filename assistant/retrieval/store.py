"""An index on disk: versioned folders switched by one atomic pointer, a build lock, a checked manifest.

::

    index/
      CURRENT                       the name of the live version, replaced atomically
      v-20261126T043012-3f9a1c/     one build: manifest.json and the artifacts it lists
      .build.lock                   held by the one process that builds a new version

A build writes a new version folder completely (and flushes it to disk), then points
``CURRENT`` at it with one ``os.replace``: a reader sees the old version or the new one,
never a mix and never nothing. The previous version is kept, since a process may still
be loading it; older ones go with the next build. A reader whose version vanished under
it reads the pointer again. Builders take the lock, so two of them never race; a process
that waited for it finds the index already rebuilt (see :meth:`Assistant.load`).

An index written before versions existed (``manifest.json`` in the folder itself) is
still read, and replaced by a versioned one at the next build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexMissingError, IndexUnavailableError
from ..schema import Corpus
from .index import ARTIFACTS, FORMAT_VERSION, MANIFEST, RECORDS, Lexicon, SearchIndex, file_digest
from .keyword import KeywordIndex
from .records import RecordStore, write_records

POINTER = "CURRENT"
LOCK = ".build.lock"
_VERSION = re.compile(r"v-[0-9A-Za-z_.-]{1,80}")
_LOAD_ATTEMPTS = 4
VERIFY_MAX_BYTES = 512 * 2**20  # indexes up to this size have every checksum read at load
#: fields every manifest has, with their types (the rest is informative)
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "format": int, "model": str, "dim": int, "source": str, "corpus_fingerprint": str, "pipeline": str,
    "chunking": dict, "documents": int, "chunks": int, "artifacts": dict,
}


def _rebuild_hint(folder: Path) -> str:
    return f"rebuild it with `python -m assistant build --index {folder}` (or --rebuild)"


def check_folder(folder: Path) -> Path:
    """``folder`` as an index folder: an error when it is a file (or anything but a folder)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise IndexUnavailableError(f"the index folder {folder} is a file, not a folder: give --index a folder "
                                    "(it is created when missing)")
    return folder


def current_version(folder: Path) -> Path:
    """The folder of the live version of the index in ``folder`` (raises when there is no index)."""
    folder = check_folder(folder)
    pointer = folder / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if (folder / MANIFEST).exists():  # written before versions existed
            return folder
        raise IndexMissingError(f"no index in {folder}: run `python -m assistant build`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexUnavailableError(f"the index pointer {pointer} is unreadable ({exc}); "
                                    f"{_rebuild_hint(folder)}") from exc
    if not _VERSION.fullmatch(name):
        raise IndexUnavailableError(f"the index pointer {pointer} is damaged (it names {name[:40]!r}); "
                                    f"{_rebuild_hint(folder)}")
    return folder / name


def versions(folder: Path) -> list[Path]:
    """Every version folder of an index, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and _VERSION.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def validate_manifest(manifest: Any, path: Path) -> dict[str, Any]:
    """``manifest`` when it has the shape :func:`save_index` writes; else :class:`IndexUnavailableError`."""
    folder = path.parent
    if not isinstance(manifest, dict):
        raise IndexUnavailableError(f"index manifest {path} is damaged (not a JSON object); {_rebuild_hint(folder)}")
    for key, kind in _REQUIRED.items():
        value = manifest.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise IndexUnavailableError(f"index manifest {path} is damaged ({key!r} is missing or not a "
                                        f"{getattr(kind, '__name__', kind)}); {_rebuild_hint(folder)}")
    artifacts = manifest["artifacts"]
    missing = [name for name in ARTIFACTS if not isinstance(artifacts.get(name), str)]
    if missing:
        raise IndexUnavailableError(f"index manifest {path} is damaged (no checksum for {', '.join(missing)}); "
                                    f"{_rebuild_hint(folder)}")
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the live version of the index in ``folder``, checked for shape."""
    return read_manifest_at(current_version(folder), Path(folder))


def recorded_source(folder: Path) -> Path | None:
    """The source an index in ``folder`` was built from, from the newest manifest that can still be read
    (the live one, else an earlier version's): what a rebuild must use."""
    candidates = []
    with suppress(IndexUnavailableError):
        candidates.append(current_version(folder))
    candidates += [v for v in versions(folder) if v not in candidates]
    for version in candidates:
        try:
            manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and isinstance(manifest.get("source"), str) and manifest["source"]:
            return Path(manifest["source"])
    return None


# --- the build lock ----------------------------------------------------------------------------------

_thread_locks: dict[str, threading.RLock] = {}
_file_locks: dict[str, Any] = {}
_locks_guard = threading.Lock()


@contextmanager
def build_lock(folder: Path, timeout: float = -1) -> Iterator[None]:
    """Hold the index's build lock: one builder at a time across processes (a lock file) and threads;
    re-entrant within a thread. ``timeout`` seconds (``-1``: wait as long as it takes)."""
    from filelock import FileLock, Timeout

    folder = check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    with _locks_guard:
        thread_lock = _thread_locks.setdefault(key, threading.RLock())
        file_lock = _file_locks.setdefault(key, FileLock(str(folder / LOCK), thread_local=False))
    if not thread_lock.acquire(timeout=timeout):
        raise IndexUnavailableError(f"another build of {folder} is running; try again when it is done")
    try:
        try:
            file_lock.acquire(timeout=timeout)
        except Timeout:
            raise IndexUnavailableError(f"another process is building {folder}; try again when it is done") from None
        try:
            yield
        finally:
            file_lock.release()
    finally:
        thread_lock.release()


# --- writing -----------------------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    """Flush a file, or every file under a folder and the folder itself, to disk."""
    targets = [p for p in sorted(path.rglob("*")) if p.is_file()] if path.is_dir() else [path]
    for target in targets:
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(path if path.is_dir() else path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform (Windows); the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _write_artifacts(index: SearchIndex, work: Path) -> dict[str, Any]:
    import faiss

    corpus, lexicon = index.corpus, index.lexicon
    keys = [key for _, key in sorted(index.passage_keys())]
    words = [lexicon.sentence_words(row) for row in range(len(corpus.chunks))]
    write_records(work / RECORDS, corpus.documents, corpus.chunks, keys, words, corpus.records, corpus.problems,
                  lexicon.all_frequencies())
    faiss.write_index(index.dense, str(work / "dense.faiss"))
    np.save(work / "sentences.npy", index.sentence_vectors)
    np.save(work / "sentence_ids.npy", index.sentence_ids)
    index.keyword.save(work / "bm25")
    manifest = dict(index.manifest)
    manifest["artifacts"] = {name: file_digest(work / name) for name in ARTIFACTS}
    manifest["artifact_bytes"] = {name: _size(work / name) for name in ARTIFACTS}
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def save_index(index: SearchIndex, folder: Path) -> Path:
    """Write ``index`` as a new version of the index in ``folder`` and make it the live one; returns the
    version folder. Holds the build lock while it writes and switches."""
    folder = check_folder(folder)
    with build_lock(folder):
        work = folder / f".building-{uuid.uuid4().hex[:12]}"
        work.mkdir()
        try:
            manifest = _write_artifacts(index, work)
            _fsync(work)
            name = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
            version = folder / name
            os.replace(work, version)
            previous = _live_name(folder)
            pointer = folder / f".{POINTER}.{uuid.uuid4().hex[:8]}"
            pointer.write_text(name + "\n", encoding="utf-8")
            _fsync(pointer)
            os.replace(pointer, folder / POINTER)  # the switch: one atomic rename
            _fsync_dir(folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        index.manifest = manifest
        index.location = version
        _prune(folder, keep={name, previous or ""})
    return version


def _live_name(folder: Path) -> str | None:
    """The name of the live version, or ``None`` when there is none (or only an index without versions)."""
    try:
        live = current_version(folder)
    except IndexUnavailableError:
        return None
    return live.name if live != folder else None


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove versions other than ``keep``, builds that never finished, and the files of an index written
    before versions existed (its manifest first, so that it never looks whole). Called under the lock."""
    for version in versions(folder):
        if version.name not in keep:
            shutil.rmtree(version, ignore_errors=True)
    for leftover in folder.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(f".{POINTER}.*"):
        leftover.unlink(missing_ok=True)
    if (folder / MANIFEST).exists():
        (folder / MANIFEST).unlink()
        for name in ARTIFACTS:
            target = folder / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)


# --- reading -----------------------------------------------------------------------------------------


def load_index(folder: Path, verify: bool = True) -> SearchIndex:
    """Read the live version of the index in ``folder``; corrupt or missing parts raise
    :class:`IndexUnavailableError`. A version replaced while it was being read is read again."""
    folder = check_folder(folder)
    for attempt in range(_LOAD_ATTEMPTS):
        version = current_version(folder)
        try:
            return _load_version(folder, version, verify)
        except (IndexUnavailableError, OSError):
            if attempt + 1 < _LOAD_ATTEMPTS and current_version(folder) != version:
                continue  # a build switched versions while this one was read: read the new one
            raise
    raise AssertionError("unreachable")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _load_version(folder: Path, version: Path, verify: bool) -> SearchIndex:
    import faiss

    manifest = read_manifest_at(version, folder)
    artifacts, sizes = manifest["artifacts"], manifest.get("artifact_bytes") or {}
    for name in ARTIFACTS:
        if not (version / name).exists():
            raise IndexUnavailableError(f"index in {folder} is incomplete: {name} is missing; {_rebuild_hint(folder)}")
    # checksums are read in full up to VERIFY_MAX_BYTES; a bigger index is checked by size (a build
    # flushes every file before it becomes live, so a partial write cannot be seen)
    full = verify and sum(int(v) for v in sizes.values() if isinstance(v, int)) <= VERIFY_MAX_BYTES
    for name in ARTIFACTS:
        path = version / name
        if (full and artifacts.get(name) != file_digest(path)) or \
                (name in sizes and sizes[name] != _size(path)):
            raise IndexUnavailableError(
                f"index in {folder} is corrupt: {name} does not match its checksum; {_rebuild_hint(folder)}")
    try:
        store = RecordStore(version / RECORDS)
        corpus = Corpus(store.documents, store.chunks, store.records, store.problems)
        dense = faiss.read_index(str(version / "dense.faiss"), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
        # memory-mapped, seen as plain arrays (a memmap's indexing is slow in NumPy's Python layer)
        sentence_vectors = np.asarray(np.load(version / "sentences.npy", mmap_mode="r"))
        sentence_ids = np.asarray(np.load(version / "sentence_ids.npy", mmap_mode="r"))
        keyword = KeywordIndex.load(version / "bm25", len(corpus.chunks))
    except Exception as exc:  # any parse failure means the same thing to the user
        raise IndexUnavailableError(f"index in {folder} is corrupt ({type(exc).__name__}: {str(exc)[:200]}); "
                                    f"{_rebuild_hint(folder)}") from exc
    if sentence_ids.ndim == 2 and sentence_ids.shape[1] == 3:  # written before sentences were stored once
        sentence_ids = np.column_stack([sentence_ids, np.arange(len(sentence_ids))])
    if dense.ntotal != len(corpus.chunks) or sentence_ids.ndim != 2 or sentence_ids.shape[1] != 4 or (
            len(sentence_ids) and not 0 <= int(sentence_ids[:, 3].max()) < len(sentence_vectors)):
        raise IndexUnavailableError(f"index in {folder} is corrupt: counts disagree; {_rebuild_hint(folder)}")
    lexicon = Lexicon(store.n_chunks, store.sentence_words, store.document_frequencies, store.all_frequencies)
    index = SearchIndex(corpus, manifest, dense, stored_vectors(dense), sentence_vectors, sentence_ids, keyword,
                        lexicon, store.chunk_keys, store.chunk_row)
    index.location = version
    return index


def stored_vectors(dense: Any) -> np.ndarray:
    """The chunk vectors a FAISS flat or HNSW-flat index holds, as a read-only array over FAISS's own
    memory (no second copy; it lives as long as ``dense``), or a copy for other index types."""
    import faiss

    if dense.ntotal == 0:
        return np.zeros((0, dense.d), np.float32)
    storage = dense if isinstance(dense, faiss.IndexFlat) else getattr(dense, "storage", None)
    flat = faiss.downcast_index(storage) if storage is not None else None  # HNSW keeps a flat index inside
    if isinstance(flat, faiss.IndexFlat):
        raw = faiss.rev_swig_ptr(flat.get_xb(), dense.ntotal * dense.d).reshape(dense.ntotal, dense.d)
        view = raw.view(FaissVectors)
        view.owner = dense  # the memory is FAISS's: keep its index alive as long as any view of it
        view.flags.writeable = False
        return view
    return np.asarray(dense.reconstruct_n(0, dense.ntotal), dtype=np.float32)


class FaissVectors(np.ndarray):
    """A NumPy view of vectors that a FAISS index owns; it (and every slice of it) keeps the index alive."""

    owner: Any = None

    def __array_finalize__(self, obj: Any) -> None:
        self.owner = getattr(obj, "owner", None)


def read_manifest_at(version: Path, folder: Path) -> dict[str, Any]:
    """The checked manifest of one version folder."""
    path = version / MANIFEST
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise IndexUnavailableError(f"index in {folder} is incomplete: {MANIFEST} is missing; "
                                    f"{_rebuild_hint(folder)}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else "not JSON"
        raise IndexUnavailableError(f"index manifest {path} is corrupt ({reason}); {_rebuild_hint(folder)}") from exc
    if isinstance(manifest, dict) and isinstance(manifest.get("format"), int) \
            and manifest["format"] != FORMAT_VERSION:
        raise IndexUnavailableError(f"index in {folder} was written in format {manifest['format']}, this version "
                                    f"reads format {FORMAT_VERSION}; {_rebuild_hint(folder)}")
    return validate_manifest(manifest, path)
