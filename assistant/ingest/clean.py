"""Cleaning scraped articles into citable text.

Takes out what a reader should never see or be quoted: pinyin annotations glued
to characters (``務(wù)``, ``業(ye)(ye)``), mojibake runs (``駛?cè)氚l``), site
footers, editor lines and bylines. Keeps everything else verbatim, in the
article's own script, one paragraph per line. Metadata (title, region, date,
source, author) is read off the text on the way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..schema import DocMeta, Removal
from ..segment import words
from ..text import fold_width, is_cjk, normalize, to_simplified

# --- pinyin annotations ----------------------------------------------------------------------------

PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹ"
#: An annotation: 1–7 lowercase (tone-marked) Latin letters in ASCII parentheses, glued to a
#: character or to a previous annotation. ``(拉薩)``, ``(SYE)`` and ``(李振山)`` never match.
ANNOTATION = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff)])\([{PINYIN_LETTERS}]{{1,7}}\)")
_ORPHAN_PINYIN = re.compile(rf"[{PINYIN_LETTERS}]{{1,7}}\)")

# --- mojibake -------------------------------------------------------------------------------------

#: Where a mojibake run starts: a replacement character, or an ASCII ``?`` that is followed by
#: ``!``/``;`` or by pinyin closed with a parenthesis that was never opened (the ``(`` was eaten by
#: the broken re-encoding). A ``?`` that ends a real question (``为什么返乡?在外地``) is not one.
_MOJIBAKE_ANCHOR = re.compile(rf"\ufffd|\?(?=[!;]|[{PINYIN_LETTERS}]{{1,7}}\))")
_RARE_CHAR_FREQUENCY = 400  # summed jieba word frequency; 鸬 165, 缒 189, 辏 350, 輾 543, 痹 565
_MAX_GAP = 2  # ordinary characters allowed between two mojibake signatures
_MAX_RUN = 24


@lru_cache(maxsize=1)
def _char_frequency() -> dict[str, int]:
    """How often each character occurs in jieba's dictionary (summed word frequencies)."""
    import jieba

    counts: Counter[str] = Counter()
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            freq = int(parts[1])
            for ch in parts[0]:
                counts[ch] += freq
    return dict(counts)


def _is_rare(ch: str) -> bool:
    if not is_cjk(ch):
        return False
    return _char_frequency().get(to_simplified(ch), 0) < _RARE_CHAR_FREQUENCY


