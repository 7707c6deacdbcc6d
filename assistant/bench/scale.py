"""``python -m assistant bench scale``: how the index behaves at 10k, 100k, 1M chunks.

A synthetic corpus of ``N`` chunks is made of real Chinese text: the sentences of the SQuAD-style
sets, recombined at random into chunks of about ``chunk_target_chars`` (five chunks an article,
the article titles of the sets). It is indexed by the project's own build (:func:`build_index`,
:func:`save_index`): with the real embedding model, or with :class:`ComposedVectors` when
``--fake-vectors`` is given (a CPU cannot embed a million passages in a session). The index is
then loaded in a fresh process, which reports load time and resident memory, then the latency of
hybrid search over real questions (question embedding by the real model included) and the
recall@10 of the dense index against exact search for the same question vectors.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..ingest.chunk import split_sentences
from ..retrieval.embed import Embedder, load_embedder
from ..schema import Chunk, Corpus, DocMeta, Document, Section
from ..text import normalize

CHUNKS_PER_DOCUMENT = 5
QUERIES = 200
POOL_SENTENCES = 10_000  # sentences recombined into chunks (each embedded once with --fake-vectors)


@dataclass(frozen=True)
class ScaleResult:
    """One row of the scale table."""

    chunks: int
    documents: int
    sentences: int
    vectors: str  # "model" or "composed"
    faiss: str
    stage_seconds: dict[str, float]
    disk_mb: float
    load_s: float
    rss_mb: float
    index_rss_mb: float  # what loading the index added (the model is loaded before)
    peak_rss_mb: float
    search_p50_ms: float
    search_p95_ms: float
    recall_at_10: float
    queries: int
    embed_p50_ms: float  # the question embedding alone (the bare cost inside every search)


def sentence_pool(paths: Sequence[Path], limit: int = POOL_SENTENCES) -> tuple[list[str], list[str], list[str]]:
    """Unique normalized sentences (the first ``limit``), article titles and questions of SQuAD-style files."""
    sentences: dict[str, None] = {}
    titles: list[str] = []
    questions: list[str] = []
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for article in data["data"]:
            titles.append(normalize(article.get("title", "")))
            for paragraph in article["paragraphs"]:
                text = normalize(paragraph["context"])
                for a, b in split_sentences(text):
                    if b - a >= 8:
                        sentences[text[a:b]] = None
                questions.extend(q["question"] for q in paragraph["qas"])
    if not sentences:
        raise ValueError("no sentences in the SQuAD-style files given")
    return list(sentences)[:limit], [t for t in titles if t] or ["文章"], questions


def synthetic_corpus(n_chunks: int, sentences: Sequence[str], titles: Sequence[str], target_chars: int = 200,
                     seed: int = 0) -> Corpus:
    """``n_chunks`` chunks of random sentences (about ``target_chars`` each), five to an article."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sentences), size=n_chunks * 12)
    lengths = np.array([len(s) for s in sentences])
    documents: list[Document] = []
    chunks: list[Chunk] = []
    cursor = 0
    for d in range(0, n_chunks, CHUNKS_PER_DOCUMENT):
        doc_id = f"s{d // CHUNKS_PER_DOCUMENT:07d}"
        texts = []
        for _ in range(min(CHUNKS_PER_DOCUMENT, n_chunks - d)):
            parts, size = [], 0
            while size < target_chars:
                if cursor >= len(picks):
                    picks, cursor = rng.integers(0, len(sentences), size=n_chunks * 12), 0
                parts.append(sentences[picks[cursor]])
                size += int(lengths[picks[cursor]])
                cursor += 1
            texts.append("".join(parts))
        display = "\n".join(texts)
        doc = Document(id=doc_id, display_text=display, search_text=display,
                       meta=DocMeta(title=titles[int(rng.integers(len(titles)))]), script="simplified",
                       sections=(Section("", 0, len(display)),))
        documents.append(doc)
        start = 0
        for i, text in enumerate(texts):
            chunks.append(Chunk(id=f"{doc_id}#{i}", doc_id=doc_id, index=i, text=text, search_text=text,
                                start=start, end=start + len(text)))
            start += len(text) + 1
    return Corpus(tuple(documents), tuple(chunks))


