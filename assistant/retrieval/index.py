"""The search index: FAISS vectors, sentence vectors, BM25, the chunk store, and the manifest that
records how it was built (model, chunking, source and pipeline fingerprints, versions).

:func:`build_index` makes one in memory; :mod:`assistant.retrieval.store` writes and reads it (versioned
folders, an atomic switch). An index whose settings, source or pipeline no longer match is
"stale" (:func:`staleness` says why).
"""

from __future__ import annotations

import hashlib
import logging
import math
import platform
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from sys import intern
from typing import Any

import numpy as np

from ..config import Settings
from ..ingest.chunk import split_sentences
from ..ingest.read import source_files
from ..parallel import chars_of, ordered_map, worker_count
from ..schema import Chunk, Corpus, Document
from ..text import normalize
from .embed import Embedder
from .keyword import KeywordIndex, tokenize
from .records import LRUCache

FORMAT_VERSION = 2  # 2: records in SQLite (was corpus.json), words and document frequencies stored
MANIFEST = "manifest.json"
RECORDS = "records.sqlite"
ARTIFACTS = (RECORDS, "dense.faiss", "sentences.npy", "sentence_ids.npy", "bm25")
PROGRESS_MIN_CHUNKS = 200
ESTIMATE_MIN_TEXTS = 2_000  # below this an embedding run is not timed beforehand
ESTIMATE_SAMPLE = 32
WARN_EMBED_SECONDS = 3600.0
log = logging.getLogger(__name__)


def source_fingerprint(source: Path) -> str:
    """SHA-256 over the names and bytes of the files of a source that ingestion reads (a folder's
    articles, not its hidden files, subfolders or an index kept inside it; or the one file)."""
    source = Path(source)
    digest = hashlib.sha256()
    base = source if source.is_dir() else source.parent
    for path in source_files(source)[0]:
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


#: The code and data that decide what is indexed; a change to any of them makes an index stale.
PIPELINE_FILES = ("ingest/clean.py", "ingest/chunk.py", "ingest/read.py", "text.py", "segment.py",
                  "retrieval/keyword.py", "retrieval/index.py", "data/domain_dict.txt", "data/stopwords.txt")


def pipeline_fingerprint() -> str:
    """SHA-256 of the ingestion, chunking and tokenization code that built an index (first 16 hex digits)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for name in PIPELINE_FILES:
        digest.update(name.encode())
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("faiss-cpu", "sentence-transformers", "torch", "bm25s", "jieba", "opencc-python-reimplemented"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of the names and bytes of every file under a folder."""
    if path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.name.encode())
            digest.update(hashlib.sha256(child.read_bytes()).digest())
        return digest.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the index ----------------------------------------------------------------------------------------


def chunk_context(doc: Document, chunk: Chunk) -> str:
    """What a chunk is indexed with besides its own text: the article title, city and section heading."""
    parts = [doc.meta.title, doc.meta.city, chunk.heading]
    return normalize(" ".join(p for p in parts if p and p not in chunk.text))


class Lexicon:
    """The search words of each chunk's sentences, and in how many chunks each word occurs: what
    sentence-level coverage and term weights read, for the candidates of a query only.

    Built in memory by :func:`build_index`; a loaded index reads them from its record store."""

    def __init__(self, n_chunks: int, sentence_words: Callable[[int], Sequence[Sequence[str]]],
                 frequencies: Callable[[Iterable[str]], Mapping[str, int]],
                 all_frequencies: Callable[[], Mapping[str, int]]) -> None:
        self.n_chunks = n_chunks
        self.sentence_words = sentence_words  # the search words of each sentence of a chunk (by row)
        self.all_frequencies = all_frequencies  # every word with its chunk document frequency
        self._frequencies = frequencies
        self._sets: LRUCache[list[frozenset[str]]] = LRUCache()
        self._df: LRUCache[int] = LRUCache(100_000)

    @classmethod
    def in_memory(cls, words: Sequence[Sequence[Sequence[str]]], df: Mapping[str, int]) -> Lexicon:
        return cls(len(words), words.__getitem__, lambda terms: {t: df[t] for t in terms if t in df}, lambda: df)

    def sentence_sets(self, chunk_row: int) -> list[frozenset[str]]:
        """The word set of each sentence of a chunk, in order."""
        return self._sets.get(chunk_row, lambda: [frozenset(w) for w in self.sentence_words(chunk_row)])

    def frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """Chunk document frequency of each word (0 for words no chunk has)."""
        words = list(dict.fromkeys(words))
        missing = [w for w in words if w not in self._df]
        if missing:
            found = self._frequencies(missing)
            for word in missing:
                self._df.put(word, int(found.get(word, 0)))
        return {w: self._df.get(w, lambda: 0) for w in words}

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        """BM25 (Lucene) IDF of each word over chunks; a word no chunk has weighs as much as the rarest
        possible one."""
        n = max(1, self.n_chunks)
        unseen = math.log(1 + self.n_chunks + 0.5)
        return {w: (math.log(1 + (n - d + 0.5) / (d + 0.5)) if d else unseen)
                for w, d in self.frequencies(words).items()}

    def knows(self, word: str) -> bool:
        """Whether some chunk has ``word``."""
        return self.frequencies([word])[word] > 0


