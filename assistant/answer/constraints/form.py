""":func:`fits_question`, every check of an answer span against the form of its question, and the
question read in the passage's words for an event or a kind of money.
"""

from __future__ import annotations

import re

from ...schema import Question
from ..question import PEOPLE_NOUN
from .people import (
    _ASKS_ORIGIN,
    _ASKS_TAKING_PART,
    _ASKS_WORK,
    _HONOURED_AFTER,
    _HONOURED_BEFORE,
    _SIZE_OF,
    _TAKES_PART,
    _about_the_asked,
    _names_a_verb_of,
    _names_the_body,
    _of_whom,
    given_work,
    names_the_people,
    not_a_name,
    not_people,
    restates_question,
)
from .quantity import (
    _ANY_PEOPLE,
    _ASKS_AVERAGE,
    _LIMIT_ASKED,
    _LIMIT_STATED,
    _STATES_AVERAGE,
    _STATES_STANDARD,
    _named_before_count,
    _noun_left_out,
    _part_asked,
    _quality,
    _subset_of,
    asked_unit,
    counted,
    counts_another_sort,
    fits_unit,
    level_apart,
    money_kind,
    named_before_count,
    names_counted,
    other_level,
)
from .things import (
    _KIND_ASKED,
    _of_kind,
    another_kind_named,
    names_no_body,
    names_the_subject,
    one_channel,
    one_of_listed,
    other_side,
    said_of_a_firm,
)
from .when import (
    _ASKED_EVENTS,
    _ASKS_EVENT,
    _ASKS_GOAL,
    _ASKS_WHEN,
    _EVENTS,
    _ORDINAL,
    _RETURNS,
    _SEEKS,
    _STATES_CHANGE,
    _STATES_TIME,
    _UNDER_WAY,
    CHANGE_STATED,
    asks_change,
    in_goal,
    other_period,
)
from .words import (
    _COUNT_WORDS,
    _EARNED,
    _EARNINGS,
    _MONEY_KINDS,
    _NUMBER,
    _PEOPLE_GROUPS,
    _SPAN_TRIM,
    CLAUSE_BREAK,
    CLAUSE_END,
    LEVEL,
    _clause_start,
    _item,
    _items_around,
    _up_to_clause_end,
    asked_part,
    shares_a_pair,
)

#: A level of government asked (什么级别的孵化园, 哪一级): the answer names one (省级, 国家级)
_ASKS_LEVEL = re.compile(r"什么级别|哪个级别|哪一级|哪级")


#: Taking part, in the two words articles write it in (多少人参加 over ``80余名…负责人参与``)
_TAKING_PART = ("参加", "参与")


#: Lines of business, spoken (行当) or written (行业, 产业): 干哪些行当 over ``主要分布在农业种养殖业…``
_TRADES = ("行业", "产业", "行当")


#: Words of one meaning in these articles (an event, a kind of money, taking part, a line of business): a
#: question is read over a passage in the word that passage uses (挂牌 over ``揭牌成立``, 营收 over ``销售额``)
_SAME_MEANING = tuple(tuple(sorted(group, key=len, reverse=True))
                      for group in (*_EVENTS, *_MONEY_KINDS, *_PEOPLE_GROUPS, _TAKING_PART, _TRADES))


#: Earlier in someone's life, in the words articles and askers use (早年 written, 以前 asked)
_EARLIER_WORDS = ("早年", "此前", "以前", "之前", "先前", "从前", "原先")


#: One of :data:`_EARLIER_WORDS` standing for a time of its own, not ending a date (``2017年以前``)
_EARLIER = re.compile(r"(?<![\d年月日号])(?:" + "|".join(_EARLIER_WORDS) + ")")


#: A clause stating only a change (``同比增加551个``): it counts what the clause before it names
_CHANGE_CLAUSE = re.compile(CHANGE_STATED)


#: A length of time (一年多的时间, 三个月, 10天), which tells how long, not when; a year (2017年, 10年) or a
#: month (5月) is no length
_DURATION = re.compile(r"(?!\d{4})[\d一二两三四五六七八九十百半]+(?:多|余)?(?:个月|个?小时|个?星期|天|周|年(?=多|余|的?时间|之久))"
                       r"(?:多|余)?的?(?:时间|之久)?")


#: A question about the jobs a thing gave (带动/吸纳/安置 …就业): a head count of anything else is no answer
_ASKS_JOBS_GIVEN = re.compile(r"(?:带动|吸纳|安置|解决)[^，,。？?]{0,8}就业")


