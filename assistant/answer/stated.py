"""Answers a span reader scores low though the sentence states them: a yes/no question of being
(``集宁国际皮革城算不算国家级创业园？``) or of doing (``乐山有没有发放返乡创业担保贷款？``), which has no span to
point at, a question asking what a thing is called (``张掖那个训练营叫啥名字？``), whose answer is a
quoted name, and one asking what a model is made of, spelt as a formula (“政府引导+平台推动+…”); and what
a name must look like to answer such a question. Each only takes a sentence of a span the reader proposed, and only when the
question's constraints (``fits``) hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..ingest.chunk import split_sentences
from ..schema import ExtractedAnswer, Question
from ..segment import tagged, trailing_words
from .compose import verdict
from .constraints import asked_unit, counted, named_before_count
from .constraints.words import _clause_start, _up_to_clause_end
from .question import NAMED_KINDS, copula_parts, doing_parts, kind_words, named_kind

#: Whether an answer meets its question's constraints (``satisfies`` of the answer stage, bound to a question)
Fits = Callable[[ExtractedAnswer], bool]


#: What is stripped from a span before it is read as a name
_NAME_TRIM = " “”「」《》\"'。，,；;：:"


#: Any character but punctuation that ends a clause or opens an aside: a kind's word right after a name
#: stands in its clause (``“归雁兴嘉”返乡创业品牌``), not past a comma or a bracket
_NO_PUNCTUATION = r"[^，。,；;：:、()（）！？!?]"


#: Kinds of people (老板, 站长, 主人公): what they are called is a person's name
_PERSON_KIND = re.compile(r"(?:人|员|者|师|长|主任|主人公|小伙子?|书记|老板|企业家|青年|专家)$")


#: Kinds of things that are places, whose names end on 镇, 县, 区 …
_PLACE_KINDS = ("地方", "城市", "地区", "县", "区", "镇", "乡", "村", "市", "省")


def names_its_kind(kind: str, sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` can be the name of a thing of ``kind`` (what a question asks to be
    called). It can when a word for the kind stands in it (``…专业合作社``), right after it in the same
    clause (``“归雁兴嘉”返乡创业品牌``) or right before it (``主人公叫张智杰``, ``局长李盛义``), or when it
    stands in quotation marks while no person is asked; it cannot when it is a list or clauses
    (``…乡村创业者、省市级…平台``), opens with a verb (``组织全市80余名…``), is a town or county while no
    place is asked (``庄寨镇`` for 老板), or is no person's name while a person is asked (``毛纺返乡创业园``
    for 老板, quoted ``“小树传媒”`` for 负责人). Any other
    span may be a name the question calls by another word (老夫子 for 动画片), unless it ends on the word
    of another kind (``省市级返乡创业平台`` for 示范工厂)."""
    span = sentence[start:end]
    for word in kind_words(kind):
        if word in span:
            return True
        if re.match(r"[”」》\"']?" + _NO_PUNCTUATION + "{0,12}?" + re.escape(word), sentence[end:]):
            return True
        if re.search(re.escape(word) + _NO_PUNCTUATION + r"{0,3}$", sentence[:start]):
            return True
    person = _PERSON_KIND.search(kind) is not None
    quoted = sentence[start - 1:start] in ("“", "《", "「") or sentence[end:end + 1] in ("”", "》", "」")
    if quoted and not person:  # a quoted name is a thing's (“小树传媒”), never the person asked (负责人)
        return True
    text = span.strip(_NAME_TRIM)
    if not text or re.search(r"[、，,；;。]", text):
        return False
    words = tagged(text)
    if words and words[0][1] == "v":
        return False
    if len(text) <= 5 and text[-1] in "镇乡村县区市省" and not kind.endswith(_PLACE_KINDS):
        return False
    if text.endswith(NAMED_KINDS):  # 省市级返乡创业平台 names a 平台, not the 示范工厂 asked
        return False
    if person:  # 老板叫什么 is answered by a person's name, not 毛纺返乡创业园
        return bool(words) and words[0][1].startswith("nr") and 2 <= len(text) <= 4
    return True


#: A name in quotation marks (“赢在昭通”, 《摇着轮椅的创业梦》)
_QUOTED = r"[“「《\"](?P<name>[^“”「」《》\"]{2,24})[”」》\"]"


#: Firms, whose names end on their kind and stand without quotation marks (内蒙古创奇智能电子科技有限公司)
_FIRMS = ("公司", "企业", "合作社")


def _at(answer: ExtractedAnswer, start: int, text: str) -> ExtractedAnswer:
    """``answer`` moved onto ``text``, which starts at ``start`` in its sentence."""
    at = answer.sentence_start + start
    return replace(answer, start=at, end=at + len(text), text=text)


