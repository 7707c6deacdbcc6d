"""Questions in: clean the input, and tell what kind of answer is asked for and about which places.

These rules decide only *how to present* an answer (a verdict for yes/no, one line per city
for comparisons) and which constraints hold (a year or place the question names must be
in the cited sentence or its article); *what* answers is the reader's call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import messages
from ..schema import Document, Question
from ..text import detect_script, normalize

_YEAR = re.compile(r"(?:19|20)\d{2}")
#: A verb, 不 and the verb again (算不算, 属不属 …): a yes/no question (the pattern's one group is the verb)
_A_NOT_A = r"([\u4e00-\u9fff])不\1"
_YESNO = re.compile(r"是否|是不是|有没有|有无|能不能|能否|可不可以|可否|会不会|可以吗|[吗嘛][?？!！。.]*$|" + _A_NOT_A)
_LIST = re.compile(r"哪些|哪几|哪[二两三四五六七八九十][一二两三四五六七八九十]*(?:[个项家条种类所座位大]|方面)|有什么(?:措施|平台|举措|政策|活动)"
                   r"|[一二两三四五六七八九十\d]+(?:大|个|项|条|类|种|方面)[\u4e00-\u9fff]{0,4}"
                   r"(?:是什么|是哪些|有哪些|有什么|包括|指的是|分别是)"
                   r"|[这那](?:几|些)[个项家条种类所座位]?[\u4e00-\u9fff]{0,8}(?:都|分别|各)(?:是|叫)(?:什么|哪些|啥)")
_COMPARE = re.compile(
    r"(?:哪个|哪一个|哪座|哪家|哪里|哪儿|哪边|哪一边|哪个地方|哪座城市|谁)[^，。？?]{0,16}"
    r"(?:最多|最少|最高|最低|最大|最小|更多|更少|更高|更大)"
    r"|相比|比较|对比|哪个多|谁多|(?:哪个地方|哪个城市|哪座城市|哪里|哪儿|哪边)(?:更|比较)?(?:多|少|高|低|大)(?:[？?]|$)"
)
#: Two places asked ``哪个…多`` (乐山和集宁区哪个地方建的创业园区多？): a comparison, not 多少 or 多大
_COMPARE_TAIL = re.compile(r"(?:哪个|哪一个|哪边|哪一边|哪里|哪儿|哪座|谁)[^，。？?]{0,16}(?:更|比较|相对)?(?<!多)[多少高低大]"
                           r"[？?]*$")
#: Where a thing is the largest (``皮革城是哪个地区最大的…交易中心``): a region asked of one thing, no comparison
_MOST_OF_WHERE = re.compile(r"是(?:哪里|哪儿|哪个地区|哪个地方|哪一带)(?:最|第一)[\u4e00-\u9fff]{0,4}的")
_TOTAL = re.compile(r"一共|总共|合计|加起来|共计|总计|加在一起")
_ACROSS = re.compile(r"哪些地方|哪些城市|哪些地区|哪几个地方|各地|各个地方|各市|几个地方|分别|各自")
_FIGURE = re.compile(r"多少|(?<![这那哪])几[个人家项条次年月天所座位名户万亿千百期届批场轮笔]|多大|多高|多长|比例|占比")


def clean_input(text: Any, limit: int) -> tuple[str, str]:
    """Strip control characters and surrounding space; cut to ``limit`` characters. Returns (text, notice)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    if len(text) > 4 * limit:  # never do work proportional to a huge paste
        text = text[: 4 * limit]
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    notice = ""
    if len(text) > limit:
        text = text[:limit]
        notice = messages.TRUNCATED.format(limit=limit)
    return text, notice


#: Words ending in 县/旗/区 that name no county: 全县, 各区县, 园区 …
_NOT_COUNTY = re.compile(r"^(?:全|各|本|该|每|郡|州|区|市|城|郊|园|社|景|新|老|山|地|小|片|辖|示范|试点|贫困|重点)")


@lru_cache(maxsize=1024)
def _tagged(simple: str) -> tuple[tuple[str, str], ...]:
    """``segment.tagged`` of a question, once for its places and its persons."""
    from ..segment import tagged

    return tuple(tagged(simple))