@dataclass
class SearchIndex:
    """Everything retrieval needs: in memory after a build, read lazily (records, vectors memory-mapped)
    after a load."""

    corpus: Corpus
    manifest: dict[str, Any]
    dense: Any  # faiss.Index
    chunk_vectors: np.ndarray
    #: one vector per distinct sentence text (a sentence repeated across chunks is embedded and stored once)
    sentence_vectors: np.ndarray
    #: (n_sentences_in_chunks, 4): chunk index, start, end in chunk.search_text, row of its vector
    sentence_ids: np.ndarray
    keyword: KeywordIndex
    lexicon: Lexicon
    passage_keys: Callable[[], Iterable[tuple[int, str]]]  # (chunk row, hash of its embedded passage)
    chunk_row: Callable[[str], int | None]  # the row of a chunk id
    location: Path | None = field(default=None, compare=False)  # the version folder it was read from

    def __post_init__(self) -> None:
        documents = self.corpus.documents
        self.documents: Mapping[str, Document] = getattr(documents, "by_id", None) or {d.id: d for d in documents}
        bounds = np.searchsorted(self.sentence_ids[:, 0], np.arange(len(self.corpus.chunks) + 1))
        self.chunk_sentence_bounds = bounds


def chunk_contexts(corpus: Corpus) -> list[str]:
    """:func:`chunk_context` of every chunk, in order."""
    docs = {d.id: d for d in corpus.documents}
    return [chunk_context(docs[c.doc_id], c) for c in corpus.chunks]


def passage_text(context: str, chunk: Chunk) -> str:
    """What is embedded for a chunk: its context line, then its search text."""
    return (context + "\n" + chunk.search_text).strip()


def passage_key(passage: str) -> str:
    """The content hash of what is embedded for a chunk (its text with title, city and heading)."""
    return hashlib.blake2b(passage.encode("utf-8"), digest_size=16).hexdigest()


def _sentences_with_words(text: str) -> list[tuple[int, int, list[str]]]:
    """The sentences of a chunk's search text: start, end and their search words (sorted, unique)."""
    return [(a, b, sorted(set(tokenize(text[a:b])))) for a, b in split_sentences(text)]


def _warm_up() -> None:
    tokenize("返乡创业")  # jieba's dictionary, loaded once before workers are forked


def _chunk_sentences(corpus: Corpus, workers: int = 1) -> tuple[list[str], np.ndarray, list[list[list[str]]]]:
    """Unique sentence texts; per (chunk, sentence) rows: chunk index, start, end, the row of its text in
    the unique ones; and the search words of each chunk's sentences."""
    unique: dict[str, int] = {}
    rows: list[tuple[int, int, int, int]] = []
    words: list[list[list[str]]] = []
    texts = [c.search_text for c in corpus.chunks]
    for ci, (text, sentences) in enumerate(zip(texts, ordered_map(_sentences_with_words, texts, workers,
                                                                    _warm_up))):
        for start, end, _ in sentences:
            rows.append((ci, start, end, unique.setdefault(text[start:end], len(unique))))
        words.append([[intern(word) for word in w] for _, _, w in sentences])  # one copy of each word
    return list(unique), np.asarray(rows, dtype=np.int64).reshape(-1, 4), words


