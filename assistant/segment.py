"""Word segmentation (jieba) with the domain dictionary, loaded once and quietly."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

DOMAIN_DICT = Path(__file__).parent / "data" / "domain_dict.txt"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """A jieba tokenizer with the returnee-entrepreneurship dictionary (返乡创业, 创业担保贷款, …)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tok = jieba.Tokenizer()
        tok.initialize()
        tok.load_userdict(str(DOMAIN_DICT))
    return tok


def words(text: str) -> list[str]:
    """Precise-mode segmentation."""
    return list(tokenizer().lcut(text))


def search_words(text: str) -> list[str]:
    """Search-mode segmentation (long words plus their sub-words), for keyword indexing."""
    return list(tokenizer().lcut_for_search(text))


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


#: The commonest surnames: a "place" right after one of them is a given name (吴长春, 李长春).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

#: Words jieba tags as places that are common nouns: 东西 "things" (捐了多少钱和东西), 南北 "north and south",
#: 深度 "depth" (深度贫困县), 城市 "cities" and 山区 "mountain areas" (在几个城市成立了…).
NOT_PLACES = frozenset(("东西", "南北", "深度", "城市", "山区"))


#: Words that link or locate (和/与/在 …) and the levels of government (省/市 …): jieba tags ``和省`` a place
_LINKS = frozenset("和与及同跟在到从向对由")
_LEVELS = frozenset("省市县区镇乡村")


def tagged(text: str) -> list[tuple[str, str]]:
    """``(word, part of speech)`` pairs of a text (jieba ``posseg`` with the domain dictionary)."""
    pos = _pos_tokenizer()  # initialized outside the lock: tokenizer() takes it too
    with _lock:
        return [(pair.word, pair.flag) for pair in pos.cut(text)]


def trailing_words(text: str, keep: Callable[[str], bool]) -> str:
    """The words that end ``text`` whose part of speech ``keep`` accepts, joined (``昭通搞的那个返乡创业
    模式`` with nouns kept → ``返乡创业模式``); ``""`` when its last word is not kept."""
    words: list[str] = []
    for word, flag in reversed(tagged(text)):
        if not keep(flag):
            break
        words.insert(0, word)
    return "".join(words)


def places(text: str) -> list[str]:
    """Place names (part-of-speech ``ns``) in a text, skipping given names that look like places."""
    return places_of(tagged(text))


def places_of(pairs: list[tuple[str, str]]) -> list[str]:
    """:func:`places` over a text already tagged (``tagged(text)``)."""
    out = []
    for i, (word, flag) in enumerate(pairs):
        if flag != "ns" or len(word) < 2 or word in NOT_PLACES:
            continue
        if len(word) == 2 and word[0] in _LINKS and word[1] in _LEVELS:
            continue  # 和省 in 人社局和省双创中心: a link word and a level, no place
        previous = pairs[i - 1][0] if i > 0 else ""
        if len(previous) == 1 and previous in SURNAMES and len(word) == 2:
            continue
        if len(word) == 2 and i > 0 and pairs[i - 1][1] == "nr" and len(previous) == 2:
            continue  # 归雁 + 兴嘉: a name run on into a word, a brand (归雁兴嘉), no place
        out.append(word)
    return out