def question_places(simple: str) -> tuple[str, ...]:
    """Place names in a normalized question, without 省/市/县/区 suffixes: jieba's ``ns`` words, and the
    counties it takes for a person or splits (威信县 tagged ``nr``, 定陶 + 区): a county the corpus
    does not know must still hold the answer to its name."""
    from ..segment import places_of

    pairs = list(_tagged(simple))
    words = places_of(pairs)
    for i, (word, flag) in enumerate(pairs):
        if 3 <= len(word) <= 5 and word[-1] in "县旗" and flag != "ns" and not _NOT_COUNTY.match(word):
            words.append(word)  # 威信县, 巧家县 (tagged nr)
        elif (word in ("县", "区", "旗") and i > 0 and 1 <= len(pairs[i - 1][0]) <= 3
              and pairs[i - 1][1] not in ("n", "v", "m", "r", "d", "p", "c", "q", "f")
              and not pairs[i - 1][1].startswith("u") and not _NOT_COUNTY.match(pairs[i - 1][0])):
            words.append(pairs[i - 1][0] + word)  # 定陶 + 区, not 在 + 县 (在县一级)
    out = []
    for word in words:
        stem = re.sub(r"(省|市|县|区|镇|旗|自治区)$", "", word)
        out.append(stem if len(stem) >= 2 else word)
    return tuple(dict.fromkeys(out))


def question_people(simple: str, places: Sequence[str] = ()) -> tuple[str, ...]:
    """Persons a normalized question names: three-character words jieba tags ``nr`` that start with a
    common surname (汪天勇), and a surname jieba split from a given name it took for a place (吴 +
    长春). jieba tags many other words ``nr`` (王朝, 籍贯, 英勇) and two-character names are rare
    and easily confused, so only these count; places are left out."""
    from ..segment import SURNAMES

    pairs = _tagged(simple)
    out = []
    for i, (word, flag) in enumerate(pairs):
        following = pairs[i + 1] if i + 1 < len(pairs) else ("", "")
        if flag == "nr" and word in SURNAMES and following[1] in ("ns", "nr") and len(following[0]) == 2:
            out.append(word + following[0])
        elif flag == "nr" and len(word) == 3 and word[0] in SURNAMES:
            out.append(word)
    return tuple(name for name in dict.fromkeys(out) if not any(name in p or p in name for p in places))


def corpus_places(documents: Sequence[Document]) -> list[str]:
    """Place names the corpus is about, longest first: cities and provinces (also without 市/省), and the
    cities, counties, districts and towns the articles name — a proper noun before 县/区/镇 (沐川县 → 沐川县,
    沐川) or a place word ending in 市/县/区/镇 (镇雄县 → 镇雄县, 镇雄; 拉萨市 → 拉萨市, 拉萨), as jieba tags them."""
    from ..segment import tagged

    names: set[str] = set()
    for doc in documents:
        for name in (doc.meta.city, doc.meta.province):
            if name:
                names.add(name)
                stem = re.sub(r"(市|省|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", name)
                if len(stem) >= 2:
                    names.add(stem)
        pairs = tagged(doc.search_text)
        for (word, flag), (following, _) in zip(pairs, [*pairs[1:], ("", "")]):
            if flag in ("ns", "nr", "nz") and following in ("县", "区", "镇") and len(word) >= 2:
                names.update((word + following, word))
            elif (flag in ("ns", "nr") and len(word) >= 3 and word[-1] in "市县区镇"
                  and not word.startswith("各") and not word.endswith(("地区", "自治区"))):
                names.update((word, word[:-1]))
    return sorted(names, key=len, reverse=True)


#: A place's own thing between it and the next place joined (昭通[乡村的返乡创业园]跟乐山…)
_OWN_THING = r"(?:[^，,。？?！!和与跟同及、]{0,6}的[^，,。？?！!和与跟同及、的]{1,8})?"


