"""Word segmentation (jieba) with the domain dictionary, loaded once and quietly."""

from __future__ import annotations

import logging
import threading
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
