"""Grounded, cited question answering over Chinese returnee-entrepreneurship (返乡创业) articles.

This module only re-exports, lazily: ``import assistant`` loads nothing heavy, and a stage
(``assistant.answer.train`` on a training machine, say) imports only what it needs.
The stages are folders: ``ingest/`` (read, clean, chunk, extract), ``retrieval/`` (embed, index,
keyword, store, retrieve), ``answer/`` (question, follow-up, reader, calibration, composition) and
``app/`` (web chat, knowledge base, rendering); ``bench/`` holds the benchmarks. Shared: the data
types (``schema``), the settings (``config``), errors, messages, and the script and segmentation
helpers (``text``, ``segment``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Settings": ".config",
    "AssistantError": ".errors",
    "IndexUnavailableError": ".errors",
    "IngestError": ".errors",
    "ModelUnavailableError": ".errors",
    "ReaderUnavailableError": ".errors",
    "ScopeEmptyError": ".errors",
    "Assistant": ".pipeline",
    "ask": ".pipeline",
    "Answer": ".schema",
    "Chunk": ".schema",
    "Citation": ".schema",
    "Corpus": ".schema",
    "DocMeta": ".schema",
    "Document": ".schema",
    "Hit": ".schema",
    "Scope": ".schema",
}

__all__ = [
    "Answer", "Assistant", "AssistantError", "Chunk", "Citation", "Corpus", "DocMeta", "Document", "Hit",
    "IndexUnavailableError", "IngestError", "ModelUnavailableError", "ReaderUnavailableError", "Scope",
    "ScopeEmptyError", "Settings", "ask",
]

if TYPE_CHECKING:
    from .config import Settings
    from .errors import (
        AssistantError,
        IndexUnavailableError,
        IngestError,
        ModelUnavailableError,
        ReaderUnavailableError,
        ScopeEmptyError,
    )
    from .pipeline import Assistant, ask
    from .schema import Answer, Chunk, Citation, Corpus, DocMeta, Document, Hit, Scope


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