def question_kind(simple: str, places: Sequence[str]) -> tuple[str, bool]:
    """``(kind, across)`` of a normalized question (see :class:`Question`)."""
    # two places joined (昭通和乐山…, 乐山与张掖…, 乐山全市和集宁区…, 昭通乡村的返乡创业园跟乐山的…) ask about
    # each; 菏泽在拉萨设立… relates them in one fact
    several = len(places) >= 2 and any(
        re.search(re.escape(a) + r"(?:[市县区省]|全[市县区省]|那边|这边|那里|地区)?" + _OWN_THING
                  + r"(?:和|与|跟|同|及|以及|、|还是|或|，|,)" + re.escape(b), simple)
        for a in places for b in places if a != b)
    if (_COMPARE.search(simple) and not _MOST_OF_WHERE.search(simple)) or (several and _COMPARE_TAIL.search(simple)):
        return "compare", True
    if _TOTAL.search(simple) and (several or _ACROSS.search(simple)):
        return "total", True
    across_words = {m.group(0) for m in _ACROSS.finditer(simple)}
    if len(places) == 1 and all(w in ("分别", "各自") or re.search(re.escape(places[0]) + "[市县区]?" + w, simple)
                                for w in across_words):
        across_words = set()  # 镇雄这几个平台分别叫什么: each item, one place; 乐山各地: the parts of one place
    across = bool(across_words) or several
    if _YESNO.search(simple):
        return "yesno", across
    if _LIST.search(simple):
        return "list", across
    if _FIGURE.search(simple):
        return "figure", across
    return "other", across


COLLOQUIAL_FILE = Path(__file__).resolve().parent.parent / "data" / "colloquial.txt"


@lru_cache(maxsize=1)
def _colloquial() -> tuple[re.Pattern[str], dict[str, str]]:
    pairs: dict[str, str] = {}
    for line in COLLOQUIAL_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            spoken, written = line.split("\t")
            pairs[spoken.strip()] = written.strip()
    alternatives = "|".join(re.escape(p) for p in sorted(pairs, key=len, reverse=True))
    return re.compile(alternatives), pairs


def formal(simple: str) -> str:
    """A normalized question in the articles' register: spoken phrasings replaced by the words policy
    articles use (``招回来多少人回乡创业`` → ``回引多少人返乡创业``, see ``data/colloquial.txt``)."""
    pattern, pairs = _colloquial()

    def written(match: re.Match[str]) -> str:
        spoken, word = match.group(0), pairs[match.group(0)]
        around = simple[max(0, match.start() - len(word)):match.end() + len(word)]
        if word in around:  # 办了 inside 举办了 is already written
            return spoken
        if len(word) >= 2 and word in simple[match.end():]:  # 雇了多少员工 says 员工 itself, once is enough
            return spoken
        return word

    return pattern.sub(written, simple)


def _inside_a_word(place: str, simple: str) -> bool:
    """Whether every time ``place`` stands in a question it opens a longer word that is no place of
    it (``高新`` in ``高新技术``, not in ``高新区``): the word, not the place, is meant."""
    words = [w for w, _ in _tagged(simple)]
    at = [w for w in words if place in w]
    return bool(at) and all(w.startswith(place) and len(w) > len(place) and w[len(place)] not in "省市县区镇乡村旗"
                            for w in at)


#: A request wrapped around what is asked (``我想了解下…``, ``请介绍一下…``, ``帮我查查…``): no words of it
_REQUEST = re.compile(r"^(?:你好|您好)?[,，]?(?:请问一下|请问|请|麻烦(?:你|您)?)?(?:帮我|给我|替我)?"
                      r"(?:(?:我)?(?:想|要)(?:了解|知道|问问|问|查查|查|看看)|介绍|说说|讲讲|谈谈|查查|查一下|找找|告诉我)"
                      r"(?:一下|下)?(?:关于)?[,，:：]?")


def without_request(simple: str) -> str:
    """A question without the request wrapped around it (``我想了解下乐山的返乡创业品牌`` → ``乐山的返乡
    创业品牌``), or the question itself when nothing is left of it."""
    rest = _REQUEST.sub("", simple, count=1)
    return rest if len(rest.strip("?？。!！ ")) >= 2 else simple


#: The asker telling about themselves before the question (``我老家在镇雄，``, ``我是乐山人，``): no words of it
_ABOUT_ME = re.compile(r"^(?:你好|您好)?[,，]?(?:我|俺)(?!们)[^,，。？?！!]{1,24}[,，。]")
#: Words that make a clause ask something (then it is no telling about the asker; 好几年 asks nothing)
_ASKING = re.compile(r"多少|(?<![好这那十])几|什么|啥|哪|谁|吗|呢|是否|是不是|有没有|怎么|怎样|如何|能不能|能否|可不可以")


