"""Follow-ups: rewrite an elliptical question into a standalone one from the conversation.

``那乐山呢？`` after ``昭通建成了几个省级创业孵化示范基地？`` → ``乐山建成了几个省级创业孵化示范基地?``
(a place replaces the place); ``市级的呢？`` → ``昭通建成了几个市级创业孵化示范基地?`` (a word
replaces the word sharing its ending, so the answer states the new fact); ``那里的贷款呢？``
and other short questions without a place carry the last question's place, or its subject when
that holds more than the place (``集宁国际皮革城``): one that asks its own question
(``实现融资多少呢？``, ``内设哪几个科室？``) asks it about that subject, ``那家公司…``/``它…`` point back
at it, and a bare noun (``那产值呢？``) asks the same of the things the last question counted
(``乐山返乡创业园区产值多少?`` after ``乐山全市打造了多少个返乡创业园区？``); a scope (``全市呢？``) takes the
place of the last question's (市本级), and a word never replaces part of a place name. The history is
bounded before any work: at most ``MAX_TURNS`` user turns, each cut to the question limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ..text import normalize
from .question import PEOPLE_NOUN, THING_NOUN, unwrapped

FOLLOW_UP_PREFIXES = ("那么", "那", "还有", "另外", "再问", "请问")
PRONOUNS = ("当地", "那里", "那边", "这里", "该市", "该县", "该地", "他们", "它们", "它")
MAX_TURNS = 6
_MARKS = "？?！!。.,，"


def history_questions(history: Any, limit: int = 300) -> list[str]:
    """The last user turns of a history given as strings, (user, bot) pairs or {"role", "content"} dicts,
    each cut to ``limit`` characters; anything else in the history is ignored."""
    if not isinstance(history, (list, tuple)):
        return []
    out: list[str] = []
    for turn in history[-2 * MAX_TURNS:]:  # a slice: a huge history is never copied whole
        text: Any = None
        if isinstance(turn, str):
            text = turn
        elif isinstance(turn, dict):
            if turn.get("role") == "user":
                text = turn.get("content")
            elif "question" in turn:
                text = turn.get("question")
        elif isinstance(turn, (list, tuple)) and turn:
            text = turn[0]
        if isinstance(text, str):
            text = text[:limit].encode("utf-8", "replace").decode("utf-8").strip()
            if text:
                out.append(text)
    return out[-MAX_TURNS:]


def follow_up_focus(question: str, standalone: str, places: Sequence[str]) -> str:
    """The word an elliptical follow-up brought into its standalone form (``市级的呢？`` → ``市级``; a level
    said the spoken way as articles write it, ``市里的呢？`` → ``市级``), or ``""`` when the question stood
    alone or brought a place (places are checked separately)."""
    if standalone == question:
        return ""
    core = normalize(question).strip().rstrip(_MARKS)
    for prefix in () if core.startswith(PRONOUNS) else FOLLOW_UP_PREFIXES:
        if core.startswith(prefix):
            core = core[len(prefix):]
            break
    core = core.removesuffix("呢").removesuffix("的").strip()
    if not core or len(core) > 4 or _place_in(core, places) or core not in standalone:
        return ""
    return _AT_LEVEL.sub(r"\1级", core)  # 市里 is the city level as articles write it (市级)


#: A level of government said the spoken way (省里, 市里, 县一级): read as articles write it (省级, 市级)
_AT_LEVEL = re.compile(r"^([省市县区镇乡村])(?:里|一级)$")


def _place_in(text: str, places: Sequence[str]) -> str | None:
    return next((p for p in places if p in text), None)


def _first_place(text: str) -> str | None:
    """The first place name jieba finds in a question (集宁区 → 集宁), for places below the city level."""
    from .question import question_places

    found = question_places(text)
    return found[0] if found else None


def resolve_follow_up(question: str, history: Any, places: Sequence[str], limit: int = 300,
                      known: Callable[[str], bool] | None = None) -> str:
    """The standalone form of ``question`` given the earlier user turns (unchanged when it stands alone).

    ``known`` tells whether a word occurs in the corpus: a short follow-up naming such a word that is
    no place name jieba knows (沐川, a county) then takes the place of the last question's place.
    """
    return follow_up(question, history, places, limit, known)[0]


def follow_up(question: str, history: Any, places: Sequence[str], limit: int = 300,
              known: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """``(standalone question, the place it brought in)``: see :func:`resolve_follow_up`. The place is
    ``""`` unless the follow-up put a place in the last question's stead (``那拉萨呢？``): that place is
    then a constraint of the question even when no place list knows it."""
    # each earlier question without a request or the asker's telling about themselves around it
    previous = [unwrapped(normalize(turn), places) for turn in history_questions(history, limit)]
    if not previous:  # 集宁那边帮创业者融到了多少钱？ is asked of 集宁
        pointed, simple = _pointed_place(normalize(question).strip().rstrip(_MARKS), places, known)
        return (simple + "？" if pointed else question), ""
    return _resolve(question, _last_read(previous, places, known), places, known)


def _last_read(previous: Sequence[str], places: Sequence[str], known: Callable[[str], bool] | None) -> str:
    """The last question as it was read: made standalone by the ones before it (a follow-up of a
    follow-up); one that went on from the question before it (``创办了多少企业？`` after ``乐山市农民工返乡
    创业有多少人？``) is its own ask at that question's place (``乐山创办了多少企业？``), so that the next
    goes on from it rather than from a chain of asks."""
    last = previous[0]
    for turn in previous[1:]:
        read = _resolve(turn, last, places, known)[0]
        if read.startswith(last.rstrip(_MARKS) + "，"):  # it went on from the last: its own ask at that place
            place = _place_in(normalize(last), places) or _first_place(normalize(last))
            read = turn if not place or place in turn else place + turn
        last = read
    return last


def _resolve(question: str, last: str, places: Sequence[str], known: Callable[[str], bool] | None) -> tuple[str, str]:
    """:func:`follow_up` of ``question`` after ``last``, the last question as it was read."""
    simple = normalize(question).strip().rstrip(_MARKS)
    last = normalize(last).strip()
    last_place = _place_in(last, places) or _first_place(last)
    pointed, simple = _pointed_place(simple, places, known)  # 沐川那边落实了多少: 沐川, 沐川落实了多少
    if pointed:  # standing alone, it is asked without the pointer too
        question = simple + "？"
    if pointed and last_place and pointed != last_place and _BARE_ASK.fullmatch(simple[len(pointed):]):
        # 沐川那边落实了多少？ after 乐山…发放了多少返乡创业担保贷款？: the same thing, asked of 沐川 in its words
        return _read_with(last.replace(last_place, pointed, 1), simple[len(pointed):]), pointed
    person = _PERSON.search(simple)  # 他哪一年回的镇雄？ after a question about 吴长春
    who = (_person_of(last, places) or _described(last)) if person else ""
    if person and who and who not in simple:
        # the name before the pronoun, which stays: articles tell a story with 他 (2017年他回到家乡)
        return simple[:person.start()].removeprefix("那") + who + simple[person.start():] + "?", ""
    if _BACK_AT_LAST.match(simple):  # 那是哪一年的事？ 这笔钱用来干什么？: about what the last question asked
        return _read_with(last, simple), ""
    pointing = _DEMONSTRATIVE.match(simple)  # 那家公司… points back at what the last question was about
    if pointing and not simple.endswith("呢") and not _names_someone(simple):
        subject = question_subject(last) or last_place
        rest = simple[pointing.end():]
        which = _WHICH.search(last.rstrip(_MARKS))  # …哪家公司今年销售额涨到了900万元？: the one so described
        said = ""
        if which:  # pointed at with the noun asked, or another word of a firm (那家企业 after 哪家公司)
            nouns = _FIRMS if which["noun"] in _FIRMS else (which["noun"],)
            said = next((noun for noun in nouns if rest.startswith(noun)), "")
        if which and said:
            described = last[:which.start()] + last[which.end():].rstrip(_MARKS) + "的" + which["noun"]
            return described + rest[len(said):] + "?", ""
        # 这些项目… after …多少个过亿元的返乡创业项目？ (or …有哪些返乡创业就业平台？): those things
        things = asked_topic(last) or listed_topic(last)
        # the word it points with ends those things (项目 of 过亿元的返乡创业项目, 园区 of 返乡创业园区)
        said = next((things[i:] for i in range(len(things) - 1) if rest.startswith(things[i:])), "")
        if subject and said and things not in subject:
            return subject + things + rest[len(said):] + "?", ""
        noun = _leading_noun(rest)  # the noun pointed at: 中心 of 那个中心…, 园子 of 这样的园子…
        if noun and subject and subject.endswith(noun.removesuffix("子")):  # 那个中心… after 菏泽…服务中心…: it
            return subject + rest[len(noun):] + "?", ""
        pointed_at = _naming(last, noun) if noun else ""  # 这样的园子… after 昭通乡村的返乡创业园入园企业营收…
        if pointed_at:
            return pointed_at + rest[len(noun):] + "?", ""
        if subject:
            return subject + rest + "?", ""
    elliptical = simple.endswith("呢") or (simple.startswith(FOLLOW_UP_PREFIXES) and len(simple) <= 12)
    if not elliptical or len(simple) > 16:
        pronoun = next((p for p in PRONOUNS if p in simple), None)
        if pronoun and last_place and not _place_in(simple, places):  # 那边落实了多少贷款 → 沐川落实了…
            return normalize(question).strip().replace(pronoun, _referent(pronoun, last, last_place), 1), ""
        if (last_place and len(simple) <= 12 and simple.startswith(_CONTINUING)
                and not _place_in(simple, places) and not _first_place(simple)):
            if simple.startswith(_DOING) and _ASKS.search(simple):  # 带动了多少人就业？ asks of the place anew
                return last_place + simple + "?", ""
            return _read_with(last, simple), ""  # 同比增加了多少？ goes on about the last one
        headless = _HEADLESS.match(simple)  # 市级的占几个？ after …多少个返乡创业服务站？: 市级 of those
        topic = (asked_topic(last) or listed_topic(last)) if headless else ""
        if headless and topic and last_place and not _place_in(simple, places):
            return last_place + "的" + _modified(topic, headless["modifier"]) + simple[headless.end():] + "?", ""
        subject = question_subject(last) if len(simple) <= 16 and not _place_in(simple, places) else ""
        if subject and not _names_someone(simple) and subject not in simple:  # 内设哪几个科室？ of the 中心
            if pronoun:  # 它占地多少亩？ after 集宁国际皮革城…
                return simple.replace(pronoun, subject, 1) + "?", ""
            return subject + simple + "?", ""
        return question, ""
    core = simple
    for prefix in () if simple.startswith(PRONOUNS) else FOLLOW_UP_PREFIXES:
        if core.startswith(prefix):
            core = core[len(prefix):]
            break
    core = core.removesuffix("呢").removesuffix("的").strip()
    if not core:
        return last, ""
    new_place = _place_in(core, places) or _first_place(core)
    if new_place:
        old_place = next((p for p in [*places, last_place or ""] if p and p in last and p != new_place
                          and p not in new_place), None)
        if old_place:
            return last.replace(old_place, new_place), new_place
        return new_place + last, new_place
    if core in _SCOPES:  # 全市呢？ after 乐山市本级…: the whole city in place of its own level
        scope = next((s for s in _SCOPES if s in last), None)
        if scope:
            return last.replace(scope, core, 1), ""
        at = re.search(re.escape(last_place) + "[市县区]?", last) if last_place else None
        if at:  # 全市 after 乐山市…: 乐山全市…; 市本级 after 乐山…: 乐山市本级…
            return last[:at.end()] + core + last[at.end():], ""
    if _TIME.fullmatch(core):  # 那2017年呢？ after …2016年表扬了多少…: the same asked of that year
        year = _TIME.search(last)
        if year:
            return last[:year.start()] + core + last[year.end():], ""
        after = last.find(last_place) + len(last_place) if last_place and last_place in last else -1
        if after > 0:  # no year in the last question: the year follows its place
            return last[:after] + core + last[after:], ""
    if len(core) <= 4:  # a word for a word: 市级 replaces 省级 (they share 级)
        named = _named_spans(last, [*places, last_place or ""])
        for k in range(len(core) - 1, 0, -1):
            suffix = core[-k:]
            head = len(core) - k
            for found in re.finditer(re.escape(suffix), last):
                pos = found.start()
                if any(start < pos + k and pos - head < end for start, end in named):
                    continue  # never through a place name (乐山市: its 市 is no level word)
                if pos >= head and suffix.strip() and (k > 1 or suffix in _KIND_SUFFIXES):
                    return last[: pos - head] + core + last[pos + k:], ""
                break
    pronoun = next((p for p in PRONOUNS if p in core), None)
    if pronoun and last_place:  # 那它是哪一年成立的？ after 菏泽返乡创业服务中心…: the 中心, not 菏泽
        return core.replace(pronoun, _referent(pronoun, last, last_place), 1) + "?", ""
    if last_place and len(core) <= 4 and known is not None and known(core) and _may_be_place(core):
        return last.replace(last_place, core, 1), core  # 那沐川呢？ after a 乐山 question
    things = asked_topic(last)
    if things and core not in things and _countable(core):
        noun = _last_word(things)  # 那示范企业呢？ after 多少返乡创业明星: the same count of others
        return last.replace(things, things[:len(things) - len(noun)] + core if noun not in core else core, 1), ""
    subject = question_subject(last)  # 集宁国际皮革城, more than its place 集宁
    anchor = subject if subject and last_place and last_place in subject else last_place
    if anchor and _ASKS.search(core):  # 实现融资多少呢？ asks its own question about the same subject
        return anchor + core + "?", ""
    if anchor and len(core) <= 6 and _ASKS.search(last):  # 那产值呢？ asks the same of another thing
        topic = asked_topic(last)  # …of the thing the last question counted: 园区 产值, not the city's
        if topic and (core in topic or topic in core or topic in anchor):
            topic = ""
        return anchor + topic + core + ("多少" if re.search(r"多少|几", last) else "是什么") + "?", ""
    ask = _ASK_AT_END.search(last.rstrip(_MARKS))
    if last_place and ask and len(core) <= 12 and _countable(core):
        # 那乡村里的返乡创业园呢？ after …市级创业孵化基地有几个？: the same count, of the things it names
        return last_place + core + ask.group(0) + "?", ""
    # anything else asks a new thing about the same subject: keep the last question as context
    return _read_with(last, core), ""


#: A year, said or relative, with the months of it a question may name (2016年, 今年1至8月, 去年9月末)
_TIME = re.compile(r"(?:(?:19|20)?\d{2}年|今年|去年|前年|上年|明年)(?:\d{1,2}(?:[至到-]\d{1,2})?月(?:份|末|底)?)?")


#: A question opening on a level and 的 with no noun after it (市级的占几个？): the noun is the last one's
#: (while 参会的有多少人？ asks of the people who did something)
_HEADLESS = re.compile(r"^(?P<modifier>[\u4e00-\u9fff]{1,2}级)的(?=占|有|是|一共|共|多少|几)")


def _leading_noun(text: str) -> str:
    """The noun of two characters or more a text opens on (``园子`` of ``园子一共有几个``); ``""`` if none."""
    from ..segment import tagged

    pairs = tagged(text)
    return pairs[0][0] if pairs and pairs[0][1] in ("n", "nz", "j") and len(pairs[0][0]) >= 2 else ""


def _naming(last: str, noun: str) -> str:
    """The last question's last clause up to the first noun ending on ``noun`` (or on its stem without 子:
    ``园子`` → ``…返乡创业园``), the thing a follow-up points at with it; ``""`` when no noun names it or
    the words before it ask (``成立了什么公司``)."""
    from ..segment import tagged

    stem = noun.removesuffix("子")
    clause = re.split(r"[，,]", last.rstrip(_MARKS))[-1]
    at = 0
    for word, flag in tagged(clause):
        at += len(word)
        if flag in ("n", "nz", "j") and len(word) >= 2 and word.endswith(stem):
            return "" if _ASKS.search(clause[:at]) else clause[:at]  # 成立了什么公司: the thing asked, unnamed
    return ""


def _modified(topic: str, modifier: str) -> str:
    """``topic`` with ``modifier`` in the stead of the word of its kind (``市级`` for the ``省级`` of
    ``省级创业孵化示范基地``), else before it (``市级返乡创业服务站``)."""
    at = topic.find(modifier[-1], 1) if len(modifier) == 2 else -1
    return topic[:at - 1] + modifier + topic[at + 1:] if at > 0 else modifier + topic


def _named_spans(text: str, places: Sequence[str]) -> list[tuple[int, int]]:
    """Where the places occur in ``text``, as (start, end) offsets."""
    return [(found.start(), found.end()) for place in {p for p in places if p}
            for found in re.finditer(re.escape(place), text)]


#: Words pointing at a place; after its name they are that place (沐川那边, 昭通那里)
_AT_PLACE = ("那边", "那里", "这边", "这里")
#: An ask with no thing asked: a verb and 多少/几 (落实了多少, 发了几个), what the last question asked being meant
_BARE_ASK = re.compile(r"[\u4e00-\u9fff]{1,3}?了?(?:多少|几)(?:个|笔|次)?")


def _pointed_place(simple: str, places: Sequence[str], known: Callable[[str], bool] | None) -> tuple[str, str]:
    """``(place, question without its pointer)`` when the question opens on a place's name and a pointer
    at it (``沐川那边落实了多少`` → ``沐川``, ``沐川落实了多少``); else ``("", simple)``."""
    for pointer in _AT_PLACE:
        at = simple.find(pointer, 2)
        if at < 0:
            continue
        before = simple[:at].removeprefix("那").removeprefix("在")
        place = _place_in(before, places) or _first_place(before) or ""
        named = bool(place) and before.startswith(place) and before[len(place):] in ("", "市", "县", "区")
        if named or (len(before) <= 4 and known is not None and known(before) and _may_be_place(before)):
            return before, before + simple[at + len(pointer):]
        return "", simple
    return "", simple


def _read_with(last: str, question: str) -> str:
    """A follow-up read together with the last question, which it goes on from (``…划了多少钱，这笔钱用来干什么？``)."""
    return last.rstrip(_MARKS) + "，" + question + "？"


#: He or she, pointing back at a person (not 其他 "other", not 他们 "they")
_PERSON = re.compile(r"(?<!其)[他她](?!们)")
#: A count asked at the end of a question (…有几个, …有多少家)
_ASK_AT_END = re.compile(r"(?:一共有|共有|有|是)?(?:多少|几)[个家人项座所条名位户次期]?$")
#: A verb done with "a" thing opening a run jieba tags as nouns (搞了个, 建了一个): no part of the thing
_DID_A = re.compile(r"^[\u4e00-\u9fff]{1,2}了(?:一|这|那)?个")
#: What a question asks the name or the parts of, ending on the thing asked about (…返乡创业模式叫啥)
_NAMING = re.compile(r"(?:叫什么|叫啥|叫做什么|是什么|是啥|有哪些|包括哪些|是哪些)")


def _person_of(question: str, places: Sequence[str]) -> str:
    """The person a question names (吴长春), for a follow-up's 他/她; ``""`` when it names none."""
    from .question import question_people

    found = question_people(normalize(question), places)
    return found[0] if found else ""


