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
said of that person. A place or person the question names is no answer to it, a thing it names with
words of its own is not answered by another of its kind, a figure for one channel (线上) does not
answer for the whole, and times served (人次) only a question about that service. A span that cannot
be such an answer is set aside before
the calibrated model decides whether the best of the rest answers: these checks only ever take
answers away, never choose one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..schema import Question
from .question import PEOPLE_NOUN, THING_NOUN, VAGUE_TIME

_ASKS_PERCENT = re.compile(r"利率|比例|占比|百分之|百分比|增长率|增幅|比重|覆盖率|多少成")
_ASKS_MONEY = re.compile(
    r"多少钱|金额|资金|贷款|投资|补贴|补助|奖补|拨款|营收|销售额|产值|利润|融资|经费|奖金|收入|营业额|费用"
    r"|租金|房租|工资|薪|价格|价钱|成本|预算|捐款|税")
_ASKS_PEOPLE = re.compile(r"多少(?:人|名|位)|(?<![哪那这好])几(?:人|名|位)|人数|多少农民工|多少劳动力|多少就业")
#: People asked about loosely (返乡创业的人有多少): a count of things asked with a measure word comes first
#: (回乡创业的人开了多少家企业 counts 企业)
_ASKS_PEOPLE_LOOSELY = re.compile(r"的人[^，,。？?钱]{0,5}多少(?![钱元])|人员(?:有|是|共|一共)?多少(?![钱元])")
_COUNT_WORDS = "个家户项所座条种类批期届次站科"
_ASKS_COUNT = re.compile(rf"(?:多少|(?<![哪那这好])几)[{_COUNT_WORDS}]")
_NUMBER = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千万]+)\s*[余多近约]?\s*[万亿千百]?\s*[余多近约]?"  # 万余人 too
_HOW_MANY = re.compile(rf"(?<![哪那这好前后头])(多少|几)([{_COUNT_WORDS}名位]|人次|人)?")
#: Nouns that name the same kind of thing counted (多少家企业 is answered by 创办企业2460个 or 31家公司)
_NOUN_GROUPS = (
    frozenset(("企业", "公司", "工厂", "厂", "商户", "商家", "实体", "合作社", "经济实体")),
    frozenset(("园区", "产业园", "创业园", "孵化园", "基地", "园")),
    frozenset(("服务站", "工作站", "站")),
)
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
    ("总投资", "投资总额", "总投入"),
)
#: Punctuation that ends a clause (and a sentence or a line, which end one too)
CLAUSE_END = "，,；;。！？!?：:\n"
#: Where a clause of a span ends, a comma between digits (10,000余人) being a thousands separator
CLAUSE_BREAK = re.compile("[" + re.escape(CLAUSE_END.replace(",", "")) + "]|,(?!\\d{3})")
_LIMIT_ASKED = re.compile(r"(?:最多|最高|至多|最少|最低|最长|最短)(?:能|可|可以|能够|给|贷|补|发)|上限|封顶|最高额度")
_LIMIT_STATED = re.compile(r"最高|最多|至多|最少|最低|最长|最短|上限|封顶|不超过|不高于|不低于|不少于|以内|以下|以上|为限")
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
#: Words of one meaning in these articles (an event, a kind of money): a question is read over a passage
#: in the word that passage uses (挂牌 over ``揭牌成立``, 营收 over ``销售额``)
_SAME_MEANING = tuple(tuple(sorted(group, key=len, reverse=True)) for group in (*_EVENTS, *_MONEY_KINDS))
#: Levels of government: 国家级 asked is not answered by a clause stating 省级
LEVEL = re.compile(r"国家级|省级|市级|县级|区级|镇级|乡级|村级")
_ENDS_WITH_LEVEL = re.compile(f"(?:{LEVEL.pattern})$")
_SEEKS = re.compile(r"争取|申请|申报|正在|计划|打算|要多少")
_UNDER_WAY = re.compile(r"正在|在建|筹建|推进中|稳步推进|即将|尚未|还未|计划于|将于")