def without_intro(simple: str, known_places: Sequence[str] = ()) -> str:
    """A question without the asker's telling about themselves before it (``我老家在镇雄,想问问镇雄有
    哪些平台`` → ``想问问镇雄有哪些平台``); a place named only there is kept, at the front of the question
    (``我是乐山人,有什么贷款政策?`` → ``乐山有什么贷款政策?``). Unchanged when nothing would be left."""
    intro = _ABOUT_ME.match(simple)
    if not intro or _ASKING.search(intro.group(0)):
        return simple
    rest = simple[intro.end():].lstrip(" ")
    if len(rest.strip("?？。!！ ")) < 2 or not _ASKING.search(rest):
        return simple
    named = [*question_places(intro.group(0)), *(p for p in known_places if p in intro.group(0))]
    place = next((p for p in named if p not in rest), None)
    if place and not question_places(rest) and not any(p in rest for p in known_places):
        rest = place + without_request(rest)
    return rest


#: The asker's own before a place (俺们昭通, 咱们乐山, 我们菏泽这边): the place, said by one who lives there
_OURS = re.compile(r"(?:俺们|咱们|我们|俺|咱)(?:这里|这边|这儿)?$")


#: 这个/那个 right after a place (乐山这个返乡创业品牌, 镇雄那个…): pointing at a thing of the place
_THAT_ONE = re.compile(r"^(?P<kept>(?:市|县|区)?(?:的)?)(?:这个|那个)")


def _without_ours(simple: str, places: Sequence[str]) -> str:
    """A question without the asker's ``俺们``/``咱们`` before a place it names (``俺们昭通这两年…`` →
    ``昭通这两年…``), nor ``这个``/``那个`` right after it (``乐山这个返乡创业品牌`` → ``乐山返乡创业品牌``):
    no word the articles could hold."""
    for place in places:
        at = simple.find(place)
        ours = _OURS.search(simple[:at]) if at > 0 else None
        if ours:
            simple = simple[:ours.start()] + simple[at:]
        at = simple.find(place)
        that = _THAT_ONE.match(simple[at + len(place):]) if at >= 0 else None
        if that and len(simple) - at - len(place) - that.end() >= 2:
            end = at + len(place)
            simple = simple[:end] + that["kept"] + simple[end + that.end():]
    return simple


def unwrapped(simple: str, known_places: Sequence[str] = ()) -> str:
    """A normalized question without the asker's words around it: what they tell about themselves
    first (:func:`without_intro`) and a request (:func:`without_request`)."""
    return without_request(without_intro(simple, known_places))


def analyse(asked: str, standalone: str, notice: str = "", known_places: Sequence[str] = ()) -> Question:
    """Analyse a standalone question; ``known_places`` (the corpus's cities) are recognised too. What the
    answer stage reads (``simple``) is in the articles' register (:func:`formal`), without the asker's
    words around it (:func:`unwrapped`)."""
    simple = unwrapped(formal(normalize(standalone)), known_places)
    places = list(question_places(simple))
    for place in known_places:  # corpus places jieba may not tag (乌兰察布, 集宁 …), longest first
        if place in simple and not any(place in p or p in place for p in places) and not _inside_a_word(place, simple):
            places.append(place)
    simple = _without_ours(simple, places)
    kind, across = question_kind(simple, places)
    people = question_people(simple, places)
    if people and across and kind not in ("compare", "total") and len(places) < 2:
        across = False  # 吴长春以前在哪些地方…: the places of one person's story, not a question across cities
    return Question(
        asked=asked, text=standalone, simple=simple, script=detect_script(asked), kind=kind, across=across,
        places=tuple(places), years=tuple(dict.fromkeys(m.group(0) for m in _YEAR.finditer(simple))),
        people=people, notice=notice,
    )


#: Nouns of people (员工, 创业者, 农民工, 专家 …): a count of them is never a sum of money
PEOPLE_NOUN = re.compile(r"(?:人|员|工|者|师|生|士|人才|劳动力|专家|企业家|青年|农户|群众|居民|学员|老板|女性|妇女"
                         r"|明星|能人|典型|代表|骨干|能手|标兵|模范|达人|领头雁)$")
#: Nouns of things counted one by one (多少企业, 多少项目), never answered by a sum of money or a share
THING_NOUN = re.compile(r"(?:企业|公司|工厂|实体|合作社|商户|商铺|店铺|项目|园区|创业园|基地|平台|服务站|站|机构|活动|岗位)$")

