"""Answer-level benchmark on seeds-style QA: accuracy, citations, figure faithfulness, refusals, latency."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .numbers import extract_figures, figure_supported
from .text import normalize

if TYPE_CHECKING:
    from .evaluate import Query
    from .pipeline import Assistant


@dataclass(frozen=True)
class AnswerMetrics:
    answerable: int
    unanswerable: int
    accuracy: float
    citation_precision: float
    figure_faithfulness: float
    figures: int
    refusal_accuracy: float
    false_refusal_rate: float
    latency_p50_ms: float
    latency_p95_ms: float
    failures: tuple[str, ...]


def measure_answers(bot: Assistant, queries: Sequence[Query]) -> AnswerMetrics:
    """Ask every question and score the answers against the gold ``answers`` and ``evidence``."""
    import numpy as np

    correct = cited = refused_ok = false_refusals = 0
    figures = faithful = 0
    latencies: list[float] = []
    failures: list[str] = []
    answerable = [q for q in queries if q.kind != "unanswerable"]
    unanswerable = [q for q in queries if q.kind == "unanswerable"]
    bot.ask("热身")  # the first call pays one-off costs (lexicon, tokenizer caches)
    for q in queries:
        started = time.perf_counter()
        answer = bot.ask(q.question, list(q.history))
        latencies.append((time.perf_counter() - started) * 1000)
        text = normalize(answer.text)
        for figure in extract_figures(re.sub(r"\[\d+\]", "", answer.text)):
            figures += 1
            faithful += figure_supported(figure, [c.quote for c in answer.citations])
        if q.kind == "unanswerable":
            refused_ok += not answer.answered
            if answer.answered:
                failures.append(f"{q.id}: answered an unanswerable question: {answer.text[:60]}")
            continue
        if not answer.answered:
            false_refusals += 1
            failures.append(f"{q.id}: refused: {q.question}")
            continue
        ok = all(normalize(a) in text for a in q.answers)
        correct += ok
        if not ok:
            failures.append(f"{q.id}: wrong: {q.question} → {answer.text[:80]}")
        first = normalize(answer.citations[0].quote) if answer.citations else ""
        evidence = normalize(q.evidence or "")
        if first and ((evidence and evidence in first) or all(normalize(a) in first for a in q.answers)):
            cited += 1
        elif answer.citations:
            failures.append(f"{q.id}: citation misses evidence: {answer.citations[0].quote[:60]}")
    n = max(1, len(answerable))
    return AnswerMetrics(
        answerable=len(answerable), unanswerable=len(unanswerable), accuracy=correct / n,
        citation_precision=cited / n, figure_faithfulness=faithful / figures if figures else 1.0, figures=figures,
        refusal_accuracy=refused_ok / max(1, len(unanswerable)), false_refusal_rate=false_refusals / n,
        latency_p50_ms=float(np.percentile(latencies, 50)), latency_p95_ms=float(np.percentile(latencies, 95)),
        failures=tuple(failures),
    )


def answer_report(bot: Assistant, queries: Sequence[Query]) -> str:
    from .report import table

    m = measure_answers(bot, queries)
    rows = [[
        f"{m.answerable} + {m.unanswerable}", f"{m.accuracy:.3f}", f"{m.citation_precision:.3f}",
        f"{m.figure_faithfulness:.3f} ({m.figures})", f"{m.refusal_accuracy:.3f}", f"{m.false_refusal_rate:.3f}",
        f"{m.latency_p50_ms:.1f} / {m.latency_p95_ms:.1f}",
    ]]
    out = table(["questions (answerable + not)", "answer accuracy", "citation precision",
                 "figure faithfulness (figures)", "refusal accuracy", "false refusals", "ask p50 / p95 ms"], rows)
    if m.failures:
        out += "\n\n" + "\n".join(f"- {f}" for f in m.failures)
    return out


def squad_answer_report(bot: Assistant, queries: Sequence[Query], name: str) -> list[str]:
    """How often the answer text contains a gold answer span, on a SQuAD-style set (one table row)."""
    import numpy as np

    answered = contains = 0
    latencies: list[float] = []
    for q in queries:
        started = time.perf_counter()
        answer = bot.ask(q.question)
        latencies.append((time.perf_counter() - started) * 1000)
        if not answer.answered:
            continue
        answered += 1
        text = normalize(answer.text)
        contains += any(normalize(a) in text for a in q.answers)
    n = max(1, len(queries))
    return [name, str(len(queries)), f"{answered / n:.3f}", f"{contains / n:.3f}",
            f"{contains / max(1, answered):.3f}",
            f"{np.percentile(latencies, 50):.1f} / {np.percentile(latencies, 95):.1f}"]


SQUAD_HEADER = ["data", "questions", "answered", "answer contains gold (all)", "… (of answered)",
                "ask p50 / p95 ms"]