def find_mojibake(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of mojibake runs in ``text`` (raw, annotations still in).

    From each anchor the run extends over *signatures* (``?!;``, orphan pinyin, ASCII letters
    glued to characters, characters that are rare in Chinese) while no more than two ordinary
    characters separate consecutive signatures; proper ``(pinyin)`` annotations are stepped
    over. A gap is better than garbage, and real text on either side is kept.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = _MOJIBAKE_ANCHOR.search(text, pos)
        if not match:
            return spans
        start = match.start()
        end = match.end()
        i = end
        gap = 0
        while i < len(text) and i - start < _MAX_RUN:
            ch = text[i]
            if ch == "\n":
                break
            annotation = ANNOTATION.match(text, i) if ch == "(" else None
            if annotation:
                i = annotation.end()
                continue
            orphan = _ORPHAN_PINYIN.match(text, i)
            if orphan and (i == 0 or text[i - 1] != "("):
                i = end = orphan.end()
                gap = 0
                continue
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            glued = ch.isascii() and ch.isalpha() and (
                (before and (is_cjk(before) or before == ")")) or (after and (is_cjk(after) or after == "("))
            )
            if ch in "?!;\ufffd" or glued or _is_rare(ch):
                i = end = i + 1
                gap = 0
                continue
            if not is_cjk(ch):
                break
            gap += 1
            if gap > _MAX_GAP:
                break
            i += 1
        spans.append((start, end))
        pos = end


#: Chinese punctuation a repaired run must realign on (see :func:`repair_mojibake`)
_REALIGNED = frozenset("“”‘’，。、；：！？")
_FULL_WIDTH = str.maketrans("!;?", "！；？")


def repair_mojibake(run: str) -> str:
    """The text a mojibake run stood for, when it can be told; else ``""`` (the run is cut).

    These runs are GBK text that lost a byte and was decoded from the byte after it, so every
    character pairs the second byte of one original character with the first byte of the next
    (``?!痹缒辏瑓情L`` was ``。”早年，吳長``; its ``!`` is a full-width ``！`` folded to ASCII).
    Encoding the run again and decoding it one byte later gives back what followed the loss. The
    repair is kept only when it decodes exactly, every character is common Chinese or punctuation,
    and it realigns on Chinese punctuation (the quotes and commas these losses sit next to): a
    plausible-looking but wrong repair (``擔?;鸬娘L險`` → ``擔火的風險``) would be worse than the gap.
    """
    core = _ORPHAN_PINYIN.sub("", ANNOTATION.sub("", run)).lstrip("?\ufffd").translate(_FULL_WIDTH)
    try:
        fixed = core.encode("gbk")[1:].decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ""
    if len(fixed) < 2 or not any(ch in _REALIGNED for ch in fixed):
        return ""
    if not all(ch in _REALIGNED or (is_cjk(ch) and not _is_rare(ch)) for ch in fixed):
        return ""
    return fold_width(fixed)  # the text around was folded the same way (its ! was ！)


# --- line classes ---------------------------------------------------------------------------------

#: Words that mark a line as site furniture on their own, and words that do so only inside a block of such lines.
_FOOTER_STRONG = (
    "版权", "免责", "举报电话", "ICP", "Copyright", "All Rights Reserved", "许可证", "公网安备", "推荐阅读",
    "相关报道", "相关阅读", "责任编辑", "扫一扫", "分享到", "联系邮箱",
)
_FOOTER_WEAK = ("本站", "本网", "网站", "客户端", "来源")
FOOTER_MAX_CHARS = 120  # a footer line is short; a long paragraph that mentions 网站 is article text
_EDITOR_LINE = re.compile(r"^[\[【(（]?\s*(责任编辑|编辑|责编|审核|校对)\s*[:：].*$")
_REPORTER_PAREN = re.compile(r"^[(（]\s*(.*(记者|通讯员|撰稿|作者).*?)\s*[)）]$")
_BOX_BYLINE = re.compile(r"^[□■◎▲●]\s*(.+)$")
_DATELINE = re.compile(
    r"^(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s*来源\s*[:：]\s*(?P<source>\S+))?\s*$"
)
_SOURCE_LINE = re.compile(r"^来源\s*[:：]\s*(?P<source>\S+)\s*$")
_TRAILING_AUTHOR = re.compile(r"[(（]\s*(?P<name>[\u4e00-\u9fff·]{2,4}(?:[ 、][\u4e00-\u9fff·]{2,4})*)\s*[)）]$")
_SENTENCE_END = "。！？!?；;…"
_ANY_PUNCT = re.compile(r"[。，,！？!?；;：:“”\"、]")
_REPORTER_PREFIX = re.compile(r"^.*?(记者|通讯员)\s*")
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
_PROVINCE_SUFFIX = {
    "北京": "市", "天津": "市", "上海": "市", "重庆": "市", "内蒙古": "自治区", "广西": "壮族自治区",
    "西藏": "自治区", "宁夏": "回族自治区", "新疆": "维吾尔自治区", "香港": "特别行政区", "澳门": "特别行政区",
}
_CITY_STOP = {"全市", "本市", "我市", "各市", "该市", "城市", "省市", "县市", "市", "全省市", "州市"}
HEADING_MAX_CHARS = 30
TITLE_MAX_CHARS = 40


def _footer_strength(line: str) -> int:
    """2 for a line that is site furniture by itself, 1 for one that is only inside a footer, else 0."""
    if len(line) > 2 * FOOTER_MAX_CHARS + 40:  # far too long for a footer: no need to convert it
        return 0
    simple = normalize(line).strip()
    if len(simple) > FOOTER_MAX_CHARS:
        return 0
    if any(word in simple for word in _FOOTER_STRONG) or _EDITOR_LINE.match(simple):
        return 2
    return 1 if any(word in simple for word in _FOOTER_WEAK) else 0


def footer_start(lines: list[str]) -> int:
    """Index of the first line of the trailing footer block (``len(lines)`` when there is none).

    The block is the longest run of short footer-like lines at the end; it counts only when it
    holds a line that is furniture by itself (版权, ICP, 推荐阅读 …), and never takes the whole
    article: a paragraph that merely mentions a 网站 is text.
    """
    start = len(lines)
    strengths = [_footer_strength(strip_inline(line)[0]) for line in lines]
    while start > 0 and strengths[start - 1] > 0:
        start -= 1
    if start == 0 or 2 not in strengths[start:]:
        return len(lines)
    return start


def _headline_like(line: str, limit: int) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= limit
        and stripped[-1] not in _SENTENCE_END
        and not stripped.endswith((":", "："))
        and any(is_cjk(ch) for ch in stripped)
    )


