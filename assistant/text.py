"""Script conversion (OpenCC) and width folding, with offset maps between forms."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any

_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (basic, extension A/B+, compatibility)."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def cjk_count(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    from opencc import OpenCC

    return OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified, phrase level (OpenCC ``t2s``)."""
    return str(_converter("t2s").convert(text)) if text else text


def to_traditional(text: str) -> str:
    """Simplified → Traditional, phrase level (OpenCC ``s2t``)."""
    return str(_converter("s2t").convert(text)) if text else text


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width ASCII forms (``，？（１``) → half-width; ideographic space → space. One to one."""
    return text.translate(_WIDTH_TABLE)


def normalize(text: str) -> str:
    """The form every matcher compares: Simplified script, half-width forms."""
    return fold_width(to_simplified(text))


def in_script(text: str, script: str) -> str:
    """``text`` converted to ``script`` (``"traditional"`` or ``"simplified"``)."""
    return to_traditional(text) if script == "traditional" else to_simplified(text)


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """Characters OpenCC's ``s2t`` character table converts: forms that only Simplified uses."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt"
    out = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets and targets.split()[0] != source:
            out.add(source)
    return frozenset(out)


def detect_script(text: str, simplified: str | None = None) -> str:
    """``"traditional"`` when the text has more characters that ``t2s`` converts (Traditional forms) than
    characters that only Simplified uses, else ``"simplified"``. ``simplified`` is ``to_simplified(text)``
    when the caller has it already (no second conversion is made)."""
    simplified = to_simplified(text) if simplified is None else simplified
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    if changed == 0:
        return "simplified"
    only = _simplified_only()
    back = sum(1 for ch in text if ch in only)
    return "traditional" if changed >= back else "simplified"


def search_form(display: str, simplified: str | None = None) -> tuple[str, tuple[int, ...]]:
    """The search text of ``display`` and a search→display offset map.

    The map is empty when the conversion is one to one (OpenCC ``t2s`` nearly always
    is); otherwise it is built by aligning the phrase-level result with a
    character-level conversion, which is one to one by construction.
    """
    search = normalize(display) if simplified is None else fold_width(simplified)
    if len(search) == len(display):
        return search, ()
    per_char = [normalize(ch) for ch in display]
    flat: list[str] = []
    owner: list[int] = []
    for i, piece in enumerate(per_char):
        for ch in piece:
            flat.append(ch)
            owner.append(i)
    mapping = [0] * len(search)
    matcher = difflib.SequenceMatcher(None, "".join(flat), search, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for k in range(b1 - b0):
            a = min(a0 + k, a1 - 1) if a1 > a0 else a0
            a = min(a, len(owner) - 1)
            mapping[b0 + k] = owner[a] if owner else 0
        del tag
    # offsets must never decrease, so that spans stay spans
    for i in range(1, len(mapping)):
        mapping[i] = max(mapping[i], mapping[i - 1])
    return search, tuple(mapping)
