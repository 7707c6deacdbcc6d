"""Checks of time: a question of when is answered by a time from a sentence telling what happened
then; 第几 by an ordinal; a change asked by a change stated; a figure of one period or year does not
answer for another; a sum still sought is not a sum had.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...schema import Question
from .words import asked_part

#: Events a time question may ask the date of, each with the words articles write it in: 什么时候开业 is
#: answered by a sentence saying it opened (开业/开张/营业), not by any date near the place's name
_EVENTS = (
    ("开业", "开张", "营业", "开门"),
    ("建成", "完工", "竣工", "落成", "投用", "投入使用", "建好"),
    ("成立", "揭牌", "挂牌", "设立", "组建"),
    ("投产", "量产"),
    ("通车", "开通"),
)


#: Coming home, an event a time question asks the date of (哪一年返乡创业) but not one word of one meaning
#: with the others (回到 is no synonym of 返乡 for the reader: it is not put in the question's stead)
_RETURNS = ("返乡", "回乡", "回到", "回家", "回来", "返回", "回流")


_ASKED_EVENTS = (*_EVENTS, _RETURNS)


_WHEN = r"什么时候|何时|哪一年|哪年|哪个月|几月|什么时间|哪天|哪一天"  # how a question asks when


_ASKS_EVENT = re.compile(r"(?:" + _WHEN + r")[^，。？?]{0,6}?("
                         + "|".join(w for group in _ASKED_EVENTS for w in group) + ")")


_SEEKS = re.compile(r"争取|申请|申报|正在|计划|打算|要多少")


_UNDER_WAY = re.compile(r"正在|在建|筹建|推进中|稳步推进|即将|尚未|还未|计划于|将于")


#: Words opening a goal, whose figures are to be reached (``实现…一个乡十个创业能人…的目标``)
_AIMS = re.compile(r"实现|力争|确保|争取|计划|预计")


#: A question about a goal or what is to be done (要培养几个, 目标是多少), not about what was done
_ASKS_GOAL = re.compile(r"目标|力争|打算|预计|要|计划(?:培养|实现|达到|建|打造|完成)")


def in_goal(sentence: str, start: int, end: int) -> bool:
    """Whether the figure at ``sentence[start:end]`` is part of a goal (``实现每年每个村培养一个创业能人,
    一个乡十个创业能人…的目标``): a word opening a goal before it and 目标 after it, in one sentence. It
    answers a question about the goal, not one about what was achieved (``实际培养了多少个``)."""
    return "目标" in sentence[end:] and _AIMS.search(sentence, 0, start) is not None


#: A change asked for (比去年多了多少, read 同比增加了多少) is answered by a figure of a change, not a level
_ASKS_CHANGE = re.compile(r"同比|(?:增加|增长|减少|下降|提高|多|少)了?(?:多少|几)|增幅|涨幅")


_STATES_CHANGE = re.compile(r"同比|增加|增长|减少|下降|提高|新增|增幅|涨幅|多了|少了|翻了")


#: A change stated against the year before, as a clause opens on it (``同比增加551个``): the pattern text,
#: for the checks that find it before a figure or at the start of a clause
CHANGE_STATED = r"(?:同比|比上年|较上年|比去年|较去年)(?:增加|增长|减少|下降|提高|新增)"


#: A question asking when (哪一年, 什么时候 …) and the time a span must state to answer it: a year, a
#: figure of time (8月14日, 三个月) or a word of time (年初, 去年), not any figure (48人 is no time)
_ASKS_WHEN = re.compile(_WHEN + r"|几号|哪个时候")


_STATES_TIME = re.compile(r"\d{4}|[\d〇零一二两三四五六七八九十百千]+(?:多|余)?个?(?:年|月|日|号|点|天|周|世纪)|"
                          r"[今去前明昨当同次]年|年[初底末间代]|世纪|[春夏秋冬]|节|日|时|期|周[一二三四五六日天末]|星期|"
                          r"礼拜|[早晚]上|[上中下]午|凌晨|傍晚|夜|以来|之前|之后|以前|以后|当天|朝|代")


#: Words of time itself, which tell no event (在哪一年的时候), and of counting from a time (从哪年开始算的:
#: the event is the figure named before, counted ``2015年以来``)
_TIME_WORDS = frozenset(("时候", "时间", "年份", "时期", "日期", "年代", "开始", "算起", "计算", "统计", "起算"))


def asks_change(question: Question) -> bool:
    """Whether a question asks a change (同比增加了多少, 比去年多了几个 read as 同比增加了几个)."""
    return _ASKS_CHANGE.search(question.simple) is not None


def asks_when(question: Question) -> bool:
    """Whether a question asks when (哪一年, 什么时候 …)."""
    return _ASKS_WHEN.search(asked_part(question.simple)) is not None


@lru_cache(maxsize=1024)
def _event_words(simple: str) -> tuple[str, ...]:
    """For a normalized question of when, each word of two characters or more after the question word
    (``沐川哪年摘掉贫困县帽子的`` → 摘掉, 贫困县, 帽子); ``()`` for any other question."""
    when = _ASKS_WHEN.search(asked_part(simple))
    if not when:
        return ()
    after = simple[simple.find(when.group(0)) + len(when.group(0)):]  # to the end, past any comma
    return _content_words(after)


def _content_words(text: str, names: bool = True) -> tuple[str, ...]:
    """The words of two characters or more of ``text`` that tell an event (verbs, nouns, adjectives), no
    time word among them; without places and persons when ``names`` is false."""
    from ...segment import tagged

    return tuple(w for w, flag in tagged(text) if len(w) >= 2 and flag.startswith(("v", "n", "a"))
                 and (names or flag not in ("ns", "nr")) and w not in _TIME_WORDS)


@lru_cache(maxsize=1024)
def _told_by(simple: str) -> tuple[frozenset[str], ...]:
    """For a normalized question of when, the words that tell what it asks the date of: each of its
    :func:`_event_words`, with the words of one meaning with the event it holds (返乡创业 is told by
    回到 …); ``()`` for any other question. Once per question."""
    return tuple(frozenset({word}.union(*(g for g in _ASKED_EVENTS if any(w in word for w in g))))
                 for word in _event_words(simple))


def tells_what_happened(question: Question, text: str) -> bool:
    """Whether ``text`` (a date's sentence and the one after it) tells what a question of when asks the
    date of: a word of two characters or more after the question word, or a word of one meaning with
    it (``哪一年注册的`` is not answered by ``2016年以来…打造“归雁兴嘉”创业品牌``; ``哪一年回来的`` is by
    ``2017年他回到家乡``), or other words holding half the characters of four or more the question's
    words hold, one of what was done among them (``摘掉贫困县帽子`` and ``贫困帽子是哪年摘掉的`` are told
    by ``脱贫摘帽``). True for any other question."""
    told = _told_by(question.simple)
    if not told or any(any(w in text for w in said) for said in told):
        return True
    done = "".join(_event_words(question.simple))  # what was done, after the question word
    chars = set(done + "".join(_named_before(question.simple)))
    return len(chars) >= 4 and 2 * sum(c in text for c in chars) >= len(chars) and any(c in text for c in done)


@lru_cache(maxsize=1024)
def _named_before(simple: str) -> tuple[str, ...]:
    """For a question of when, the words of two characters or more naming what it happened to before
    the question word, in its clause (``沐川县的贫困帽子是哪年摘掉的`` → 贫困, 帽子), places and
    persons aside."""
    when = _ASKS_WHEN.search(simple)
    if not when:
        return ()
    return _content_words(re.split(r"[，,。；;]", simple[:when.start()])[-1], names=False)


#: A yes/no question testing the year of what it names (是不是2018年注册的, 是2018年成立的吗): the year is
#: what is asked, and a sentence of the same event in another year answers it (with that year, no verdict)
_YEAR_TESTED = re.compile(r"(?:是不是|是否|是)在?((?:19|20)\d{2})年(?:[^，,。？?的]*)的")
_STATED_YEAR = re.compile(r"(?:19|20)\d{2}年")


def tested_year(question: Question, sentence: str) -> str:
    """The year a yes/no question tests when ``sentence`` tells the same event (a word of two characters
    or more the question says after the year, before or after its 的) in another year:
    ``张智杰的公司是不是2018年注册的？`` (or ``张智杰是2017年出的车祸吗？``) and
    ``2017年,…注册成立了…公司`` → ``2018``; ``""`` for any other question or sentence."""
    from ...segment import tagged

    tested = _YEAR_TESTED.search(question.simple) if question.kind == "yesno" else None
    if not tested or not _STATED_YEAR.search(sentence) or tested.group(1) + "年" in sentence:
        return ""
    # what the question says after the year, through its 的 to the end of its clause (出的车祸吗)
    event = re.split(r"[，,。？?；;]", question.simple[tested.end(1) + 1:], maxsplit=1)[0]
    told = [w for w, flag in tagged(event) if len(w) >= 2 and flag.startswith(("v", "n", "i", "l"))]
    # a set phrase is told by its noun too (出车祸: 发生车祸)
    return tested.group(1) if any(w in sentence or (len(w) > 2 and w[-2:] in sentence) for w in told) else ""


#: An ordinal: 第37个, 第五届, 首届, 首个, or the first or last place in a series told by a word
#: (三年行动计划…收官之年, 开局之年, 最后一年)
_ORDINAL = re.compile(r"第\s*[\d一二两三四五六七八九十百千]|首[届个次批期家座位年]|收官|开局|起步之年|最后一")


#: A quantity of one year, and of one month: a question of either is not answered by the other
_PER_YEAR = re.compile(r"一年|每年|全年|年度|年均|年(?:销售|利润|营业|营收|收入|产值|租金)")


_PER_MONTH = re.compile(r"一个月|每个月|每月|月均|月(?:销售|利润|营业|营收|收入|产值|租金)")


def other_period(question: str, clause: str) -> bool:
    """Whether a figure's clause states a quantity of one period (``每月销售额达200余万元``) and the
    question asks of the other (``一年销售额是多少``), either way round."""
    part = asked_part(question)
    return bool((_PER_YEAR.search(part) and _PER_MONTH.search(clause) and not _PER_YEAR.search(clause))
                or (_PER_MONTH.search(part) and _PER_YEAR.search(clause) and not _PER_MONTH.search(clause)))


#: Relative years: 前年 asked is not answered by what 去年 saw
_RELATIVE_YEAR = re.compile(r"今年|去年|前年|明年|上年")


_ANY_YEAR = re.compile(r"\d{2,4}\s*年|[一二〇零两三四五六七八九十]{2,4}年|年[初底末中]|以来|截至|目前|如今|近年|这几年")


#: Words for the current year's own (年度资金, 当年, 本年度): what 今年 asks of
_THIS_YEARS = re.compile(r"年度|当年|本年")


#: A year a change is measured against (比去年多了多少): the figure asked is this year's
_COMPARED_WITH = re.compile(r"(?:比|跟|与|和|较|同)(?:去年|上年|前年)(?:同期)?")


def other_year(question: Question, sentence: str) -> bool:
    """Whether a question names a year relative to now (``前年``) that ``sentence`` does not, while the
    sentence names another (``去年…年利润超过100万元``) or no time at all (``孵化创业项目152个`` is
    no answer to ``去年孵化了多少个``). A year compared with (``比去年多了多少``) is not the year asked of."""
    asked = set(_RELATIVE_YEAR.findall(_COMPARED_WITH.sub("", question.simple)))
    if not asked:
        return False
    stated = set(_RELATIVE_YEAR.findall(sentence))
    if asked == {"今年"} and _THIS_YEARS.search(sentence):  # 今年的…资金 asked, 下达…年度…资金75万元 stated
        return False
    if not stated:  # 去年 asked of a sentence telling no year at all: a figure of no year in particular
        return _ANY_YEAR.search(sentence) is None
    return not asked & stated