def _of_a_qualified_part(question: str, sentence: str, start: int) -> bool:
    """Whether the figure at ``sentence[start]`` counts a part set apart by 其中 and a quality the question
    does not ask of (``(其中吸纳贫困劳动者就业1578余人)``: the poor among those given work)."""
    from ...segment import tagged

    part = re.search(r"其中([^，,。；;()（）]*)$", sentence[_clause_start(sentence, start):start])
    return part is not None and any(flag == "a" and len(word) >= 2 and word not in question
                                    for word, flag in tagged(part.group(1)))


#: A question asking what someone or something is called
_ASKS_A_NAME = re.compile(r"叫什么|叫啥|名字|名称")
#: Words asking where something is or comes from (设在哪里, 来自哪儿, 什么地方)
_ASKS_A_PLACE = re.compile(r"(?:在|来自|位于)哪(?:里|儿)|什么地方")

#: Words asking which district, county, town or city (设在哪个区, 在哪座城市), unless the question asks a
#: count as well (哪个区的工作室有多少人: the count is asked, of a place it leaves open)
_ASKS_WHICH_PLACE = re.compile(r"^(?!.*(?:多少|几)).*哪[个座]?(?:区县|区|县|市|省|镇|乡|村|城市|省份)")

#: Any question of where (卖到哪里, 在哪儿, 什么地方): answered by a place or places, one clause at most
_ASKS_WHERE = re.compile(r"哪里|哪儿|什么地方|哪个地方|何处")

#: A span that is a count or an amount alone (10人, 2460个, 460万元)
_A_COUNT = re.compile(r"\d[\d,.]*\s*[余多近]?[万亿千百]?(?:人次|人|个|家|户|名|位|项|所|座|条|期|批|元|%|％)[余多]?")


#: A sort of thing told apart by an ordinal (第一产业, 第二批): a figure of that sort comes from a sentence naming it
_ORDINAL_SORT = re.compile(r"第[一二三四五六七八九十\d]+(?:产业|批|届|期)")

#: A span that is an ordinal of an event held in a series alone (第五届, 第6期): which one, not how many
#: were held (while ``这是…建立的第37个市级站`` does tell how many stand so far)
_ORDINAL_ONLY = re.compile(r"第" + _NUMBER + r"[届期次轮批场][\u4e00-\u9fff]{0,2}")


def _lists_the_asked(question: Question, span: str) -> bool:
    """Whether a span lists the thing a question asks about among others (``综合科、…、对外联络科…`` for
    ``对外联络科是干什么的？``): it names what is asked about, not what is asked of it; an item opening a
    longer name the question holds (``现代货箱码头`` of ``现代货箱码头有限公司的简称``) may answer it. Lists,
    yes/no questions and questions across places are left to their own checks."""
    if question.kind in ("list", "yesno") or question.across or "、" not in span:
        return False
    from ...segment import tagged

    for item in re.split(r"、|以及|及|和", span.strip(_SPAN_TRIM)):
        at = question.simple.find(item) if len(item) >= 3 else -1
        if at < 0:
            continue
        after = tagged(question.simple[at + len(item):at + len(item) + 6])
        if not after or not after[0][1].startswith("n"):  # not the start of a longer name (…码头有限公司)
            return True
    return False


#: Women or men a question counts (女导师, 女老板, 女性, 男职工), not a daughter (女儿) or children (子女)
_SEX = re.compile(r"(?<![儿子])[女男](?!儿)")


