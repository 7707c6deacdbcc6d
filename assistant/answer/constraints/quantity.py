"""What a 多少/几 question counts and in which unit, and whether a figure is of that: the things
counted, their kind, sort, level and whole; a limit, an average, a standard; the kind of money.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...schema import Question
from ..question import PEOPLE_NOUN, THING_NOUN, VAGUE_TIME
from .things import another_kind_named
from .words import (
    _COUNT_WORDS,
    _FIGURE,
    _KIND_HEADS,
    _MONEY_KINDS,
    _NOUN_GROUPS,
    _NUMBER,
    _THING_KINDS,
    LEVEL,
    _figure_not_of,
    asked_part,
    shares_a_pair,
)

_ASKS_PERCENT = re.compile(r"利率|比例|占比|百分之|百分比|增长率|增幅|比重|覆盖率|多少成|几成")


#: An area asked (占地多少亩, 多大面积, 多少平方米): answered by a figure in a unit of area, never by a sum
_ASKS_AREA = re.compile(r"多少(?:亩|平方米|平米|公顷|平方公里)|几(?:亩|公顷)|面积|占地")


_AREA = re.compile(_NUMBER + r"(?:亩|平方米|平米|公顷|平方公里)")


_ASKS_MONEY = re.compile(
    r"多少钱|金额|资金|贷款|投资|补贴|补助|奖补|拨款|营收|销售额|产值|利润|融资|经费|奖金|收入|营业额|费用"
    r"|租金|房租|工资|薪|价格|价钱|成本|预算|捐款|税")


_ASKS_PEOPLE = re.compile(r"多少(?:人|名|位)|(?<![哪那这好])几(?:人|名|位)|人数|多少农民工|多少劳动力|多少就业"
                          r"|多少[\u4e00-\u9fff]{1,8}?的人(?![均口])")  # 多少返乡创业的人


#: People asked about loosely (返乡创业的人有多少): a count of things asked with a measure word comes first
#: (回乡创业的人开了多少家企业 counts 企业)
_ASKS_PEOPLE_LOOSELY = re.compile(r"的人[^，,。？?钱]{0,5}多少(?![钱元])|人员(?:有|是|共|一共)?多少(?![钱元])")


_ASKS_COUNT = re.compile(rf"(?:多少|(?<![哪那这好])几)[{_COUNT_WORDS}]")


_HOW_MANY = re.compile(rf"(?<![哪那这好前后头])(多少|几)([{_COUNT_WORDS}名位]|人次|人)?")


_LIMIT_ASKED = re.compile(r"(?:最多|最高|至多|最少|最低|最长|最短)(?:能|可|可以|能够|给|贷|补|发)|上限|封顶|最高额度")


_LIMIT_STATED = re.compile(r"最高|最多|至多|最少|最低|最长|最短|上限|封顶|不超过|不高于|不低于|不少于|以内|以下|以上|为限")


def asked_unit(question: Question) -> str:
    """What kind of quantity a 多少/几 question asks for: ``percent``, ``area``, ``money``, ``people``, ``count``,
    ``people?`` (it counts a noun of people, 多少员工, without a measure word), ``things?`` (a noun of
    other things, 多少企业), ``unpriced`` (a noun of no sum of money, 多少口罩: any quantity but money), or
    ``quantity`` (a quantity of any kind); ``""`` when no quantity is asked."""
    return _asked_unit(question.simple)


@lru_cache(maxsize=1024)
def _asked_unit(question: str) -> str:
    """:func:`asked_unit` of a normalized question, once per question, not once per span checked."""
    simple = VAGUE_TIME.sub("", asked_part(question))
    if "第几" in simple or "第多少" in simple:
        return ""  # an ordinal is asked (第几届 → 首届, 第五届; 第多少届), not a quantity
    if not re.search(r"多少|(?<![哪那这好])几|多大|多高|多长|占比|比例|利率", simple):
        return ""
    if _ASKS_PERCENT.search(simple):
        return "percent"
    if _ASKS_PEOPLE.search(simple):
        return "people"
    if _ASKS_COUNT.search(simple):
        measure, noun = _counted(asked_part(question))
        if measure == "个" and PEOPLE_NOUN.search(noun or _named_before_count(asked_part(question)) or "-"):
            return "people"  # 多少个电商从业者, 职员有多少个: a head count, whatever measure word the article writes
        return "count"
    if _ASKS_AREA.search(simple):
        return "area"
    measure, noun = _counted(asked_part(question))
    if _ASKS_PEOPLE_LOOSELY.search(simple) and not (noun and _opens_with_noun(noun) and not PEOPLE_NOUN.search(noun)):
        return "people"  # 返乡创业的人有多少, but not 返乡的人办了多少经济实体
    if noun and not measure and _opens_with_noun(noun):  # 多少创业者/企业获得了贷款: a count of them, not the loans
        if PEOPLE_NOUN.search(noun):
            return "people?"  # 多少员工: people, though the article may write the figure without 人
        if THING_NOUN.search(noun):
            return "things?"
    if _ASKS_MONEY.search(simple):
        return "money"
    if not noun and PEOPLE_NOUN.search(_named_before_count(asked_part(question)) or "-"):
        return "people?"  # 返乡创业的女老板有多少: a head count of them
    after = simple[simple.rfind("多少") + 2:].rstrip("?？") if "多少" in simple and not noun else ""
    if 0 < len(after) <= 10 and PEOPLE_NOUN.search(after):
        return "people?"  # 联系了多少在藏菏泽籍人员: people, though no noun follows 多少 at once
    if noun and _opens_with_noun(noun) and not _PRICED.search(noun) and "钱" not in simple:  # 多少财政的钱
        return "unpriced"  # 捐了多少口罩: an amount of a thing that is no sum of money, any measure word
    return "quantity"


#: How nouns of sums end (成交额, 收益, 产值, 物资, 经费, 存款): counted, they may be money
_PRICED = re.compile(r"[额益值资费款金钱价本绩]$")


#: Nouns of people of no particular kind: a head count of anyone answers them
_ANY_PEOPLE = frozenset(("人员", "人数", "人口", "个人"))


@lru_cache(maxsize=256)
def _quality(noun: str) -> str:
    """The adjective a counted noun opens with (贫困 in 贫困劳动者), or ``""``."""
    from ...segment import tagged

    pairs = tagged(noun)
    return pairs[0][0] if len(pairs) >= 2 and pairs[0][1] == "a" and len(pairs[0][0]) >= 2 else ""


_COPULAS = frozenset(("是", "有", "为", "占", "属于"))


def _opens_with_noun(text: str) -> bool:
    """Whether a counted phrase opens with a noun (企业), or a word qualifying one (贫困劳动者, 返乡人员),
    not a verb of being (``多少是服务站推荐的``: a share)."""
    from ...segment import tagged

    pairs = tagged(text)
    if len(pairs) >= 2 and (pairs[0][1] == "a" or (pairs[0][1] == "v" and pairs[0][0] not in _COPULAS)):
        pairs = pairs[1:]  # 贫困劳动者, 返乡人员
    return bool(pairs) and pairs[0][1].startswith("n")


#: A magnitude said in a set phrase, no figure stated (数以百万计, 以万计)
_MAGNITUDE = re.compile(r"数?以?[十百千万亿]+计")


def fits_unit(unit: str, span: str) -> bool:
    """Whether an answer span states a quantity of the asked kind (``6.59万人`` fits ``people``;
    ``460万元`` does not fit ``percent``). Measure words of things counted (个/家/户 …) are one kind.
    ``people?`` (a noun of people, no measure word asked) takes a bare figure but not money or things."""
    if not unit:
        return True
    if not _FIGURE.search(_MAGNITUDE.sub("", span)):
        return False  # 数以百万计的外出务工庞大群体: "numbering in the millions", no stated figure
    if unit == "percent":
        return re.search(r"\d\s*(?:%|％)|[一二三四五六七八九十\d]成|百分之|个百分点", span) is not None
    if unit == "area":
        return _AREA.search(span) is not None
    if unit == "money":
        return re.search(_NUMBER + r"(?:元|美元)|\d\s*[万亿](?![\u3400-\u9fff])", span) is not None
    if unit == "people":
        return re.search(_NUMBER + r"(?:人|名(?![录单称字额次义])|位|人次)", span) is not None  # 两名录: a list
    if unit == "count":
        return re.search(_NUMBER + rf"[{_COUNT_WORDS}]", span) is not None
    if unit == "people?":  # nor a time (一年多, 三个月, 14岁)
        return _figure_not_of(span, rf"元|美元|%|％|[{_COUNT_WORDS}]|平方米|亩|年|岁|月|日|天")
    if unit == "unpriced":  # 多少口罩: any figure but a sum of money (捐款捐物总计约630万元)
        return _figure_not_of(span, r"元|美元")
    if unit == "things?":  # 多少企业: a count of things, written with any measure word, never a sum or a share
        return _figure_not_of(span, r"元|美元|%|％|平方米|亩|人|名|位|年|岁|月|日")  # nor a head count or a date
    return _FIGURE.search(span) is not None


#: What people counted may be said to have done, a word jieba tags as a noun (返乡创业)
_DONE_BY_THEM = frozenset(("返乡创业", "返乡", "创业", "就业", "创业就业", "就业创业", "务工"))


@lru_cache(maxsize=1024)
def _counted(simple: str) -> tuple[str, str]:
    from ...segment import tagged

    simple = VAGUE_TIME.sub("", simple)
    match = _HOW_MANY.search(simple)
    if not match:
        return "", ""
    after = simple[match.end():]
    qualified = re.match(r"[^，,。？?的]{1,6}的(?=[\u4e00-\u9fff])", after)
    if qualified and tagged(qualified.group(0))[0][1][:1] in ("v", "a", "d"):
        after = after[qualified.end():]  # 多少个有经验的电商从业者: the noun after the words qualifying it
    words = tagged(after)
    noun: list[str] = []
    nominal = False  # a true noun seen: a verbal noun after it is the predicate (国家参赛), not the noun
    for i, (word, flag) in enumerate(words):
        if noun and word in _DONE_BY_THEM and PEOPLE_NOUN.search("".join(noun)):
            break  # 多少个电商从业者返乡创业: what the people counted did, not part of the noun
        following = words[i + 1][1] if i + 1 < len(words) else ""
        if flag.startswith("n") or (flag == "vn" and not nominal) or (
                flag in ("v", "a") and not noun and following in ("n", "vn")):  # 贫困 + 劳动者
            noun.append(word)
            nominal = nominal or flag.startswith("n")
        else:
            break
    if noun and len(words) > len(noun) and words[len(noun)][0] in ("者", "们", "员", "人员"):
        noun.append(words[len(noun)][0])  # 返乡创业 + 者: jieba leaves the suffix of persons apart
    return match.group(2) or "", "".join(noun)


def _noun_left_out(span: str, measure: str, after: str) -> bool:
    """Whether a count names no noun, its measure word the one asked and a verb right after it
    (``辅导20余家改进创业融资方案``: 20余家 counts the 企业 the question names)."""
    from ...segment import tagged

    if not span.rstrip().endswith(measure):
        return False
    words = tagged(after)
    return bool(words) and words[0][1] == "v"


#: An average or a figure per period or per head asked (平均, 每期多少人, 每户奖励多少), and stated: a total
#: (累计参加创业培训人数2360人) does not answer it
_ASKS_AVERAGE = re.compile(r"平均|人均|均价|每一?个?[期户人场次家批届月天周年]")


_STATES_AVERAGE = re.compile(r"平均|人均|均|每")


#: A standard asked (补贴标准) is stated as one, a rate or a limit
_STATES_STANDARD = re.compile(r"标准|每|按|比例|最高|不超过|%|％")


#: A part of a whole asked (``入园企业里有多少家是返乡青年办的``): the whole is before 里/中
_SUBSET = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:里|中|当中|之中)(?:有|一共有)?(?:多少|几)[家个户名人位]?是")


@lru_cache(maxsize=1024)
def _subset_of(simple: str) -> str:
    """The nouns naming the whole a question asks a part of (``入园企业里有多少家是…`` → 入园企业), or ``""``."""
    from ...segment import trailing_words

    match = _SUBSET.search(simple)
    return trailing_words(match.group(1), lambda flag: flag.startswith("n")) if match else ""


#: A part asked of what is counted (``有多少个商铺是返乡创业人员开的``): the words after 是 say which part
_PART_ASKED = re.compile(r"(?:多少|几)[家个户名人位]?[\u4e00-\u9fff]{0,8}?是(?P<part>[\u4e00-\u9fff]{2,16}?)(?:的|吗|呢)?[?？]?$")


@lru_cache(maxsize=1024)
def _part_asked(simple: str) -> str:
    """What sets apart the part a question counts (``…有多少个商铺是返乡创业人员开的`` → 返乡创业人员开),
    or ``""``: a figure of the whole (``2000个标准商铺``) does not answer it."""
    match = _PART_ASKED.search(asked_part(simple))
    return match["part"] if match else ""


#: A time a count is asked of, closing the words before it (``走访的时候``, ``活动期间``)
_WHILE = re.compile(r"的?(?:时候|时|期间|之时|之际|以来|以后|之后)$")


@lru_cache(maxsize=1024)
def _named_before_count(simple: str) -> str:
    """The nouns a count names before asking it (``高新技术项目有多少家`` → 高新技术项目, ``女老板有多少``
    → 女老板), or ``""``."""
    from ...segment import trailing_words

    simple = VAGUE_TIME.sub("", simple)
    match = _HOW_MANY.search(simple)
    if not match or not (match.group(2) or re.fullmatch(r"[?？]?", simple[match.end():])):
        return ""  # 高新技术项目有多少家, 女老板有多少: not 多少是服务站推荐的
    before = re.sub(r"(?:一共|总共|共|都|还)?有?$", "", simple[:match.start()])
    before = _WHILE.sub("", before)  # 走访的时候有多少人参会: a time, not the people counted
    return trailing_words(before, lambda flag: flag.startswith("n"))


def counted(question: Question) -> tuple[str, str]:
    """``(measure word, noun)`` of what a 多少/几 question counts: ``多少家企业`` → ``("家", "企业")``,
    ``几期巡诊活动`` → ``("期", "巡诊活动")``, ``多少员工`` → ``("", "员工")``; empty when it counts nothing named."""
    return _counted(asked_part(question.simple))


def named_before_count(question: Question) -> str:
    """The things a question counts when it names them before asking (``昭通的返乡创业园区有多少个`` →
    ``返乡创业园区``), without the places it names; ``""`` otherwise."""
    named = _named_before_count(asked_part(question.simple))
    return re.sub("|".join(map(re.escape, question.places)), "", named) if question.places else named


def names_counted(noun: str, clause: str) -> bool:
    """Whether a clause is about the things a question counts: it shares two characters in a row with
    the noun (``多少个科技项目`` / ``26个科技项目``) or holds a noun of the same kind (企业 / 公司); a
    one-character noun must stand in it."""
    if len(noun) == 1:
        return noun in clause
    kind = _THING_KINDS.search(noun)
    if kind and kind.end() == len(noun) and _KIND_HEADS[kind.group(0)] not in clause:
        return False  # 多少个市级返乡创业服务站 is not answered by 市级创业孵化基地2个
    if another_kind_named(noun, clause):
        return False
    if shares_a_pair(noun, clause):
        return True
    # 企业 for 公司, but a one-character qualifier makes another sort (分公司, 子公司): it must be said too
    return any(noun.endswith(w) and (len(noun) - len(w) != 1 or noun[0] in clause)
               and any(o in clause for o in group) for group in _NOUN_GROUPS for w in group)


@lru_cache(maxsize=1024)
def _money_kind(question: str) -> tuple[str, ...]:
    part = asked_part(question)
    found = [(part.find(w), kind) for kind in _MONEY_KINDS for w in kind if w in part]
    return min(found)[1] if found else ()


def money_kind(question: Question) -> tuple[str, ...]:
    """The words of the kind of money a question asks the amount of (``租金`` → 租金, 房租 …), or ``()``."""
    return _money_kind(question.simple) if asked_unit(question) == "money" else ()


def other_level(question: str, text: str) -> bool:
    """Whether ``question`` names a level of government (国家级) that ``text`` does not while ``text``
    names another (省级): then ``text`` states something of another level than the one asked."""
    asked = set(LEVEL.findall(question))
    stated = set(LEVEL.findall(text))
    return bool(asked and stated and not asked & stated)


def counts_another_sort(question: str, noun: str, after: str) -> bool:
    """Whether the nouns right after a figure (``after``: ``优质项目。…``) count things of the kind the
    question counts (``高新技术项目``: the same last word) but of another sort: the question's
    qualifying words are not among them, and theirs are not in the question."""
    from ...segment import tagged

    asked = tagged(noun)
    if len(asked) < 2:
        return False  # 企业: no sort asked
    said: list[str] = []
    for word, flag in tagged(after):
        if not (flag.startswith("n") or flag == "vn"):
            break
        said.append(word)
    if len(said) < 2 or said[-1] != asked[-1][0]:
        return False
    sort = "".join(w for w, _ in asked[:-1])
    return sort not in "".join(said) and not any(w in question for w in said[:-1])


def level_apart(question: str, sentence: str, item: str) -> bool:
    """Whether a figure's item names no level of government while its sentence names, elsewhere, the one
    ``question`` asks of: ``246个返乡创业服务站,其中市级站37家、县级站209家`` gives 县级's share apart,
    so 246个 does not answer for 县级站."""
    asked = set(LEVEL.findall(question))
    return bool(asked) and not LEVEL.search(item) and any(level in sentence for level in asked)
