"""Checks of the things a question names: a thing named with words of its own is not answered by
another of its kind, by a figure of a list it is one item of, by a firm's figure, or from text that
never names its kind; 哪个园区 is answered by a thing of that kind; one channel (线上) or side of a
pair does not answer for the whole or the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...schema import Question
from .words import _KIND_HEADS, _NOUN_GROUPS, _SPAN_TRIM, _THING_KINDS, CLAUSE_END, kinds_named, shares_a_pair

#: Words that name one side of a pair (online or offline sales): a sentence that states the other side
#: only is about something else than the question (``线下销售额`` is not ``线上销售超过500万``)
_SIDES = ((("线上", "网上"), ("线下",)), (("直接",), ("间接",)), (("省内",), ("省外",)), (("市内",), ("市外",)),
          (("县内",), ("县外",)), (("国内", "全国"), ("国外", "境外", "海外")), (("境内",), ("境外",)),
          (("男性",), ("女性",)), (("全职",), ("兼职",)), (("上半年",), ("下半年",)), (("城镇",), ("农村",)),
          (("进口",), ("出口",)), (("收入",), ("支出",)))


#: Channels a figure may be stated for (``线上销售超过500万``): such a figure is a part of the whole a
#: question asks about when the question names no channel (``一年的营业额``)
_CHANNELS = ("线上", "网上", "线下", "网络")


_NAMES_CHANNEL = re.compile(r"线上|网上|线下|网络|电商|直播|网店|实体店|门店")


def one_channel(question: str, clause: str) -> bool:
    """Whether a figure's clause is stated for one channel (线上) while the question names none."""
    return not _NAMES_CHANNEL.search(question) and any(w in clause for w in _CHANNELS)


#: Words pointing back at a thing already named (``该服务团``), which name it as well as its name
_POINTS_BACK = ("该", "此", "本", "这", "其", "这个", "这些")


