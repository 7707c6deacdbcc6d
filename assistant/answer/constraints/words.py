"""The shared vocabulary of the answer checks: clauses and the items of a list, figures, levels of
government, the kinds of things and of money a question may name, and the part of a question that asks.
"""

from __future__ import annotations

import re
from functools import lru_cache

_COUNT_WORDS = "个家户项所座条种类批期届次站科"


_NUMBER = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千万]+)\s*[余多近约]?\s*[万亿千百]?\s*[余多近约]?"  # 万余人 too


#: Nouns that name the same kind of thing counted (多少家企业 is answered by 创办企业2460个 or 31家公司)
_NOUN_GROUPS = (
    frozenset(("企业", "公司", "工厂", "厂", "商户", "商家", "实体", "合作社", "经济实体")),
    frozenset(("园区", "产业园", "创业园", "孵化园", "示范园", "基地", "园")),
    frozenset(("服务站", "工作站", "站")),
)


#: Nouns of people of one kind in other words: those a firm employs (``多少员工`` / ``20余名职员``)
_PEOPLE_GROUPS = (("员工", "职员", "职工", "雇员", "工人"),)


#: Kinds of money a question may ask the amount of, each with the words articles write it in: a rent is
#: not answered by a sum of sales (``商铺租金多少`` / ``去年线上销售超过500万``). Broad words (资金, 收入,
#: 投资 …) name no one kind and are not held to their sentence.
_MONEY_KINDS = (
    ("租金", "房租", "租赁费", "租费"),
    ("销售额", "销售", "营收", "营业额", "营业收入", "销售收入"),
    ("利润", "盈利", "净利", "纯利"),
    ("工资", "月薪", "年薪", "薪资", "薪酬", "薪水"),
    ("价格", "价钱", "售价", "单价", "票价"),
    ("税", "税收", "纳税"),
    ("成本",),
    ("预算",),
    ("奖励", "奖金", "奖励资金"),
    ("总投资", "投资总额", "总投入", "投资"),
    ("贴息", "利息", "贴息资金"),
    ("利率", "年利率", "月利率"),
)


#: Earning, in spoken words (赚了多少): sales or profit alike, read as whichever of them a passage states
_EARNED = re.compile(r"赚了|赚")
_EARNINGS = ("利润", "营收", "销售额", "营业额", "收入")


#: Punctuation that ends a clause (and a sentence or a line, which end one too)
CLAUSE_END = "，,；;。！？!?：:\n"


#: Where a clause of a span ends, a comma between digits (10,000余人) being a thousands separator
CLAUSE_BREAK = re.compile("[" + re.escape(CLAUSE_END.replace(",", "")) + "]|,(?!\\d{3})")


#: Levels of government: 国家级 asked is not answered by a clause stating 省级
LEVEL = re.compile(r"国家级|省级|市级|县级|区级|镇级|乡级|村级")


_ENDS_WITH_LEVEL = re.compile(f"(?:{LEVEL.pattern})$")


#: Words that make a clause ask (多少人, 叫什么, 占地多大, 为什么)
_ASKING = re.compile(r"多少|几|什么|哪|谁|吗|多大|多高|多长|多久|多远|怎么|怎样|如何|为何")


def asked_part(simple: str) -> str:
    """The part of a question that asks: a follow-up read with the last question before it
    (``菏泽…多少人，领办创办了多少经济实体?``) asks what its last clause asks."""
    parts = [p for p in re.split(r"[，,]", simple) if _ASKING.search(p)]
    return parts[-1] if parts else simple


def _up_to_clause_end(sentence: str, end: int) -> str:
    """The sentence up to the end of the clause holding ``sentence[:end]`` (what a figure there is said of)."""
    rights = [i for i in (sentence.find(ch, end) for ch in CLAUSE_END) if i >= 0]
    return sentence[:min(rights) if rights else len(sentence)]


#: What is stripped from a span before it is compared with the question
_SPAN_TRIM = "。，,；;：:、！!？?“”‘’\"'()（）《》「」 \n"


#: Kinds of things a question may name with words of their own (镇雄县 + 服装纺织 + 产业园), each with
#: the word it is known by when a text shortens it (入园企业 for the 孵化园's firms)
_KIND_HEADS = {"产业园": "园", "创业园": "园", "孵化园": "园", "园区": "园",
               "孵化基地": "基地", "创业基地": "基地", "实训基地": "基地",
               "服务站": "站", "工作站": "站", "商贸城": "城", "皮革城": "城", "服务中心": "中心", "服务团": "团",
               "训练营": "营", "试点地区": "试点", "试点城市": "试点", "试点县": "试点"}


_THING_KINDS = re.compile("|".join(sorted(_KIND_HEADS, key=len, reverse=True)))


_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]")


def _figure_not_of(span: str, units: str) -> bool:
    """Whether a span states a figure, none of it in ``units`` (a regex alternation: 元|%|平方米 …)."""
    return _FIGURE.search(span) is not None and re.search(_NUMBER + f"(?:{units})", span) is None


def _clause_start(sentence: str, start: int) -> int:
    """Where the clause holding ``sentence[start]`` begins (after the punctuation before it)."""
    return max((sentence.rfind(ch, 0, start) for ch in CLAUSE_END), default=-1) + 1


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` around ``sentence[start:end]`` (from the punctuation before to the one after)."""
    return _up_to_clause_end(sentence, end)[_clause_start(sentence, start):]


def _items_around(sentence: str, start: int, end: int, separators: str = "、") -> list[tuple[int, str]]:
    """The items of the clause around ``sentence[start:end]``, split at ``separators`` (a regex
    alternation: ``、|以及|及``), each with where it starts in the sentence; the clause alone when it
    lists nothing."""
    at = _clause_start(sentence, start)
    items = []
    for i, piece in enumerate(re.split(f"({separators})", _clause(sentence, start, end))):
        if i % 2 == 0:  # an item; the separators between them are kept apart by the group
            items.append((at, piece))
        at += len(piece)
    return items


def _item(sentence: str, start: int, end: int) -> str:
    """The items of an enumeration (``、``) that ``sentence[start:end]`` spans within its clause, with the
    items before them that end on a level they share (``建成省级、市级创业孵化基地6个``); the clause when
    it lists nothing."""
    found = _items_around(sentence, start, end)
    items = [item for _, item in found]
    covered = [i for i, (at, item) in enumerate(found) if at <= end and start <= at + len(item)]
    if not covered:
        return "、".join(items)
    first = covered[0]
    while first > 0 and _ENDS_WITH_LEVEL.search(items[first - 1]):
        first -= 1
    return "、".join(items[first:covered[-1] + 1])


def shares_a_pair(word: str, text: str) -> bool:
    """Whether ``text`` holds two characters in a row of ``word`` (``科技项目`` / ``26个科技项目``;
    ``五金产业园`` shortens ``以勒五金高新产业园``)."""
    return any(word[i:i + 2] in text for i in range(len(word) - 1))


@lru_cache(maxsize=1024)
def kinds_named(simple: str) -> tuple[str, ...]:
    """The kinds of things a normalized question names (``返乡创业园区`` → 园区), once per question."""
    return tuple(k.group(0) for k in _THING_KINDS.finditer(simple))