_ACROSS_WORDS = re.compile(
    r"哪个地方|哪个城市|哪座城市|哪一个|哪个|哪些地方|哪些城市|哪些地区|哪几个地方|各个地方|各地|各市|分别|各自|一共|总共|合计"
    r"|加起来|加在一起|共计|总计|最多|最少|更多|更少|最高|最低|更高|最大|最小|相比|比较|对比|谁|哪一边|哪边|哪里|哪儿"
    r"|(?:这|那)?[两三四五六几](?:个地方|个城市|个地区|座城市|地(?![区方]))"  # 三个地方, 这两座城市, 两地
)


#: What may follow a place name as the question writes it (集宁 + 区, 内蒙古 + 自治区)
PLACE_SUFFIX = r"(?:自治区|[省市县区镇])?"


def place_question(question: Question, place: str) -> str:
    """The question about one place, for a question across places: ``昭通和乐山哪个地方打造的返乡创业园更多？``
    → ``乐山打造的返乡创业园多少`` for the article about 乐山; a place given a thing of its own (``昭通乡村的
    返乡创业园跟乐山的创业园区合计多少个？``) is asked about that thing alone (``昭通乡村的返乡创业园多少个``)."""
    text = _own_part(question.simple, question.places, place)
    for name in question.places:  # with its 市/县/区 (集宁区 leaves no 区 behind)
        text = re.sub(re.escape(name) + PLACE_SUFFIX, "", text)
    text = _ACROSS_WORDS.sub("", text)
    text = re.sub(r"^[和与及跟同、\s]*比(?:一比|起来|的话|一下)?[,，\s]+", "", text)  # 菏泽和乐山比，哪边…
    text = re.sub(r"^[和与及、,，\s]+|[?？!！。.,，\s]+$", "", re.sub(r"[和与及、](?=[和与及、]|$)", "", text))
    text = text.lstrip("和与及、 ")
    text = re.sub(r"^各(?=[\u4e00-\u9fff])|各(?=有|是|为|自)", "", text)  # 各打造了, 的各有: "each", asked per place
    if question.kind == "compare":
        text = re.sub(r"(?:更|比较)?[多少高低大]$", "", text)  # …哪个地方多: what is compared, not the comparison
    if question.kind in ("compare", "total"):  # 返乡创业的人数: the people who did it, as articles count them
        text = re.sub(r"的?人数$", "的人", text)
    if question.kind in ("compare", "total") and not re.search(r"多少|几", text):
        # the things compared are counted (…建的创业园区有多少个), anything else measured (…产值多少)
        text += "有多少个" if THING_NOUN.search(text) else "有多少" if PEOPLE_NOUN.search(text) else "多少"
    elif not re.search(r"多少|几|什么|哪", text):  # 举办了创业大赛 → 举办了什么创业大赛
        text = re.sub(r"(了|有|是)", r"\1什么", text, count=1) if re.search(r"了|有|是", text) else text + "是什么"
    return place + text


def _own_part(simple: str, places: Sequence[str], place: str) -> str:
    """``simple`` without what it says of another place when two places joined each have a thing of
    their own (``昭通乡村的返乡创业园跟乐山的创业园区…``: ``…跟乐山的创业园区`` goes for 昭通, ``昭通乡村的
    返乡创业园跟`` for 乐山); ``simple`` itself when they share what is asked (``昭通和乐山的返乡创业园…``)."""
    for a in places:
        for b in places:
            if a == b:
                continue
            pair = re.search(re.escape(a) + PLACE_SUFFIX + r"(?P<own>" + _OWN_THING + r")(?P<join>和|与|跟|同|及|以及|、)"
                             + re.escape(b) + PLACE_SUFFIX + r"的[^，,。？?！!的]{1,8}?" + _OWN_END, simple)
            if pair and pair["own"]:
                if place == a:
                    return simple[:pair.start("join")] + simple[pair.end():]
                if place == b:
                    return simple[:pair.start()] + simple[pair.end("join"):]
    return simple


#: Where the thing of the later place ends: at what the question asks of both
_OWN_END = r"(?=合计|一共|总共|加起来|加在一起|共计|总计|哪|谁|各|分别|相比|比|多少|几|有|是|[，,？?]|$)"


#: Time phrases that hold 几 without asking anything (这几年 "these years", not 几年 "how many years")
VAGUE_TIME = re.compile(r"(?:这|近|前|最近|过去)(?:几|两|些)年(?:来|里|间)?")


