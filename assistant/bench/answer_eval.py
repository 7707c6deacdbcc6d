"""Answer-level benchmark on seeds-style QA: accuracy, citations, figure faithfulness, refusals, latency."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..answer.numbers import extract_figures, figure_supported
from ..text import normalize

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import Assistant
    from ..schema import ExtractedAnswer
    from .evaluate import Query


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


COMPUTED_PREFIX = "按引用的数字"


def stated_lines(text: str) -> str:
    """The lines of an answer that state what the articles say: a comparison or sum computed from the
    cited figures (``按引用的数字相加，合计20个。``) is left out, since no article states it."""
    return "\n".join(line for line in text.split("\n") if not normalize(line).startswith(COMPUTED_PREFIX))


def measure_answers(bot: Assistant, queries: Sequence[Query]) -> AnswerMetrics:
    """Ask every question and score the answers against the gold ``answers`` and ``evidence``."""
    import numpy as np

    correct = cited = with_evidence = refused_ok = false_refusals = 0
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
        for figure in extract_figures(re.sub(r"\[\d+\]", "", stated_lines(answer.text))):
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
        if not q.evidence:  # a question across articles has no one evidence passage to cite
            continue
        with_evidence += 1
        first = normalize(answer.citations[0].quote) if answer.citations else ""
        evidence = normalize(q.evidence)
        if first and (evidence in first or all(normalize(a) in first for a in q.answers)):
            cited += 1
        elif answer.citations:
            failures.append(f"{q.id}: citation misses evidence: {answer.citations[0].quote[:60]}")
    n = max(1, len(answerable))
    return AnswerMetrics(
        answerable=len(answerable), unanswerable=len(unanswerable), accuracy=correct / n,
        citation_precision=cited / max(1, with_evidence), figure_faithfulness=faithful / figures if figures else 1.0, figures=figures,
        refusal_accuracy=refused_ok / max(1, len(unanswerable)), false_refusal_rate=false_refusals / n,
        latency_p50_ms=float(np.percentile(latencies, 50)), latency_p95_ms=float(np.percentile(latencies, 95)),
        failures=tuple(failures),
    )


def answer_report(bot: Assistant, queries: Sequence[Query]) -> str:
    from ..report import table

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


def reader_scores(bot: Assistant, queries: Sequence[Query]) -> dict[str, float]:
    """The reader alone on SQuAD-style questions: F1/EM of its best span in the gold paragraph."""
    from ..answer.train import squad_scores

    predictions, golds = [], []
    for q in queries:
        if q.gold_doc is None or q.gold_doc not in bot.index.documents:
            continue
        text = bot.index.documents[q.gold_doc].search_text
        reading = bot.reader.read(normalize(q.question), [text], top=1)[0]
        span = reading.spans[0] if reading.spans else None
        predictions.append(text[span.start:span.end] if span else "")
        golds.append([normalize(a) for a in q.answers] or [""])
    return squad_scores(predictions, golds)


SQUAD_HEADER = ["data", "questions", "answered", "answer contains gold (all)", "… (of answered)",
                "ask p50 / p95 ms"]


def calibration_samples(bot: Assistant, queries: Sequence[Query], source: str,
                        require_all: bool = True) -> list[tuple[ExtractedAnswer, bool, str]]:
    """For each question, the extracted answer the assistant would give if it always answered, and
    whether that answer is right (it contains every gold answer, or any with ``require_all=False``).
    Questions across places are left out (their decision is per article)."""
    from ..answer.answerer import prepare, single_candidates
    from ..answer.compose import single_line
    from ..schema import Answer

    out = []
    for q in queries:
        question = prepare(bot, q.question, list(q.history))
        if isinstance(question, Answer) or question.across:
            continue
        _, candidates = single_candidates(bot, question)
        if not candidates:
            continue
        text = normalize(single_line(bot, question, candidates[0]))
        golds = [normalize(a) for a in q.answers if a.strip()]
        check = all if require_all else any
        out.append((candidates[0], bool(golds) and check(g in text for g in golds), source))
    return out


def run_calibration(settings: Settings, qa: Path, unanswerable: Path, squad: Sequence[Path],
                    limit: int = 300, out: Path | None = None, rounds: int = 2,
                    answerable: Path | None = None) -> str:
    """Fit the answer/refuse model (see :mod:`assistant.answer.calibrate`), save it, and report it."""
    from ..answer.calibrate import Calibration, calibrate, calibration_file
    from ..pipeline import Assistant
    from ..report import table
    from ..retrieval.embed import load_embedder
    from .evaluate import cached_squad_index, load_qa

    embedder = load_embedder(settings)
    seeds = Assistant.load(settings=settings, embedder=embedder)
    reader = seeds.reader
    sets: list[tuple[Assistant, list[Query], str, bool]] = [
        (seeds, load_qa(qa), f"seeds QA ({Path(qa).name})", True),
        (seeds, load_qa(unanswerable), f"written unanswerable ({Path(unanswerable).name})", True),
    ]
    if answerable is not None:  # questions asked the way people talk: paraphrases, yes/no, follow-ups
        sets.append((seeds, load_qa(answerable), f"written answerable ({Path(answerable).name})", True))
    for path in squad:
        retriever, queries = cached_squad_index(Path(path), settings, embedder)
        held = [q for q in queries if q.part == "calibration"][:limit]
        own = Assistant(retriever.index, embedder, retriever.settings, reader)
        sets.append((own, held, f"{Path(path).name} held-out, own articles", False))
        # the same questions over the seeds, which cannot answer them: every answer is wrong
        sets.append((seeds, [replace(q, answers=()) for q in held[: limit // 2]],
                     f"{Path(path).name} held-out, over the seeds", True))
    served = [name for bot, _, name, _ in sets if bot is seeds]  # questions over the assistant's own articles
    model = Calibration()
    for _ in range(rounds):  # the choice of the best span depends on the model: fit, choose again, refit
        samples = []
        for bot, queries, name, require_all in sets:
            samples += calibration_samples(bot.with_reader(reader, model), queries, name, require_all)
        model = calibrate(samples, threshold_sources=served, embedder=embedder.name)
    saved = model.save(out or calibration_file(settings.reader))
    rows = [[name, str(r["examples"]), str(r["right_candidates"]), str(r["answered"]), f"{r['precision']:.3f}",
             f"{r['recall']:.3f}"] for name, r in model.report.items()]
    header = ["calibration data", "questions", "right if answered", "answered", "precision", "recall"]
    weights = ", ".join(f"{w:+.4f}" for w in model.weights)
    return (table(header, rows) + f"\n\nthreshold {model.threshold:.4f}; weights (margin, retrieval, coverage, "
            f"similarity) {weights}; bias {model.bias:+.4f}; saved to {saved}")