#: Someone a question points at by what they do rather than by name (那个做铝合金门窗的老板, 那位坐轮椅创业的人)
_DESCRIBED = re.compile(r"(?:那个|这个|那位|这位)(?P<who>[\u4e00-\u9fff]{2,14}?的(?:老板|老总|董事长|负责人|理事长|"
                        r"站长|小伙子?|青年|姑娘|创业者|人))")


def _described(question: str) -> str:
    """The person a question describes without naming them (``那个做铝合金门窗的老板，他…`` →
    ``做铝合金门窗的老板``), for a follow-up's 他/她; ``""`` when it describes none."""
    found = _DESCRIBED.search(normalize(question))
    return found["who"] if found else ""


def _referent(pronoun: str, last: str, last_place: str) -> str:
    """What a pronoun of a follow-up stands for: 它 (it) or 它们 (they, of things) for the last question's
    subject when that holds
    more than its place (``菏泽返乡创业服务中心``), or the thing it asked the name of with its place
    (``昭通搞的那个返乡创业模式叫啥？`` → ``昭通返乡创业模式``); any other (那边, 当地 …) for the place."""
    if pronoun in ("它", "它们"):
        subject = question_subject(last)
        if subject and last_place in subject and subject != last_place:
            return subject
        naming = _NAMING.search(last)  # …返乡创业模式，叫什么来着？: the thing before the comma
        thing = _nouns_ending(last[:naming.start()].rstrip(_MARKS + "、 ")) if naming else ""
        if last_place and last_place in thing:  # 昭通搞了个返乡创业模式 (jieba: 搞了个 a noun): what follows
            thing = _DID_A.sub("", thing[thing.index(last_place) + len(last_place):])
        if thing and last_place not in thing:
            return last_place + thing
    return last_place


