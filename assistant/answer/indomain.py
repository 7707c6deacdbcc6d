"""Reader training examples from the assistant's own QA files, asked the way the answer stage asks.

A QA file (``tests/data/seeds_qa_extra.jsonl``: ``question``, ``history``, ``answers``, ``doc``,
``evidence``) says which passage answers each question. DRCD and CMRC teach the reader to find a
span in an encyclopaedic paragraph for a question that shares most of its words; the questions
people ask about returnee-entrepreneurship news are paraphrased, spoken, yes/no or follow-ups.
Here each question goes through the same steps as at answer time — cleaned, a follow-up made
standalone, a yes/no question turned into the statement it tests, the question's words fitted to
the passage's — and is paired with:

- the index passage holding its evidence, the target being the span from the first to the last
  answer the evidence holds (a verdict such as 是 or 有 is no span; a unit right after a number is
  taken with it);
- up to ``negatives`` retrieved passages that hold none of its answers, the target being "no answer
  here" — the passages the reader must learn to turn down are the ones retrieval brings;
- for an unanswerable question, its top retrieved passages, each with the target "no answer".

Questions across several articles (comparisons, ``doc`` empty) give no example. Half of a file's
questions, by a hash of the file name and question id (:func:`~.train.is_heldout`), never train:
``eval`` reports them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..schema import Question
from ..text import normalize

if TYPE_CHECKING:
    from ..bench.evaluate import Query
    from ..pipeline import Assistant
    from .train import Example

#: Answers that are a verdict on a yes/no question, never a span of the passage.
VERDICTS = frozenset({"是", "不是", "有", "没有", "否", "能", "不能", "会", "不会"})
#: The longest answer span trained on, in characters (the reader's span limit is 40 tokens).
MAX_SPAN_CHARS = 60


def answer_span(passage: str, evidence: str, answers: Sequence[str]) -> tuple[int, int] | None:
    """Where in ``passage`` the answers stand: from the first to the last that the evidence holds
    (searched inside the evidence, which is searched in the passage), with the items of a list that
    goes on right after it when the span stays short; for a bare verdict (是, 有), the
    evidence itself. None when the evidence is not in the passage, no answer is in it, or the span
    would be too long."""
    from .answerer import with_unit

    at = passage.find(evidence) if evidence else -1
    if at < 0:
        return None
    inside, after = [], []  # answers in the evidence; answers of a list that goes on past it
    for answer in answers:
        answer = normalize(answer).strip()
        if not answer or answer in VERDICTS:
            continue
        pos = evidence.find(answer)
        if pos >= 0:
            inside.append((at + pos, at + pos + len(answer)))
            continue
        pos = passage.find(answer, at + len(evidence), at + len(evidence) + MAX_SPAN_CHARS)
        if pos >= 0:
            after.append((pos, pos + len(answer)))
    if not inside:  # a bare verdict: the evidence that states it is the span
        if any(normalize(a).strip() in VERDICTS for a in answers) and len(evidence) <= MAX_SPAN_CHARS:
            return at, at + len(evidence)
        return None
    for found in (inside + after, inside):
        start, end = min(s for s, _ in found), max(e for _, e in found)
        end = with_unit(passage, start, end)
        if end - start <= MAX_SPAN_CHARS:
            return start, end
    return None


def qa_examples(bot: Assistant, rows: Iterable[Query], file_name: str, negatives: int = 1) -> list[Example]:
    """Training examples for the questions of a QA file (read by :func:`~assistant.bench.evaluate.load_qa`;
    see the module docstring), over ``bot``'s index."""
    from .answerer import prepare, reader_asks
    from .train import Example

    passages = bot.index.corpus.chunks
    out: list[Example] = []
    for row in rows:
        prepared = prepare(bot, row.question, list(row.history))
        if not isinstance(prepared, Question):  # no question (empty, not Chinese)
            continue
        question = prepared
        answers = [a for a in row.answers if a]
        hits = bot.search(question.simple, k=bot.settings.reader_passages)

        ident = f"{file_name}:{row.id}"
        if not answers:  # unanswerable: the passages retrieval brings hold no answer
            out += [Example(f"{ident}#none{n}", reader_asks(question, h.chunk.search_text), h.chunk.search_text, (), -1,
                            file_name) for n, h in enumerate(hits)]
            continue
        if not row.doc or not row.evidence:
            continue
        evidence = normalize(row.evidence)
        for chunk in passages:
            if chunk.doc_id != row.doc:
                continue
            span = answer_span(chunk.search_text, evidence, answers)
            if span is None:
                continue
            text = chunk.search_text
            out.append(Example(ident, reader_asks(question, text), text, (text[span[0]:span[1]],), span[0], file_name))
            golds = [normalize(a) for a in answers if normalize(a) not in VERDICTS]
            wrong = [h for h in hits if h.chunk.id != chunk.id and not any(g in h.chunk.search_text for g in golds)]
            out += [Example(f"{ident}#negative{n}", reader_asks(question, h.chunk.search_text), h.chunk.search_text, (), -1,
                            file_name) for n, h in enumerate(wrong[:negatives])]
            break
    return out


__all__ = ["MAX_SPAN_CHARS", "VERDICTS", "answer_span", "qa_examples"]