def asked_part(simple: str) -> str:
    """The part of a question that asks: a follow-up read with the last question before it
    (``菏泽…多少人，领办创办了多少经济实体?``) asks what its last clause asks."""
    parts = [p for p in re.split(r"[，,]", simple) if re.search(r"多少|几|什么|哪|谁|吗", p)]
    return parts[-1] if parts else simple


def asked_unit(question: Question) -> str:
    """What kind of quantity a 多少/几 question asks for: ``percent``, ``money``, ``people``, ``count``,
    ``people?`` (it counts a noun of people, 多少员工, without a measure word), ``things?`` (a noun of
    other things, 多少企业), or ``quantity`` (a quantity of any kind); ``""`` when no quantity is asked."""
    return _asked_unit(question.simple)


@lru_cache(maxsize=1024)
def _asked_unit(question: str) -> str:
    """:func:`asked_unit` of a normalized question, once per question, not once per span checked."""
    simple = VAGUE_TIME.sub("", asked_part(question))
    if "第几" in simple:
        return ""  # an ordinal is asked (第几届 → 首届, 第五届), not a quantity
    if not re.search(r"多少|(?<![哪那这好])几|多大|多高|多长|占比|比例|利率", simple):
        return ""
    if _ASKS_PERCENT.search(simple):
        return "percent"
    if _ASKS_PEOPLE.search(simple):
        return "people"
    if _ASKS_COUNT.search(simple):
        measure, noun = _counted(asked_part(question))
        if measure == "个" and PEOPLE_NOUN.search(noun):
            return "people"  # 多少个电商从业者: a head count, whatever measure word the article writes
        return "count"
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
    return "quantity"


#: A figure of people that sizes the noun after it (``组建了48人的创业导师工作室``): it answers how many
#: people that body has, not how many people of any kind the question counts
_SIZE_OF = re.compile(_NUMBER + r"(?:人|名)的(?P<what>[^，,。；;、\s]{2,12})")


def _up_to_clause_end(sentence: str, end: int) -> str:
    """The sentence up to the end of the clause holding ``sentence[:end]`` (what a figure there is said of)."""
    rights = [i for i in (sentence.find(ch, end) for ch in CLAUSE_END) if i >= 0]
    return sentence[:min(rights) if rights else len(sentence)]


def _about_the_asked(question: Question, clause: str) -> bool:
    """Whether a figure's clause, or the sentence before it, shares a word with what the question asks
    about, places aside: a head count of people is a count of the people the question names or of what
    they do (返乡创业, 就业; 教职员 … 女性占了224名)."""
    from .question import question_terms

    places = question.places
    terms = [t for t in question_terms(asked_part(question.simple))
             if len(t) >= 2 and not any(t in p or p in t for p in places)]
    return not terms or any(t[i:i + 2] in clause for t in terms for i in range(len(t) - 1))


#: People counted as taking part in something (``64名返乡创业人员参加提升培训``): they answer how many
#: took part, not how many there are
_TAKES_PART = re.compile(r"参加|参与|参会|参训|参赛|出席|报名|到场|观看")
_ASKS_TAKING_PART = re.compile(_TAKES_PART.pattern + r"|培训|训练营|大会|会议|讲座|活动|比赛|大赛|展会|招聘会|听|学员")

def _names_a_verb_of(question: str, clause: str) -> bool:
    """Whether ``question`` names a verb of two characters or more that ``clause`` holds (辅导, 观看)."""
    from ..segment import tagged

    return any(flag == "v" and len(word) >= 2 and word in question for word, flag in tagged(clause))


#: What is stripped from a span before it is compared with the question
_SPAN_TRIM = "。，,；;：:、！!？?“”‘’\"'()（）《》「」 \n"


