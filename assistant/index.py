"""The search index: FAISS vectors, sentence vectors, BM25, the chunk store, and the manifest that
records how it was built (model, chunking, source and pipeline fingerprints, versions).

:func:`build_index` makes one in memory; :mod:`assistant.store` writes and reads it (versioned
folders, an atomic switch). An index whose settings, source or pipeline no longer match is
"stale" (:func:`staleness` says why).
"""

from __future__ import annotations

import hashlib
import logging
import platform
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from .chunk import split_sentences
from .config import Settings
from .embed import Embedder
from .ingest import source_files
from .keyword import KeywordIndex
from .schema import Chunk, Corpus, DocMeta, Document, IngestProblem, IngestRecord, Removal, Section
from .text import normalize

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARTIFACTS = ("corpus.json", "dense.faiss", "sentences.npy", "sentence_ids.npy", "bm25")
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
PIPELINE_FILES = ("clean.py", "chunk.py", "ingest.py", "text.py", "segment.py", "keyword.py", "index.py",
                  "data/domain_dict.txt", "data/stopwords.txt")


def pipeline_fingerprint() -> str:
    """SHA-256 of the ingestion, chunking and tokenization code that built an index (first 16 hex digits)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
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


# --- corpus (de)serialization ------------------------------------------------------------------------


def corpus_to_json(corpus: Corpus) -> dict[str, Any]:
    return {
        "documents": [asdict(d) for d in corpus.documents],
        "chunks": [asdict(c) for c in corpus.chunks],
        "records": [asdict(r) for r in corpus.records],
        "problems": [asdict(p) for p in corpus.problems],
    }


def corpus_from_json(data: dict[str, Any]) -> Corpus:
    documents = tuple(
        Document(
            id=d["id"], display_text=d["display_text"], search_text=d["search_text"], meta=DocMeta(**d["meta"]),
            script=d["script"], sections=tuple(Section(**s) for s in d["sections"]),
            search_to_display=tuple(d["search_to_display"]),
        )
        for d in data["documents"]
    )
    chunks = tuple(Chunk(**c) for c in data["chunks"])
    records = tuple(
        IngestRecord(**{**r, "removals": tuple(Removal(**x) for x in r["removals"])}) for r in data["records"]
    )
    problems = tuple(IngestProblem(**p) for p in data["problems"])
    return Corpus(documents, chunks, records, problems)


# --- the index ----------------------------------------------------------------------------------------


def chunk_context(doc: Document, chunk: Chunk) -> str:
    """What a chunk is indexed with besides its own text: the article title, city and section heading."""
    parts = [doc.meta.title, doc.meta.city, chunk.heading]
    return normalize(" ".join(p for p in parts if p and p not in chunk.text))


@dataclass
class SearchIndex:
    """Everything retrieval needs, in memory."""

    corpus: Corpus
    manifest: dict[str, Any]
    dense: Any  # faiss.Index
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_ids: np.ndarray  # (n_sentences_in_chunks, 3): chunk index, start, end in chunk.search_text
    keyword: KeywordIndex
    location: Path | None = field(default=None, compare=False)  # the version folder it was read from

    def __post_init__(self) -> None:
        self.documents = {d.id: d for d in self.corpus.documents}
        bounds = np.searchsorted(self.sentence_ids[:, 0], np.arange(len(self.corpus.chunks) + 1))
        self.chunk_sentence_bounds = bounds

    def sentences_of(self, chunk_index: int) -> np.ndarray:
        """Rows of ``sentence_ids`` for one chunk."""
        lo, hi = self.chunk_sentence_bounds[chunk_index], self.chunk_sentence_bounds[chunk_index + 1]
        return np.arange(lo, hi)


def _chunk_sentences(corpus: Corpus) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Unique sentence texts, and per (chunk, sentence) rows: chunk index, start, end, unique id."""
    unique: dict[str, int] = {}
    rows: list[tuple[int, int, int]] = []
    owners: list[int] = []
    for ci, chunk in enumerate(corpus.chunks):
        for start, end in split_sentences(chunk.search_text):
            text = chunk.search_text[start:end]
            owners.append(unique.setdefault(text, len(unique)))
            rows.append((ci, start, end))
    return list(unique), np.asarray(rows, dtype=np.int64).reshape(-1, 3), np.asarray(owners, dtype=np.int64)


def build_index(corpus: Corpus, embedder: Embedder, settings: Settings, source: Path,
                progress: bool | None = None) -> SearchIndex:
    """Embed and index a corpus in memory (:func:`assistant.store.save_index` writes it)."""
    import faiss

    started = time.perf_counter()
    show = progress if progress is not None else len(corpus.chunks) >= PROGRESS_MIN_CHUNKS
    docs = {d.id: d for d in corpus.documents}
    passages = [
        (chunk_context(docs[c.doc_id], c) + "\n" + c.search_text).strip() for c in corpus.chunks
    ]
    sentences, rows, owners = _chunk_sentences(corpus)
    warn_if_long(embedder, passages, len(passages) + len(sentences))
    chunk_vectors = embedder.encode_passages(passages, progress=show)
    unique_vectors = embedder.encode_passages(sentences, progress=show)
    sentence_vectors = unique_vectors[owners] if len(owners) else np.zeros((0, embedder.dim), np.float32)
    embed_seconds = time.perf_counter() - started

    dense: Any
    if len(corpus.chunks) > settings.exact_search_max_vectors:
        dense = faiss.IndexHNSWFlat(embedder.dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        dense.hnsw.efSearch = max(64, settings.candidates * 2)
        kind = "hnsw"
    else:
        dense = faiss.IndexFlatIP(embedder.dim)
        kind = "flat"
    dense.add(chunk_vectors)
    recall = approximate_recall(dense, chunk_vectors) if kind == "hnsw" else 1.0

    keyword = KeywordIndex()
    keyword.index([
        chunk_context(docs[c.doc_id], c) + " " + c.search_text for c in corpus.chunks
    ])
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
        "build_seconds": round(seconds, 2),
        "embed_chunks_per_second": round(len(corpus.chunks) / embed_seconds, 1) if embed_seconds else None,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "versions": _versions(),
    }
    return SearchIndex(corpus, manifest, dense, chunk_vectors, sentence_vectors, rows, keyword)


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
