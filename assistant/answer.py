"""Extractive, grounded answers: choose the clause that answers, cite its sentence, verify figures.

Nothing is generated that the articles do not say. For a question the pipeline:

1. cleans the input (empty, control characters, over-long, no Chinese → a polite reply);
2. resolves an elliptical follow-up against the history (``市级的呢？``, ``那乐山呢？``);
3. retrieves passages and scores every sentence in them: IDF-weighted coverage of the
   question's words, character-bigram coverage (word order), the retrieval score, and
   whether the sentence holds the kind of thing asked (a figure for 多少/几, a date for
   什么时候, a name for 什么/哪些) in the slot the question points at;
4. refuses unless the best sentence covers the question well enough and contains every
   number and year the question names;
5. leads with the clauses that hold the asked fact, cites the sentence they come from,
   and checks that every figure in the answer stands in a cited span.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import messages
from .chunk import split_sentences
from .keyword import tokenize
from .numbers import Figure, extract_figures, unsupported_figures
from .schema import Answer, Citation, Document, Hit
from .text import cjk_count, detect_script, in_script, normalize

if TYPE_CHECKING:
    from .pipeline import Assistant

log = logging.getLogger(__name__)

#: Question words and the kind of answer they ask for.
FIGURE_WORDS = ("多少", "几", "多大", "多高", "多长", "占比", "比例", "数量", "金额", "规模", "总计", "共计")
TIME_WORDS = ("什么时候", "何时", "哪一年", "哪年", "几月", "哪一天", "什么时间")
LIST_WORDS = ("哪些", "哪几", "哪三", "哪两", "哪四", "哪五", "哪六")
NAME_WORDS = ("什么", "哪个", "哪家", "谁", "叫什么", "名称", "是什么")
PER_ARTICLE_WORDS = ("哪些地方", "各地", "哪些城市", "哪些地区", "哪几个地方", "各个地方", "各市", "分别")
FOLLOW_UP_PREFIXES = ("那么", "那", "还有", "另外")
#: A clause ends at a comma, semicolon or colon; an ASCII comma between digits (28,400) does not end one.
_CLAUSE = re.compile(r"(?:[^,，;；:：]|(?<=\d),(?=\d{3}))+[,，;；:：]?")
_QUESTION_MARKS = "？?！!。.,，"
_YEAR = re.compile(r"(19|20)\d{2}")
_SLOT = "多少|几"
#: Question phrases removed before taking the question's content words: 哪三个, 多少人, 什么时候 …
_QUESTION_PHRASE = re.compile(
    r"(哪|几|多少)[一二两三四五六七八九十]?[个项家条种类位名些所次年人]?|什么时[候间]|什么|何时|是否|怎么样|怎样|如何"
)

#: Calibrated on the public seeds QA (see README): the smallest coverage of an answered question
#: there is well above this, and no unanswerable one reaches it.
MIN_COVERAGE = 0.5


@dataclass
class Candidate:
    """A sentence that may answer, with what it offers."""

    hit: Hit
    hit_rank: int
    start: int  # display offsets in the document
    end: int
    search_text: str
    coverage: float = 0.0
    score: float = 0.0
    missing: list[str] = field(default_factory=list)
    context: str = ""  # the article's title and place, the heading, and the sentence before


@dataclass(frozen=True)
class Question:
    """A question, cleaned and analysed."""

    original: str
    text: str  # cleaned, in the asker's script
    simple: str  # normalized Simplified
    script: str
    kind: str  # figure, time, list, name, other
    per_article: bool
    terms: tuple[str, ...]
    years: tuple[str, ...]
    notice: str = ""
    places: tuple[str, ...] = ()  # place names the question asks about (jieba "ns")
    focus: tuple[str, ...] = ()  # terms next to the question word: what the asked fact is about
    unit: str = ""  # the measure word a 多少/几 question asks in (个, 人, 家 …), when it names one
    slot: re.Pattern[str] | None = None  # 建立了多少个服务站 → matches 建立了246个服务站


# --- input -------------------------------------------------------------------------------------------


def clean_input(text: Any, limit: int) -> tuple[str, str]:
    """Strip control characters and surrounding space; cut to ``limit`` characters. Returns (text, notice)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    notice = ""
    if len(text) > limit:
        text = text[:limit]
        notice = messages.TRUNCATED.format(limit=limit)
    return text, notice


