"""Questions that ask two things at once (``昭通回引了多少人返乡创业，又带动了多少人就业？``): split at
the clause that asks anew, each part answered on its own (a later part read as a follow-up of the
earlier ones, so ``又带动了多少人就业`` asks of 昭通), and the replies joined with their citations
numbered in one sequence. A question with one ask (``镇雄这几个平台，一共帮了多少人？``) stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..schema import Answer, Citation

#: Words that ask (多少, 什么, 哪, 谁, 是否, 吗 …): a clause holding one asks something of its own
_ASKS = re.compile(r"多少|(?<![这那好前后头])几[个家人名位项次期年月天岁号届成]|什么|啥|哪|谁|是否|是不是|有没有|有无|怎么|怎样|如何|为什么"
                   r"|为啥|多大|多长|多久|多高|多远|多重|[吗嘛][?？!！。]*$")

#: Where a question may ask anew: a comma, a semicolon or a question mark between clauses
_CLAUSE_BREAK = re.compile(r"(?<=[，,；;？?])")

#: Connectives opening a later ask (又, 还, 另外 …), which are no words of what it asks
_OPENING = re.compile(r"^(?:那么|那|又|还有|还|另外|以及|并且|同时|而且|再问一下|再问)")

#: Endings of a clause that only frames the ask after it (``在什么情况下，会…``, ``什么时候…的话``)
_FRAMING = re.compile(r"(?:情况下|条件下|前提下|时候|时|之后|以后|之前|的话)$")

#: The fewest characters of its own (question words and connectives aside) a clause needs to be an ask
_MIN_OWN = 3


def split_compound(text: str) -> list[str]:
    """The asks of a question, in order; the question itself, alone, when it asks one thing. A clause
    counts as an ask of its own when it holds a question word and at least three characters besides
    (``各多少`` is no ask of its own) and does not only frame the next (``在什么情况下，…``); other clauses
    join the ask that follows them."""
    pieces = [p.strip() for p in _CLAUSE_BREAK.split(text) if p.strip()]
    asks: list[str] = []
    pending = ""
    for piece in pieces:
        core = _OPENING.sub("", re.sub(r"[，,；;？?!！。\s]", "", piece))
        own = _ASKS.sub("", core)
        if _ASKS.search(core) and len(own) >= _MIN_OWN and not _FRAMING.search(core):
            asks.append(pending + piece)
            pending = ""
        else:
            pending += piece
    if len(asks) < 2:
        return [text]
    if pending:  # a trailing clause without an ask (…，谢谢) belongs to the last one
        asks[-1] += pending
    return [re.sub(r"[，,；;]$", "？", a) for a in asks]


def _renumbered(answer: Answer, kept: list[Citation]) -> str:
    """``answer.text`` with its citation markers moved onto ``kept`` (a citation already there keeps
    its number; a new one is appended)."""
    numbers: dict[int, int] = {}
    for cited in answer.citations:
        same = next((c for c in kept if (c.doc_id, c.start, c.end) == (cited.doc_id, cited.start, cited.end)), None)
        if same is None:
            same = replace(cited, number=len(kept) + 1)
            kept.append(same)
        numbers[cited.number] = same.number
    return re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", answer.text)


def answer_compound(asks: Sequence[str], history: Sequence[str], answer: Callable[[str, list[str]], Answer],
                    asked: str, notice: str = "") -> Answer:
    """Each ask answered by ``answer(ask, history)`` (a later ask with the earlier ones as its history),
    the replies under their asks, one citation sequence; answered when any ask is."""
    replies = [answer(ask, [*history, *asks[:i]]) for i, ask in enumerate(asks)]
    kept: list[Citation] = []
    blocks = [f"{ask}\n{_renumbered(reply, kept)}" for ask, reply in zip(asks, replies)]
    answered = [r for r in replies if r.answered]
    hits = tuple({h.chunk.id: h for r in replies for h in r.hits}.values())
    return Answer(question=asked, text=notice + "\n\n".join(blocks), answered=bool(answered),
                  citations=tuple(kept), hits=hits, reason="" if answered else replies[0].reason,
                  script=replies[0].script)