def _countable(words: str) -> bool:
    """Whether a follow-up's words are a noun of things counted one by one or of people (示范企业, 创业明星):
    ``那示范企业呢？`` then asks the last question's count of them."""
    from ..segment import tagged

    pairs = tagged(words)
    return bool(pairs) and pairs[-1][1].startswith("n") and not _ASKS.search(words) and (
        THING_NOUN.search(words) is not None or PEOPLE_NOUN.search(words) is not None)


def _last_word(text: str) -> str:
    """The last word of ``text`` (``返乡创业明星`` → ``明星``)."""
    from ..segment import tagged

    pairs = tagged(text)
    return pairs[-1][0] if pairs else text


def _nouns_ending(text: str) -> str:
    """The run of nouns that ends ``text`` (``昭通搞的那个返乡创业模式`` → ``返乡创业模式``)."""
    from ..segment import trailing_words

    return trailing_words(text, lambda flag: flag.startswith(_NOUNS) or flag == "vn")


#: 那家/这个/这几个/该 … opening a question: "that (company)", pointing back, not the 那 of 那乐山呢
_POINTED = r"(?:几?[家个位所座名项]|些|么多|样的|种|类)"  # 家, 个, 几个, 些, 么多, 样的 …
_DEMONSTRATIVE = re.compile(r"^(?:那(?=这))?(?:(?:那|这|该)" + _POINTED + r"?(?=公司|企业|园区|基地|平台|服务站|中心|项目|"
                            r"合作社|人|老板|站|园|城|空间|活动|大赛|计划)|(?:那|这)" + _POINTED + ")")