def _history_questions(history: Sequence[Any] | None) -> list[str]:
    """User turns from a history given as strings, (user, bot) pairs, or {"role", "content"} dicts."""
    out: list[str] = []
    for turn in history or ():
        if isinstance(turn, str):
            out.append(turn)
        elif isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
            elif isinstance(turn.get("question"), str):
                out.append(turn["question"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
    return [q for q in out if q.strip()]


def resolve_follow_up(question: str, history: Sequence[Any] | None, places: Sequence[str]) -> str:
    """Rewrite an elliptical follow-up into a full question using the last user question.

    ``那乐山呢？`` after ``昭通建成了几个省级创业孵化示范基地？`` becomes
    ``乐山建成了几个省级创业孵化示范基地？`` (a place replaces the place);
    ``市级的呢？`` becomes ``昭通建成了几个市级创业孵化示范基地？`` (a word replaces the word
    sharing its ending). Other questions are returned unchanged.
    """
    previous = _history_questions(history)
    if not previous:
        return question
    simple = normalize(question).strip().rstrip(_QUESTION_MARKS)
    elliptical = simple.endswith("呢") or (simple.startswith(FOLLOW_UP_PREFIXES) and len(simple) <= 12)
    if not elliptical or len(simple) > 16:
        return question
    core = simple
    for prefix in FOLLOW_UP_PREFIXES:
        if core.startswith(prefix):
            core = core[len(prefix):]
            break
    core = core.removesuffix("呢").removesuffix("的").strip()
    last = normalize(previous[-1]).strip()
    if not core:
        return last
    new_place = next((p for p in places if p in core), None)
    if new_place:
        old_place = next((p for p in places if p in last and p != new_place), None)
        if old_place:
            return last.replace(old_place, new_place)
        return new_place + last
    for k in range(len(core) - 1, 0, -1):
        suffix = core[-k:]
        pos = last.find(suffix)
        head = len(core) - k
        if pos >= head and suffix.strip():
            return last[: pos - head] + core + last[pos + k:]
    return last.rstrip(_QUESTION_MARKS) + "，" + core + "？"


def analyse(text: str, notice: str = "") -> Question:
    simple = normalize(text)
    if any(w in simple for w in TIME_WORDS):
        kind = "time"
    elif any(w in simple for w in FIGURE_WORDS):
        kind = "figure"
    elif any(w in simple for w in LIST_WORDS):
        kind = "list"
    elif any(w in simple for w in NAME_WORDS):
        kind = "name"
    else:
        kind = "other"
    question_words = set(FIGURE_WORDS + TIME_WORDS + LIST_WORDS + NAME_WORDS) | {"叫", "呢", "那"}
    content = _QUESTION_PHRASE.sub(" ", simple)
    terms = tuple(dict.fromkeys(t for t in tokenize(content) if t not in question_words))
    where = re.search("|".join(FIGURE_WORDS + TIME_WORDS + LIST_WORDS + NAME_WORDS), simple)
    focus: tuple[str, ...] = ()
    if where:
        near = simple[max(0, where.start() - 4): where.end() + 4]
        focus = tuple(t for t in terms if t in near)
    return Question(
        original=text, text=text, simple=simple, script=detect_script(text), kind=kind,
        per_article=any(w in simple for w in PER_ARTICLE_WORDS), terms=terms,
        years=tuple(m.group(0) for m in _YEAR.finditer(simple)), notice=notice, focus=focus,
        places=question_places(simple), unit=asked_unit(simple) if kind == "figure" else "",
        slot=_slot_pattern(simple) if kind == "figure" else None,
    )


_UNITS = "个人家项条亩次户名所座元届期场位批"


def asked_unit(simple: str) -> str:
    """The measure word right after 多少/几 (``多少个`` → 个, ``多少人次`` → 人), or ``""``."""
    m = re.search(r"(?:多少|几)([^，。？！?!,]{0,8})", simple)
    if not m or not m.group(1):
        return ""
    tail = m.group(1)
    if tail[0] in _UNITS:
        return tail[0]
    if tail.endswith(("人", "人员", "人数", "人次")):
        return "人"
    return ""


def has_quantity_in(text: str, unit: str) -> bool:
    """Whether ``text`` states a quantity in ``unit`` (``246个``, ``2700多人``, ``6.59万人``, ``五个``)."""
    number = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千]+)"
    return re.search(number + r"[万亿千百]?[余多近约]?" + unit, text) is not None