def _sibling_of_the_asked(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether a span with no figure lies in one item of a list (``、``, 及, 以及) of which another item,
    ending on the same word, is the thing the question asks about (``…对外联络科、项目对接科及信息培训科`` for ``对外联络科是干什么的？``:
    ``培训科`` is its neighbour, not what it does). Lists, yes/no questions and questions across places
    are left to their own checks."""
    if question.kind in ("list", "yesno") or question.across or re.search(r"\d", sentence[start:end]):
        return False
    items = _items_around(sentence, start, end, "、|以及|及")
    own = next((i for i, (at, item) in enumerate(items) if at <= start and end <= at + len(item)), None)
    if len(items) < 2 or own is None:
        return False
    last = items[own][1].strip(_SPAN_TRIM)[-1:]
    # a sibling names a thing of the same kind, ending on the same word (…科); an item running on past
    # the list (送政策’的同时更注重人文关怀) is no sibling of 送技术
    others = (item.strip(_SPAN_TRIM) for i, (_, item) in enumerate(items) if i != own)
    return any(len(text) >= 3 and text in question.simple and text[-1] == last for text in others)


def _people_named_after(sentence: str, end: int) -> bool:
    """Whether the words right after a count, up to its verb or clause's end, name people (``6家`` +
    ``企业负责人为…``: six heads of firms)."""
    after = re.match(r"[^，,。；;、为是]{1,8}", sentence[end:])
    return after is not None and PEOPLE_NOUN.search(after.group(0)) is not None


def fits_question(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` can answer ``question`` for its form: a quantity of the asked kind,
    of the things asked about; a limit when a limit is asked; the event whose date is asked (opened,
    finished, founded), not work still under way."""
    span = sentence[start:end]
    if restates_question(question, span) or _lists_the_asked(question, span) \
            or _sibling_of_the_asked(question, sentence, start, end):
        return False  # 对外联络科是干什么的？ is not answered by 综合科、…对外联络科…, nor by 信息培训科
    asks_a_place = (_ASKS_A_PLACE.search(question.simple) or _ASKS_WHICH_PLACE.match(question.simple)) \
        and not question.across
    if (_ASKS_A_NAME.search(question.simple) or asks_a_place) \
            and _A_COUNT.fullmatch(span.strip(_SPAN_TRIM).removesuffix("的")):
        return False  # …明星都叫什么？ is not answered by 10人, 工作室设在哪里？ not by 48人的
    if _ASKS_WHERE.search(question.simple) and CLAUSE_BREAK.search(span.strip(_SPAN_TRIM)):
        return False  # 卖到哪里 is answered by a place, not by clauses running past a comma
    asked = asked_part(question.simple)
    unit = asked_unit(question)
    if unit in ("count", "people", "people?", "things?") and _ORDINAL_ONLY.fullmatch(span.strip(_SPAN_TRIM)):
        return False  # 一共办了几届 is not answered by 第五届: one edition, not how many
    measure, noun = counted(question)
    # 多少个国家 is answered by 45国 as well as by 45个: a character of the noun right after the figure
    counted_by_noun = unit == "count" and bool(noun) and re.search(
        _NUMBER + "[" + re.escape(noun) + "]", sentence[start:end + 1]) is not None
    # a part of people asked (…的人有多少是返乡创业的) is answered by their share as well (近10%), or by a
    # count of them in another measure word (有几个是返乡青年: 6家企业负责人为…返乡创业青年)
    share = unit in ("people", "people?") and bool(_part_asked(question.simple)) and (
        fits_unit("percent", span) or (fits_unit("count", span) and _people_named_after(sentence, end)))
    if not (counted_by_noun or share or fits_unit(unit, span)):
        return False
    said_of = _up_to_clause_end(sentence, end)  # the sentence up to the end of the figure's clause
    clause = said_of[_clause_start(sentence, start):]
    counted_in = clause  # where the things a count counts are named
    if _CHANGE_CLAUSE.match(clause) and _clause_start(sentence, start) > 0:  # 创办企业2460个,同比增加551个
        counted_in = said_of[_clause_start(sentence, _clause_start(sentence, start) - 1):]
    if noun and measure and measure in _COUNT_WORDS and not counted_by_noun and not names_counted(noun, counted_in) \
            and not _noun_left_out(span, measure, sentence[end:end + 6]):
        return False
    item = _item(sentence, start, end)
    sort_of = noun or _named_before_count(asked)
    named_before = "" if noun else named_before_count(question)  # the things named before the count
    if len(named_before) >= 2 and measure in _COUNT_WORDS and unit == "count" and \
            not names_counted(named_before, counted_in):
        return False  # 入园企业有多少家 (the things named before the count) is not answered by 返乡创业园9个
    if sort_of and counts_another_sort(question.simple, sort_of, sentence[end:end + 12]):
        return False  # 多少家高新技术项目 is not answered by 50余家优质项目
    if sort_of and unit and another_kind_named(sort_of, re.split("[、" + re.escape(CLAUSE_END) + "]",
                                                               sentence[end:end + 12])[0]):
        return False  # 服务站有多少个 is not answered by 6个招才引智工作站
    if other_level(question.simple, item):  # 国家级基地 asked, 省级…基地4个 stated
        return False
    if unit and level_apart(question.simple, sentence, item):  # 县级站 asked, 246个服务站,其中…县级站209家
        return False
    if unit and any(m.group(0) not in sentence for m in _ORDINAL_SORT.finditer(question.simple)):
        return False  # 第一产业的产值 is not answered by 实现产值6.05亿元: the sentence names no 第一产业
    if unit and (other_period(question.simple, clause) or one_of_listed(question, sentence, start, end)
                 or said_of_a_firm(question, sentence, start)):
        return False  # 一年的销售额 asked, 每月销售额200余万元 stated; 亿联国际商贸城 asked, 3个平台的 3.53万人
    whole = _subset_of(question.simple)
    if whole and not names_counted(whole, said_of):
        return False  # 入园企业里有多少家是返乡青年办的 is not answered by 打造返乡创业园9个
    part = _part_asked(question.simple)
    if unit and part and not shares_a_pair(part, clause):
        return False  # 有多少个商铺是返乡创业人员开的 is not answered by 建设有2000个标准商铺: the part is not named
    if unit and _ASKS_AVERAGE.search(asked) and not _STATES_AVERAGE.search(clause):
        return False  # 平均投资规模 is not answered by 投资规模50万元以下占绝大部分
    if unit and "标准" in asked and not _STATES_STANDARD.search(clause):
        return False  # 担保费补贴标准 is not answered by 争取100万元财政专项资金: a rate, not a sum
    if unit in ("people", "people?"):
        noun = noun or sort_of
        quality = _quality(noun)
        if quality and quality not in said_of:
            return False  # 多少贫困劳动者 is not answered by 吸纳就业2700多人: the poor among them are not counted
        sexes = set(_SEX.findall(question.simple))
        if len(sexes) == 1 and not sexes <= set(said_of):
            return False  # 几名女导师 is not answered by 48人的创业导师工作室: the women among them are not counted
        if len(noun) >= 2 and noun not in _ANY_PEOPLE and not names_the_people(noun, said_of):
            return False  # 多少残疾人 is not answered by 吸纳就业2700多人: those counted are not named
        if not _about_the_asked(question, said_of):
            return False  # 返乡创业的有多少人 is not answered by 参会…企业家、高端人才等4000余人
        if _TAKES_PART.search(clause) and not _ASKS_TAKING_PART.search(question.simple):
            return False  # 沐川返乡创业的有多少人 is not answered by 64名返乡创业人员参加提升培训
        if _ASKS_JOBS_GIVEN.search(question.simple) and not re.search(r"就业|岗位|用工|务工", counted_in):
            return False  # 带动了多少人就业 is not answered by 乐山市农民工返乡创业4706人 (those who returned)
        if _of_a_qualified_part(question.simple, sentence, start):
            return False  # 带动多少人就业 is not answered by (其中吸纳贫困劳动者就业1578余人): the poor among them
        if given_work(sentence, start, end) and not _ASKS_WORK.search(question.simple):
            return False  # 张掖返乡创业的人有多少 is not answered by 带动就业4000余人 (those given work)
        if "人次" in span and "人次" not in question.simple and not _names_a_verb_of(question.simple, clause):
            return False  # 有多少返乡创业人员 is not answered by 帮助辅导创业人员6267人次 (times served)
        honoured = _HONOURED_BEFORE.search(sentence, _clause_start(sentence, start), start) or \
            _HONOURED_AFTER.match(sentence, end)
        if honoured and honoured.group(1) not in question.simple:
            return False  # 返乡创业的有多少人 is not answered by 表扬返乡创业明星10人 (those honoured)
    if other_side(question.simple, sentence):  # 线下销售额 asked, 线上销售超过500万 stated
        return False
    if unit and one_channel(question.simple, clause):  # 一年的营业额 asked, 线上销售超过500万 stated
        return False
    if _ASKS_WHEN.search(asked) and (not _STATES_TIME.search(span) or _DURATION.fullmatch(span.strip(_SPAN_TRIM))):
        return False  # 哪一年成立的 is answered by a year, not by the name of what was founded, nor 几号 by 一年多
    if _ASKS_LEVEL.search(asked) and not LEVEL.search(span):
        return False  # 什么级别的孵化园 is answered by a level (省级创业孵化示范园), not by a company's name
    if re.search("第几|第多少", asked) and not _ORDINAL.search(span):
        return False  # 第几个市级站 is answered by an ordinal (第37个, 首届), not by a count (市级站37家)
    origin = _ASKS_ORIGIN.search(asked)
    if origin and not _of_whom(origin["who"], sentence[:start]):
        return False  # 站长是哪里人 is not answered by 在藏菏泽籍人员: the origin of someone else
    kind_asked = _KIND_ASKED.search(asked)
    if kind_asked and not _of_kind(kind_asked.group(1), sentence[start:end + 8]):
        return False  # 入驻的是哪个园区 is answered by a park (…示范园), not by the company that moved in
    if not_people(question, span):
        return False  # 请了什么人来讲课 is answered by people (资深创业专家), not by the camp's name
    if not_a_name(question, span, sentence):
        return False  # 负责人叫什么 is answered by a person's name, not by what the sentence says of the post
    if names_the_subject(asked, span):
        return False  # 张智杰的公司研发出了什么 is not answered by the company's name
    if question.kind == "list" and _opens_with_the_asked(question.simple, span):
        return False  # 五库一系统都有哪几个库 is not answered by 五库一系统,沟通著全国各地的246个服务站
    if names_no_body(asked, said_of[start:end + 8]):  # what follows, within the span's clause
        return False  # 归哪个部门管 is answered by a body (…局, …中心), not by a word of the sentence
    if asks_change(question) and not _STATES_CHANGE.search(clause):
        return False  # 同比增加了多少个 is not answered by 创办企业2460个
    sized = _SIZE_OF.match(sentence, start)  # 48人的创业导师工作室: the size of the 工作室, not a head count
    if sized and not _names_the_body(question.simple, sized["what"]):
        return False
    if unit and in_goal(sentence, start, end) and not _ASKS_GOAL.search(question.simple):
        return False  # 实际培养了多少个 is not answered by 实现…一个乡十个创业能人…的目标: a figure to be reached
    if unit == "money" and _UNDER_WAY.search(clause) and not _SEEKS.search(question.simple):
        return False  # 总投资是多少 is not answered by 正在…积极争取…资金2000万: a sum not yet had
    kind = money_kind(question)
    if kind and not any(w in sentence for w in kind):  # the amount of the money asked about, not another sum
        return False
    if _LIMIT_ASKED.search(question.simple) and not _LIMIT_STATED.search(sentence):
        return False
    event = _ASKS_EVENT.search(question.simple)
    if event:
        words = next(group for group in _ASKED_EVENTS if event.group(1) in group)
        if words is _RETURNS:  # coming home is done when told, whatever is still under way after it
            return any(w in sentence for w in words)
        return any(w in sentence for w in words) and not _UNDER_WAY.search(sentence)
    return True