#: Which one the last question asked (哪家公司, 哪个园区): a follow-up pointing at one (那个公司) means it
_WHICH = re.compile(r"哪一?[家个所座位项名]?(?P<noun>公司|企业|合作社|园区|基地|平台|服务站|中心|项目|人)")
#: Words of one firm: 那家企业 after 哪家公司 points at it
_FIRMS = ("公司", "企业")
#: 那是…/这笔钱…/那件事…: pointing back at the fact or the sum the last question asked, which is read with
#: it (那次走访活动… names its own thing, and is asked about the last question's subject)
_BACK_AT_LAST = re.compile(r"^(?:那|这)(?:是|笔|件事)|^[\u4e00-\u9fff]{1,3}的(?:那|这)(?:笔|些钱)")
_ASKS = re.compile(r"多少|几|什么|哪|谁|是否|是不是|有没有|吗")
#: One character two words end on that makes them words of one kind (省级 / 市级, 省里 / 市里, 县级站 / 市级站): a
#: follow-up word sharing only it with the last question takes the place of its word there
_KIND_SUFFIXES = frozenset("级里站园区县市镇村省")
#: How a question that goes on about the last one's subject starts (其中…, 同比…, 累计…, 带动了…)
_CONTINUING = ("其中", "同比", "比上年", "比去年", "累计", "一共", "总共", "带动", "实现", "领办", "创办", "吸纳",
               "入驻", "占", "分别", "具体", "主要")
