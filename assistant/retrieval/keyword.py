"""The keyword index: BM25 (bm25s) over jieba tokens of the Simplified search text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..segment import search_words

STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "stopwords.txt"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w.strip() for w in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines() if w.strip())


def _is_word(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens of already-normalized text, without punctuation and stopwords."""
    stop = stopwords()
    return [t.lower() for t in search_words(text) if _is_word(t) and t not in stop]


class KeywordIndex:
    """BM25 with literature defaults (k1=1.5, b=0.75, Lucene IDF) over tokenized documents."""

    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        import bm25s

        if k1 <= 0:
            raise ValueError(f"k1 must be greater than 0, got {k1}")
        if not 0 <= b <= 1:
            raise ValueError(f"b must be between 0 and 1, got {b}")
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def index(self, texts: Sequence[str]) -> None:
        """Index normalized texts (one per chunk, in chunk order)."""
        self.index_tokens([tokenize(t) for t in texts])

    def index_tokens(self, tokens: Sequence[list[str]]) -> None:
        """Index texts already tokenized with :func:`tokenize`."""
        self._bm25.index([t or [""] for t in tokens], show_progress=False)
        self._size = len(tokens)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text for a normalized query (zeros when no term is known)."""
        vocab = self._bm25.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def top(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The indices of the ``k`` best-scoring texts with a score above 0 (best first, ties by index),
        among ``allowed`` ones when a boolean mask is given, and every text's score."""
        from .retrieve import top_indices

        scores = self.scores(query)
        positive = scores > 0
        scored = np.flatnonzero(positive if allowed is None else positive & allowed)  # a small part, usually
        return scored[top_indices(scores[scored], k)], scores

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> KeywordIndex:
        import bm25s

        index = cls.__new__(cls)
        index._bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0)
        index._size = size
        return index
