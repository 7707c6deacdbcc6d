"""Exception classes. The CLI and the web app turn these into one-line messages."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: an error whose message is meant for the user, not a traceback."""


class IngestError(AssistantError):
    """A source could not be read: missing folder, duplicate id, unreadable JSONL."""


class ModelUnavailableError(AssistantError):
    """The embedding model is not on this machine (no download is ever attempted)."""


class IndexUnavailableError(AssistantError):
    """An index is missing, stale or corrupt."""


class IndexMissingError(IndexUnavailableError):
    """No index has been built in the folder yet (the first start builds one)."""


class ScopeEmptyError(AssistantError):
    """No article is in the region or date range a question was narrowed to."""


class ReaderUnavailableError(AssistantError):
    """The answer reader (base model + adapter) is missing, damaged or does not match its manifest."""

__all__ = ["AssistantError", "IndexMissingError", "IndexUnavailableError", "IngestError", "ModelUnavailableError", "ReaderUnavailableError", "ScopeEmptyError"]
