"""The public entry point: :class:`Assistant` (build / load / search / ask) and a shared default."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import messages
from .config import Settings
from .errors import IndexMissingError, IndexUnavailableError, ScopeEmptyError
from .ingest.read import ingest
from .retrieval.embed import Embedder, load_embedder
from .retrieval.index import SearchIndex, build_index, staleness
from .retrieval.retrieve import Retriever
from .retrieval.store import build_lock, current_version, load_index, recorded_source, save_index
from .schema import Answer, Hit, Scope

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
        self._scopes: dict[Scope, Assistant] = {}

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
        """When to answer: the calibration in the reader's folder (fitted for that reader by
        ``calibrate``), else the shipped one, unless one was given."""
        if self._calibration is None:
            from .answer.calibrate import CALIBRATION_FILE, Calibration, calibration_file

            path = calibration_file(self.settings.reader)
            if not path.is_file():
                log.warning("no calibration.json in the reader's folder: the shipped calibration is used; "
                            "fit one with `python -m assistant calibrate --reader %s`", self.settings.reader)
                path = CALIBRATION_FILE
            self._calibration = Calibration.load(path).for_embedder(self.embedder.name)
        return self._calibration

    def with_reader(self, reader: Reader, calibration: Calibration | None = None) -> Assistant:
        """The same index and embedder with another reader (and calibration)."""
        return Assistant(self.index, self.embedder, self.settings, reader, calibration or self._calibration)

    # --- construction ------------------------------------------------------------------------------

    @classmethod
    def build(cls, source: Path | str | None = None, index_dir: Path | str | None = None,
              settings: Settings | None = None, embedder: Embedder | None = None,
              progress: bool | None = None, reader: Reader | None = None) -> Assistant:
        """Ingest ``source``, embed and index it, and make it the live version of the index in ``index_dir``
        (the previous version keeps serving until the switch); returns the assistant over it."""
        settings = with_paths(settings, source, index_dir)
        embedder = embedder or load_embedder(settings)
        with build_lock(settings.index_dir):
            corpus = ingest(settings.source, settings, progress=progress)
            log.info("indexing %d articles (%d passages)…", len(corpus.documents), len(corpus.chunks))
            # the manifest records the source as an absolute path: a rebuild from any directory finds it
            index = build_index(corpus, embedder, settings, settings.source.resolve(), progress=progress,
                                previous=_previous(settings.index_dir))
            save_index(index, settings.index_dir)
        return cls(index, embedder, settings, reader)

    @classmethod
    def load(cls, index_dir: Path | str | None = None, settings: Settings | None = None,
             embedder: Embedder | None = None, rebuild: str = "if-needed",
             progress: bool | None = None, source: Path | str | None = None) -> Assistant:
        """Load the index in ``index_dir``.

        ``rebuild``: ``"if-needed"`` (default) builds it when missing, stale or corrupt;
        ``"never"`` raises :class:`IndexUnavailableError` explaining what is wrong;
        ``"always"`` rebuilds unconditionally. A rebuild reads the source the index was built
        from (its manifest says which), not ``settings.source``, unless ``source`` is given;
        when that source is gone the index is kept and an error says so. Builders take the
        index's lock; one that waited for another finds the index fresh and only loads it.
        """
        if rebuild not in ("if-needed", "never", "always"):
            raise ValueError(f"rebuild must be 'if-needed', 'never' or 'always', got {rebuild!r}")
        settings = with_paths(settings, None, index_dir)
        chosen = Path(source) if source is not None else None
        if rebuild == "always":
            return cls.build(settings=rebuild_settings(settings, chosen), embedder=embedder, progress=progress)
        try:
            return cls._load_fresh(settings, chosen, embedder)
        except IndexUnavailableError as exc:
            if rebuild == "never":
                raise
            problem = exc
        with build_lock(settings.index_dir):
            try:  # another process may have rebuilt it while this one waited for the lock
                return cls._load_fresh(settings, chosen, embedder)
            except IndexUnavailableError as exc:
                problem = exc
            target = rebuild_settings(settings, chosen)
            if isinstance(problem, IndexMissingError):
                log.info("building the index in %s from %s (first start)", settings.index_dir, target.source)
            else:
                log.warning("%s — rebuilding from %s", problem, target.source)
            return cls.build(settings=target, embedder=embedder, progress=progress)

    @classmethod
    def _load_fresh(cls, settings: Settings, source: Path | None, embedder: Embedder | None) -> Assistant:
        """The index when it is whole and fresh, else :class:`IndexUnavailableError` saying why."""
        index = load_index(settings.index_dir)  # the manifest checked is the one of the version loaded
        source = source or Path(index.manifest["source"])
        reason = staleness(index.manifest, settings, source if source.exists() else None)
        if reason:
            raise IndexUnavailableError(f"index in {settings.index_dir} is stale: {reason}; rebuild with --rebuild")
        settings = settings.with_(source=source)
        return cls(index, embedder or load_embedder(settings), settings)

    def refreshed(self) -> Assistant:
        """This assistant, or a new one over the index's live version when a build has switched it since
        this one was loaded (same embedder and reader). Cheap: one small file is read."""
        try:
            live = current_version(self.settings.index_dir)
        except IndexUnavailableError:
            return self
        if self.index.location is None or live == self.index.location:
            return self
        try:
            index = load_index(self.settings.index_dir)
        except IndexUnavailableError as exc:
            log.warning("kept the loaded index: the new version cannot be read (%s)", exc)
            return self
        log.info("switched to the index version %s", live.name)
        return Assistant(index, self.embedder, self.settings, self._reader, self._calibration)

    def scoped(self, scope: Scope) -> Assistant:
        """This assistant asked over the articles in ``scope`` only (a region, a date range); the same
        index, model and reader. Raises :class:`~assistant.errors.AssistantError` when no article is in
        scope."""
        if scope.everything:
            return self
        with self._reader_lock:
            cached = self._scopes.get(scope)
        if cached is not None:
            return cached
        from .text import normalize

        documents = self.index.corpus.documents
        inside = {d.id for d in documents if scope.matches(d.meta, normalize)}
        if not inside:
            raise ScopeEmptyError(messages.SCOPE_EMPTY)
        allowed = np.fromiter((c.doc_id in inside for c in self.index.corpus.chunks), dtype=bool,
                              count=len(self.index.corpus.chunks))
        narrowed = Assistant(self.index, self.embedder, self.settings, self._reader, self._calibration)
        narrowed.retriever = Retriever(self.index, self.embedder, self.settings, allowed=allowed)
        narrowed.__dict__["places"] = self.places  # the place names of the whole corpus still count
        narrowed._reader_lock = self._reader_lock
        with self._reader_lock:
            if len(self._scopes) >= 16:
                self._scopes.pop(next(iter(self._scopes)))
            self._scopes[scope] = narrowed
        return narrowed

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


def _previous(folder: Path) -> SearchIndex | None:
    """The live index in ``folder`` when it can be read, so that a build copies the vectors of the
    passages it already embedded; ``None`` otherwise (a first build, an old format, a damaged index)."""
    try:
        return load_index(folder, verify=False)
    except (IndexUnavailableError, OSError):
        return None


def rebuild_settings(settings: Settings, source: Path | None) -> Settings:
    """The settings to rebuild the index with: ``source`` when given, else the source the index was built
    from (its manifest, or an earlier version's), else ``settings.source`` for an index never built."""
    if source is None:
        recorded = recorded_source(settings.index_dir)
        if recorded is not None and not recorded.exists():
            raise IndexUnavailableError(
                f"the index in {settings.index_dir} needs a rebuild but was built from {recorded}, which is gone; "
                "the index is kept as it is. Restore that source, or rebuild from another with --source")
        source = recorded or settings.source
    return settings.with_(source=source)


def with_paths(settings: Settings | None, source: Path | str | None, index_dir: Path | str | None) -> Settings:
    """``settings`` (or the defaults) with the source and index folder given, where given."""
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