def question_places(simple: str) -> tuple[str, ...]:
    """Place names in a normalized question (jieba part-of-speech ``ns``), without 省/市/县/区 suffixes."""
    from .segment import places

    out = []
    for word in places(simple):
        stem = re.sub(r"(省|市|县|区|镇|自治区)$", "", word)
        out.append(stem if len(stem) >= 2 else word)
    return tuple(dict.fromkeys(out))


# --- scoring -----------------------------------------------------------------------------------------


def _slot_pattern(simple: str) -> re.Pattern[str] | None:
    """``建立了多少个服务站`` → a pattern matching ``建立了<figure>个服务站`` (two characters each side)."""
    m = re.search(_SLOT, simple)
    if not m:
        return None
    left = re.sub(r"[^\w]", "", simple[max(0, m.start() - 2): m.start()])
    right = re.sub(r"[^\w]", "", simple[m.end(): m.end() + 2])
    if not left and not right:
        return None
    number = r"[\d,.]+[万亿千百]?|[一二两三四五六七八九十百千万亿]+"
    return re.compile(re.escape(left) + f"(?:{number})[余多近约]?" + re.escape(right))


def _coverage(text: str, weights: dict[str, float], context: str = "") -> tuple[float, list[str]]:
    """IDF-weighted share of question terms in a sentence (terms found only in the article's title
    or place count at half), and the terms that are nowhere."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0, []
    got = 0.0
    missing = []
    text, context = text.lower(), context.lower()
    for term, weight in weights.items():
        if term in text:
            got += weight
        elif term in context:
            got += weight / 2
        else:
            missing.append(term)
    return got / total, missing


def quantities(text: str) -> list[Figure]:
    """Figures that can answer 多少/几: not ordinals (第五届), not years (2017年)."""
    out = []
    for f in extract_figures(text):
        after = text[f.end:f.end + 1]
        if f.ordinal or (_YEAR.fullmatch(f.text) and after in ("年", "")):
            continue
        out.append(f)
    return out


def _kind_bonus(question: Question, text: str) -> float:
    figures = quantities(text)
    if question.kind == "figure":
        bonus = 0.15 if figures else -0.3
        if question.slot and question.slot.search(text):
            bonus += 0.25
        return bonus
    if question.kind == "time":
        return 0.15 if re.search(r"\d{4}年|\d{1,2}月|\d{1,2}日", text) else -0.3
    if question.kind in ("name", "list"):
        return 0.1 if ("“" in text or "、" in text or "《" in text) else 0.0
    return 0.0


def candidates(bot: Assistant, question: Question, hits: Sequence[Hit],
               weights: dict[str, float]) -> list[Candidate]:
    """Every sentence of every retrieved chunk, scored for this question (``weights``: IDF of its terms)."""
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    top = hits[0].score if hits else 1.0
    for rank, hit in enumerate(hits):
        doc = bot.index.documents[hit.doc_id]
        about = normalize(" ".join([doc.meta.title, doc.meta.city, doc.meta.province, hit.chunk.heading]))
        for a, b in split_sentences(hit.chunk.text):
            # the sentence just before often names who or what the sentence is about
            before = hit.chunk.search_text[max(0, a - 60):a]
            context = about + " " + before
            start, end = hit.chunk.start + a, hit.chunk.start + b
            if (hit.doc_id, start) in seen:
                continue
            seen.add((hit.doc_id, start))
            text = doc.search_text[doc.search_offset(start):doc.search_offset(end)]
            coverage, missing = _coverage(text, weights, context)
            missing += [y for y in question.years if y not in text and y not in context]
            missing += [p for p in question.places if p not in text and p not in context and p not in missing]
            score = coverage + _kind_bonus(question, text) + 0.3 * (hit.score / top if top else 0) - 0.02 * rank
            out.append(Candidate(hit, rank, start, end, text, coverage, score, missing, context))
    return sorted(out, key=lambda c: -c.score)


def answerable(question: Question, candidate: Candidate, weights: dict[str, float]) -> bool:
    """Whether a sentence answers: enough coverage, no year of the question missing, the right kind of fact."""
    if candidate.coverage < MIN_COVERAGE:
        return False
    if any(y in candidate.missing for y in question.years + question.places):
        return False
    if question.kind == "figure" and not quantities(candidate.search_text):
        return False
    if question.unit and not has_quantity_in(candidate.search_text, question.unit):
        return False
    if question.kind in ("figure", "time") and question.focus:
        focus = {t: w for t, w in weights.items() if t in question.focus}
        share, _ = _coverage(candidate.search_text, focus, candidate.context)
        if share < 0.5:  # the asked attribute itself (利率, 标准, 人数 …) is not what the sentence states
            return False
    return True


def lead_clauses(question: Question, candidate: Candidate, weights: dict[str, float]) -> tuple[int, int]:
    """The clause window (offsets within the sentence's search text) that holds the asked fact."""
    text = candidate.search_text
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text) if text[m.start():m.end()].strip()]
    if len(clauses) <= 1:
        return 0, len(text)

    focused = {t: w * (3.0 if t in question.focus else 1.0) for t, w in weights.items()}

    def clause_score(span: tuple[int, int]) -> float:
        piece = text[span[0]:span[1]]
        cov, _ = _coverage(piece, focused)
        return cov + _kind_bonus(question, piece)

    best = max(range(len(clauses)), key=lambda i: clause_score(clauses[i]))
    lo = hi = best

    def holds(piece: str) -> bool:
        if question.kind == "figure":
            return bool(quantities(piece))
        if question.kind == "time":
            return bool(re.search(r"\d{4}年|\d{1,2}月", piece))
        return True

    window = lambda: text[clauses[lo][0]:clauses[hi][1]]  # noqa: E731
    while not holds(window()) and (lo > 0 or hi < len(clauses) - 1):
        if lo > 0:
            lo -= 1
        if not holds(window()) and hi < len(clauses) - 1:
            hi += 1
    if any(y not in window() for y in question.years):
        lo = 0
    start, end = clauses[lo][0], clauses[hi][1]
    while end > start and text[end - 1] in ",，;；:：":
        end -= 1
    return start, end