def reader_question(question: Question) -> str:
    """The question as the reader is asked it: a vague time phrase holding 几 reads as the phrase it
    is (``这几年`` → ``近年来``, so the reader does not look for a number of years), and a yes/no
    question becomes the statement it tests (``乐山有没有返乡创业品牌？`` → ``乐山有返乡创业品牌``),
    which the reader can find a span for."""
    text = VAGUE_TIME.sub("近年来", question.simple)
    if question.kind != "yesno":
        return text
    return _statement(text) or question.simple


def _statement(text: str) -> str:
    """The statement a yes/no question tests (``有没有`` → ``有``, ``是不是`` dropped, no ``吗``)."""
    text = re.sub(r"有没有|有无", "有", text)
    text = re.sub(r"是不是|是否", "", text)
    text = re.sub(r"能不能|能否|可不可以|可否", "能", text)
    text = re.sub(r"会不会", "会", text)
    text = re.sub(_A_NOT_A, r"\1", text)  # 算不算 → 算
    return re.sub(r"[吗嘛]?[?？!！。.]*$", "", text).strip()


#: A figure a yes/no question states (20个, 460万元, 66.5%), not a year, an ordinal or a bare 一
_STATED_FIGURE = re.compile(r"(?<![第\d.])(?:\d[\d,.]*|[两三四五六七八九十百千][一二两三四五六七八九十百千]*)\s*[余多近]?\s*[万亿千百]?"
                            r"(?P<measure>个|家|户|人次|人|名|位|项|所|座|条|期|届|批|万元|亿元|元|%|％|亩|平方米)")
_COUNTING = ("个", "家", "户", "人次", "人", "名", "位", "项", "所", "座", "条", "期", "届", "批")


def states_figure(question: Question) -> bool:
    """Whether a yes/no question states a figure it asks to confirm (``是不是有20个？``)."""
    return question.kind == "yesno" and _STATED_FIGURE.search(question.simple) is not None


_YESNO_MARKERS = re.compile(r"有没有|有无|是否|是不是|能不能|能否|可不可以|可否|会不会|" + _A_NOT_A
                            + r"|[吗嘛]?[?？!！。.]*$")


#: A yes/no question asking whether a thing is one of a kind (``皮革城算不算国家级创业园？``): what it asks
#: about and what it may be, split at the copula
_COPULA = re.compile(r"^(?P<subject>.+?)(?:是不是|算不算|属不属于|是否是|是否为|是否属于|算是|是)"
                     r"(?!在|有|给|把|被|从|已|都|也|否|不)(?P<predicate>[^，,。？?了过]{2,}?)(?:吗|嘛|呢)?[?？!！。.]*$")


def copula_parts(question: Question) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """For a yes/no question of being (``集宁国际皮革城是不是国家级创业园？``), the words of two characters or
    more of its subject and of its predicate, places left out: ``(('国际', '皮革', '皮革城', …), ('国家', '国家级',
    '创业', '创业园'))``; ``None`` for any other question, one whose predicate holds a figure (是不是有20个,
    asked of the figure itself) or names no word of its own, and one of doing or having rather than being
    (``是否在拉萨设立了…``, ``是不是有个…``). A subject that is a place has no words here (its place is
    checked as every question's is)."""
    if question.kind != "yesno":
        return None
    match = _COPULA.match(question.simple)
    if not match or _holds_figure(match["predicate"]):
        return None
    subject = _own_words(match["subject"], question.places)
    predicate = _own_words(match["predicate"], question.places)
    return (subject, predicate) if predicate else None


def _holds_figure(predicate: str) -> bool:
    """Whether what a yes/no question asks holds a figure (是不是有20个): it is then asked of the figure.
    An ordinal (是第37个市级站吗) is no figure: it says which one, a fact the sentence states or not."""
    predicate = re.sub(r"第[\d一二两三四五六七八九十百千]+", "", predicate)
    return _STATED_FIGURE.search(predicate) is not None or re.search(r"\d", predicate) is not None


def _own_words(text: str, places: Sequence[str]) -> tuple[str, ...]:
    """The words of two characters or more of part of a question, its places left out."""
    return tuple(w for w in question_terms(text) if len(w) >= 2 and not any(w in p or p in w for p in places))


#: A yes/no question of doing or having (``乐山有没有发放返乡创业担保贷款？``): what is asked to have been done
_ASKS_DOING = re.compile(r"^(?P<subject>.+?)(?:有没有|有无|是否|是不是)(?P<predicate>[^，,。？?]{2,}?)(?:吗|嘛|呢)?[?？!！。.]*$")