def named(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a question asking what a thing is called (``张掖那个训练营叫什么名字？``), which the reader often
    scores low, a name of a thing of that kind in the sentence of one of the most probable answers:
    a quoted name before the kind's word (``“筑梦桑梓·创响张掖”返乡创业带头人能力提升训练营``, ``“一十百千”
    典型培养计划``) or ending on it (``“返乡创业领航导师服务团”``), or a firm's full name the reader found
    (``内蒙古创奇智能电子科技有限公司``), that ``fits`` the question (its constraints). ``None`` when none is."""
    kind = named_kind(question)
    if kind is None:
        return None
    words = "|".join(re.escape(w) for w in kind_words(kind) if kind.endswith(w))  # 比赛: 比赛 or 赛 (大赛)
    # a name before the kind's word, not past a 、 (…“归雁兴嘉”返乡创业扶贫提升培训、创业项目展示: the next
    # item of a list is another thing)
    before = re.compile(_QUOTED + r"[^，。,、；;“”「」《》]{0,14}?(?:" + words + ")")
    ending = re.compile(r"[“「《\"](?P<name>[^“”「」《》\"]{0,24}(?:" + words + r"))[”」》\"]")
    patterns = [ending, before]
    own = _qualifier(question.simple, kind)  # 传媒 of 传媒公司: a quoted name may end on it (“小树传媒”)
    if own:
        patterns.append(re.compile(r"[“「《\"](?P<name>[^“”「」《》\"]{1,16}" + re.escape(own) + r")[”」》\"]"))
    for answer in candidates:
        span = answer.text.strip(_NAME_TRIM)
        if kind in _FIRMS and span.endswith(kind) and len(span) >= len(kind) + 4 and _one_name(span, kind):
            return answer
        for pattern in patterns:
            match = pattern.search(answer.sentence)
            if match is None:
                continue
            found = _at(answer, match.start("name"), match["name"])
            if fits(found):
                return found
    return None


def _one_name(span: str, kind: str) -> bool:
    """Whether a span ending on a firm's kind is one name (``内蒙古创奇智能电子科技有限公司``), not clauses
    (``五金高新产业园,一栋栋标准化厂房…``) or a count of firms (``入驻的12家企业``)."""
    return not re.search(r"[、，,；;。“”]", span) and not re.search(
        r"[\d一二两三四五六七八九十百千万]+[余多近约]?[家个所户]" + re.escape(kind) + "$", span)


def _qualifier(simple: str, kind: str) -> str:
    """The nouns a question puts before the kind it asks the name of (``传媒`` of ``传媒公司叫啥名字``), when
    they are a word of two characters or more; ``""`` otherwise."""
    at = simple.find(kind)
    own = trailing_words(simple[max(0, at - 6):at], lambda flag: flag.startswith("n") or flag == "vn") if at > 0 else ""
    return own if len(own) >= 2 else ""


def placed(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a question asking which place of a level did something (``健康食品的返乡创业基地是哪个区建的？``),
    which the reader may score low, one of the most probable answers that is the name of a place of that
    level alone (``高新区``) in a sentence holding most of the question's words (the reader's coverage),
    when it ``fits`` the question. ``None`` for any other question or when no answer is such a name."""
    asked = _PLACE_ASKED.search(question.simple)
    if asked is None:
        return None
    for answer in candidates[:_PLACED_DEPTH]:
        span = answer.text.strip(_NAME_TRIM)
        if (answer.coverage >= _LIST_COVERAGE and re.fullmatch(r"[\u4e00-\u9fff]{1,6}" + asked[1], span)
                and fits(answer)):
            return answer
    return None


#: A place of a level asked for (哪个区, 哪一个县), not a level of another thing (哪个市级部门)
_PLACE_ASKED = re.compile(r"哪(?:个|一个|座)?([省市县区镇乡村])(?![级场长委民])")

#: How many of the most probable answers :func:`placed` looks at
_PLACED_DEPTH = 3


#: Kinds of things made of parts a text may spell out as a formula (“政府引导+平台推动+…”的…模式)
_COMPOSED_KINDS = ("模式", "机制", "体系", "格局", "模型", "路径", "理念")


#: A formula in quotation marks, its parts joined by + (“案例教学+模拟路演+研讨交流+实地观摩”)
_FORMULA = re.compile(r"[“「\"](?P<name>[^“”「」\"+，。,；;]{2,16}(?:[+＋][^“”「」\"+，。,；;]{2,16})+)[”」\"]")