def restates_question(question: Question, span: str) -> bool:
    """Whether an answer span is only a place or a person the question names already (a yes/no
    question's may be, and one across places, whose answer is where). A word of the question that
    is no place may well answer it (``资讯…是在哪个学论之中?`` → ``热力学``, of ``热力学状态``)."""
    text = span.strip(_SPAN_TRIM)
    if question.kind == "yesno" or question.across or not text or text not in question.simple:
        return False
    return text in question.people or any(
        text.startswith(place) and len(text) - len(place) <= 1 for place in question.places)


#: People singled out among others (明星, 典型, 能人 …): a count of them answers only a question naming them
_HONOURED_WORDS = r"(明星|典型|能人|标兵|模范|带头人|领头雁|代表)"
_HONOURED_BEFORE = re.compile(_HONOURED_WORDS + r"[^，,。；;、]{0,2}$")
_HONOURED_AFTER = re.compile(r"[的]?[\u4e00-\u9fff]{0,4}?" + _HONOURED_WORDS)


#: A change asked for (比去年多了多少, read 同比增加了多少) is answered by a figure of a change, not a level
_ASKS_CHANGE = re.compile(r"同比|(?:增加|增长|减少|下降|提高|多|少)了?多少|增幅|涨幅")
_STATES_CHANGE = re.compile(r"同比|增加|增长|减少|下降|提高|新增|增幅|涨幅|多了|少了|翻了")

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


#: A question asking when (哪一年, 什么时候 …) and the time a span must state to answer it
_ASKS_WHEN = re.compile(_WHEN + r"|几号|哪个时候")
_STATES_TIME = re.compile(r"[\d〇零一二两三四五六七八九十百千]|[今去前明昨当同次]年|年[初底末间代]|世纪|[春夏秋冬]|节|日|时|期|"
                          r"以来|之前|之后|以前|以后|当天|朝|代")

#: Words of time itself, which tell no event (在哪一年的时候)
_TIME_WORDS = frozenset(("时候", "时间", "年份", "时期", "日期", "年代"))


def asks_when(question: Question) -> bool:
    """Whether a question asks when (哪一年, 什么时候 …)."""
    return _ASKS_WHEN.search(asked_part(question.simple)) is not None


@lru_cache(maxsize=1024)
def _event_words(simple: str) -> tuple[str, ...]:
    """For a normalized question of when, each word of two characters or more after the question word
    (``沐川哪年摘掉贫困县帽子的`` → 摘掉, 贫困县, 帽子); ``()`` for any other question."""
    from ..segment import tagged

    when = _ASKS_WHEN.search(asked_part(simple))
    if not when:
        return ()
    after = simple[simple.find(when.group(0)) + len(when.group(0)):]  # to the end, past any comma
    return tuple(w for w, flag in tagged(after)
                 if len(w) >= 2 and flag.startswith(("v", "n", "a")) and w not in _TIME_WORDS)


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
    words hold (``摘掉贫困县帽子`` is told by ``脱贫摘帽``). True for any other question."""
    told = _told_by(question.simple)
    if not told or any(any(w in text for w in said) for said in told):
        return True
    chars = set("".join(_event_words(question.simple)))
    return len(chars) >= 4 and 2 * sum(c in text for c in chars) >= len(chars)


#: Kinds of things a question may name with words of their own (镇雄县 + 服装纺织 + 产业园), each with
#: the word it is known by when a text shortens it (入园企业 for the 孵化园's firms)
_KIND_HEADS = {"产业园": "园", "创业园": "园", "孵化园": "园", "园区": "园", "孵化基地": "基地", "创业基地": "基地",
               "服务站": "站", "工作站": "站", "商贸城": "城", "皮革城": "城", "服务中心": "中心", "服务团": "团",
               "训练营": "营"}
_THING_KINDS = re.compile("|".join(sorted(_KIND_HEADS, key=len, reverse=True)))
#: Words pointing back at a thing already named (``该服务团``), which name it as well as its name
_POINTS_BACK = ("该", "此", "本", "这", "其", "这个", "这些")


def another_thing(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` names a thing of the kind the question names with words of its own, but not
    that thing: ``镇雄县服装纺织产业园入驻了多少家企业？`` is not answered by ``以勒五金高新产业园,…入驻的
    12家企业``. A name shortened (五金产业园 for 以勒五金高新产业园) or pointed back at (该服务团) is the same thing."""
    for kind, name in _named_things(question.simple, question.places):
        if kind not in sentence:
            continue
        if any(name[i:i + 2] in sentence for i in range(len(name) - 1)):
            continue  # named, perhaps shortened (五金产业园 for 以勒五金高新产业园)
        if not any(sentence[max(0, m.start() - 2):m.start()].endswith(_POINTS_BACK)
                   for m in re.finditer(re.escape(kind), sentence)):
            return True
    return False


