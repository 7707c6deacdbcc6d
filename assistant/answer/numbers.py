"""Figures in Chinese text (``6.59万``, ``28,400``, ``66.5%``, ``二十条``, ``五个``) and their values.

Used to check, before an answer is returned, that every figure it states stands in a
span it cites. Values compare across notations (6.59万 = 65,900; 二十 = 20) through
``cn2an``; a figure also matches when its exact text stands in the span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..text import normalize

_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_MEASURE = "个条家人项次名户科室届期场所座站元年月日天位批类种项亩平方米%％"

#: Arabic figures with an optional scale (万/亿/千…) and percent sign.
ARABIC = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([十百千万亿]{0,2})\s*(%|％)?")
#: Chinese-numeral figures followed by a measure word: 二十条, 五个, 三年, 第五届.
CHINESE = re.compile(rf"(第?)([{_CN_DIGITS}]{{1,8}})(?=[{_MEASURE}])")


@dataclass(frozen=True)
class Figure:
    """A figure as written and its value (``None`` when the text is a name like ``一十百千``)."""

    text: str
    value: Decimal | None
    start: int
    end: int
    ordinal: bool = False


def chinese_value(text: str) -> Decimal | None:
    """The value of a Chinese numeral (``二十三`` → 23, ``两`` → 2), through ``cn2an``; ``None`` if it is none."""
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return None


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (either script), left to right."""
    simple = normalize(text)
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in ARABIC.finditer(simple):
        whole = m.group(1).replace(",", "") + (m.group(2) or "")
        try:
            value = Decimal(whole)
        except InvalidOperation:
            continue
        for ch in m.group(3) or "":
            value *= _MULTIPLIERS[ch]
        end = m.end(4) if m.group(4) else (m.end(3) if m.group(3) else m.end(2) if m.group(2) else m.end(1))
        figures.append(Figure(text[m.start():end], value, m.start(), end))
        taken.append((m.start(), end))
    for m in CHINESE.finditer(simple):
        if any(a <= m.start(2) < b for a, b in taken):
            continue
        digits = m.group(2)
        if digits in ("零", "〇") or (len(set(digits)) == 1 and digits in "十百千万亿"):
            continue
        figures.append(Figure(text[m.start():m.end()], chinese_value(digits), m.start(), m.end(),
                              ordinal=bool(m.group(1))))
    return sorted(figures, key=lambda f: f.start)


def figure_supported(figure: Figure, spans: list[str]) -> bool:
    """True when the figure's text, or a figure of the same value, stands in one of the spans."""
    target = normalize(figure.text)
    for span in spans:
        simple = normalize(span)
        if target in simple:
            return True
        if figure.value is not None and any(f.value == figure.value for f in extract_figures(simple)):
            return True
    return False


def unsupported_figures(text: str, spans: list[str]) -> list[Figure]:
    """Figures of ``text`` that none of ``spans`` contains (empty means the text is faithful)."""
    return [f for f in extract_figures(text) if not figure_supported(f, spans)]