def another_thing(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` names a thing of the kind the question names with words of its own, but not
    that thing: ``镇雄县服装纺织产业园入驻了多少家企业？`` is not answered by ``以勒五金高新产业园,…入驻的
    12家企业``. A name shortened (五金产业园 for 以勒五金高新产业园), pointed back at (该服务团) or written
    bare where a clause begins (``训练营创新采用…``, the one just named) is the same thing."""
    for kind, name in _named_things(question.simple, question.places):
        if shares_a_pair(name, sentence):
            continue  # named, perhaps shortened (五金产业园 for 以勒五金高新产业园)
        if kind not in sentence:
            if _another_of_its_head(kind, sentence):
                return True
            continue
        if not any(_points_back(sentence, m.start()) for m in re.finditer(re.escape(kind), sentence)):
            return True
    return False


def _another_of_its_head(kind: str, sentence: str) -> bool:
    """Whether ``sentence``, which never says ``kind``, names a thing of another kind with the same
    head, with words of its own: ``返乡创业园`` asked, ``宝藏村乡村振兴创业孵化园,…31家入园企业`` stated
    (a park, but another one); a bare ``园区`` pointing back names none."""
    head = _KIND_HEADS[kind]
    return any(_KIND_HEADS[m.group(0)] == head and len(_name_before(sentence, m.start())) >= 2
               for m in _THING_KINDS.finditer(sentence))


def _points_back(sentence: str, at: int) -> bool:
    """Whether the kind word at ``at`` points back at a thing named before: after 该/这个…, or bare at
    the start of a clause, with no name of its own."""
    return at == 0 or sentence[at - 1] in _CLAUSE_START or sentence[max(0, at - 2):at].endswith(_POINTS_BACK)


#: What a clause starts after
_CLAUSE_START = frozenset(",，;；:：。")


@lru_cache(maxsize=1024)
def _named_things(simple: str, places: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(kind, name)`` of each thing a normalized question names with words of its own, places left
    out: the nouns before the kind (服装纺织 + 产业园, 领航导师 + 服务团, 县级 + 服务站), none when those
    words end on a verb, a pronoun or a question word (给入驻, 那会儿, 什么). Once per question."""
    text = simple
    for place in sorted(places, key=len, reverse=True):
        text = re.sub(re.escape(place) + r"(?:自治区|[省市县区镇村])?", " ", text)
    found = []
    for match in _THING_KINDS.finditer(text):
        name = _name_before(text, match.start())
        if len(name) >= 2:
            found.append((match.group(0), name))
    return tuple(found)


def _name_before(text: str, at: int) -> str:
    """The words naming the thing whose kind word starts at ``text[at]``: the nouns right before it, and
    the start of the word the kind ends, a noun as a whole though its start alone may tag otherwise
    (``返乡创业园``: 返乡; ``宝藏村乡村振兴创业孵化园``: 创业)."""
    from ...segment import tagged, trailing_words

    def naming(flag: str) -> bool:
        return flag.startswith("n") or flag in ("vn", "b")

    offset = 0
    for word, flag in tagged(text):
        end = offset + len(word)
        if offset < at < end and naming(flag):  # the kind ends a longer noun: its start names the thing
            return trailing_words(text[max(0, offset - 6):offset], naming) + text[offset:at]
        if end >= at:
            break
        offset = end
    return trailing_words(text[max(0, at - 6):at], naming)


#: Which one of a kind of thing a question asks for (哪个园区, 什么公司): the answer names one of that kind
#: (kinds whose names end on their kind; a platform or a brand is often named apart from the word)
_KIND_ASKED = re.compile(r"(?:哪个|哪一个|哪家|哪座|哪所|什么)(产业园|创业园|孵化园|示范园|园区|公司|企业|合作社|基地|"
                         r"服务站|工作站|银行|学校|大学|学院|协会|商会)")


_KINDS = (*_NOUN_GROUPS, frozenset(("学校", "大学", "学院", "中学", "小学")), frozenset(("银行",)),
          frozenset(("协会", "商会", "学会")))


def _of_kind(kind: str, text: str) -> bool:
    """Whether ``text`` (a span and what follows it) can name a thing of ``kind``: it names one of that
    kind or of the same kind (``省级创业孵化示范园`` for 园区, ``南京大学`` for 学校), or none of another
    kind (``Mozilla Firefox`` for 公司); ``雄乌蒙印象生物科技有限公司`` names a company, not a 园区."""
    group = next((g for g in _KINDS if kind in g), frozenset((kind,)))
    if any(word in text for word in group):
        return True
    return not any(word in text for other in _KINDS if other is not group for word in other if len(word) > 1)


#: A body asked for (哪个部门管, 什么机构): the answer names one, by the word its name ends on
_BODY_ASKED = re.compile(r"(?:哪个|哪一个|哪几个|哪些|哪家|什么)(?:部门|单位|机构|机关)")


#: (台 of 电视台, not of 平台: a platform is no body)
_BODY = re.compile(r"[局部委厅办院所处科组队社团会站行司馆报厂店校]|(?<!平)台|中心|政府|机构|单位|部门|机关|大学|集团")


def names_no_body(asked: str, text: str) -> bool:
    """Whether ``asked`` (the asking part of a question) asks which body (哪个部门, 什么机构) and ``text`` (a
    span and what follows it) names none: ``归哪个部门管`` is not answered by ``创业``."""
    return _BODY_ASKED.search(asked) is not None and _BODY.search(text) is None


#: A question asking for a name or a kind of thing (叫什么, 哪家, 什么公司, 是什么): a name may answer it
_NAME_ASKED = re.compile(r"叫什么|叫啥|名字|名称|哪个|哪一个|哪家|哪一家|是什么[?？。!！]*$|什么(?:公司|企业|合作社|园|基地|站|平台|中心)")


#: Firms a question may be about (张智杰的公司…), whose names end on their kind. (A park's name, by
#: contrast, is kept: its sentence often goes on with what the park did, ``…孵化园,园区帮助…建立专家工作站``.)
_SUBJECT_KINDS = ("公司", "企业", "合作社", "工厂")


def names_the_subject(asked: str, span: str) -> bool:
    """Whether a span is the name of the thing a what-question is about rather than what it asks of it:
    ``张智杰的公司研发出了什么？`` is not answered by ``内蒙古创奇智能电子科技有限公司``, while
    ``张智杰注册成立了什么公司？`` and ``…公司叫什么？`` are."""
    what = re.search(r"什么|啥", asked)
    if what is None or _NAME_ASKED.search(asked):
        return False
    text = span.strip(_SPAN_TRIM)
    return any(kind in asked[:what.start()] and text.endswith(kind) for kind in _SUBJECT_KINDS)


def other_side(question: str, text: str) -> bool:
    """Whether ``question`` names one side of a pair (线下; 国外) that ``text`` does not, while ``text``
    names the other (线上; 全国各地)."""
    for pair in _SIDES:
        for asked, other in (pair, pair[::-1]):
            if (any(w in question for w in asked) and not any(w in question for w in other)
                    and not any(w in text for w in asked) and any(w in text for w in other)):
                return True
    return False


def another_kind_named(noun: str, clause: str) -> bool:
    """Whether a noun ends on a kind of thing (服务站) that ``clause`` does not name while it names
    another known by the same word (工作站): ``6个招才引智工作站`` counts no 服务站."""
    kind = _THING_KINDS.search(noun)
    if not kind or kind.end() != len(noun) or kind.group(0) in clause:
        return False
    asked = kind.group(0)
    return any(k != asked and _KIND_HEADS[k] == _KIND_HEADS[asked] and k in clause for k in _KIND_HEADS)


#: Words that name a kind of thing, not one thing (返乡创业 + 园区 is any park for returnees)
_GENERIC_NAME = re.compile(r"返乡|回乡|创业|就业|创新|孵化|示范|省级|市级|县级|国家级")


#: How much of a thing a question asks (``会议室有多大``): the thing is named right before it
_HOW_MUCH_OF = re.compile(r"(?:有|是)?(?:多大|多少|几|多高|多长|多宽|多重)")


@lru_cache(maxsize=1024)
def _measured(simple: str, places: tuple[str, ...]) -> str:
    """The nouns naming what a question measures or counts, right before how much and no place
    (``爱创空间的会议室有多大`` → 会议室), or ``""``."""
    from ...segment import trailing_words

    match = _HOW_MUCH_OF.search(simple)
    if match is None:
        return ""
    nouns = trailing_words(simple[:match.start()], lambda flag: flag.startswith("n") and flag != "ns")
    return "" if any(p in nouns or nouns in p for p in places) else nouns


def _listed_apart(thing: str, sentence: str, start: int, end: int) -> bool | None:
    """Whether ``thing`` stands in ``sentence`` as one item of a list (``、``) while the figure at
    ``sentence[start:end]`` lies outside that item; ``None`` when the sentence does not name it."""
    at = sentence.find(thing)
    if at < 0:
        return None
    left, right = at, at + len(thing)
    while left > 0 and sentence[left - 1] not in CLAUSE_END + "、":
        left -= 1
    while right < len(sentence) and sentence[right] not in CLAUSE_END + "、":
        right += 1
    listed = (left > 0 and sentence[left - 1] == "、") or (right < len(sentence) and sentence[right] == "、")
    return listed and not (left <= start and end <= right)


def one_of_listed(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether a thing the question names with words of its own, or the thing it measures, stands in
    ``sentence`` as one item of a list (``、``) and the figure at ``sentence[start:end]`` lies outside
    that item: the figure is said of the list, or of another item (``五金高新产业园、亿联国际商贸城、服装
    纺织产业园3个…平台,帮助3.53万人`` does not tell how many 亿联国际商贸城 employs, nor ``提供会议室、洽谈
    室…等创业功能场地1600平方米`` how large the 会议室 is)."""
    for kind, name in _named_things(question.simple, question.places):
        if len(_GENERIC_NAME.sub("", name)) < 2:
            continue  # 创业孵化基地: a kind, named with no words of its own
        for thing in dict.fromkeys((name + kind, name[-2:] + kind)):
            apart = _listed_apart(thing, sentence, start, end)
            if apart is not None:
                if apart:
                    return True
                break
    measured = _measured(question.simple, question.places)
    at = sentence.find(measured) if len(measured) >= 2 else -1
    end_of = at + len(measured)
    alone = at >= 0 and (sentence[end_of:end_of + 1] == "、" or (
        sentence[at - 1:at] == "、" and (end_of == len(sentence) or sentence[end_of] in CLAUSE_END + "、")))
    # only an item by itself (会议室、洽谈室…), not a word opening or inside one (、直播回放)
    return alone and bool(_listed_apart(measured, sentence, start, end))


def names_no_kind(question: Question, text: str) -> bool:
    """Whether a question names a thing of a kind (``返乡创业园区``) that ``text`` (a sentence and its
    context) never names, even short (园): then the text is about something else (乐山's 1578 poor
    workers are the whole city's, not its parks')."""
    return any(_KIND_HEADS[kind] not in text for kind in kinds_named(question.simple))


#: A firm, whose figures are its own, not those of the park or base it sits in
_FIRM = re.compile(r"公司|企业|合作社|工厂|厂")


def said_of_a_firm(question: Question, sentence: str, start: int) -> bool:
    """Whether a figure at ``sentence[start]`` is a firm's (``公司…每月销售额达200余万元``) while the
    question asks about a thing of another kind (``以勒五金高新产业园每个月销售额``) that the sentence
    does not name, even short: the park's sales are not told by one of its firms."""
    kinds = kinds_named(question.simple)
    return bool(kinds) and not any(_KIND_HEADS[k] in sentence for k in kinds) and \
        _FIRM.search(sentence, 0, start) is not None
