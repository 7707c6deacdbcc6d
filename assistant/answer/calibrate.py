"""Answer or refuse: a calibrated probability that the best extracted answer is right.

Four signals go into a logistic model: the reader's margin (best span score minus its
no-answer score), the retrieval score of the passage, how much of the question the cited
sentence covers in words (IDF-weighted; words only in the article's title or place count
half), and how close it is in meaning (the cosine between the question's embedding and the
sentence's, which the index already holds — paraphrases share meaning, not words). It is fitted by ``python -m assistant calibrate`` on questions held out from
the reader's training — the public seeds QA, answerable and unanswerable questions written
for the purpose, DRCD/CMRC held-out questions over their own articles (right or wrong answers)
and over the seeds (which cannot answer them) — and the threshold is the one that
maximizes ``right answers − 2 × wrong answers`` (a wrong answer costs more than a
refusal) on the questions over the assistant's own articles (the public QA, the written
unanswerable ones and the reading-comprehension questions over the seeds). The fitted
weights ship in ``assistant/data/reader/calibration.json``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..schema import ExtractedAnswer

log = logging.getLogger(__name__)

FEATURES = ("margin", "retrieval", "coverage", "similarity")
WRONG_ANSWER_COST = 2.0
CALIBRATION_FILE = Path(__file__).resolve().parent.parent / "data" / "reader" / "calibration.json"


def features(answer: ExtractedAnswer) -> list[float]:
    """The signals of one extracted answer, in :data:`FEATURES` order (margin clipped to ±30)."""
    return [max(-30.0, min(30.0, answer.margin)), answer.hit.score, answer.coverage, answer.similarity]


def calibration_file(reader: str) -> Path:
    """Where the calibration of reader ``reader`` (``Settings.reader``) lives: ``calibration.json`` in
    the reader's folder (the shipped adapter's folder for ``default``)."""
    from .reader import DEFAULT_READER

    return CALIBRATION_FILE if reader == DEFAULT_READER else Path(reader).expanduser() / CALIBRATION_FILE.name


@dataclass(frozen=True)
class Calibration:
    """A logistic model over :data:`FEATURES` and the probability above which the assistant answers."""

    weights: tuple[float, ...] = (0.5, 0.0, 0.0, 0.0)
    bias: float = 0.0
    threshold: float = 0.5
    report: dict[str, Any] = field(default_factory=dict)
    embedder: str = ""  # the embedding model whose sentence vectors gave the similarity feature
    means: tuple[float, ...] = ()  # each feature's mean over the calibration samples

    def for_embedder(self, name: str) -> Calibration:
        """This calibration for answers scored with embedder ``name``. Cosines of another model are on
        another scale, so the similarity term is replaced by its calibration mean (a constant)."""
        if not self.embedder or name == self.embedder or len(self.means) != len(FEATURES):
            return self
        log.warning("the answer calibration was fitted with %s, not %s: similarity is left out of it",
                    self.embedder, name)
        weights = (*self.weights[:-1], 0.0)
        return replace(self, weights=weights, bias=self.bias + self.weights[-1] * self.means[-1], embedder=name)

    def probability(self, answer: ExtractedAnswer) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features(answer)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def save(self, path: Path = CALIBRATION_FILE) -> Path:
        data = asdict(self)
        data["features"] = list(FEATURES)
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return Path(path)

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        """The shipped calibration, or the uncalibrated default (answer when the margin is positive)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if data.get("features") != list(FEATURES):
            return cls()
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["threshold"]),
                   dict(data.get("report", {})), str(data.get("embedder", "")),
                   tuple(float(m) for m in data.get("means", ())))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularized logistic regression (Newton's method; features standardized)."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -50, 50)))
        gradient = z.T @ (p - y) + l2 * np.r_[w[:-1], 0.0]
        hessian = (z * (p * (1 - p))[:, None]).T @ z + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    weights = w[:-1] / std
    return weights, float(w[-1] - (weights * mean).sum())


def choose_threshold(probabilities: Sequence[float], right: Sequence[bool]) -> float:
    """The threshold maximizing ``right − WRONG_ANSWER_COST × wrong`` over the answered questions, placed
    midway between the least probable answer it keeps and the most probable one it refuses (the
    widest margin for the same decisions on these data)."""
    p = np.asarray(probabilities, dtype=float)
    r = np.asarray(right, dtype=bool)
    best, best_utility = 0.5, -math.inf
    for t in sorted(set(p.tolist())):
        answered = p >= t
        utility = float((answered & r).sum() - WRONG_ANSWER_COST * (answered & ~r).sum())
        if utility > best_utility:
            best, best_utility = t, utility
    kept, refused = p[p >= best], p[p < best]
    high = float(kept.min()) if len(kept) else 1.0
    low = float(refused.max()) if len(refused) else 0.0
    return (low + high) / 2


def precision_recall(probabilities: Sequence[float], right: Sequence[bool], threshold: float) -> dict[str, float]:
    """Precision (answered that are right) and recall (right answers that are given) at ``threshold``."""
    p = np.asarray(probabilities, dtype=float)
    r = np.asarray(right, dtype=bool)
    answered = p >= threshold
    return {
        "precision": round(float((answered & r).sum() / max(1, answered.sum())), 4),
        "recall": round(float((answered & r).sum() / max(1, r.sum())), 4),
        "answered": int(answered.sum()),
        "examples": len(p),
        "right_candidates": int(r.sum()),
    }


def calibrate(samples: Sequence[tuple[ExtractedAnswer, bool, str]],
              threshold_sources: Sequence[str] | None = None, embedder: str = "") -> Calibration:
    """Fit the model on ``(best extracted answer, is it right, source name)`` samples and pick the threshold
    on the samples of ``threshold_sources`` (default: all). The weights rank answers on every source; the
    threshold belongs to the articles the assistant serves, whose retrieval scores differ from those of
    reading-comprehension sets."""
    if not samples or len({right for _, right, _ in samples}) < 2:
        raise ValueError("calibration needs both right and wrong answers")
    x = np.array([features(a) for a, _, _ in samples], dtype=float)
    y = np.array([right for _, right, _ in samples], dtype=float)
    weights, bias = fit_logistic(x, y)
    model = Calibration(tuple(round(float(w), 6) for w in weights), round(bias, 6))
    probabilities = [model.probability(a) for a, _, _ in samples]
    chosen = [i for i, (_, _, s) in enumerate(samples) if threshold_sources is None or s in threshold_sources]
    if not chosen:
        raise ValueError(f"no calibration samples from {threshold_sources}")
    threshold = choose_threshold([probabilities[i] for i in chosen], [bool(y[i]) for i in chosen])
    report: dict[str, Any] = {"all": precision_recall(probabilities, y.astype(bool).tolist(), threshold)}
    for source in sorted({s for _, _, s in samples}):
        rows = [i for i, (_, _, s) in enumerate(samples) if s == source]
        report[source] = precision_recall([probabilities[i] for i in rows], [bool(y[i]) for i in rows], threshold)
    means = tuple(round(float(m), 6) for m in x.mean(axis=0))
    return Calibration(model.weights, model.bias, round(threshold, 4), report, embedder, means)
