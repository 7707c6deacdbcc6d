"""Retrieval: embedding, the index and its storage, and the hybrid search over it.

``embed`` (+ ``e5model``, the offline conversion of the default model) makes vectors; ``index``
builds the search index in memory; ``keyword`` is BM25; ``records`` and ``store`` write and read
an index on disk (versioned, checked, memory-mapped); ``retrieve`` fuses BM25 and dense signals.
"""

from .retrieve import Retriever

__all__ = ["Retriever"]
