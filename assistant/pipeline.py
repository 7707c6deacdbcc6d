"""The public entry point: :class:`Assistant` (build / load / search / ask) and a shared default."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .embed import Embedder, load_embedder
from .errors import IndexUnavailableError
from .index import SearchIndex, build_index, load_index, read_manifest, staleness
from .ingest import ingest
from .retrieve import Retriever
from .schema import Answer, Hit

if TYPE_CHECKING:
    from .answer.calibrate import Calibration
    from .answer.reader import Reader

log = logging.getLogger(__name__)


class Assistant:
    """Retrieval and grounded answers over one index.

    >>> bot = Assistant.load()                       # doctest: +SKIP
    >>> bot.search("菏泽建了多少个服务站", k=3)       # doctest: +SKIP
    >>> bot.ask("菏泽建了多少个服务站？").text        # doctest: +SKIP
    """

    def __init__(self, index: SearchIndex, embedder: Embedder, settings: Settings | None = None,
                 reader: Reader | None = None, calibration: Calibration | None = None) -> None:
        self.settings = settings or Settings()
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder, self.settings)
        self._reader = reader
        self._calibration = calibration
        self._reader_lock = threading.Lock()

    @property
    def reader(self) -> Reader:
        """The span reader (``settings.reader``), loaded on first use."""
        with self._reader_lock:
            if self._reader is None:
                from .answer.reader import load_reader

                self._reader = load_reader(self.settings)
            return self._reader

    @property
    def calibration(self) -> Calibration:
        """When to answer: the shipped calibration, unless one was given."""
        if self._calibration is None:
            from .answer.calibrate import Calibration

            self._calibration = Calibration.load().for_embedder(self.embedder.name)
        return self._calibration

    def with_reader(self, reader: Reader, calibration: Calibration | None = None) -> Assistant:
        """The same index and embedder with another reader (and calibration)."""
        return Assistant(self.index, self.embedder, self.settings, reader, calibration or self._calibration)

    # --- construction ------------------------------------------------------------------------------

    @classmethod
    def build(cls, source: Path | str | None = None, index_dir: Path | str | None = None,
              settings: Settings | None = None, embedder: Embedder | None = None,
              progress: bool | None = None, reader: Reader | None = None) -> Assistant:
        """Ingest ``source``, embed and index it, write the index to ``index_dir`` and return the assistant."""
        settings = _with_paths(settings, source, index_dir)
        embedder = embedder or load_embedder(settings)
        corpus = ingest(settings.source, settings, progress=progress)
        index = build_index(corpus, embedder, settings, settings.source, progress=progress)
        return cls(index, embedder, settings, reader)

    @classmethod
    def load(cls, index_dir: Path | str | None = None, settings: Settings | None = None,
             embedder: Embedder | None = None, rebuild: str = "if-needed",
             progress: bool | None = None) -> Assistant:
        """Load the index in ``index_dir``.

        ``rebuild``: ``"if-needed"`` (default) builds it when missing, stale or corrupt;
        ``"never"`` raises :class:`IndexUnavailableError` explaining what is wrong;
        ``"always"`` rebuilds unconditionally.
        """
        if rebuild not in ("if-needed", "never", "always"):
            raise ValueError(f"rebuild must be 'if-needed', 'never' or 'always', got {rebuild!r}")
        settings = _with_paths(settings, None, index_dir)
        if rebuild == "always":
            return cls.build(settings=settings, embedder=embedder, progress=progress)
        try:
            manifest = read_manifest(settings.index_dir)
            source = Path(manifest.get("source", settings.source))
            reason = staleness(manifest, settings, source if source.exists() else None)
            if reason:
                raise IndexUnavailableError(f"index in {settings.index_dir} is stale: {reason}; rebuild with --rebuild")
            index = load_index(settings.index_dir)
        except IndexUnavailableError as exc:
            if rebuild == "never":
                raise
            log.warning("%s — rebuilding", exc)
            return cls.build(settings=settings, embedder=embedder, progress=progress)
        settings = settings.with_(source=source)
        return cls(index, embedder or load_embedder(settings), settings)

    @cached_property
    def places(self) -> list[str]:
        """Place names the articles are about, longest first (for follow-ups like 那乐山呢？)."""
        from .answer.question import corpus_places

        return corpus_places(self.index.corpus.documents)

    # --- queries -------------------------------------------------------------------------------------

    def search(self, question: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` most relevant chunks for a question (Simplified or Traditional)."""
        if k <= 0:
            raise ValueError(f"k must be greater than 0, got {k}")
        return self.retriever.search(question, k=k, mode=mode)

    def ask(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        """A grounded, cited answer, or an honest refusal. Never raises for bad input."""
        from .answer.answerer import answer_question

        return answer_question(self, question, history)


def _with_paths(settings: Settings | None, source: Path | str | None, index_dir: Path | str | None) -> Settings:
    settings = settings or Settings()
    changes: dict[str, Any] = {}
    if source is not None:
        changes["source"] = Path(source)
    if index_dir is not None:
        changes["index_dir"] = Path(index_dir)
    return settings.with_(**changes) if changes else settings


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant(settings: Settings | None = None) -> Assistant:
    """The shared assistant over the default index, loaded (or built) once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant.load(settings=settings)
        return _default


def ask(question: str, history: Sequence[Any] | None = None) -> Answer:
    """Answer with the default index (built on first use)."""
    return default_assistant().ask(question, history)
