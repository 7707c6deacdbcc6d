"""Question + passage windows for the span reader, and the best span in a window's logits.

A window is ``<s> question </s></s> passage-piece </s>`` (the pair layout of the XLM-R
tokenizer e5 uses). A passage longer than one window is cut into overlapping pieces
(``stride`` tokens shared by neighbours). Every passage token keeps its character
offsets, so a span of tokens maps back to an exact span of the passage text.
Training and inference build windows with this one function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..schema import Span

NO_OFFSET = (-1, -1)


@dataclass(frozen=True)
class Window:
    """One model input: token ids, and for each token its passage offsets (``(-1, -1)`` outside it)."""

    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]
    context_start: int  # index of the first passage token
    context_end: int  # one past the last passage token

    @property
    def char_span(self) -> tuple[int, int]:
        """The passage characters this window covers."""
        if self.context_end <= self.context_start:
            return (0, 0)
        return self.offsets[self.context_start][0], self.offsets[self.context_end - 1][1]


def special_ids(tokenizer: Any) -> tuple[int, int]:
    """(bos, eos) ids of a ``tokenizers.Tokenizer``."""
    bos, eos = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    if bos is None or eos is None:
        raise ValueError("the reader's tokenizer has no <s> or </s> token")
    return int(bos), int(eos)


def make_windows(tokenizer: Any, question: str, passage: str, max_length: int = 384, stride: int = 128,
                 max_question_tokens: int = 64) -> list[Window]:
    """Windows covering the whole ``passage`` for ``question`` (at least one, even for an empty passage)."""
    bos, eos = special_ids(tokenizer)
    question_ids = tokenizer.encode(question, add_special_tokens=False).ids[:max_question_tokens]
    encoded = tokenizer.encode(passage, add_special_tokens=False)
    ids: list[int] = list(encoded.ids)
    offsets: list[tuple[int, int]] = [(int(a), int(b)) for a, b in encoded.offsets]
    budget = max_length - len(question_ids) - 4
    if budget < 8:
        raise ValueError(f"max_length {max_length} leaves no room for the passage")
    step = max(1, budget - stride)
    head = [bos, *question_ids, eos, eos]
    windows = []
    start = 0
    while True:
        piece = ids[start:start + budget]
        window_ids = (*head, *piece, eos)
        window_offsets = (*[NO_OFFSET] * len(head), *offsets[start:start + budget], NO_OFFSET)
        windows.append(Window(window_ids, window_offsets, len(head), len(head) + len(piece)))
        if start + budget >= len(ids):
            return windows
        start += step


def answer_positions(window: Window, answer_start: int, answer_end: int) -> tuple[int, int]:
    """Token positions of a character span inside ``window``, or ``(0, 0)`` (no answer here)."""
    lo, hi = window.char_span
    if window.context_end <= window.context_start or answer_start < lo or answer_end > hi:
        return 0, 0
    first = last = -1
    for i in range(window.context_start, window.context_end):
        a, b = window.offsets[i]
        if first < 0 and b > answer_start:
            first = i
        if a < answer_end:
            last = i
    if first < 0 or last < first:
        return 0, 0
    return first, last


def best_spans(start_logits: np.ndarray, end_logits: np.ndarray, window: Window, max_answer_tokens: int = 40,
               top: int = 1) -> list[Span]:
    """The ``top`` best non-overlapping passage spans of one window (best first)."""
    lo, hi = window.context_start, window.context_end
    null = float(start_logits[0] + end_logits[0])
    if hi <= lo:
        return []
    s = np.asarray(start_logits[lo:hi], dtype=np.float64)
    e = np.asarray(end_logits[lo:hi], dtype=np.float64)
    grid = s[:, None] + e[None, :]
    n = hi - lo
    rows, cols = np.indices((n, n))
    grid[(cols < rows) | (cols - rows >= max_answer_tokens)] = -np.inf
    spans: list[Span] = []
    taken = np.zeros(n, dtype=bool)
    for flat in np.argsort(-grid, axis=None):
        i, j = divmod(int(flat), n)
        if not np.isfinite(grid[i, j]):
            break
        if taken[i:j + 1].any():
            continue
        start, end = window.offsets[lo + i][0], window.offsets[lo + j][1]
        spans.append(Span(lo + i, lo + j, start, end, float(grid[i, j]), null))
        taken[i:j + 1] = True
        if len(spans) >= top:
            break
    return spans


def pad_batch(windows: Sequence[Sequence[int] | np.ndarray], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded ids and attention mask for a batch of windows."""
    width = max((len(w) for w in windows), default=0)
    ids = np.full((len(windows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, window in enumerate(windows):
        ids[row, :len(window)] = window
        mask[row, :len(window)] = 1
    return ids, mask
