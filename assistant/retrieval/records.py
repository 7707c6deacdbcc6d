"""The record store: documents, chunks, the ingest report and the word statistics of an index, in one
SQLite file read lazily.

An index of a million chunks must load in seconds and not hold every article in memory: the
store is opened read-only and rows are decoded when asked for (a small cache keeps the recent
ones). :class:`ChunkTable` and :class:`DocumentTable` are read-only sequences, so the rest of
the code treats a loaded corpus and a freshly built one (tuples) alike.

Tables::

    documents(row, id, data)            one cleaned Document as JSON, by row and by id
    chunks(row, id, doc_row, key, data, words)
                                        one Chunk as JSON; key = hash of what was embedded for it;
                                        words = the search words of each of its sentences
    report(kind, row, data)             the ingest records and problems, as JSON
    terms(word, df)                     in how many chunks each search word occurs
    info(name, value)                   counts
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from ..schema import Chunk, DocMeta, Document, IngestProblem, IngestRecord, Removal, Section

T = TypeVar("T")
CACHE_ROWS = 4096
_BATCH = 5_000


# --- (de)serialization ---------------------------------------------------------------------------------


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(id=d["id"], display_text=d["display_text"], search_text=d["search_text"],
                    meta=DocMeta(**d["meta"]), script=d["script"],
                    sections=tuple(Section(**s) for s in d["sections"]),
                    search_to_display=tuple(d["search_to_display"]))


def record_from_dict(r: dict[str, Any]) -> IngestRecord:
    return IngestRecord(**{**r, "removals": tuple(Removal(**x) for x in r["removals"])})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_records(path: Path, documents: Sequence[Document], chunks: Sequence[Chunk], keys: Sequence[str],
                  sentence_words: Sequence[Sequence[Sequence[str]]], records: Iterable[IngestRecord],
                  problems: Iterable[IngestProblem], df: Mapping[str, int]) -> None:
    """Write a new store at ``path``: ``keys[i]`` and ``sentence_words[i]`` belong to ``chunks[i]``."""
    if len(keys) != len(chunks) or len(sentence_words) != len(chunks):
        raise ValueError("keys and sentence_words must have one entry per chunk")
    db = sqlite3.connect(str(path))
    try:
        db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE documents (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
            CREATE TABLE chunks (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_row INTEGER NOT NULL,
                                 key TEXT NOT NULL, data TEXT NOT NULL, words TEXT NOT NULL);
            CREATE TABLE report (kind TEXT NOT NULL, row INTEGER NOT NULL, data TEXT NOT NULL,
                                 PRIMARY KEY (kind, row));
            CREATE TABLE terms (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE info (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """)
        doc_row = {d.id: i for i, d in enumerate(documents)}
        db.executemany("INSERT INTO documents VALUES (?, ?, ?)",
                       ((i, d.id, _dumps(asdict(d))) for i, d in enumerate(documents)))
        rows = ((i, c.id, doc_row[c.doc_id], keys[i], _dumps(asdict(c)), _dumps(sentence_words[i]))
                for i, c in enumerate(chunks))
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO report VALUES ('record', ?, ?)",
                       ((i, _dumps(asdict(r))) for i, r in enumerate(records)))
        db.executemany("INSERT INTO report VALUES ('problem', ?, ?)",
                       ((i, _dumps(asdict(p))) for i, p in enumerate(problems)))
        db.executemany("INSERT INTO terms VALUES (?, ?)", sorted(df.items()))
        db.executemany("INSERT INTO info VALUES (?, ?)", [("documents", len(documents)), ("chunks", len(chunks))])
        db.commit()
    finally:
        db.close()


# --- reading -------------------------------------------------------------------------------------------