def _opens_with_the_asked(simple: str, span: str) -> bool:
    """Whether a span opens with a clause that a normalized question holds already and goes on past it
    (``五库一系统,沟通著…`` for ``五库一系统都有哪几个库``): it tells what the thing asked about does, not
    the items a list question asks for."""
    first, *rest = re.split(r"[,，;；:：]", span.strip(_SPAN_TRIM), maxsplit=1)
    return bool(rest) and len(first) >= 2 and first in simple


def in_passage_words(text: str, passage: str) -> str:
    """``text`` (a question as the reader is asked it) with each event or kind of money it names put in
    the word ``passage`` uses for it, when the passage lacks the question's word: ``拉萨服务站是什么时候
    挂牌的`` is read as ``…揭牌的`` over ``8月14日,…服务站…揭牌成立``, ``赚了多少`` as the sales or
    profit the passage states, and ``以前`` as the ``早年`` a passage tells someone's past by. Words of
    one character are left."""
    for group in _SAME_MEANING:
        word = next((w for w in group if len(w) > 1 and w in text), None)
        if word is None or word in passage:
            continue
        other = next((w for w in group if len(w) > 1 and w in passage), None)
        if other is not None:
            text = text.replace(word, other)
    earlier = _EARLIER.search(text)
    if earlier and earlier.group(0) not in passage:  # 以前在哪些地方打工 over ``早年,…辗转浙江、广东等地``
        other = next((w for w in _EARLIER_WORDS if w in passage), None)
        if other is not None:
            text = text[:earlier.start()] + other + text[earlier.end():]
    if not any(w in text for group in _MONEY_KINDS for w in group):  # 赚了多少 over 营收1.6亿元 or 年利润…
        earned = next((w for w in _EARNINGS if w in passage), None)
        if earned is not None:
            text = _EARNED.sub(earned, text, count=1)
    return text