@lru_cache(maxsize=1024)
def _named_things(simple: str, places: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(kind, name)`` of each thing a normalized question names with words of its own, places left
    out: the nouns before the kind (服装纺织 + 产业园, 领航导师 + 服务团, 县级 + 服务站), none when those
    words end on a verb, a pronoun or a question word (给入驻, 那会儿, 什么). Once per question."""
    from ..segment import trailing_words

    text = simple
    for place in sorted(places, key=len, reverse=True):
        text = re.sub(re.escape(place) + r"(?:自治区|[省市县区镇村])?", " ", text)
    found = []
    for match in _THING_KINDS.finditer(text):
        name = trailing_words(text[max(0, match.start() - 6):match.start()],
                              lambda flag: flag.startswith("n") or flag in ("vn", "b"))
        if len(name) >= 2:
            found.append((match.group(0), name))
    return tuple(found)


#: Where someone is from (李汇洲是哪里人？): the person or role asked about comes before 是
_ASKS_ORIGIN = re.compile(r"(?P<who>[\u4e00-\u9fff]{2,})是(?:哪里|哪儿|哪个地方|什么地方|哪)人")


def _of_whom(who: str, before: str) -> bool:
    """Whether what a sentence says before a place is said of ``who``: it names them first (the last two
    characters of the words after 的: ``袁彭年，字介眉，…湖广公安人``, ``李汇洲是…人``) or 他/她."""
    head = who.split("的")[-1]
    return head[-2:] in before or re.search("[他她]", before) is not None


#: An ordinal: 第37个, 第五届, 首届, 首个
_ORDINAL = re.compile(r"第\s*[\d一二两三四五六七八九十百千]|首[届个次批期家座位]")
#: Which one of a kind of thing a question asks for (哪个园区, 什么公司): the answer names one of that kind
#: (kinds whose names end on their kind; a platform or a brand is often named apart from the word)
_KIND_ASKED = re.compile(r"(?:哪个|哪一个|哪家|哪座|哪所|什么)(产业园|创业园|孵化园|园区|公司|企业|合作社|基地|"
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


def other_side(question: str, text: str) -> bool:
    """Whether ``question`` names one side of a pair (线下; 国外) that ``text`` does not, while ``text``
    names the other (线上; 全国各地)."""
    for pair in _SIDES:
        for asked, other in (pair, pair[::-1]):
            if (any(w in question for w in asked) and not any(w in question for w in other)
                    and not any(w in text for w in asked) and any(w in text for w in other)):
                return True
    return False


#: A body named after its members (创业导师 + 工作室, 专家 + 服务团)
_BODY_OF = re.compile(r"(?P<members>[\u4e00-\u9fff]{2,})(?:工作室|服务团|团队|团|队|小组|组|班|中心|协会|联盟)")


def _names_the_body(question: str, phrase: str) -> bool:
    """Whether a question asks about the body a figure sizes (``48人的创业导师工作室``): it names the last
    noun of the phrase's opening run of nouns (工作室), or the people the body is made of (创业导师)."""
    from ..segment import tagged

    head = ""
    for word, flag in tagged(phrase):
        if not flag.startswith("n") and flag != "vn":
            break
        head = word
    body = _BODY_OF.match(phrase)
    members = body["members"] if body and PEOPLE_NOUN.search(body["members"]) else ""
    return (head or phrase[:2]) in question or (bool(members) and members in question)


#: Nouns of people of no particular kind: a head count of anyone answers them
_ANY_PEOPLE = frozenset(("人员", "人数", "人口", "个人"))


@lru_cache(maxsize=256)
def _quality(noun: str) -> str:
    """The adjective a counted noun opens with (贫困 in 贫困劳动者), or ``""``."""
    from ..segment import tagged

    pairs = tagged(noun)
    return pairs[0][0] if len(pairs) >= 2 and pairs[0][1] == "a" and len(pairs[0][0]) >= 2 else ""


_COPULAS = frozenset(("是", "有", "为", "占", "属于"))


def _opens_with_noun(text: str) -> bool:
    """Whether a counted phrase opens with a noun (企业), or a word qualifying one (贫困劳动者, 返乡人员),
    not a verb of being (``多少是服务站推荐的``: a share)."""
    from ..segment import tagged

    pairs = tagged(text)
    if len(pairs) >= 2 and (pairs[0][1] == "a" or (pairs[0][1] == "v" and pairs[0][0] not in _COPULAS)):
        pairs = pairs[1:]  # 贫困劳动者, 返乡人员
    return bool(pairs) and pairs[0][1].startswith("n")


def fits_unit(unit: str, span: str) -> bool:
    """Whether an answer span states a quantity of the asked kind (``6.59万人`` fits ``people``;
    ``460万元`` does not fit ``percent``). Measure words of things counted (个/家/户 …) are one kind.
    ``people?`` (a noun of people, no measure word asked) takes a bare figure but not money or things."""
    if not unit:
        return True
    if unit == "percent":
        return re.search(r"\d\s*(?:%|％)|[一二三四五六七八九十\d]成|百分之|个百分点", span) is not None
    if unit == "money":
        return re.search(_NUMBER + r"(?:元|美元)|\d\s*[万亿](?![\u3400-\u9fff])", span) is not None
    if unit == "people":
        return re.search(_NUMBER + r"(?:人|名|位|人次)", span) is not None
    if unit == "count":
        return re.search(_NUMBER + rf"[{_COUNT_WORDS}]", span) is not None
    if unit == "people?":
        return _figure_not_of(span, rf"元|美元|%|％|[{_COUNT_WORDS}]|平方米|亩")
    if unit == "things?":  # 多少企业: a count of things, written with any measure word, never a sum or a share
        return _figure_not_of(span, r"元|美元|%|％|平方米|亩|人|名|位|年|岁|月|日")  # nor a head count or a date
    return _FIGURE.search(span) is not None


_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]")


