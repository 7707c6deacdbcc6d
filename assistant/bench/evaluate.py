"""Benchmarks anyone can rerun: retrieval quality and latency on the seeds QA and on SQuAD-style sets."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from ..config import Settings
from ..errors import AssistantError
from ..ingest.read import RawArticle, corpus_from_articles
from ..pipeline import Assistant
from ..retrieval.embed import Embedder, load_embedder
from ..retrieval.index import build_index, source_fingerprint, staleness
from ..retrieval.retrieve import MODES, Retriever
from ..retrieval.store import load_index, read_manifest, save_index
from ..text import normalize


@dataclass(frozen=True)
class Query:
    """One benchmark question and how to recognise a correct hit."""

    id: str
    question: str
    gold_doc: str | None = None  # SQuAD: the gold paragraph
    evidence: str | None = None  # seeds QA: a hit is a chunk containing this (normalized) text
    doc: str | None = None
    answers: tuple[str, ...] = ()
    kind: str = ""
    history: tuple[Any, ...] = ()
    part: str = ""  # SQuAD: "train", "calibration" or "test" (see assistant.answer.train.heldout_part)


@dataclass
class RetrievalScores:
    """hit@1, hit@5, MRR@10 over queries, for one mode."""

    mode: str
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)

    def hit(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r < k) / max(1, len(self.ranks))

    def mrr(self, k: int = 10) -> float:
        return sum(1.0 / (r + 1) for r in self.ranks if r is not None and r < k) / max(1, len(self.ranks))


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else 0.0


def load_qa(path: Path) -> list[Query]:
    """Read a seeds-QA JSONL file."""
    path = Path(path)
    if not path.exists():
        raise AssistantError(f"QA file not found: {path}")
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AssistantError(f"{path}:{number} is not valid JSON ({exc.msg})") from exc
        queries.append(Query(
            id=str(item.get("id", number)), question=item["question"], doc=item.get("doc"),
            evidence=item.get("evidence"), answers=tuple(item.get("answers") or ()), kind=item.get("type", ""),
            history=tuple(item.get("history") or ()),
        ))
    return queries


def load_squad(path: Path, limit_paragraphs: int | None = None) -> tuple[list[RawArticle], list[Query]]:
    """Paragraphs (one article each, titled by their page) and questions of a SQuAD-style JSON file."""
    path = Path(path)
    if not path.exists():
        raise AssistantError(f"SQuAD-style file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AssistantError(f"{path} is not a SQuAD-style JSON file ({exc})") from exc
    from ..answer.train import article_title, heldout_part

    articles: list[RawArticle] = []
    queries: list[Query] = []
    for ai, article in enumerate(data):
        part = heldout_part(path.name, article_title(article, ai))
        for pi, paragraph in enumerate(article["paragraphs"]):
            if limit_paragraphs is not None and len(articles) >= limit_paragraphs:
                return articles, queries
            doc_id = f"p{ai:04d}-{pi:03d}"
            articles.append(RawArticle(doc_id, paragraph["context"], f"{path.name}#{doc_id}", "utf-8",
                                       title=article.get("title", "")))
            for qa in paragraph["qas"]:
                answers = tuple(a["text"] for a in qa.get("answers", []))
                queries.append(Query(id=str(qa["id"]), question=qa["question"], gold_doc=doc_id, answers=answers,
                                     part=part))
    return articles, queries


def cached_squad_index(path: Path, settings: Settings, embedder: Embedder,
                       limit_paragraphs: int | None = None) -> tuple[Retriever, list[Query]]:
    """Build (or reuse) the index of a SQuAD-style file under the cache folder."""
    articles, queries = load_squad(path, limit_paragraphs)
    name = f"{Path(path).stem}-{limit_paragraphs or 'all'}-{source_fingerprint(path)[:12]}"
    folder = settings.cache_dir / "eval" / name / embedder.name.replace("/", "_").replace(":", "_")
    local = settings.with_(index_dir=folder, source=Path(path), model=embedder.name)
    try:
        manifest = read_manifest(folder)
        if staleness(manifest, local, Path(path)):
            raise AssistantError("stale")
        index = load_index(folder)
    except AssistantError:
        corpus = corpus_from_articles(articles, local, progress=True)
        print(f"indexing {len(corpus.chunks)} chunks of {len(articles)} paragraphs…", flush=True)
        try:  # a stale cache still holds the vectors of every passage whose text is unchanged
            previous = load_index(folder, verify=False)
        except AssistantError:
            previous = None
        index = build_index(corpus, embedder, local, Path(path), progress=True, previous=previous)
        save_index(index, folder)
    return Retriever(index, embedder, local), queries


def _rank_of(ranked: list[tuple[int, float, tuple[str, ...]]], is_hit: Callable[[int], bool]) -> int | None:
    for rank, (ci, _, _) in enumerate(ranked):
        if is_hit(ci):
            return rank
    return None


def query_vectors(retriever: Retriever, queries: list[Query], cache: Path | None) -> np.ndarray | None:
    """Question embeddings, cached next to a benchmark index so that weight sweeps skip the model."""
    if cache is None:
        return None
    import hashlib

    key = hashlib.sha256("\n".join(normalize(q.question) for q in queries).encode()).hexdigest()[:16]
    path = cache / f"queries-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = retriever.embedder.encode_queries([normalize(q.question) for q in queries])
    np.save(path, vectors)
    return vectors


def evaluate_retrieval(retriever: Retriever, queries: list[Query], modes: Sequence[str] = MODES,
                       by_document: bool = False, progress: bool = True,
                       vectors: np.ndarray | None = None) -> tuple[dict[str, RetrievalScores], list[float]]:
    """Scores per mode, and the search latency of the hybrid mode (embedding the question included,
    unless ``vectors`` gives precomputed embeddings, in which case latency is not reported)."""
    chunks = retriever.index.corpus.chunks
    scores = {mode: RetrievalScores(mode) for mode in modes}
    latencies: list[float] = []
    depth = 10
    for qi, query in enumerate(tqdm(queries, desc="questions", unit="q", disable=not progress)):
        gold = query.gold_doc if by_document else None
        evidence = "" if by_document else normalize(query.evidence or "")

        def is_hit(ci: int, gold: str | None = gold, ev: str = evidence) -> bool:
            if gold is not None:
                return chunks[ci].doc_id == gold
            return bool(ev) and ev in chunks[ci].search_text
        started = time.perf_counter()
        text = normalize(query.question)
        signals = retriever.signals(text, None if vectors is None else vectors[qi])
        for mode in modes:
            k = depth * 8 if by_document else depth
            ranked = retriever.rank(signals, mode=mode, k=k)
            if mode == "hybrid" and vectors is None:
                latencies.append((time.perf_counter() - started) * 1000)
            if by_document:
                seen: list[tuple[int, float, tuple[str, ...]]] = []
                docs: set[str] = set()
                for item in ranked:
                    if chunks[item[0]].doc_id not in docs:
                        docs.add(chunks[item[0]].doc_id)
                        seen.append(item)
                ranked = seen[:depth]
            scores[mode].add(_rank_of(ranked, is_hit))
    return scores, latencies


def retrieval_table(name: str, scores: dict[str, RetrievalScores], latencies: list[float]) -> list[list[str]]:
    rows = []
    for mode, s in scores.items():
        latency = (f"{percentile(latencies, 50):.1f} / {percentile(latencies, 95):.1f}"
                   if mode == "hybrid" and latencies else "")
        rows.append([name, mode, str(len(s.ranks)), f"{s.hit(1):.3f}", f"{s.hit(5):.3f}", f"{s.mrr(10):.3f}", latency])
    return rows


#: (dense, sentence, lexical, document) weights; BM25 gets the rest.
GRID = ((0.0, 0.0, 0.0, 0.0), (0.2, 0.2, 0.2, 0.0), (0.1, 0.3, 0.2, 0.0), (0.2, 0.2, 0.4, 0.0),
        (0.25, 0.25, 0.3, 0.0), (0.2, 0.2, 0.3, 0.1), (0.15, 0.15, 0.4, 0.1), (0.2, 0.2, 0.4, 0.1),
        (0.2, 0.2, 0.4, 0.2), (0.15, 0.15, 0.3, 0.2))


def sweep_weights(retriever: Retriever, queries: list[Query], vectors: np.ndarray | None, name: str,
                  by_document: bool = True) -> list[list[str]]:
    """hit@1/hit@5/MRR of the hybrid mode over a grid of (dense, sentence, lexical) weights."""
    rows = []
    base = retriever.settings
    for w_d, w_s, w_l, w_a in GRID:
        retriever.settings = base.with_(dense_weight=w_d, sentence_weight=w_s, lexical_weight=w_l,
                                        document_weight=w_a)
        scores, _ = evaluate_retrieval(retriever, queries, modes=("hybrid",), by_document=by_document,
                                       progress=False, vectors=vectors)
        s = scores["hybrid"]
        rows.append([name, f"hybrid d={w_d} s={w_s} l={w_l} a={w_a}", str(len(s.ranks)), f"{s.hit(1):.3f}",
                     f"{s.hit(5):.3f}", f"{s.mrr(10):.3f}", ""])
    retriever.settings = base
    return rows


def reader_parts(bot: Assistant, qa_file: Path, queries: list[Query]) -> list[tuple[str, list[Query]]]:
    """A QA file's questions as ``eval`` reports them: whole, or, when the reader trained on part of
    the file (its manifest lists the file with a split), the held-out part and the trained-on part apart."""
    from ..answer.train import is_heldout

    manifest = getattr(bot.reader, "manifest", None) or {}
    trained = manifest.get("data", {}).get(qa_file.name, {})
    if "split" not in trained:
        return [("", queries)]
    share = float(manifest.get("config", {}).get("qa_heldout_share", 0.5))
    parts: dict[bool, list[Query]] = {True: [], False: []}
    for q in queries:
        parts[is_heldout(qa_file.name, q.id, share)].append(q)
    named = [(" (held out from the reader's training)", parts[True]), (" (the part the reader trained on)", parts[False])]
    return [(name, part) for name, part in named if part]  # a reader trained on the whole file has no held-out part


def run_eval(qa: Path | Sequence[Path] | None, squad: Sequence[Path], settings: Settings, limit: int | None = None,
             limit_paragraphs: int | None = None, answers: bool = True, sweep: bool = False,
             retrieval: bool = True, heldout: bool = False) -> str:
    """The report printed by ``python -m assistant eval``.

    ``heldout``: SQuAD-style sets are cut to the questions held out from the reader's training and
    from its calibration (the ``test`` part), and the reader's own F1/EM on them is reported too.
    """
    from ..report import table

    embedder = load_embedder(settings)
    rows: list[list[str]] = []
    answer_lines: list[str] = []
    qa_files = [] if qa is None else [Path(qa)] if isinstance(qa, (str, Path)) else [Path(p) for p in qa]
    for qa_file in qa_files:
        bot = Assistant.load(settings=settings, embedder=embedder)
        queries = [q for q in load_qa(qa_file) if q.evidence and not q.history][:limit]
        if sweep:
            rows += sweep_weights(bot.retriever, queries, None, f"seeds QA ({qa_file.name})", by_document=False)
        scores, latencies = evaluate_retrieval(bot.retriever, queries, progress=False)
        rows += retrieval_table(f"seeds QA ({qa_file.name})", scores, latencies)
        if answers:
            from .answer_eval import answer_report

            for part, asked in reader_parts(bot, qa_file, load_qa(qa_file)[:limit]):
                answer_lines.append(f"{qa_file.name}{part}:\n\n" + answer_report(bot, asked))
    squad_rows: list[list[str]] = []
    reader_rows: list[list[str]] = []
    for path in squad:
        retriever, queries = cached_squad_index(Path(path), settings, embedder, limit_paragraphs)
        name = Path(path).name
        if heldout:
            queries = [q for q in queries if q.part == "test"]
            name += " (held out)"
        queries = queries[:limit]
        if answers:
            from .answer_eval import reader_scores, squad_answer_report

            bot = Assistant(retriever.index, embedder, retriever.settings)
            squad_rows.append(squad_answer_report(bot, queries, name))
            if heldout:
                scores_ = reader_scores(bot, queries)
                reader_rows.append([name, str(scores_["questions"]), f"{scores_['f1']:.3f}", f"{scores_['em']:.3f}"])
        if not retrieval:
            continue
        vectors = query_vectors(retriever, queries, Path(retriever.settings.index_dir)) if sweep else None
        if sweep:
            rows += sweep_weights(retriever, queries, vectors, Path(path).name)
            continue
        scores, latencies = evaluate_retrieval(retriever, queries, by_document=True)
        rows += retrieval_table(Path(path).name, scores, latencies)
    header = ["data", "retriever", "questions", "hit@1", "hit@5", "MRR@10", "search p50 / p95 ms"]
    parts = [table(header, rows)] if rows else []
    if squad_rows:
        from .answer_eval import SQUAD_HEADER

        parts.append(table(SQUAD_HEADER, squad_rows))
    if reader_rows:
        parts.append(table(["data", "questions", "reader F1", "reader EM"], reader_rows))
    return "\n\n".join([*parts, *answer_lines])
