"""Sentence segmentation and chunk windows on hand-made text."""

from __future__ import annotations

from assistant.ingest.chunk import chunk_document, split_sentences
from assistant.ingest.read import RawArticle, build_document


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_terminators_closing_quotes_and_numbers():
    text = "他说：“我们回来了。”昭通回引6.59万人！带动28,400多人就业；真的吗？是的……\n新段落"
    assert sentences(text) == [
        "他说：“我们回来了。”", "昭通回引6.59万人！", "带动28,400多人就业；", "真的吗？", "是的……", "新段落"]


def test_no_terminator_and_blank_lines():
    assert sentences("没有句号的标题\n\n  第二行。  ") == ["没有句号的标题", "第二行。"]


def test_long_sentences_are_cut_at_clause_breaks_and_chunks_overlap_by_one_sentence():
    body = "，".join(["这是一个比较长的分句用来测试切分"] * 30) + "。" + "短句一。短句二。" * 20
    doc, _ = build_document(RawArticle("x", body, "x.txt", "utf-8"))
    chunks = chunk_document(doc, target_chars=60, max_chars=100, overlap_sentences=1)
    assert all(len(c.text) <= 100 for c in chunks)
    assert all(doc.display_text[c.start:c.end] == c.text for c in chunks)
    long_end = body.index("。") + 1
    assert sum(1 for c in chunks if c.end <= long_end) >= 4, "the 480-character sentence is cut in pieces"
    short = [c for c in chunks if c.start >= long_end]
    assert len(short) >= 3
    for a, b in zip(short, short[1:]):
        shared = doc.display_text[b.start:a.end]
        assert shared in ("短句一。", "短句二。") and a.text.endswith(shared)
    no_overlap = chunk_document(doc, target_chars=60, max_chars=100, overlap_sentences=0)
    assert all(b.start >= a.end for a, b in zip(no_overlap, no_overlap[1:]))


def test_one_script_conversion_serves_the_search_text_and_the_script_check():
    from assistant.text import detect_script, search_form, to_simplified

    for display in ("樂山:著力打造“歸雁興嘉”返鄉創業品牌，全市共培訓１６００人。", "菏泽建立了246个服务站。", ""):
        simplified = to_simplified(display)
        assert search_form(display, simplified) == search_form(display)
        assert detect_script(display, simplified) == detect_script(display)


def test_the_cleaned_articles_simplified_text_is_its_display_text_converted():
    from assistant.ingest.clean import clean_article
    from assistant.text import to_simplified

    from .conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean_article(path.read_text(encoding="utf-8"))
        assert cleaned.simplified == to_simplified(cleaned.display_text), path.name
