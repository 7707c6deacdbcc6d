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

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .config import Settings
from .embed import Embedder
from .index import SearchIndex
from .keyword import KeywordIndex, tokenize
from .schema import Hit
from .text import normalize

MODES = ("hybrid", "bm25", "dense", "rrf")
QUERY_CACHE = 8
RRF_K = 60


@dataclass(frozen=True)
class Signals:
    """Raw per-chunk scores for one query (all chunks), before fusion."""

    query: str
    bm25: np.ndarray
    dense: np.ndarray
    query_vector: np.ndarray


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

    def __init__(self, index: SearchIndex, embedder: Embedder, settings: Settings | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings or Settings()
        self._lexicon: tuple[list[frozenset[str]], dict[str, float]] | None = None
        self._lexicon_lock = threading.Lock()
        self._documents: tuple[KeywordIndex, np.ndarray] | None = None
        self._vectors: dict[str, np.ndarray] = {}
        self._rows: dict[str, int] | None = None

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
        if self._rows is None:
            self._rows = {c.id: i for i, c in enumerate(self.index.corpus.chunks)}
        ci = self._rows.get(chunk_id)
        if ci is None:
            return 0.0
        bounds = self.index.chunk_sentence_bounds
        for row in range(bounds[ci], bounds[ci + 1]):
            _, a, b = self.index.sentence_ids[row]
            if a <= offset < b:
                return float(self.index.sentence_vectors[row] @ query_vector)
        return 0.0

    def document_keywords(self) -> tuple[KeywordIndex, np.ndarray]:
        """BM25 over whole articles (title included) and each chunk's article row, built on first use."""
        with self._lexicon_lock:
            if self._documents is None:
                docs = self.index.corpus.documents
                row = {d.id: i for i, d in enumerate(docs)}
                keyword = KeywordIndex()
                keyword.index([normalize(d.meta.title) + " " + d.search_text for d in docs])
                owner = np.array([row[c.doc_id] for c in self.index.corpus.chunks], dtype=np.int64)
                self._documents = (keyword, owner)
            return self._documents

    def lexicon(self) -> tuple[list[frozenset[str]], dict[str, float]]:
        """Word sets of every indexed sentence and chunk-level IDF, computed once on first use."""
        with self._lexicon_lock:
            if self._lexicon is None:
                chunks = self.index.corpus.chunks
                rows = self.index.sentence_ids
                sets = [frozenset(tokenize(chunks[ci].search_text[a:b])) for ci, a, b in rows.tolist()]
                df: dict[str, int] = {}
                for ci in range(len(chunks)):
                    words: set[str] = set()
                    for row in self.index.sentences_of(ci).tolist():
                        words |= sets[row]
                    for word in words:
                        df[word] = df.get(word, 0) + 1
                n = max(1, len(chunks))
                idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
                self._lexicon = (sets, idf)
            return self._lexicon

    def term_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """IDF of each term; a term no chunk contains weighs as much as the rarest possible one."""
        _, idf = self.lexicon()
        unseen = math.log(1 + len(self.index.corpus.chunks) + 0.5)
        return {t: idf.get(t, unseen) for t in terms}

    def coverage(self, candidates: np.ndarray, query: str) -> np.ndarray:
        """For each candidate chunk, how well its best sentence covers the question.

        The mean of two shares: of the question's words (IDF-weighted) and of its character
        bigrams (word order: ``建立了多少个服务站`` shares ``立了``/``个返`` with ``建立了246个返…``).
        """
        sets, _ = self.lexicon()
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
            for row in range(bounds[ci], bounds[ci + 1]):
                word_share = sum(weights[w] for w in words & sets[row]) / total
                _, a, b = rows[row]
                text = chunks[ci].search_text[a:b]
                gram_share = sum(1 for g in bigrams if g in text) / len(bigrams) if bigrams else 0.0
                best = max(best, (word_share + gram_share) / 2)
            out[i] = best
        return out

    def signals(self, query: str, query_vector: np.ndarray | None = None) -> Signals:
        """BM25 and chunk-level cosine for every chunk; ``query`` must be normalized."""
        if query_vector is None:
            query_vector = self.query_vector(query)
        dense = self.index.chunk_vectors @ query_vector if len(self.index.chunk_vectors) else np.zeros(0)
        return Signals(query, self.index.keyword.scores(query), np.asarray(dense, dtype=np.float32), query_vector)

    def sentence_scores(self, candidates: np.ndarray, query_vector: np.ndarray) -> np.ndarray:
        """Best sentence cosine within each candidate chunk."""
        out = np.zeros(len(candidates), dtype=np.float32)
        bounds = self.index.chunk_sentence_bounds
        vectors = self.index.sentence_vectors
        for i, ci in enumerate(candidates):
            lo, hi = bounds[ci], bounds[ci + 1]
            if hi > lo:
                out[i] = float((vectors[lo:hi] @ query_vector).max())
        return out

    def rank(self, signals: Signals, mode: str = "hybrid", k: int | None = None) -> list[tuple[int, float, tuple[str, ...]]]:
        """Chunk indices with fused scores, best first: ``(chunk_index, score, retrievers)``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        k = k or self.settings.top_k
        n = len(signals.bm25)
        if n == 0:
            return []
        c = min(self.settings.candidates, n)
        by_bm25 = np.argsort(-signals.bm25, kind="stable")[:c]
        by_bm25 = by_bm25[signals.bm25[by_bm25] > 0]
        by_dense = np.argsort(-signals.dense, kind="stable")[:c]
        found: dict[int, set[str]] = {}
        for ci in by_bm25.tolist():
            found.setdefault(ci, set()).add("bm25")
        for ci in by_dense.tolist():
            found.setdefault(ci, set()).add("dense")
        if mode == "bm25":
            order = by_bm25 if len(by_bm25) else by_dense
            scores = signals.bm25[order]
        elif mode == "dense":
            order = by_dense
            scores = signals.dense[order]
        elif mode == "rrf":
            fused: dict[int, float] = {}
            for ranking in (by_bm25, by_dense):
                for rank, ci in enumerate(ranking.tolist()):
                    fused[ci] = fused.get(ci, 0.0) + 1.0 / (RRF_K + rank + 1)
            order = np.array(sorted(fused, key=lambda i: -fused[i]), dtype=np.int64)
            scores = np.array([fused[i] for i in order.tolist()], dtype=np.float32)
        else:
            order = np.array(sorted(found), dtype=np.int64)
            bm25 = signals.bm25[order]
            top = float(bm25.max()) if len(bm25) else 0.0
            bm25_n = bm25 / top if top > 0 else np.zeros_like(bm25)
            dense_n = _minmax(signals.dense[order])
            sentence_n = _minmax(self.sentence_scores(order, signals.query_vector))
            settings = self.settings
            w_d, w_s, w_l = settings.dense_weight, settings.sentence_weight, settings.lexical_weight
            w_a = settings.document_weight
            w_b = max(0.0, 1.0 - w_d - w_s - w_l - w_a)
            scores = w_d * dense_n + w_s * sentence_n
            if top > 0:  # when no query word occurs anywhere, the lexical signals carry no information
                scores = scores + w_b * bm25_n + w_l * self.coverage(order, signals.query)
                if w_a > 0:
                    keyword, owner = self.document_keywords()
                    article = keyword.scores(signals.query)[owner[order]]
                    peak = float(article.max()) if len(article) else 0.0
                    scores = scores + (w_a * article / peak if peak > 0 else 0.0)
            sort = np.argsort(-scores, kind="stable")
            order, scores = order[sort], scores[sort]
        return [(int(ci), float(s), tuple(sorted(found.get(int(ci), {mode})))) for ci, s in
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
