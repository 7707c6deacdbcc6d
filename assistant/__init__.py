"""Grounded, cited question answering over Chinese returnee-entrepreneurship (返乡创业) articles.

This module only re-exports; see the stage modules (``ingest``, ``chunk``, ``embed``,
``index``, ``retrieve``, ``answer``, ``cite``, ``evaluate``) for the work.
"""

from .config import Settings
from .errors import AssistantError, IndexUnavailableError, IngestError, ModelUnavailableError
from .ingest import ingest
from .pipeline import Assistant, ask
from .schema import Answer, Chunk, Citation, Corpus, DocMeta, Document, Hit

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Chunk",
    "Citation",
    "Corpus",
    "DocMeta",
    "Document",
    "Hit",
    "IndexUnavailableError",
    "IngestError",
    "ModelUnavailableError",
    "Settings",
    "ask",
    "ingest",
]