def _figure_not_of(span: str, units: str) -> bool:
    """Whether a span states a figure, none of it in ``units`` (a regex alternation: 元|%|平方米 …)."""
    return _FIGURE.search(span) is not None and re.search(_NUMBER + f"(?:{units})", span) is None


@lru_cache(maxsize=1024)
def _counted(simple: str) -> tuple[str, str]:
    from ..segment import tagged

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
    from ..segment import tagged

    if not span.rstrip().endswith(measure):
        return False
    words = tagged(after)
    return bool(words) and words[0][1] == "v"


#: An average asked, and stated
_ASKS_AVERAGE = re.compile(r"平均|人均|均价")
_STATES_AVERAGE = re.compile(r"平均|人均|均|每")
#: A standard asked (补贴标准) is stated as one, a rate or a limit
_STATES_STANDARD = re.compile(r"标准|每|按|比例|最高|不超过|%|％")
#: A part of a whole asked (``入园企业里有多少家是返乡青年办的``): the whole is before 里/中
_SUBSET = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:里|中|当中|之中)(?:有|一共有)?(?:多少|几)[家个户名人位]?是")


@lru_cache(maxsize=1024)
def _subset_of(simple: str) -> str:
    """The nouns naming the whole a question asks a part of (``入园企业里有多少家是…`` → 入园企业), or ``""``."""
    from ..segment import trailing_words

    match = _SUBSET.search(simple)
    return trailing_words(match.group(1), lambda flag: flag.startswith("n")) if match else ""