# --- answering ---------------------------------------------------------------------------------------


def _citation(bot: Assistant, number: int, candidate: Candidate) -> Citation:
    doc = bot.index.documents[candidate.hit.doc_id]
    return Citation(
        number=number, doc_id=doc.id, title=doc.meta.title, region=in_script(doc.meta.region, doc.script),
        date=doc.meta.date,
        quote=doc.display_text[candidate.start:candidate.end], start=candidate.start, end=candidate.end,
        score=round(candidate.score, 4), chunk_id=candidate.hit.chunk.id, chunk_text=candidate.hit.chunk.text,
        chunk_start=candidate.hit.chunk.start,
    )


def _lead_text(bot: Assistant, question: Question, candidate: Candidate, weights: dict[str, float]) -> str:
    doc = bot.index.documents[candidate.hit.doc_id]
    a, b = lead_clauses(question, candidate, weights)
    s0 = doc.search_offset(candidate.start)
    display = doc.display_text[doc.display_offset(s0 + a):doc.display_offset(s0 + b)]
    return in_script(display.strip().rstrip("。．.；;，,：:！!？?"), question.script)


def refuse(question: Question, reason: str, hits: Sequence[Hit] = ()) -> Answer:
    # The refusal states no figure; the closest passages travel in ``hits`` and are shown as such.
    text = question.notice + in_script(messages.NOT_FOUND, question.script)
    return Answer(question=question.original, text=text, answered=False, hits=tuple(hits), reason=reason,
                  script=question.script)


def answer_question(bot: Assistant, raw_question: Any, history: Sequence[Any] | None = None) -> Answer:
    """The body of :meth:`Assistant.ask`; never raises for bad input."""
    try:
        return _answer(bot, raw_question, history)
    except Exception:  # an answer must always come back; the log keeps the traceback
        log.exception("ask failed for %r", raw_question)
        return Answer(question=str(raw_question)[:200], text=messages.INTERNAL_ERROR, answered=False,
                      reason="error")


