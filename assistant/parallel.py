"""Map a function over items on several processes, in order: the same result as a plain loop."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PARALLEL_MIN_CHARS = 2_000_000  # by default, less text than this is processed in this process


def worker_count(requested: int, items: int, chars: int) -> int:
    """Processes to use: ``requested`` (0: one per core, and only for at least :data:`PARALLEL_MIN_CHARS`
    characters of text, where starting processes pays off), at most one per item."""
    if requested == 0:
        requested = (os.cpu_count() or 1) if chars >= PARALLEL_MIN_CHARS else 1
    return max(1, min(requested, items))


def ordered_map(function: Callable[[T], R], items: Sequence[T], workers: int,
                warm_up: Callable[[], object] | None = None) -> Iterator[R]:
    """``map(function, items)``, on ``workers`` processes when more than one. ``warm_up`` runs here first
    (e.g. loading a dictionary), so that forked workers inherit what it loaded."""
    if workers <= 1:
        yield from map(function, items)
        return
    if warm_up is not None:
        warm_up()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(256, len(items) // (workers * 8)))
    gc.freeze()  # forked workers then never touch (and so copy) this process's objects when they collect
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield from pool.map(function, items, chunksize=size)
    finally:
        gc.unfreeze()


def chars_of(texts: Iterable[str]) -> int:
    return sum(len(t) for t in texts)