# --- cleaning ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A kept line: its display text and whether it heads a section."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning one article."""

    paragraphs: tuple[Paragraph, ...]
    meta: DocMeta
    removals: tuple[Removal, ...]
    boilerplate_lines: int
    dropped_annotations: int = 0  # annotations inside lines dropped whole (footers, bylines)
    simplified: str = ""  # ``to_simplified(display_text)``, converted once and reused by ingestion

    @property
    def display_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def count(self, kind: str) -> int:
        """How many removals of ``kind``; annotations include those in dropped lines."""
        extra = self.dropped_annotations if kind == "annotation" else 0
        return extra + sum(1 for r in self.removals if r.kind == kind)


def strip_inline(line: str, offset: int = 0) -> tuple[str, list[Removal]]:
    """Remove mojibake runs (restoring those :func:`repair_mojibake` can), then pinyin annotations, from one line.

    Returns the kept text and what was removed (offsets relative to the raw document
    when ``offset`` is the line's position in it).
    """
    removals: list[Removal] = []
    kept: list[str] = []
    cursor = 0
    for start, end in find_mojibake(line):
        fixed = repair_mojibake(line[start:end])
        kept.append(line[cursor:start] + fixed)
        removals.append(Removal("mojibake", line[start:end], offset + start, offset + end))
        if fixed:
            removals.append(Removal("repaired", fixed, offset + start, offset + end))
        cursor = end
    kept.append(line[cursor:])
    text = "".join(kept)
    # Annotations are counted on the text with mojibake gone, so ``l(fā)`` becomes ``駛(fā)`` first.
    out: list[str] = []
    cursor = 0
    for match in ANNOTATION.finditer(text):
        out.append(text[cursor : match.start()])
        removals.append(Removal("annotation", match.group(0), offset + match.start(), offset + match.end()))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), removals