def composed(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a question asking what a model, mechanism or system is made of (``昭通模式包括哪些方面？``,
    ``训练营的教学模式有哪几种？``), which the reader scores low, the formula a sentence of the most probable
    answers spells it as: quoted parts joined by + standing before the thing's word in the same clause
    (``“政府引导+平台推动+政策赋能+管家服务”的返乡创业“昭通模式”``), when it ``fits`` the question;
    ``None`` for any other question or when no sentence does."""
    if question.kind != "list":
        return None
    kinds = [k for k in _COMPOSED_KINDS if k in question.simple]
    if not kinds:
        return None
    kind_after = re.compile(r"[^，。,；;]{0,14}?(?:" + "|".join(re.escape(k) for k in kinds) + ")")
    for answer in candidates:
        for match in _FORMULA.finditer(answer.sentence):
            if not kind_after.match(answer.sentence, match.end()):
                continue
            found = _at(answer, match.start("name"), match["name"])
            if fits(found):
                return found
    return None


#: A list question's asked noun: what follows 哪些/哪几种 …, a 方面的/类的 before it set aside
_LIST_ASKED = re.compile(r"(?:哪些|哪几[个种类项样位]?)(?:方面|类|种|领域)?的?(?P<rest>[\u4e00-\u9fff]*)")


def _asked_noun(simple: str) -> str:
    """The noun a list question asks things of (``请了哪些方面的专家`` → 专家, ``整合了哪些力量`` → 力量,
    ``吸引哪些群体返乡`` → 群体, ``哪些方面`` → 方面), or ``""``."""
    match = _LIST_ASKED.search(simple)
    if match is None:
        return ""
    words = tagged(match["rest"])
    nouns = []
    for word, flag in words:
        if not flag.startswith("n"):
            break
        nouns.append(word)
    if nouns:
        return nouns[-1]
    kind = re.match(r"(?:哪些|哪几[个种类项样位]?)(方面|类|种|领域)", match.group(0))
    return kind.group(1) if kind else ""


#: Items of an enumeration (、) closed by 等 (A、B、C等): what a list of things of one kind states
_ENUMERATION = re.compile(r"[^，。,；;：:、“”]{1,24}(?:、[^，。,；;：:、]{1,20})+(?=等)")


def stated_list(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a list question (``乐山的示范培训请了哪些方面的专家？``) that the reader scores low, an enumeration
    closed by 等 and the question's asked noun in a sentence of the most probable answers (``邀请省上优秀讲师
    及农业、工商、银行等方面的专家``): its items, the first one cut to the nouns ending it (``农业``), when
    they ``fits`` the question and the sentence holds most of the question's words (the reader's
    coverage). ``None`` for any other question or when no sentence states such a list."""
    if question.kind != "list":
        return None
    noun = _asked_noun(question.simple)
    if len(noun) < 2:
        return None
    noun_after = re.compile(r"等[^，。,；;、]{0,4}?" + re.escape(noun))
    for answer in candidates:
        if answer.coverage < _LIST_COVERAGE:
            continue
        for match in _ENUMERATION.finditer(answer.sentence):
            if not noun_after.match(answer.sentence, match.end()):
                continue
            first, rest = match.group(0).split("、", 1)
            lead = trailing_words(first, lambda flag: flag.startswith("n")) or first
            found = _at(answer, match.start() + len(first) - len(lead), lead + "、" + rest)
            if fits(found):
                return found
    return None


#: The share of a question's words a sentence must hold for its enumeration to answer a list question
_LIST_COVERAGE = 0.6


def stated_being(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a yes/no question of being (``集宁国际皮革城算不算国家级创业园？``), which a span reader scores
    low for want of a span to point at, a sentence of the most probable answers that states it: every
    word of the subject and of the predicate in the sentence, ``fits`` (the question's constraints), and a
    verdict given (no negation, no word turned to its opposite, no figure the sentence lacks) —
    ``被评为国家级创业园`` says 是. The answer is that one sentence, even when the reader's span ran
    across two. ``None`` when no sentence does."""
    parts = copula_parts(question)
    if parts is None:
        return None
    return _stating(question, candidates, fits, parts[0] + parts[1])


def stated_doing(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a yes/no question of doing or having (``乐山有没有发放返乡创业担保贷款？``), which the reader
    scores low for the same want of a span, a sentence of the most probable answers holding every word
    of what it asks to have been done (``2017年发放460万元返乡创业担保贷款。``) with a verdict given and
    ``fits`` met; ``None`` when no sentence does."""
    words = doing_parts(question)
    return None if words is None else _stating(question, candidates, fits, words)


def _stating(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits,
             words: tuple[str, ...]) -> ExtractedAnswer | None:
    """The first sentence of ``candidates``' sentences holding every one of ``words``, with a verdict
    given and ``fits`` met, as an answer of its own; ``None`` when none is."""
    for answer in candidates:
        text = answer.hit.chunk.search_text
        for s0, s1 in split_sentences(text):
            if not (answer.sentence_start <= s0 and s1 <= answer.sentence_end):
                continue
            piece = text[s0:s1]
            one = replace(answer, start=s0, end=s1, sentence_start=s0, sentence_end=s1, text=piece, sentence=piece)
            if all(w in piece for w in words) and verdict(question, one) and fits(one):
                return one
    return None


#: How much more the reader must score a count's span than no answer for :func:`stated_count` to take it
_COUNT_MARGIN = 5.0


def stated_count(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a question counting things it names (``昭通建了几个返乡创业园区？``), which the calibrated model
    scores low when the sentence shares few of the question's other words (``在乡村打造返乡创业园9个``),
    the most probable span the reader clearly prefers to no answer that is a count of those very things:
    a figure with its measure word, the things named right before it in its clause or after it, perhaps
    past a few words that say which (``为11家参赛参评企业提供…``), all of the noun but its last character
    (返乡创业园 for 返乡创业园区), and ``fits`` met. ``None`` otherwise."""
    if asked_unit(question) != "count":
        return None
    noun = counted(question)[1] or named_before_count(question)  # 几个返乡创业园区, 返乡创业园区有几个
    if len(noun) < 2:
        return None
    names = tuple(dict.fromkeys((noun, noun[:-1]))) if len(noun) >= 3 else (noun,)
    after_it = re.compile(_WHICH_ONES + "(?:" + "|".join(re.escape(n) for n in names) + ")")
    return _sure_figure(candidates, _A_MEASURED_FIGURE, fits,
                        lambda before, after: any(before.endswith(n) for n in names) or bool(after_it.match(after)))


#: A few words between a count and the things it counts that say which of them (11家 + 参赛参评 + 企业)
_WHICH_ONES = r"[\u4e00-\u9fff]{0,4}?"


#: A figure with its measure word (``9个``, ``1000 余名``): what :func:`stated_count` takes
_A_MEASURED_FIGURE = re.compile(r"\d[\d,.]*\s*[余多]?[万千百]?\S{1,2}")


def _sure_figure(candidates: Sequence[ExtractedAnswer], figure: re.Pattern[str], fits: Fits,
                 stated: Callable[[str, str], bool]) -> ExtractedAnswer | None:
    """The first of ``candidates`` the reader clearly prefers to no answer (a margin of ``_COUNT_MARGIN``
    or more) whose span is ``figure`` whole, whose clause says it of the thing asked (``stated`` of the
    clause's text before the span and after it) and which ``fits``; ``None`` if none."""
    for answer in candidates:
        if answer.margin < _COUNT_MARGIN or not figure.fullmatch(answer.text):
            continue
        at, end = answer.start - answer.sentence_start, answer.end - answer.sentence_start
        before = answer.sentence[_clause_start(answer.sentence, at):at]  # the span's clause around it
        after = _up_to_clause_end(answer.sentence, end)[end:]
        if stated(before, after) and fits(answer):
            return answer
    return None


#: A head count asked right after its verb (``带动了多少人在家门口就业``, ``培训了多少人``): the verb, and the
#: words after the count up to the end of the clause
_HEADS_ASKED = re.compile(r"(?P<verb>[\u4e00-\u9fff]{2})(?:了|过)?(?:多少|几)(?:万|千|百)?(?:人次|个人|人|名)"
                          r"(?P<after>[^，,？?。！!]*)")

#: A head count alone (``18.64万人``, ``1000 余名``, ``6267人次``), blanks around it aside
_A_HEAD_COUNT = re.compile(r"\s*\d[\d,.]*\s*[余多近]?[万千百]?(?:人次|人|名)[余多]?\s*")


def stated_people(question: Question, candidates: Sequence[ExtractedAnswer], fits: Fits) -> ExtractedAnswer | None:
    """For a question asking how many people a thing was done to (``昭通这两年带动了多少人在家门口就业？``),
    which the calibrated model scores low when the sentence words it otherwise (``带动18.64万人就地就近就业``),
    the most probable span the reader clearly prefers to no answer that is a head count of that very
    doing: the question's verb right before the figure in its clause, the last word the question says
    after its count (就业) after it in the same clause, and ``fits`` met. ``None`` otherwise."""
    if asked_unit(question) not in ("people", "people?"):
        return None
    asked = _HEADS_ASKED.search(question.simple)
    if asked is None:
        return None
    after_words = [w for w, flag in tagged(asked["after"]) if len(w) >= 2 and flag[0] in "nv"]
    return _sure_figure(candidates, _A_HEAD_COUNT, fits,
                        lambda before, after: before.removesuffix("了").endswith(asked["verb"])
                        and (not after_words or after_words[-1] in after))