#: Of those, what the place did (带动, 创办 …): a follow-up opening with one asks it of the place anew
_DOING = ("带动", "实现", "领办", "创办", "吸纳", "入驻")


#: The scope of a figure in a city's report: the whole city, the city's own level, its counties (全市 / 市本级)
_SCOPES = ("全市", "全县", "全区", "全省", "市本级", "县本级", "各区县", "各县区", "各县", "各地")
#: Nouns that open a question without being its subject (乐山全市…, 镇雄县规划建设…).
_NOT_SUBJECTS = frozenset(("全市", "全区", "全县", "全省", "规划", "目前", "现在", "今年", "去年", "一共", "总共", "共"))
#: Words pointing at things (这几个, 那些), which a subject may hold after its place (镇雄这几个平台)
_POINTERS = frozenset(("这", "那", "这些", "那些", "这个", "那个", "这几个", "那几个"))
_NOUNS = ("n", "nr", "ns", "nz", "nt", "j")


def question_subject(question: str) -> str:
    """What a question is about: its opening run of nouns after any time phrase (``菏泽返乡创业服务中心
    是哪一年成立的？`` → ``菏泽返乡创业服务中心``, ``张智杰注册成立了什么公司？`` → ``张智杰``,
    ``镇雄这几个平台一共帮了多少人？`` → ``镇雄这几个平台``,
    ``2015年以来菏泽累计…`` → ``菏泽``); ``""`` when it opens otherwise."""
    from ..segment import tagged

    pairs = tagged(normalize(question).strip())
    start = 0
    while start < len(pairs) and pairs[start][1] in ("m", "f", "t"):  # 2015 年 以来
        start += 1
    subject: list[str] = []
    at = start
    while at < len(pairs):
        word, flag = pairs[at]
        if word in _NOT_SUBJECTS:
            break
        if flag.startswith(_NOUNS) or (word == "的" and subject):
            subject.append(word)
            at += 1
            continue
        if subject and word in _POINTERS:  # 镇雄这几个平台: the things pointed at, after their place
            after = at + 1
            while after < len(pairs) and pairs[after][1] in ("m", "q"):
                after += 1
            if after < len(pairs) and pairs[after][1].startswith(_NOUNS):
                subject += [w for w, _ in pairs[at:after]]
                at = after
                continue
        break
    while subject and subject[-1] == "的":
        subject.pop()
    return "".join(subject) if len("".join(subject)) >= 2 else ""