@lru_cache(maxsize=1024)
def _named_before_count(simple: str) -> str:
    """The nouns a count names before asking it (``高新技术项目有多少家`` → 高新技术项目, ``女老板有多少``
    → 女老板), or ``""``."""
    from ..segment import trailing_words

    simple = VAGUE_TIME.sub("", simple)
    match = _HOW_MANY.search(simple)
    if not match or not (match.group(2) or re.fullmatch(r"[?？]?", simple[match.end():])):
        return ""  # 高新技术项目有多少家, 女老板有多少: not 多少是服务站推荐的
    before = re.sub(r"(?:一共|总共|共|都|还)?有?$", "", simple[:match.start()])
    return trailing_words(before, lambda flag: flag.startswith("n"))


def counted(question: Question) -> tuple[str, str]:
    """``(measure word, noun)`` of what a 多少/几 question counts: ``多少家企业`` → ``("家", "企业")``,
    ``几期巡诊活动`` → ``("期", "巡诊活动")``, ``多少员工`` → ``("", "员工")``; empty when it counts nothing named."""
    return _counted(asked_part(question.simple))


def _clause_start(sentence: str, start: int) -> int:
    """Where the clause holding ``sentence[start]`` begins (after the punctuation before it)."""
    return max((sentence.rfind(ch, 0, start) for ch in CLAUSE_END), default=-1) + 1


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` around ``sentence[start:end]`` (from the punctuation before to the one after)."""
    return _up_to_clause_end(sentence, end)[_clause_start(sentence, start):]


def _item(sentence: str, start: int, end: int) -> str:
    """The items of an enumeration (``、``) that ``sentence[start:end]`` spans within its clause, with the
    items before them that end on a level they share (``建成省级、市级创业孵化基地6个``); the clause when
    it lists nothing."""
    left = _clause_start(sentence, start)
    clause = _up_to_clause_end(sentence, end)[left:]
    items = clause.split("、")
    covered = []
    at = left  # where each item starts in the sentence
    for i, item in enumerate(items):
        if at <= end and start <= at + len(item):
            covered.append(i)
        at += len(item) + 1
    if not covered:
        return clause
    first = covered[0]
    while first > 0 and _ENDS_WITH_LEVEL.search(items[first - 1]):
        first -= 1
    return "、".join(items[first:covered[-1] + 1])


def another_kind_named(noun: str, clause: str) -> bool:
    """Whether a noun ends on a kind of thing (服务站) that ``clause`` does not name while it names
    another known by the same word (工作站): ``6个招才引智工作站`` counts no 服务站."""
    kind = _THING_KINDS.search(noun)
    if not kind or kind.end() != len(noun) or kind.group(0) in clause:
        return False
    asked = kind.group(0)
    return any(k != asked and _KIND_HEADS[k] == _KIND_HEADS[asked] and k in clause for k in _KIND_HEADS)


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
    if any(noun[i:i + 2] in clause for i in range(len(noun) - 1)):
        return True
    return any(noun.endswith(w) and any(o in clause for o in group) for group in _NOUN_GROUPS for w in group)


@lru_cache(maxsize=1024)
def _money_kind(question: str) -> tuple[str, ...]:
    part = asked_part(question)
    found = [(part.find(w), kind) for kind in _MONEY_KINDS for w in kind if w in part]
    return min(found)[1] if found else ()


def money_kind(question: Question) -> tuple[str, ...]:
    """The words of the kind of money a question asks the amount of (``租金`` → 租金, 房租 …), or ``()``."""
    return _money_kind(question.simple) if asked_unit(question) == "money" else ()


def fits_question(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` can answer ``question`` for its form: a quantity of the asked kind,
    of the things asked about; a limit when a limit is asked; the event whose date is asked (opened,
    finished, founded), not work still under way."""
    span = sentence[start:end]
    if restates_question(question, span):
        return False
    unit = asked_unit(question)
    measure, noun = counted(question)
    # 多少个国家 is answered by 45国 as well as by 45个: a character of the noun right after the figure
    counted_by_noun = unit == "count" and bool(noun) and re.search(
        _NUMBER + "[" + re.escape(noun) + "]", sentence[start:end + 1]) is not None
    if not (counted_by_noun or fits_unit(unit, span)):
        return False
    said_of = _up_to_clause_end(sentence, end)  # the sentence up to the end of the figure's clause
    clause = said_of[_clause_start(sentence, start):]
    if noun and measure and measure in _COUNT_WORDS and not counted_by_noun and not names_counted(noun, clause) \
            and not _noun_left_out(span, measure, sentence[end:end + 6]):
        return False
    item = _item(sentence, start, end)
    sort_of = noun or _named_before_count(asked_part(question.simple))
    if sort_of and counts_another_sort(question.simple, sort_of, sentence[end:end + 12]):
        return False  # 多少家高新技术项目 is not answered by 50余家优质项目
    if sort_of and unit and another_kind_named(sort_of, re.split("[、" + re.escape(CLAUSE_END) + "]",
                                                               sentence[end:end + 12])[0]):
        return False  # 服务站有多少个 is not answered by 6个招才引智工作站
    if other_level(question.simple, item):  # 国家级基地 asked, 省级…基地4个 stated
        return False
    if unit and level_apart(question.simple, sentence, item):  # 县级站 asked, 246个服务站,其中…县级站209家
        return False
    if unit and (other_period(question.simple, clause) or one_of_listed(question, sentence, start, end)
                 or said_of_a_firm(question, sentence, start)):
        return False  # 一年的销售额 asked, 每月销售额200余万元 stated; 亿联国际商贸城 asked, 3个平台的 3.53万人
    whole = _subset_of(question.simple)
    if whole and not names_counted(whole, said_of):
        return False  # 入园企业里有多少家是返乡青年办的 is not answered by 打造返乡创业园9个
    if unit and _ASKS_AVERAGE.search(asked_part(question.simple)) and not _STATES_AVERAGE.search(clause):
        return False  # 平均投资规模 is not answered by 投资规模50万元以下占绝大部分
    if unit and "标准" in asked_part(question.simple) and not _STATES_STANDARD.search(clause):
        return False  # 担保费补贴标准 is not answered by 争取100万元财政专项资金: a rate, not a sum
    if unit in ("people", "people?"):
        noun = noun or sort_of
        quality = _quality(noun)
        if quality and quality not in said_of:
            return False  # 多少贫困劳动者 is not answered by 吸纳就业2700多人: the poor among them are not counted
        if len(noun) >= 2 and noun not in _ANY_PEOPLE and not any(noun[i:i + 2] in said_of for i in range(len(noun) - 1)):
            return False  # 多少残疾人 is not answered by 吸纳就业2700多人: those counted are not named
        if not _about_the_asked(question, said_of):
            return False  # 返乡创业的有多少人 is not answered by 参会…企业家、高端人才等4000余人
        if _TAKES_PART.search(clause) and not _ASKS_TAKING_PART.search(question.simple):
            return False  # 沐川返乡创业的有多少人 is not answered by 64名返乡创业人员参加提升培训
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
    asked = asked_part(question.simple)
    if _ASKS_WHEN.search(asked) and not _STATES_TIME.search(span):
        return False  # 哪一年成立的 is answered by a year, not by the name of what was founded
    if "第几" in asked and not _ORDINAL.search(span):
        return False  # 第几个市级站 is answered by an ordinal (第37个, 首届), not by a count (市级站37家)
    origin = _ASKS_ORIGIN.search(asked)
    if origin and not _of_whom(origin["who"], sentence[:start]):
        return False  # 站长是哪里人 is not answered by 在藏菏泽籍人员: the origin of someone else
    kind_asked = _KIND_ASKED.search(asked)
    if kind_asked and not _of_kind(kind_asked.group(1), sentence[start:end + 8]):
        return False  # 入驻的是哪个园区 is answered by a park (…示范园), not by the company that moved in
    if _ASKS_CHANGE.search(question.simple) and not _STATES_CHANGE.search(clause):
        return False  # 同比增加了多少个 is not answered by 创办企业2460个
    sized = _SIZE_OF.match(sentence, start)  # 48人的创业导师工作室: the size of the 工作室, not a head count
    if sized and not _names_the_body(question.simple, sized["what"]):
        return False
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
    from ..segment import tagged

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
    if not stated:  # 去年 asked of a sentence telling no year at all: a figure of no year in particular
        return _ANY_YEAR.search(sentence) is None
    return not asked & stated


#: Words that name a kind of thing, not one thing (返乡创业 + 园区 is any park for returnees)
_GENERIC_NAME = re.compile(r"返乡|回乡|创业|就业|创新|孵化|示范|省级|市级|县级|国家级")


def one_of_listed(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether a thing the question names with words of its own stands in ``sentence`` as one item of a
    list (``、``) and the figure at ``sentence[start:end]`` lies outside that item: the figure is said of
    the list, or of another item (``五金高新产业园、亿联国际商贸城、服装纺织产业园3个…平台,帮助3.53万人``
    does not tell how many 亿联国际商贸城 employs)."""
    for kind, name in _named_things(question.simple, question.places):
        if len(_GENERIC_NAME.sub("", name)) < 2:
            continue  # 创业孵化基地: a kind, named with no words of its own
        for thing in dict.fromkeys((name + kind, name[-2:] + kind)):
            at = sentence.find(thing)
            if at < 0:
                continue
            left, right = at, at + len(thing)
            while left > 0 and sentence[left - 1] not in CLAUSE_END + "、":
                left -= 1
            while right < len(sentence) and sentence[right] not in CLAUSE_END + "、":
                right += 1
            listed = (left > 0 and sentence[left - 1] == "、") or (right < len(sentence) and sentence[right] == "、")
            if listed and not (left <= start and end <= right):
                return True
            break
    return False