class ComposedVectors:
    """``--fake-vectors``: vectors without embedding every passage. Each sentence of the pool is embedded
    once by the real model (cached); a synthetic sentence gets its real vector and a chunk the normalized
    mean of its sentences' vectors, so that neighbours are as structured as real embeddings (random
    vectors are not: on them an approximate index finds a fraction of the true neighbours, which says
    nothing about real data). Questions are embedded by the real model."""

    def __init__(self, model: Embedder, sentences: Sequence[str], cache: Path) -> None:
        import hashlib

        self.model = model
        self.name = model.name
        self.dim = model.dim
        digest = hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()[:16]
        path = cache / f"pool-{model.name.replace('/', '_').replace(':', '_')}-{digest}.npy"
        if path.exists():
            vectors = np.load(path)
        else:
            print(f"embedding the {len(sentences):,} pool sentences once (cached in {path})…", file=sys.stderr)
            vectors = model.encode_passages(list(sentences), progress=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        self._vectors = vectors
        self._row = {s: i for i, s in enumerate(sentences)}
        self._rng = np.random.default_rng(0)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            row = self._row.get(text)
            if row is not None:
                out[i] = self._vectors[row]
                continue
            body = text.rsplit("\n", 1)[-1]
            rows = [self._row[body[a:b]] for a, b in split_sentences(body) if body[a:b] in self._row]
            vector = self._vectors[rows].sum(axis=0) if rows else self._rng.standard_normal(self.dim)
            out[i] = vector / np.linalg.norm(vector)
        return out


def _rss_mb() -> tuple[float, float]:
    """Resident memory now and at its peak, in MB: /proc's VmRSS and VmHWM on Linux (the peak of this
    process image; ``ru_maxrss`` would carry over the peak of the process that started it), elsewhere
    ``ru_maxrss`` for both."""
    try:
        status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
        return float(status["VmRSS"].split()[0]) / 1024, float(status["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def build_scaled(n_chunks: int, pool: tuple[list[str], list[str], list[str]], folder: Path, settings: Settings,
                 fake_vectors: bool, seed: int = 0) -> dict[str, Any]:
    """Make, index and write a synthetic corpus of ``n_chunks``; the build's manifest with stage times."""
    from ..retrieval.index import build_index
    from ..retrieval.store import save_index

    started = time.perf_counter()
    corpus = synthetic_corpus(n_chunks, pool[0], pool[1], settings.chunk_target_chars, seed)
    synthesized = time.perf_counter() - started
    model = load_embedder(settings)
    embedder: Embedder = ComposedVectors(model, pool[0], settings.cache_dir / "scale") if fake_vectors else model
    spec = folder.parent / f"synthetic-{n_chunks}.json"
    spec.write_text(json.dumps({"chunks": n_chunks, "seed": seed, "fake_vectors": fake_vectors}), encoding="utf-8")
    index = build_index(corpus, embedder, settings, spec, progress=not fake_vectors)
    t0 = time.perf_counter()
    save_index(index, folder)
    manifest = dict(index.manifest)
    manifest["stage_seconds"] = {"synthesize": round(synthesized, 2), **manifest.get("stage_seconds", {}),
                                 "write": round(time.perf_counter() - t0, 2)}
    del index, corpus
    gc.collect()
    return manifest


def measure_loaded(folder: Path, settings: Settings, questions: Sequence[str], k: int = 10) -> dict[str, float]:
    """In this process: load the index, then time hybrid search and measure dense recall@k."""
    from ..retrieval.retrieve import Retriever
    from ..retrieval.store import load_index

    embedder = load_embedder(settings)  # the model loads before the clock starts: it is not the index
    embedder.encode_queries(["预热"])
    base, _ = _rss_mb()
    t0 = time.perf_counter()
    index = load_index(folder)
    load_s = time.perf_counter() - t0
    rss_loaded, _ = _rss_mb()
    retriever = Retriever(index, embedder, settings)
    retriever.search(questions[0])
    latencies = []
    for question in questions:
        t = time.perf_counter()
        retriever.search(question, k=5)
        latencies.append((time.perf_counter() - t) * 1000)
    rss, peak = _rss_mb()
    bare, embedded = [], []  # the baseline: the question embedding alone, same questions, same run
    for question in questions:
        t = time.perf_counter()
        embedded.append(embedder.encode_queries([normalize(question).strip()])[0])
        bare.append((time.perf_counter() - t) * 1000)
    recall = dense_recall(index, np.stack(embedded[:QUERIES]), k)
    return {"load_s": load_s, "rss_mb": rss, "index_rss_mb": rss_loaded - base, "peak_rss_mb": peak,
            "search_p50_ms": float(np.percentile(latencies, 50)), "search_p95_ms": float(np.percentile(latencies, 95)),
            "recall_at_10": recall, "queries": len(latencies), "embed_p50_ms": float(np.percentile(bare, 50))}


def dense_recall(index: Any, queries: np.ndarray, k: int = 10) -> float:
    """Recall@k of the index's dense search against exact inner product over its stored vectors."""
    import faiss

    queries = np.ascontiguousarray(queries, dtype=np.float32)
    _, truth = faiss.knn(queries, np.ascontiguousarray(index.chunk_vectors), k, metric=faiss.METRIC_INNER_PRODUCT)
    _, found = index.dense.search(queries, k)
    return sum(len(set(a) & set(b)) for a, b in zip(truth.tolist(), found.tolist())) / truth.size


def bench_scale(sizes: Sequence[int], squad: Sequence[Path], settings: Settings, work: Path,
                fake_vectors: bool = True, queries: int = QUERIES, keep: bool = False) -> list[ScaleResult]:
    """Build and measure an index of each size in ``sizes`` under ``work``."""
    pool = sentence_pool(squad)
    questions = pool[2][:queries] or ["返乡创业"]
    out = []
    for n in sizes:
        folder = work / f"scale-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(f"building {n:,} chunks…", file=sys.stderr, flush=True)
        manifest = build_scaled(n, pool, folder, settings, fake_vectors)
        questions_file = work / "questions.json"
        questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, "-m", "assistant.bench.scale", str(folder), str(questions_file), settings.model,
                   settings.device]
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ}, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"measuring the {n:,}-chunk index failed:\n{result.stderr[-2000:]}")
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        out.append(ScaleResult(
            chunks=n, documents=manifest["documents"], sentences=manifest["sentences"],
            vectors="composed" if fake_vectors else "model", faiss=manifest["faiss"],
            stage_seconds=manifest["stage_seconds"], disk_mb=round(_disk_mb(folder), 1),
            load_s=round(measured["load_s"], 2), rss_mb=round(measured["rss_mb"], 1),
            index_rss_mb=round(measured["index_rss_mb"], 1),
            peak_rss_mb=round(measured["peak_rss_mb"], 1), search_p50_ms=round(measured["search_p50_ms"], 1),
            search_p95_ms=round(measured["search_p95_ms"], 1), recall_at_10=round(measured["recall_at_10"], 4),
            queries=int(measured["queries"]), embed_p50_ms=round(measured["embed_p50_ms"], 1)))
        print(json.dumps(asdict(out[-1]), ensure_ascii=False), file=sys.stderr, flush=True)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
            spec = work / f"synthetic-{n}.json"
            spec.unlink(missing_ok=True)
    return out


