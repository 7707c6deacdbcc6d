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

Questions across several articles (comparisons, ``doc`` empty) give no example, unless ``places`` is
set: then each place named is asked its own question (:func:`place_examples`). Half of a file's
questions, by a hash of the file name and question id (:func:`~.train.is_heldout`), never train:
``eval`` reports them apart.
"""

from __future__ import annotations

import re
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


def qa_examples(bot: Assistant, rows: Iterable[Query], file_name: str, negatives: int = 1,
                places: bool = False) -> list[Example]:
    """Training examples for the questions of a QA file (read by :func:`~assistant.bench.evaluate.load_qa`;
    see the module docstring), over ``bot``'s index; with ``places``, a question across places gives
    each place's own question too (:func:`place_examples`)."""
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
        if not row.doc:  # across places: each place's own question, as the answer stage asks it
            if places and len(question.places) >= 2:
                out += place_examples(bot, question, answers, ident, file_name, negatives)
            continue
        if not row.evidence:
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


def _standing(text: str, answer: str) -> int:
    """Where ``answer`` stands in ``text`` as a whole figure or name (``9个`` not inside ``129个``), or -1."""
    found = re.search((r"(?<![\d.])" if answer[:1].isdigit() else "") + re.escape(answer), text)
    return found.start() if found else -1


def place_examples(bot: Assistant, question: Question, answers: Sequence[str], ident: str, file_name: str,
                   negatives: int = 1) -> list[Example]:
    """Examples for a question across places (``乐山和昭通哪个地方的返乡创业园区多？``): for each place
    named, its own question (:func:`~.answerer.place_hits`) over the first of its passages that holds
    one of the answers (the span: that answer, with its unit), and up to ``negatives`` of its passages
    that hold none as "no answer". An answer that more than one article states is used for none, and a
    passage whose answer sits beside another of the question's places, and not this one, gives no
    example (沐川's loan in 乐山's article is not 乐山's)."""
    from .answerer import MAX_PLACES, place_hits, with_unit
    from .constraints import in_passage_words
    from .train import Example

    golds = [g for g in (normalize(a).strip() for a in answers) if g and g not in VERDICTS]
    homes = {g: {c.doc_id for c in bot.index.corpus.chunks if _standing(c.search_text, g) >= 0} for g in golds}
    golds = [g for g in golds if len(homes[g]) == 1]  # an answer two articles state is no one place's
    out: list[Example] = []
    for place in question.places[:MAX_PLACES]:
        own, hits = place_hits(bot, question, place)
        others = [p for p in question.places if p != place and p not in place and place not in p]
        found = False
        wrong: list[str] = []
        for hit in hits:
            text = hit.chunk.search_text
            spots = [(at, g) for g in golds if (at := _standing(text, g)) >= 0]
            if not spots:
                wrong.append(text)
                continue
            if found:
                continue
            at, gold = min(spots)
            near = text[max(0, at - 40):at + len(gold) + 10]
            if place not in near and any(p in near for p in others):
                continue
            end = with_unit(text, at, at + len(gold))
            out.append(Example(f"{ident}@{place}", in_passage_words(own.simple, text), text, (text[at:end],), at,
                               file_name, focus=True))
            found = True
        if found:
            out += [Example(f"{ident}@{place}#negative{n}", in_passage_words(own.simple, text), text, (), -1,
                            file_name, focus=True) for n, text in enumerate(wrong[:negatives])]
    return out


__all__ = ["MAX_SPAN_CHARS", "VERDICTS", "answer_span", "place_examples", "qa_examples"]