def names_no_kind(question: Question, text: str) -> bool:
    """Whether a question names a thing of a kind (``返乡创业园区``) that ``text`` (a sentence and its
    context) never names, even short (园): then the text is about something else (乐山's 1578 poor
    workers are the whole city's, not its parks')."""
    return any(_KIND_HEADS[kind.group(0)] not in text for kind in _THING_KINDS.finditer(question.simple))


#: A firm, whose figures are its own, not those of the park or base it sits in
_FIRM = re.compile(r"公司|企业|合作社|工厂|厂")


def said_of_a_firm(question: Question, sentence: str, start: int) -> bool:
    """Whether a figure at ``sentence[start]`` is a firm's (``公司…每月销售额达200余万元``) while the
    question asks about a thing of another kind (``以勒五金高新产业园每个月销售额``) that the sentence
    does not name, even short: the park's sales are not told by one of its firms."""
    kinds = [k.group(0) for k in _THING_KINDS.finditer(question.simple)]
    return bool(kinds) and not any(_KIND_HEADS[k] in sentence for k in kinds) and \
        _FIRM.search(sentence, 0, start) is not None


def in_passage_words(text: str, passage: str) -> str:
    """``text`` (a question as the reader is asked it) with each event or kind of money it names put in
    the word ``passage`` uses for it, when the passage lacks the question's word: ``拉萨服务站是什么时候
    挂牌的`` is read as ``…揭牌的`` over ``8月14日,…服务站…揭牌成立``. Words of one character are left."""
    for group in _SAME_MEANING:
        word = next((w for w in group if len(w) > 1 and w in text), None)
        if word is None or word in passage:
            continue
        other = next((w for w in group if len(w) > 1 and w in passage), None)
        if other is not None:
            text = text.replace(word, other)
    return text