class RecordStore:
    """A store opened read-only; safe to share between threads (one connection per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        counts = dict(self.query("SELECT name, value FROM info"))
        self.n_documents = int(counts["documents"])
        self.n_chunks = int(counts["chunks"])
        self.documents = DocumentTable(self)
        self.chunks: ChunkTable = ChunkTable(self)
        self.records = Rows(self, "record", record_from_dict)
        self.problems = Rows(self, "problem", lambda p: IngestProblem(**p))

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:  # immutable: the version folder never changes once written (no locking, no journal)
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                 check_same_thread=False)
            self._local.db = db
        return db

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, parameters).fetchall()

    def document_frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """In how many chunks each of ``words`` occurs (words no chunk has are left out)."""
        unique = list(dict.fromkeys(words))
        out: dict[str, int] = {}
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            marks = ",".join("?" * len(part))
            out.update(self.query(f"SELECT word, df FROM terms WHERE word IN ({marks})", part))
        return out

    def chunk_keys(self) -> Iterator[tuple[int, str]]:
        """``(row, key)`` of every chunk, in order, read in batches."""
        for start in range(0, self.n_chunks, _BATCH):
            yield from self.query("SELECT row, key FROM chunks WHERE row >= ? AND row < ? ORDER BY row",
                                  (start, start + _BATCH))

    def chunk_row(self, chunk_id: str) -> int | None:
        found = self.query("SELECT row FROM chunks WHERE id = ?", (chunk_id,))
        return int(found[0][0]) if found else None

    def all_frequencies(self) -> dict[str, int]:
        return dict(self.query("SELECT word, df FROM terms"))

    def sentence_words(self, row: int) -> list[list[str]]:
        found = self.query("SELECT words FROM chunks WHERE row = ?", (row,))
        if not found:
            raise IndexError(row)
        return json.loads(found[0][0])


class LRUCache(Generic[T]):
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int = CACHE_ROWS) -> None:
        self._items: OrderedDict[Any, T] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items

    def get(self, key: Any, load: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``load()`` (then cached)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = load()
        self.put(key, value)
        return value

    def put(self, key: Any, value: T) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if len(self._items) > self._size:
                self._items.popitem(last=False)


class _Table(Sequence[T]):
    """A read-only sequence of rows decoded on access."""

    def __init__(self, store: RecordStore, length: int) -> None:
        self._store = store
        self._length = length
        self._cache: LRUCache[T] = LRUCache()

    def __len__(self) -> int:
        return self._length

    def _load(self, row: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        row = int(index)
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(index)
        return self._cache.get(row, lambda: self._load(row))

    def __iter__(self) -> Iterator[T]:
        for i in range(self._length):
            yield self[i]


class ChunkTable(_Table[Chunk]):
    """Every chunk, by row."""

    def __init__(self, store: RecordStore) -> None:
        super().__init__(store, store.n_chunks)

    def _load(self, row: int) -> Chunk:
        found = self._store.query("SELECT data FROM chunks WHERE row = ?", (row,))
        return Chunk(**json.loads(found[0][0]))


class DocumentTable(_Table[Document]):
    """Every document, by row, and :meth:`by_id` a mapping from document ids."""

    def __init__(self, store: RecordStore) -> None:
        super().__init__(store, store.n_documents)
        self.by_id = _DocumentsById(self)

    def _load(self, row: int) -> Document:
        found = self._store.query("SELECT data FROM documents WHERE row = ?", (row,))
        return document_from_dict(json.loads(found[0][0]))

    def row_of(self, doc_id: str) -> int | None:
        found = self._store.query("SELECT row FROM documents WHERE id = ?", (doc_id,))
        return int(found[0][0]) if found else None


class _DocumentsById(Mapping[str, Document]):
    def __init__(self, table: DocumentTable) -> None:
        self._table = table

    def __getitem__(self, doc_id: str) -> Document:
        row = self._table.row_of(doc_id) if isinstance(doc_id, str) else None
        if row is None:
            raise KeyError(doc_id)
        return self._table[row]

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._table.row_of(doc_id) is not None

    def __iter__(self) -> Iterator[str]:
        for start in range(0, len(self._table), _BATCH):
            for (doc_id,) in self._table._store.query(
                    "SELECT id FROM documents WHERE row >= ? AND row < ? ORDER BY row", (start, start + _BATCH)):
                yield doc_id

    def __len__(self) -> int:
        return len(self._table)


class Rows(_Table[T]):
    """The rows of one kind of the ingest report."""

    def __init__(self, store: RecordStore, kind: str, decode: Callable[[dict[str, Any]], T]) -> None:
        (count,), = store.query("SELECT COUNT(*) FROM report WHERE kind = ?", (kind,))
        super().__init__(store, int(count))
        self._kind = kind
        self._decode = decode

    def _load(self, row: int) -> T:
        found = self._store.query("SELECT data FROM report WHERE kind = ? AND row = ?", (self._kind, row))
        return self._decode(json.loads(found[0][0]))
