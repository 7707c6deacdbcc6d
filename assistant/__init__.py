"""Grounded, cited question answering over Chinese returnee-entrepreneurship (返乡创业) articles.

This module only re-exports, lazily: ``import assistant`` loads nothing heavy, and a stage
(``assistant.answer.train`` on a training machine, say) imports only what it needs.
See the stage modules (``ingest``, ``chunk``, ``embed``, ``index``, ``retrieve``, ``answer``)
for the work.
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
    "ingest": ".ingest",
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
    "ScopeEmptyError", "Settings", "ask", "ingest",
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
    from .ingest import ingest
    from .pipeline import Assistant, ask
    from .schema import Answer, Chunk, Citation, Corpus, DocMeta, Document, Hit, Scope


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
