"""What an answer must be, given the form of its question.

A 多少/几 question asks for a quantity of one kind (people, money, a percentage, a count of the
things it names — what follows 多少 is what is counted), an amount of one kind of money (a rent,
sales, a profit) from a sentence naming it, at the level of government it names (国家级, not 省级);
a head count of people comes from a sentence naming what the question asks about, and a figure
sizing a body (48人的工作室) answers only for that body; a question about a limit (最多能贷多少) asks
for the limit, not an amount that was lent; a question of when something opened, was finished or
founded (什么时候开业/完工/成立), or of when someone came home, is answered by a sentence that says
so, not one saying it is still under way; a question of when by a time, from a sentence (or the next)
telling what happened then; 第几 by an ordinal; 哪个园区 by a thing of that kind; 是哪里人 by a place
said of that person; 什么人 by people; a yes/no question testing a year by the same event's own year. A place or person the question names is no answer to it, a thing it names with
words of its own is not answered by another of its kind, a figure for one channel (线上) does not
answer for the whole, and times served (人次) only a question about that service. A span that cannot
be such an answer is set aside before
the calibrated model decides whether the best of the rest answers: these checks only ever take
answers away, never choose one.

One concern a module: ``words`` (the shared vocabulary and clauses), ``quantity`` (what is counted,
in which unit), ``when`` (dates, periods, years), ``things`` (the things a question names),
``people`` (head counts and persons), and ``form`` (:func:`fits_question`, which runs them).
"""

from __future__ import annotations

from .form import fits_question, in_passage_words
from .quantity import asked_unit, counted, named_before_count, other_level
from .things import another_thing, names_no_kind
from .when import CHANGE_STATED, asks_change, asks_when, other_year, tells_what_happened, tested_year
from .words import CLAUSE_BREAK, CLAUSE_END

__all__ = [
    "CHANGE_STATED",
    "CLAUSE_BREAK",
    "CLAUSE_END",
    "another_thing",
    "asked_unit",
    "asks_change",
    "asks_when",
    "counted",
    "fits_question",
    "in_passage_words",
    "named_before_count",
    "names_no_kind",
    "other_level",
    "other_year",
    "tells_what_happened",
    "tested_year",
]
