"""Hybrid retrieval: BM25 and dense scores, normalized and fused, with sentence-level rescoring.

Rank fusion (RRF) throws away how *much* better the best candidate is, and loses to
BM25 at rank 1 on these data. Here each signal is normalized over the candidate set
(BM25 by its maximum, cosines by min–max) and combined linearly:

    score = w_b·bm25 + w_d·dense(chunk) + w_s·max dense(sentence) + w_l·max coverage(sentence)
            + w_a·bm25(article)

with w_b = 1 − w_d − w_s − w_l − w_a. The two sentence terms reward a chunk holding one
sentence that matches the question closely, which is what a factual question needs:
``coverage`` is the IDF-weighted share of the question's words found in one sentence.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Settings
from ..schema import Hit
from ..text import normalize
from .embed import Embedder
from .index import SearchIndex
from .keyword import KeywordIndex, tokenize

MODES = ("hybrid", "bm25", "dense", "rrf")
QUERY_CACHE = 8
RRF_K = 60


@dataclass(frozen=True)
class Signals:
    """The candidates for one query and their raw scores, before fusion.

    ``candidates`` are chunk indices: the BM25 top ``Settings.candidates`` (score > 0) followed by the
    dense top ones not already in; ``bm25`` and ``dense`` score each candidate; ``n_bm25`` and
    ``n_dense`` are how many candidates each retriever ranked, and ``dense_rank`` orders the dense ones
    (positions in ``candidates``, best first).
    """

    query: str
    candidates: np.ndarray
    bm25: np.ndarray
    dense: np.ndarray
    query_vector: np.ndarray
    n_bm25: int
    dense_rank: np.ndarray


def top_indices(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest values, largest first, ties by index: ``argsort(-values,
    kind="stable")[:k]`` in linear time (a partition, then a sort of the ``k``)."""
    n = len(values)
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    if k >= n:
        chosen = np.arange(n)
    else:
        kth = np.partition(values, n - k)[n - k]  # the k-th largest value
        above = np.flatnonzero(values > kth)
        chosen = np.concatenate([above, np.flatnonzero(values == kth)[: k - len(above)]])
    return chosen[np.lexsort((chosen, -values[chosen]))].astype(np.int64)


_blas_limit: list[Any] = []


def limit_blas_threads(threads: int) -> None:
    """Limit the BLAS thread pool of this process (NumPy's) to ``threads`` (0: leave it), once."""
    if threads > 0 and not _blas_limit:
        from threadpoolctl import threadpool_limits

        _blas_limit.append(threadpool_limits(limits=threads, user_api="blas"))


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


def _minmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    return (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)