def clean_article(raw: str, title: str = "") -> Cleaned:
    """Clean one scraped article. ``title``, when given (e.g. from JSONL), wins over a detected one."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1

    removals: list[Removal] = []
    meta: dict[str, str] = {"title": title.strip(), "date": "", "source": "", "author": ""}
    authors: list[str] = []

    # 1. The trailing footer block: every non-empty line from its start to the end is boilerplate.
    content = [(off, line) for off, line in lines if line.strip()]
    first_footer = footer_start([line for _, line in content])
    boilerplate = 0
    for off, line in content[first_footer:]:
        removals.append(Removal("boilerplate", line, off, off + len(line)))
        boilerplate += 1
        head = re.match(r"^(\S{2,10}?)[:：].*网站", normalize(strip_inline(line)[0]))
        if head and not meta["source"]:
            meta["source"] = strip_inline(line)[0][: head.end(1)]
    body = content[:first_footer]

    # 2. A last line naming an organisation and a person, with no punctuation, is a byline.
    if body:
        off, last = body[-1]
        stripped = strip_inline(last)[0].strip()
        if (len(stripped) <= 30 and " " in stripped and not _ANY_PUNCT.search(stripped)
                and not _REPORTER_PAREN.match(normalize(stripped)) and len(body) > 1):
            authors.append(stripped)
            removals.append(Removal("byline", last, off, off + len(last)))
            body = body[:-1]

    paragraphs: list[Paragraph] = []
    simplified_parts: list[str] = []  # each paragraph in Simplified script, converted once
    for index, (off, line) in enumerate(body):
        cleaned, inline = strip_inline(line, off)
        removals.extend(inline)
        stripped = cleaned.strip()
        if not stripped:
            continue
        simplified_line = to_simplified(stripped)
        simple = fold_width(simplified_line)  # = normalize(stripped)
        date = _DATELINE.match(simple)
        if date:
            meta["date"] = meta["date"] or date.group("date")
            meta["source"] = meta["source"] or (date.group("source") or "")
            removals.append(Removal("metadata", line, off, off + len(line)))
            continue
        source = _SOURCE_LINE.match(simple)
        if source:
            meta["source"] = meta["source"] or source.group("source")
            removals.append(Removal("metadata", line, off, off + len(line)))
            continue
        reporter = _REPORTER_PAREN.match(simple)
        box = _BOX_BYLINE.match(stripped)
        if reporter or box or _EDITOR_LINE.match(simple):
            if reporter:
                authors.append(stripped[reporter.start(1) : reporter.end(1)].strip())
            elif box:
                authors.append(_REPORTER_PREFIX.sub("", box.group(1)).strip())
            kind = "boilerplate" if _EDITOR_LINE.match(simple) else "byline"
            boilerplate += kind == "boilerplate"
            removals.append(Removal(kind, line, off, off + len(line)))
            continue
        is_last = index == len(body) - 1
        if is_last:
            trailing = _TRAILING_AUTHOR.search(stripped)
            if trailing and trailing.start() > 0 and stripped[trailing.start() - 1] in _SENTENCE_END:
                authors.append(trailing.group("name"))
                removals.append(Removal("byline", trailing.group(0), off, off + len(line)))
                stripped = stripped[: trailing.start()].rstrip()
                simplified_line = to_simplified(stripped)
        first = not paragraphs
        if first and not meta["title"] and _headline_like(stripped, TITLE_MAX_CHARS) and len(body) > 1:
            meta["title"] = stripped
            paragraphs.append(Paragraph(stripped, heading=True))
            simplified_parts.append(simplified_line)
            continue
        heading = not first and not is_last and _headline_like(stripped, HEADING_MAX_CHARS)
        paragraphs.append(Paragraph(stripped, heading=heading))
        simplified_parts.append(simplified_line)

    dropped = sum(
        len(ANNOTATION.findall(r.text)) for r in removals if r.kind in ("boilerplate", "byline", "metadata")
    )
    meta["author"] = "; ".join(strip_inline(a)[0] for a in authors if a)
    # = to_simplified(display_text), for no converted phrase spans a line break
    simplified = "\n".join(simplified_parts)
    province, city = detect_region(fold_width(simplified))  # = normalize(display_text)
    return Cleaned(
        paragraphs=tuple(paragraphs),
        meta=DocMeta(province=province, city=city, **meta),
        removals=tuple(removals),
        boilerplate_lines=boilerplate,
        dropped_annotations=dropped,
        simplified=simplified,
    )


_CITY_WINDOW = 16  # characters on each side of a 市 segmented to find the name it ends


def _city_mentions(simplified: str) -> Iterator[str]:
    """Each place word ending in 市 (``昭通市``, or a name then 市), as jieba segments the text around
    every 市: only a few characters are segmented, not the whole article."""
    for match in re.finditer("市", simplified):
        at = match.start()
        lo = max(0, at - _CITY_WINDOW)
        tokens = words(simplified[lo:at + _CITY_WINDOW])
        offset = lo
        for i, token in enumerate(tokens):
            end = offset + len(token)
            if offset <= at < end:
                if end == at + 1 and len(token) >= 3:
                    yield token
                elif token == "市" and i > 0 and len(tokens[i - 1]) >= 2 and all(is_cjk(c) for c in tokens[i - 1]):
                    yield tokens[i - 1] + "市"
                break
            offset = end


def detect_region(simplified: str) -> tuple[str, str]:
    """The province and the city an article is mostly about (``("云南省", "昭通市")``), by mention counts."""
    provinces = Counter({name: simplified.count(name) for name in _PROVINCES})
    province = ""
    if provinces and provinces.most_common(1)[0][1] > 0:
        name = provinces.most_common(1)[0][0]
        province = name + _PROVINCE_SUFFIX.get(name, "省")
    cities: Counter[str] = Counter()
    for name in _city_mentions(simplified):
        for prov in _PROVINCES:
            for prefix in (prov + _PROVINCE_SUFFIX.get(prov, "省"), prov):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    name = name[len(prefix):]
        if name and name not in _CITY_STOP and not name.startswith(("全", "本", "我", "各", "该")):
            cities[name] += 1
    city = cities.most_common(1)[0][0] if cities else ""
    return province, city
