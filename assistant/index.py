"""The persisted search index: FAISS vectors, sentence vectors, BM25, the chunk store and a manifest.

Writing is atomic for readers: artifacts are built in a temporary folder, the old
manifest is removed, the artifacts are moved in, and the new manifest is moved in last.
A folder without ``manifest.json`` is "not built"; a manifest whose checksums or
settings do not match is "corrupt" or "stale", each with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from .chunk import split_sentences
from .config import Settings
from .embed import Embedder
from .errors import IndexUnavailableError
from .keyword import KeywordIndex
from .schema import Chunk, Corpus, DocMeta, Document, IngestProblem, IngestRecord, Removal, Section
from .text import normalize

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARTIFACTS = ("corpus.json", "dense.faiss", "sentences.npy", "sentence_ids.npy", "bm25")
PROGRESS_MIN_CHUNKS = 200


def source_fingerprint(source: Path) -> str:
    """SHA-256 over the names and bytes of every file of a source (a folder or one file)."""
    source = Path(source)
    digest = hashlib.sha256()
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    for path in files:
        digest.update(path.relative_to(source if source.is_dir() else source.parent).as_posix().encode())
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


def _file_digest(path: Path) -> str:
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
    """Embed and index a corpus and write it to ``settings.index_dir`` (atomically)."""
    import faiss

    started = time.perf_counter()
    show = progress if progress is not None else len(corpus.chunks) >= PROGRESS_MIN_CHUNKS
    docs = {d.id: d for d in corpus.documents}
    passages = [
        (chunk_context(docs[c.doc_id], c) + "\n" + c.search_text).strip() for c in corpus.chunks
    ]
    chunk_vectors = embedder.encode_passages(passages, progress=show)
    sentences, rows, owners = _chunk_sentences(corpus)
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
    index = SearchIndex(corpus, manifest, dense, chunk_vectors, sentence_vectors, rows, keyword)
    save_index(index, Path(settings.index_dir))
    return index


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


def save_index(index: SearchIndex, folder: Path) -> None:
    import faiss

    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))
    try:
        (work / "corpus.json").write_text(json.dumps(corpus_to_json(index.corpus), ensure_ascii=False),
                                          encoding="utf-8")
        faiss.write_index(index.dense, str(work / "dense.faiss"))
        np.save(work / "sentences.npy", index.sentence_vectors)
        np.save(work / "sentence_ids.npy", index.sentence_ids)
        index.keyword.save(work / "bm25")
        manifest = dict(index.manifest)
        manifest["artifacts"] = {name: _file_digest(work / name) for name in ARTIFACTS}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        old_manifest = folder / MANIFEST
        if old_manifest.exists():
            old_manifest.unlink()
        for name in ARTIFACTS:
            target = folder / name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(work / name, target)
        os.replace(work / MANIFEST, folder / MANIFEST)
        index.manifest = manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise IndexUnavailableError(f"no index in {folder}: run `python -m assistant build`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexUnavailableError(f"index manifest {path} is corrupt ({exc}); rebuild with --rebuild") from exc
    if not isinstance(manifest, dict):
        raise IndexUnavailableError(f"index manifest {path} is corrupt; rebuild with --rebuild")
    return manifest


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


def load_index(folder: Path, verify: bool = True) -> SearchIndex:
    """Read an index written by :func:`build_index`; corrupt or missing parts raise a clear error."""
    import faiss

    folder = Path(folder)
    manifest = read_manifest(folder)
    artifacts = manifest.get("artifacts", {})
    for name in ARTIFACTS:
        path = folder / name
        if not path.exists():
            raise IndexUnavailableError(f"index in {folder} is incomplete: {name} is missing; rebuild with --rebuild")
        if verify and artifacts.get(name) != _file_digest(path):
            raise IndexUnavailableError(
                f"index in {folder} is corrupt: {name} does not match its checksum; rebuild with --rebuild")
    try:
        corpus = corpus_from_json(json.loads((folder / "corpus.json").read_text(encoding="utf-8")))
        dense = faiss.read_index(str(folder / "dense.faiss"))
        sentence_vectors = np.load(folder / "sentences.npy")
        sentence_ids = np.load(folder / "sentence_ids.npy")
        keyword = KeywordIndex.load(folder / "bm25", len(corpus.chunks))
    except Exception as exc:  # any parse failure means the same thing to the user
        raise IndexUnavailableError(f"index in {folder} is corrupt ({type(exc).__name__}: {exc}); "
                                    "rebuild with --rebuild") from exc
    if dense.ntotal != len(corpus.chunks) or len(sentence_ids) != len(sentence_vectors):
        raise IndexUnavailableError(f"index in {folder} is corrupt: counts disagree; rebuild with --rebuild")
    chunk_vectors = dense.reconstruct_n(0, dense.ntotal) if dense.ntotal else np.zeros((0, dense.d), np.float32)
    return SearchIndex(corpus, manifest, dense, np.asarray(chunk_vectors, dtype=np.float32), sentence_vectors,
                       sentence_ids, keyword)