class Retriever:
    """Scores chunks of a :class:`SearchIndex` for a question."""

    def __init__(self, index: SearchIndex, embedder: Embedder, settings: Settings | None = None,
                 allowed: np.ndarray | None = None) -> None:
        """``allowed``: a boolean mask over chunks to search among (a :class:`~assistant.schema.Scope`);
        ``None`` searches every chunk."""
        self.index = index
        self.embedder = embedder
        self.settings = settings or Settings()
        if allowed is not None and (allowed.dtype != bool or len(allowed) != len(index.corpus.chunks)):
            raise ValueError("allowed must be a boolean mask with one entry per chunk")
        self.allowed = allowed
        self._allowed_ids = np.flatnonzero(allowed) if allowed is not None else None
        limit_blas_threads(self.settings.blas_threads)
        self._lock = threading.Lock()
        self._documents: tuple[KeywordIndex, np.ndarray] | None = None
        self._vectors: dict[str, np.ndarray] = {}

    def query_vector(self, query: str) -> np.ndarray:
        """The embedding of a normalized query. The last few are remembered, only so that the answer stage
        reuses the vector retrieval has just computed (a few entries: concurrent requests)."""
        vector = self._vectors.get(query)
        if vector is None:
            vector = self.embedder.encode_queries([query])[0]
            if len(self._vectors) >= QUERY_CACHE:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[query] = vector
        return vector

    def sentence_similarity(self, chunk_id: str, offset: int, query_vector: np.ndarray) -> float:
        """Cosine between a query and the indexed sentence of a chunk that holds ``offset`` (0 if none)."""
        ci = self.index.chunk_row(chunk_id)
        if ci is None:
            return 0.0
        bounds = self.index.chunk_sentence_bounds
        for row in range(bounds[ci], bounds[ci + 1]):
            _, a, b, vector = self.index.sentence_ids[row]
            if a <= offset < b:
                return float(self.index.sentence_vectors[vector] @ query_vector)
        return 0.0

    def document_keywords(self) -> tuple[KeywordIndex, np.ndarray]:
        """BM25 over whole articles (title included) and each chunk's article row, built on first use
        (only when ``document_weight`` is set: it reads every article)."""
        with self._lock:
            if self._documents is None:
                docs = self.index.corpus.documents
                row = {d.id: i for i, d in enumerate(docs)}
                keyword = KeywordIndex()
                keyword.index([normalize(d.meta.title) + " " + d.search_text for d in docs])
                owner = np.array([row[c.doc_id] for c in self.index.corpus.chunks], dtype=np.int64)
                self._documents = (keyword, owner)
            return self._documents

    def term_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """IDF of each term over chunks; a term no chunk contains weighs as much as the rarest possible one."""
        return self.index.lexicon.idf(terms)

    def knows(self, word: str) -> bool:
        """Whether some indexed chunk has ``word`` (a search word)."""
        return self.index.lexicon.knows(word)

    def coverage(self, candidates: np.ndarray, query: str) -> np.ndarray:
        """For each candidate chunk, how well its best sentence covers the question.

        The mean of two shares: of the question's words (IDF-weighted) and of its character
        bigrams (word order: ``建立了多少个服务站`` shares ``立了``/``个返`` with ``建立了246个返…``).
        """
        lexicon = self.index.lexicon
        words = set(tokenize(query))
        weights = self.term_weights(words)
        total = sum(weights.values())
        bigrams = _bigrams(query)
        out = np.zeros(len(candidates), dtype=np.float32)
        if total <= 0:
            return out
        chunks = self.index.corpus.chunks
        rows = self.index.sentence_ids
        bounds = self.index.chunk_sentence_bounds
        for i, ci in enumerate(candidates.tolist()):
            best = 0.0
            text = chunks[ci].search_text
            for sentence, row in zip(lexicon.sentence_sets(ci), range(bounds[ci], bounds[ci + 1])):
                word_share = sum(weights[w] for w in words & sentence) / total
                a, b = rows[row, 1], rows[row, 2]
                part = text[a:b]
                gram_share = sum(1 for g in bigrams if g in part) / len(bigrams) if bigrams else 0.0
                best = max(best, (word_share + gram_share) / 2)
            out[i] = best
        return out

    def signals(self, query: str, query_vector: np.ndarray | None = None) -> Signals:
        """The candidates of a normalized ``query`` with their BM25 scores and cosines.

        Dense candidates come from the FAISS index: an exact inner product (flat) or the approximate
        graph (HNSW, past ``exact_search_max_vectors``); BM25 candidates from the keyword index's top ``k``.
        Only the candidates are fused and rescored."""
        if query_vector is None:
            query_vector = self.query_vector(query)
        c = self.settings.candidates
        by_bm25, bm25_all = self.index.keyword.top(query, c, self.allowed)
        by_dense = self._dense_candidates(query_vector, c)
        extra = by_dense[~np.isin(by_dense, by_bm25)]
        candidates = np.concatenate([by_bm25, extra]).astype(np.int64)
        vectors = self.index.chunk_vectors
        dense = (vectors[candidates] @ query_vector if len(candidates) else np.zeros(0)).astype(np.float32)
        position = {int(ci): i for i, ci in enumerate(candidates.tolist())}
        dense_rank = np.array([position[int(ci)] for ci in by_dense.tolist()], dtype=np.int64)
        return Signals(query, candidates, bm25_all[candidates].astype(np.float32), dense,
                       query_vector, len(by_bm25), dense_rank)

    def _dense_candidates(self, query_vector: np.ndarray, k: int) -> np.ndarray:
        """The ``k`` chunks nearest the query: exact for a flat index (ties by chunk order), approximate
        through FAISS for a graph index."""
        n = len(self.index.chunk_vectors)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        dense = self.index.dense
        ids = self._allowed_ids
        if ids is not None and len(ids) <= self.settings.exact_search_max_vectors:  # a scope: exact among its chunks
            return ids[top_indices(np.asarray(self.index.chunk_vectors[ids] @ query_vector, np.float32), k)]
        if ids is None and type(dense).__name__ == "IndexFlatIP":
            return top_indices(np.asarray(self.index.chunk_vectors @ query_vector, dtype=np.float32), k)
        import faiss

        selector = {} if ids is None else {"sel": faiss.IDSelectorBatch(ids)}  # a scope: visit only its chunks
        params = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
            efSearch=max(k, self.settings.hnsw_ef_search), **selector)
        size = n if ids is None else len(ids)
        _, found_ids = dense.search(np.asarray(query_vector, dtype=np.float32)[None, :], min(k, size), params=params)
        found = found_ids[0][found_ids[0] >= 0].astype(np.int64)
        scores = self.index.chunk_vectors[found] @ query_vector
        return found[np.lexsort((found, -scores))]

    def sentence_scores(self, candidates: np.ndarray, query_vector: np.ndarray) -> np.ndarray:
        """Best sentence cosine within each candidate chunk."""
        out = np.zeros(len(candidates), dtype=np.float32)
        bounds = self.index.chunk_sentence_bounds
        vectors = self.index.sentence_vectors
        rows = self.index.sentence_ids
        for i, ci in enumerate(candidates):
            lo, hi = bounds[ci], bounds[ci + 1]
            if hi > lo:
                out[i] = float((vectors[rows[lo:hi, 3]] @ query_vector).max())
        return out

    def rank(self, signals: Signals, mode: str = "hybrid", k: int | None = None) -> list[tuple[int, float, tuple[str, ...]]]:
        """Chunk indices with fused scores, best first: ``(chunk_index, score, retrievers)``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        k = k or self.settings.top_k
        if len(signals.candidates) == 0:
            return []
        candidates = signals.candidates
        n_bm25 = signals.n_bm25
        by_bm25 = np.arange(n_bm25)  # positions in ``candidates``, BM25 order
        by_dense = signals.dense_rank
        found: dict[int, set[str]] = {}
        for position in by_bm25.tolist():
            found.setdefault(position, set()).add("bm25")
        for position in by_dense.tolist():
            found.setdefault(position, set()).add("dense")
        if mode == "bm25":
            order = by_bm25 if len(by_bm25) else by_dense
            scores = signals.bm25[order]
        elif mode == "dense":
            order = by_dense
            scores = signals.dense[order]
        elif mode == "rrf":
            fused: dict[int, float] = {}
            for ranking in (by_bm25, by_dense):
                for rank, position in enumerate(ranking.tolist()):
                    fused[position] = fused.get(position, 0.0) + 1.0 / (RRF_K + rank + 1)
            order = np.array(sorted(fused, key=lambda i: -fused[i]), dtype=np.int64)
            scores = np.array([fused[i] for i in order.tolist()], dtype=np.float32)
        else:
            order = np.array(sorted(found, key=lambda i: int(candidates[i])), dtype=np.int64)
            chunks = candidates[order]
            bm25 = signals.bm25[order]
            top = float(bm25.max()) if len(bm25) else 0.0
            bm25_n = bm25 / top if top > 0 else np.zeros_like(bm25)
            dense_n = _minmax(signals.dense[order])
            sentence_n = _minmax(self.sentence_scores(chunks, signals.query_vector))
            settings = self.settings
            w_d, w_s, w_l = settings.dense_weight, settings.sentence_weight, settings.lexical_weight
            w_a = settings.document_weight
            w_b = max(0.0, 1.0 - w_d - w_s - w_l - w_a)
            scores = w_d * dense_n + w_s * sentence_n
            if top > 0:  # when no query word occurs anywhere, the lexical signals carry no information
                scores = scores + w_b * bm25_n + w_l * self.coverage(chunks, signals.query)
                if w_a > 0:
                    keyword, owner = self.document_keywords()
                    article = keyword.scores(signals.query)[owner[chunks]]
                    peak = float(article.max()) if len(article) else 0.0
                    scores = scores + (w_a * article / peak if peak > 0 else 0.0)
            sort = np.argsort(-scores, kind="stable")
            order, scores = order[sort], scores[sort]
        return [(int(candidates[p]), float(s), tuple(sorted(found.get(int(p), {mode})))) for p, s in
                zip(order[:k].tolist(), scores[:k].tolist())]

    def search(self, question: str, k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best chunks for a question in either script."""
        query = normalize(question).strip()
        if not any(ch.isalnum() for ch in query):  # nothing to search for: empty or punctuation only
            return []
        ranked = self.rank(self.signals(query), mode=mode, k=k)
        hits = []
        for ci, score, retrievers in ranked:
            chunk = self.index.corpus.chunks[ci]
            doc = self.index.documents[chunk.doc_id]
            hits.append(Hit(chunk=chunk, title=doc.meta.title, score=score, retrievers=retrievers,
                            region=doc.meta.region))
        return hits