def _answer(bot: Assistant, raw_question: Any, history: Sequence[Any] | None) -> Answer:
    text, notice = clean_input(raw_question, bot.settings.max_question_chars)
    if not text:
        return Answer(question="", text=messages.EMPTY_QUESTION, answered=False, reason="empty")
    if cjk_count(text) == 0:
        return Answer(question=text, text=messages.NOT_CHINESE, answered=False, reason="not_chinese")
    places = bot.places
    resolved = resolve_follow_up(text, history, places)
    question = analyse(resolved, notice)
    question = replace(question, original=text, script=detect_script(text))
    k = max(bot.settings.top_k, 12 if question.per_article else 0)
    hits = bot.search(resolved, k=k)
    if not hits:
        return refuse(question, "not_found")
    weights = bot.retriever.term_weights(question.terms)
    scored = candidates(bot, question, hits, weights)
    if question.per_article:
        return _per_article(bot, question, scored, hits, weights, places)
    best = next((c for c in scored if answerable(question, c, weights)), None)
    if best is None:
        return refuse(question, "not_found", hits)
    chosen = [best]
    lines = [_lead_text(bot, question, best, weights)]
    if question.kind == "list":  # a list may continue in the next sentence of the same passage
        nxt = next((c for c in scored if c.hit.doc_id == best.hit.doc_id and c.start > best.end
                    and c.start - best.end <= 2 and answerable(question, c, weights)), None)
        if nxt is not None:
            chosen.append(nxt)
            lines.append(_lead_text(bot, question, nxt, weights))
    return _finish(bot, question, chosen, lines, hits)


def _per_article(bot: Assistant, question: Question, scored: list[Candidate], hits: Sequence[Hit],
                 weights: dict[str, float], places: Sequence[str]) -> Answer:
    """One cited line per article for questions across places (``各地…``, ``哪些地方…``)."""
    place_words = set(places) | {"哪些地方", "各地", "地方", "城市", "地区", "各市"}
    attribute = {t: w for t, w in weights.items() if t not in place_words}
    best_per_doc: dict[str, Candidate] = {}
    for cand in scored:
        coverage, _ = _coverage(cand.search_text, attribute)
        if coverage < MIN_COVERAGE or (question.kind == "figure" and not extract_figures(cand.search_text)):
            continue
        if cand.hit.doc_id not in best_per_doc:
            best_per_doc[cand.hit.doc_id] = cand
    if not best_per_doc:
        return refuse(question, "not_found", hits)
    chosen = list(best_per_doc.values())[: bot.settings.max_citations + 2]
    lines = []
    for cand in chosen:
        doc = bot.index.documents[cand.hit.doc_id]
        place = doc.meta.city or doc.meta.province or doc.meta.title
        lines.append(in_script(place, question.script) + "：" + _lead_text(bot, question, cand, attribute))
    return _finish(bot, question, chosen, lines, hits, intro=messages.PER_ARTICLE_INTRO)


def _finish(bot: Assistant, question: Question, chosen: list[Candidate], lines: list[str], hits: Sequence[Hit],
            intro: str = "") -> Answer:
    citations = [_citation(bot, i + 1, c) for i, c in enumerate(chosen)]
    kept: list[str] = []
    kept_citations: list[Citation] = []
    for line, citation in zip(lines, citations):
        if unsupported_figures(line, [citation.quote]):  # never state a figure the cited span lacks
            log.warning("dropped a line whose figures are not in its citation: %r", line)
            continue
        kept_citations.append(replace(citation, number=len(kept_citations) + 1))
        kept.append(f"{line}[{len(kept_citations)}]")
    if not kept:
        return refuse(question, "unverified", hits)
    body = "\n".join(kept)
    if intro:
        body = in_script(intro, question.script) + "\n" + body
    return Answer(question=question.original, text=question.notice + body, answered=True,
                  citations=tuple(kept_citations), hits=tuple(hits), script=question.script)


def corpus_places(documents: Sequence[Document]) -> list[str]:
    """Place names the corpus is about (cities without 市, provinces without 省), longest first."""
    names: set[str] = set()
    for doc in documents:
        for name in (doc.meta.city, doc.meta.province):
            if name:
                names.add(name)
                stem = re.sub(r"(市|省|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", name)
                if len(stem) >= 2:
                    names.add(stem)
    return sorted(names, key=len, reverse=True)