def doing_parts(question: Question) -> tuple[str, ...] | None:
    """For a yes/no question of doing or having (``乐山有没有发放返乡创业担保贷款？``), the words of two
    characters or more of what it asks to have been done, places left out (``('发放', '返乡', '创业', '担保',
    '贷款', …)``); ``None`` for any other question, one of being (see :func:`copula_parts`), and one whose
    predicate holds a figure (asked of the figure itself)."""
    if question.kind != "yesno" or copula_parts(question) is not None:
        return None
    match = _ASKS_DOING.match(question.simple)
    if not match or _holds_figure(match["predicate"]):
        return None
    return _own_words(match["predicate"], question.places) or None


#: A question asking what a thing is called (``张掖那个训练营叫什么名字``, ``公司的名称是什么``): the thing
_ASKS_NAME = re.compile(r"^(?P<thing>.+?)的?(?:(?:名字|名称|全名|全称)?叫什么(?:名字)?|(?:名字|名称|全名|全称)是什么|是什么名字|什么名字)")


#: Words that names of things end on (…平台, …园区, …公司): a span ending on one names a thing of that
#: kind, which a question calling a thing by a word the span lacks does not ask for
NAMED_KINDS = ("平台", "园", "园区", "基地", "中心", "公司", "企业", "合作社", "工厂", "服务站", "工作站", "服务团",
               "训练营", "大赛", "活动", "计划", "品牌", "项目", "模式", "空间", "商贸城", "皮革城", "大讲堂")


#: A question asking which thing of a kind (``高新区建了个什么基地？``, ``太原站打造了什么平台``): the kind
_ASKS_WHICH = re.compile(r"什么(?P<kind>[\u4e00-\u9fff]{2,8})[?？。!！]*$")


def named_kind(question: Question) -> str | None:
    """For a question asking what a thing is called, the noun it names the thing by (``训练营``, ``公司``,
    ``典型培养计划`` → ``计划``, ``创业比赛`` → ``比赛``; a noun of one character with the word before it,
    ``服务`` + ``季``), and for one asking which thing of a kind whose things have names (``建了个什么基地``
    → ``基地``, of :data:`NAMED_KINDS`) that kind; ``None`` for any other question or a thing named by no
    noun."""
    return _named_kind(question.simple, question.places)


@lru_cache(maxsize=1024)
def _named_kind(simple: str, places: tuple[str, ...]) -> str | None:
    """:func:`named_kind` of a normalized question naming ``places``, once per question (the answer
    stage asks it of every span it checks)."""
    from ..segment import tagged

    match = _ASKS_NAME.match(simple)
    if not match:
        which = _ASKS_WHICH.search(simple)
        if which is None or not which["kind"].endswith(NAMED_KINDS):
            return None
        words = tagged(which["kind"])
        return which["kind"] if all(f.startswith("n") or f == "vn" for _, f in words) else None
    nouns: list[str] = []
    for word, flag in reversed(tagged(match["thing"])):
        if not (flag.startswith("n") or flag == "vn") or word in places:
            break
        nouns.insert(0, word)
    kind = "".join(nouns[-2:]) if nouns and len(nouns[-1]) < 2 else (nouns[-1] if nouns else "")
    return kind if len(kind) >= 2 else None


#: The last character of words for kinds of things that a text may name by that character alone
#: (大赛 for 比赛, 训练营 for 营)
_KIND_ENDINGS = "赛营团季节厂园站馆会"


#: Words for sorts of a kind that a text names things by (an 企业 is named …有限公司, …专业合作社)
_SORTS = {"企业": ("公司", "合作社", "工厂")}


def kind_words(kind: str) -> tuple[str, ...]:
    """The words a text may name a thing of ``kind`` by: the word, the words of its sorts (企业 → 公司),
    its first and last two characters (``小伙子`` → 小伙, ``示范工厂`` → 工厂), and its last character when
    that marks a kind (比赛 → 赛)."""
    words = [kind, *_SORTS.get(kind, ())]
    if len(kind) >= 3:
        words += [kind[:2], kind[-2:]]
    if kind[-1] in _KIND_ENDINGS:
        words.append(kind[-1])
    return tuple(dict.fromkeys(words))


