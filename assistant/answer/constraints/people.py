"""Checks of people: a head count comes from a sentence about what the question asks, not from those
taking part, served or singled out; a figure sizing a body answers only for it; 是哪里人 is said of
that person; a place or person the question names is no answer to it.
"""

from __future__ import annotations

import re

from ...schema import Question
from ..question import PEOPLE_NOUN
from .words import (
    _NUMBER,
    _PEOPLE_GROUPS,
    _SPAN_TRIM,
    _clause_start,
    _up_to_clause_end,
    asked_part,
    shares_a_pair,
)

#: A figure of people that sizes the noun after it (``组建了48人的创业导师工作室``): it answers how many
#: people that body has, not how many people of any kind the question counts
_SIZE_OF = re.compile(_NUMBER + r"(?:人|名)的(?P<what>[^，,。；;、\s]{2,12})")


#: A question of what kind of people (请了什么人来讲课, 员工都是什么人, 哪些人参加): answered by people
_ASKS_PEOPLE_KIND = re.compile(r"(?:什么|哪些|哪类|哪种|什么样的?)(?:人|人员|人群)(?![数次才])")


#: People taken together (…等群体, …等多元力量, 在外人士)
_PEOPLE_TOGETHER = re.compile(r"(?:群体|力量|人士|人群|队伍|团队|家庭)$")


def not_people(question: Question, span: str) -> bool:
    """Whether a question asks what kind of people and ``span`` names none (``请了什么人来讲课`` is answered
    by ``国内资深创业专家、行业领军人才``, not by the name of the camp ``…返乡创业带头人能力``): no item of
    it ends on a noun of people (专家, 人才, …等群体) or a person's name."""
    from ...segment import tagged

    if not _ASKS_PEOPLE_KIND.search(asked_part(question.simple)):
        return False
    for item in re.split(r"[、,，;；及和与]", span.strip(_SPAN_TRIM)):
        item = re.sub(r"(?:等等|等)$", "", item.strip(_SPAN_TRIM))
        if PEOPLE_NOUN.search(item) or _PEOPLE_TOGETHER.search(item):
            return False  # one item of a list naming people is enough (…代表、高校专家学者…等)
        pairs = tagged(item) if item else []
        if pairs and pairs[-1][1] == "nr":
            return False
    return True


#: A post someone holds (负责人, 站长, 董事长 …): a question asking its holder's name is answered by a name
_POST = (r"负责人|站长|局长|董事长|理事长|主人公|老板|主任|书记|市长|县长|区长|镇长|经理|创始人|厂长|社长|会长|主席|校长|院长"
         r"|村长")
#: A question asking the name of the one holding a post (``爱创空间的负责人叫什么？``, ``站长是谁？``)
_ASKS_NAME = re.compile(r"(?P<post>" + _POST + r")(?:的名字)?(?:叫什么|叫啥|叫做什么|是谁|是哪位|是哪一位|姓什么|姓啥)")


def not_a_name(question: Question, span: str, sentence: str) -> bool:
    """Whether a question asks the name of the one holding a post and ``span`` names no person holding
    it in ``sentence`` (``爱创空间的负责人叫什么？`` is not answered by ``…爱创空间平台的一部分``, nor by
    ``赵少青`` from a sentence naming no 负责人; ``站长赵思琪`` answers 站长是谁). A person is a name jieba
    tags, surname first; 老板 (the boss) may hold any post, but one the sentence names (a trader
    in a market is no boss of it)."""
    from ...segment import SURNAMES, tagged
    from ..question import question_people

    asked = _ASKS_NAME.search(asked_part(question.simple))
    if not asked:
        return False
    if not re.search(_POST if asked["post"] == "老板" else re.escape(asked["post"]), sentence):
        return True
    if question_people(span):
        return False
    return not any(flag == "nr" and len(word) >= 2 and word[0] in SURNAMES for word, flag in tagged(span))


def _about_the_asked(question: Question, clause: str) -> bool:
    """Whether a figure's clause, or the sentence before it, shares a word with what the question asks
    about, places aside: a head count of people is a count of the people the question names or of what
    they do (返乡创业, 就业; 教职员 … 女性占了224名)."""
    from ..question import question_terms

    places = question.places
    terms = [t for t in question_terms(asked_part(question.simple))
             if len(t) >= 2 and not any(t in p or p in t for p in places)]
    return not terms or any(names_the_people(t, clause) for t in terms)  # 工人 asked, 员工 written


#: People counted as taking part in something (``64名返乡创业人员参加提升培训``): they answer how many
#: took part, not how many there are
_TAKES_PART = re.compile(r"参加|参与|参会|参训|参赛|出席|报名|到场|观看")


#: A question about taking part (or watching: ``多少人次看过``, ``直播有多少人看`` are answered by
#: ``观看点击量超过3万人次``)
_ASKS_TAKING_PART = re.compile(_TAKES_PART.pattern + r"|培训|训练营|大会|会议|讲座|活动|比赛|大赛|展会|招聘会|听|学员"
                               r"|看过|看了|收看|人看|看的|点击|会场")