def _names_someone(text: str) -> bool:
    """Whether a question names a place or a person of its own (then it stands alone)."""
    from ..segment import tagged

    return any(flag in ("nr", "ns", "nz", "nt") and len(word) >= 2 for word, flag in tagged(text))


#: A question counting things: 多少个返乡创业园区 → the things counted follow the measure word.
_COUNTED = re.compile(r"(?:多少|几)(?P<measure>人次|[人名位个家户项座所条期批])?(?P<thing>[^，,？?。！!、]{2,12})$")
_PERSONS = ("人", "人次", "名", "位")


def asked_topic(question: str) -> str:
    """The things a question counts, when it ends on them and they are a noun (``乐山全市打造了多少个
    返乡创业园区？`` → ``返乡创业园区``); ``""`` for anything else (``带动了多少人就业？``: 就业 is no
    thing), so that ``那产值呢？`` after it asks the output of those things, not of the whole city."""
    match = _COUNTED.search(normalize(question).strip().rstrip(_MARKS))
    if not match or match["measure"] in _PERSONS:
        return ""  # 多少人返乡创业: people counted by what they do, no thing
    return _things(match["thing"])


def _things(words: str) -> str:
    """``words`` when they name things, ending on a common noun and asking nothing (``返乡创业园区``);
    ``""`` otherwise (``就业``, a place, ``有多少``)."""
    from ..segment import tagged

    if _ASKS.search(words):
        return ""
    pairs = tagged(words)
    return words if pairs and pairs[-1][1].startswith("n") and pairs[-1][1] != "ns" else ""


#: A question asking which things there are: …有哪些返乡创业就业平台 → the things follow 哪些
_LISTED = re.compile(r"(?:哪些|哪几个|哪几家|哪几类|哪几种|哪几项)(?P<thing>[^，,？?。！!、]{2,12})$")


def listed_topic(question: str) -> str:
    """The things a question asks to list, when it ends on them and they are a noun (``镇雄有哪些返乡创业
    就业平台？`` → ``返乡创业就业平台``); ``""`` for anything else."""
    match = _LISTED.search(normalize(question).strip().rstrip(_MARKS))
    return _things(match["thing"]) if match else ""


def _may_be_place(word: str) -> bool:
    """Whether a word the corpus holds can be a place name (沐川, 拉萨, 单县), not a common noun (产值)
    or a phrase with a verb (入驻实体)."""
    from ..segment import tagged

    if word in _SCOPES:
        return False
    if word.endswith(("省", "市", "县", "区", "镇", "乡", "村", "旗")):
        return True
    pairs = tagged(word)
    return len(pairs) == 1 and pairs[0][1] not in ("n", "v", "vn", "a", "ad", "an", "d", "m", "q")