def what_question(question: Question) -> str | None:
    """For a yes/no question about an action, the question asking what was done, which a span reader
    answers far more readily than the statement: ``张掖有没有组织创业大赛？`` → ``张掖组织了什么创业大赛``,
    ``昭通举办过创新创业大赛吗？`` → ``昭通举办了什么创新创业大赛``; one stating a figure asks how many
(``乐山的返乡创业园区是不是有20个？`` → ``乐山的返乡创业园区有多少个``). ``None`` when the question is not
    yes/no or holds no verb with an object (``集宁区是不是返乡创业试点地区？``)."""
    from ..segment import tagged

    if question.kind != "yesno" or re.search(r"能不能|能否|可不可以|可否|会不会|可以吗", question.simple):
        return None  # 能/会/可以 ask what may be, not what was done
    figure = _STATED_FIGURE.search(question.simple)
    if figure:  # 是不是有20个？ asks how many: the reader finds the figure the article states, if another
        asked = "多少" + (figure["measure"] if figure["measure"] in _COUNTING else "")
        return _statement(question.simple[:figure.start()] + asked + question.simple[figure.end():])
    words = tagged(_YESNO_MARKERS.sub("", question.simple))
    # a verb before the copula belongs to its subject (拉萨站是第37个市级站吗？: 站 is no action asked)
    copula = question.simple.find("是")
    at = 0  # where each word ends (the markers go at or after the copula, so offsets before it hold)
    for i, (word, flag) in enumerate(words):
        at += len(word)
        if flag != "v" or word in ("有", "是", "能", "会", "可以") or at <= copula:
            continue
        rest = words[i + 1:]
        if rest and rest[0][0] in ("了", "过", "着"):
            rest = rest[1:]
        if not rest or not rest[0][1].startswith(("n", "v", "a")):
            return None
        head = "".join(w for w, _ in words[:i])
        return head + word + "了什么" + "".join(w for w, _ in rest)
    return None


def follow_up_reading(question: Question, passage: str) -> str:
    """The question for one passage when ``question`` is a rewritten follow-up: the words it inherited
    from the earlier question (not typed now) that ``passage`` lacks altogether are dropped.

    ``那张掖呢？`` after ``乐山带动了多少农村劳动力就地就近就业？`` reads ``张掖带动了多少就业`` over 张掖's
    passage (``带动就业4000余人``): that wording was written for 乐山's article, and the reader and
    the coverage of the sentence would doubt an answer only for the qualifiers it lacks. A word that
    the passage holds in part (创业园区, where the passage says 创业园) is kept; places and years stay
    (they are checked as constraints), and the semantic similarity still sees the whole question."""
    text = reader_question(question)
    if question.text == question.asked:
        return text
    typed = normalize(question.asked)
    terms = question_terms(question.simple)
    present = [t for t in terms if t in passage]
    absent = [t for t in terms
              if t not in typed and t not in passage and not _YEAR.search(t)
              and not any(t in p or p in t for p in question.places)
              and not any(p in t for p in present)]
    kept = [t for t in terms if t not in absent]
    dropped = [t for t in absent if not any(t in k for k in kept)]  # never cut into a word that stays
    for term in sorted(dropped, key=len, reverse=True):
        text = text.replace(term, "")
    return text if question_terms(text) else reader_question(question)


#: Question phrases removed before taking the question's content words: 哪三个, 多少人, 什么时候 …
_QUESTION_PHRASE = re.compile(
    r"(哪|几|多少)[一二两三四五六七八九十]?[个项家条种类位名些所次年人]?|什么时[候间]|什么|何时|是否|是不是|有没有"
    r"|能不能|怎么样|怎样|如何|叫|呢|吗|那边|那里"
)


def question_terms(simple: str) -> tuple[str, ...]:
    """The content words of a normalized question (question words and phrases removed, and vague time
    phrases: 这两年 is no word an answer's sentence need hold)."""
    from ..retrieval.keyword import tokenize

    return tuple(dict.fromkeys(tokenize(_QUESTION_PHRASE.sub(" ", VAGUE_TIME.sub(" ", simple)))))


def coverage(text: str, weights: dict[str, float], context: str = "") -> float:
    """IDF-weighted share of question terms in ``text`` (a term found only in ``context`` counts half)."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    text, context = text.lower(), context.lower()
    got = sum(w if t in text else w / 2 if t in context else 0.0 for t, w in weights.items())
    return got / total