def given_work(sentence: str, start: int, end: int) -> bool:
    """Whether the people counted at ``sentence[start:end]`` are counted as given work: 就业 right before
    the figure (``带动就业4000余人``, ``吸纳贫困劳动者就业1578余人``) or closing its clause (``带动18.64万人
    就地就近就业``). They answer how many found work, not how many returned or started a business;
    ``返乡创业就业27.6万人`` and ``就业创业`` count both, and 就业 naming a thing (``就业示范工厂``) is not this."""
    before = sentence[max(_clause_start(sentence, start), start - 6):start]
    after = re.split(r"[(（]", _up_to_clause_end(sentence, end)[end:])[0]
    return any(part.endswith("就业") and not part.endswith("创业就业") for part in (before, after))


#: A question about work, jobs or employees, which people counted as given work answer
_ASKS_WORK = re.compile(r"就业|岗位|带动|吸纳|安置|工作|员工|职工|工人|用工|务工|雇|招|干活|上班|打工|饭碗|养活")


def names_the_people(noun: str, said_of: str) -> bool:
    """Whether what a head count is said of names the people a question counts (``noun``): it shares two
    characters in a row with them, or names them in other words (员工 / ``20余名职员``)."""
    return shares_a_pair(noun, said_of) or any(
        noun in group and any(w in said_of for w in group) for group in _PEOPLE_GROUPS)


def _names_a_verb_of(question: str, clause: str) -> bool:
    """Whether ``question`` names a verb of two characters or more that ``clause`` holds (辅导, 观看), or
    a verb of one character that ends one of the clause's (``多少人看`` of ``观看点击量…``)."""
    from ...segment import tagged

    own = {word for word, flag in tagged(question) if flag == "v" and len(word) == 1}
    return any(flag == "v" and len(word) >= 2 and (word in question or word[-1] in own)
               for word, flag in tagged(clause))


def restates_question(question: Question, span: str) -> bool:
    """Whether an answer span is only a place, a person or a figure the question names already (a
    yes/no question's may be, and one across places, whose answer is where): ``9个`` tells nothing
    asked by ``那9个返乡创业园一共占了多少地？``. A word of the question that is no place may well answer
    it (``资讯…是在哪个学论之中?`` → ``热力学``, of ``热力学状态``)."""
    text = span.strip(_SPAN_TRIM)
    if question.kind == "yesno" or question.across or not text or text not in question.simple:
        return False
    if _FIGURE_ONLY.fullmatch(text) and re.search(r"(?<![\d.])" + re.escape(text), question.simple):
        return True
    return text in question.people or any(
        text.startswith(place) and len(text) - len(place) <= 1 for place in question.places)


#: A span that is a figure and its measure alone (9个, 2.5万人, 30%)
_FIGURE_ONLY = re.compile(r"\d[\d,.]*\s*[余多近]?[万亿千百]?[\u4e00-\u9fff%％]{0,2}")


#: People singled out among others (明星, 典型, 能人 …): a count of them answers only a question naming them
_HONOURED_WORDS = r"(明星|典型|能人|标兵|模范|带头人|领头雁|代表)"


_HONOURED_BEFORE = re.compile(_HONOURED_WORDS + r"[^，,。；;、]{0,2}$")


_HONOURED_AFTER = re.compile(r"[的]?[\u4e00-\u9fff]{0,4}?" + _HONOURED_WORDS)


#: Where someone is from (李汇洲是哪里人？): the person or role asked about comes before 是
_ASKS_ORIGIN = re.compile(r"(?P<who>[\u4e00-\u9fff]{2,})是(?:哪里|哪儿|哪个地方|什么地方|哪)人")


def _of_whom(who: str, before: str) -> bool:
    """Whether what a sentence says before a place is said of ``who``: it names them first (the last two
    characters of the words after 的: ``袁彭年，字介眉，…湖广公安人``, ``李汇洲是…人``) or 他/她."""
    head = who.split("的")[-1].rstrip("他她")  # 李汇洲他是哪里人 (a follow-up's 他 after the name) asks of 李汇洲
    return head[-2:] in before or re.search("[他她]", before) is not None


#: Words of people of any kind: a body's members are not named by them alone
_ANYONE = frozenset(("人员", "人士", "人才", "个人", "成员"))


#: A body named after its members (创业导师 + 工作室, 专家 + 服务团)
_BODY_OF = re.compile(r"(?P<members>[\u4e00-\u9fff]{2,})(?:工作室|服务团|团队|团|队|小组|组|班|中心|协会|联盟)")


def _names_the_body(question: str, phrase: str) -> bool:
    """Whether a question asks about the body a figure sizes (``48人的创业导师工作室``): it names the last
    noun of the phrase's opening run of nouns (工作室), or the people the body is made of (创业导师, or
    their last word: 导师)."""
    from ...segment import tagged

    head = ""
    for word, flag in tagged(phrase):
        if not flag.startswith("n") and flag != "vn":
            break
        head = word
    body = _BODY_OF.match(phrase)
    members = body["members"] if body and PEOPLE_NOUN.search(body["members"]) else ""
    # 导师 of 创业导师: the members without their field, but no word of anyone (人员)
    ends = [members[-k:] for k in range(2, len(members))]
    return (head or phrase[:2]) in question or (bool(members) and members in question) or \
        any(end in question and end not in _ANYONE for end in ends)
