"""The answer stage: read the retrieved passages, decide whether they answer, compose a cited reply.

``question`` (analysis) → ``followup`` (standalone questions) → ``reader`` (spans, over ``windows``)
→ ``calibrate`` (answer or refuse) → ``compose`` (the cited reply); ``answerer`` runs them in
order, and ``train`` makes the reader's adapter. Re-exports only, lazily: the training step runs
on machines without the retrieval stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "answer_question": ".answerer",
    "Calibration": ".calibrate",
    "FakeReader": ".reader",
    "Reader": ".reader",
    "SpanReader": ".reader",
    "load_reader": ".reader",
    "TrainConfig": ".train",
}

__all__ = ["Calibration", "FakeReader", "Reader", "SpanReader", "TrainConfig", "answer_question", "load_reader"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.answer' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