def scale_table(rows: Sequence[ScaleResult]) -> str:
    from ..report import table

    header = ["chunks", "vectors", "faiss", "build s (corpus · tokenize · embed · faiss · bm25 · write)", "disk MB",
              "load s", "RSS MB: process (peak) · index", "search p50 / p95 ms (question embedding alone, p50)", "recall@10"]
    body = []
    for r in rows:
        s = r.stage_seconds
        stages = " · ".join(f"{s.get(name, 0):.0f}" for name in ("synthesize", "tokenize", "embed", "faiss", "bm25",
                                                                   "write"))
        body.append([f"{r.chunks:,}", r.vectors, r.faiss, f"{sum(s.values()):.0f} ({stages})", f"{r.disk_mb:,.0f}",
                     f"{r.load_s:.1f}", f"{r.rss_mb:,.0f} ({r.peak_rss_mb:,.0f}) · {r.index_rss_mb:,.0f}",
                     f"{r.search_p50_ms:.1f} / {r.search_p95_ms:.1f} ({r.embed_p50_ms:.1f})",
                     f"{r.recall_at_10:.3f}"])
    return table(header, body)


def _main(argv: Sequence[str]) -> int:
    """The measuring process: ``python -m assistant.bench.scale FOLDER QUESTIONS.json MODEL DEVICE``."""
    folder, questions_file, model, device = argv
    settings = Settings(model=model, device=device)
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    print(json.dumps(measure_loaded(Path(folder), settings, questions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