def _document_frequencies(words: Sequence[Sequence[Sequence[str]]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for sentences in words:
        for word in set().union(*map(set, sentences)) if sentences else ():
            df[word] = df.get(word, 0) + 1
    return df


def _reuse(previous: SearchIndex | None, embedder: Embedder) -> tuple[dict[str, int], dict[str, int]]:
    """Rows of the chunk vectors (by passage key) and sentence vectors (by text) of a previous index
    made with the same model, which a build can copy instead of embedding again."""
    if previous is None or previous.manifest.get("model") != embedder.name \
            or previous.manifest.get("dim") != embedder.dim:
        return {}, {}
    chunks = {key: row for row, key in previous.passage_keys()}
    sentences: dict[str, int] = {}
    texts = previous.corpus.chunks
    for ci, a, b, row in np.asarray(previous.sentence_ids).tolist():
        sentences.setdefault(texts[ci].search_text[a:b], row)
    return chunks, sentences


def _embed(embedder: Embedder, texts: Sequence[str], keys: Sequence[str], known: Mapping[str, int],
           stored: np.ndarray, progress: bool) -> tuple[np.ndarray, int]:
    """Vectors of ``texts``: copied from ``stored`` where ``known`` has the key, embedded otherwise;
    and how many were embedded."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    copy = [(i, known[k]) for i, k in enumerate(keys) if k in known]
    if copy:
        to, frm = (np.asarray(x, dtype=np.int64) for x in zip(*copy))
        out[to] = stored[frm]
    fresh = sorted(set(range(len(texts))) - {i for i, _ in copy})
    if fresh:
        out[fresh] = embedder.encode_passages([texts[i] for i in fresh], progress=progress)
    return out, len(fresh)


def build_index(corpus: Corpus, embedder: Embedder, settings: Settings, source: Path,
                progress: bool | None = None, previous: SearchIndex | None = None) -> SearchIndex:
    """Embed and index a corpus in memory (:func:`assistant.retrieval.store.save_index` writes it).

    With ``previous`` (an index of the same model), chunks and sentences whose text it already embedded
    are copied from it, so that only new or changed articles are embedded."""
    import faiss

    started = time.perf_counter()
    show = progress if progress is not None else len(corpus.chunks) >= PROGRESS_MIN_CHUNKS
    contexts = chunk_contexts(corpus)  # each normalized once, for the embedded passage and for BM25
    passages = [passage_text(context, c) for context, c in zip(contexts, corpus.chunks)]
    keys = [passage_key(p) for p in passages]
    keyword_texts = [context + " " + c.search_text for context, c in zip(contexts, corpus.chunks)]
    workers = worker_count(settings.ingest_workers, len(passages), chars_of(keyword_texts))
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    sentences, rows, words = _chunk_sentences(corpus, workers)
    # BM25's tokens too, before embedding: worker processes are forked while this one is still small
    tokens = [[intern(t) for t in found] for found in ordered_map(tokenize, keyword_texts, workers, _warm_up)]
    stages["tokenize"] = time.perf_counter() - clock
    known_chunks, known_sentences = _reuse(previous, embedder)
    to_embed = sum(k not in known_chunks for k in keys) + sum(s not in known_sentences for s in sentences)
    warn_if_long(embedder, passages, to_embed)
    embed_started = time.perf_counter()
    chunk_vectors, new_chunks = _embed(embedder, passages, keys, known_chunks,
                                       previous.chunk_vectors if previous else np.zeros(0), show)
    sentence_vectors, new_sentences = _embed(embedder, sentences, sentences, known_sentences,
                                             previous.sentence_vectors if previous else np.zeros(0), show)
    embed_seconds = stages["embed"] = time.perf_counter() - embed_started

    clock = time.perf_counter()
    dense: Any
    if len(corpus.chunks) > settings.exact_search_max_vectors:
        dense = faiss.IndexHNSWFlat(embedder.dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        dense.hnsw.efSearch = max(settings.candidates, settings.hnsw_ef_search)
        kind = "hnsw"
    else:
        dense = faiss.IndexFlatIP(embedder.dim)
        kind = "flat"
    dense.add(chunk_vectors)
    recall = approximate_recall(dense, chunk_vectors) if kind == "hnsw" else 1.0
    stages["faiss"] = time.perf_counter() - clock

    clock = time.perf_counter()
    keyword = KeywordIndex()
    keyword.index_tokens(tokens)
    del tokens
    df = _document_frequencies(words)
    stages["bm25"] = time.perf_counter() - clock
    seconds = time.perf_counter() - started
    manifest = {
        "format": FORMAT_VERSION,
        "model": embedder.name,
        "dim": embedder.dim,
        "source": str(source),
        "corpus_fingerprint": source_fingerprint(source),
        "pipeline": pipeline_fingerprint(),
        "chunking": settings.chunking(),
        "faiss": kind,
        "approx_recall_at_10": round(recall, 4),
        "documents": len(corpus.documents),
        "chunks": len(corpus.chunks),
        "sentences": len(rows),
        "embedded": {"chunks": new_chunks, "sentences": new_sentences},
        "reused": {"chunks": len(passages) - new_chunks, "sentences": len(sentences) - new_sentences},
        "build_seconds": round(seconds, 2),
        "stage_seconds": {name: round(value, 2) for name, value in stages.items()},
        "embed_texts_per_second": (round((new_chunks + new_sentences) / embed_seconds, 1)
                                   if embed_seconds > 0 and new_chunks + new_sentences else None),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": _versions(),
    }
    row_of = {c.id: i for i, c in enumerate(corpus.chunks)}
    return SearchIndex(corpus, manifest, dense, chunk_vectors, sentence_vectors, rows, keyword,
                       Lexicon.in_memory(words, df), lambda: enumerate(keys), row_of.get)


def estimate_embedding_seconds(embedder: Embedder, sample: list[str], total: int) -> float:
    """Seconds to embed ``total`` texts, timed on ``sample`` (a few of them) with this embedder."""
    if not sample:
        return 0.0
    started = time.perf_counter()
    embedder.encode_passages(sample)
    return (time.perf_counter() - started) / len(sample) * total


def warn_if_long(embedder: Embedder, passages: list[str], total: int) -> float | None:
    """Before a long embedding run: time a sample, and warn (log and stderr) when the whole run will take
    more than :data:`WARN_EMBED_SECONDS`. Returns the estimate, or ``None`` for runs too small to time."""
    if total < ESTIMATE_MIN_TEXTS:
        return None
    seconds = estimate_embedding_seconds(embedder, passages[:ESTIMATE_SAMPLE], total)
    if seconds > WARN_EMBED_SECONDS:
        message = (f"embedding {total:,} passages and sentences with {embedder.name} will take about "
                   f"{seconds / 3600:.1f} hours on this machine; a GPU, fewer or shorter articles, or "
                   "--model hash (lexical only) make it faster")
        log.warning(message)  # on stderr even where logging is not configured (the CLI)
    return seconds


def approximate_recall(index: Any, vectors: np.ndarray, k: int = 10, sample: int = 200) -> float:
    """Recall@k of an approximate index against exact inner-product search, on sampled stored vectors."""
    import faiss

    rng = np.random.default_rng(0)
    queries = vectors[rng.choice(len(vectors), size=min(sample, len(vectors)), replace=False)]
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, k)
    _, found = index.search(queries, k)
    hits = sum(len(set(a) & set(b)) for a, b in zip(truth.tolist(), found.tolist()))
    return hits / truth.size


def staleness(manifest: dict[str, Any], settings: Settings, source: Path | None) -> str:
    """Why an index no longer matches the settings and source, or ``""`` when it does."""
    if manifest.get("format") != FORMAT_VERSION:
        return f"it was written in format {manifest.get('format')}, this version reads {FORMAT_VERSION}"
    if manifest.get("model") != settings.model:
        return f"it was built with model {manifest.get('model')!r}, the settings ask for {settings.model!r}"
    if manifest.get("pipeline") != pipeline_fingerprint():
        return "the cleaning, chunking or tokenizing code changed since it was built"
    if manifest.get("chunking") != settings.chunking():
        return f"it was chunked with {manifest.get('chunking')}, the settings ask for {settings.chunking()}"
    if source is not None and Path(source).exists() and manifest.get("corpus_fingerprint") != source_fingerprint(source):
        return f"the source {source} changed since it was built"
    return ""
