"""Ingestion on the real seeds and on bad input."""

from __future__ import annotations

import json
import re

import pytest

from assistant.cli import main
from assistant.errors import IngestError
from assistant.ingest.clean import (
    ANNOTATION,
    PINYIN_LETTERS,
    clean_article,
    find_mojibake,
    repair_mojibake,
    strip_inline,
)
from assistant.ingest.read import ingest, read_source
from assistant.text import fold_width, to_simplified

from .conftest import SEEDS

ANY_ANNOTATION = re.compile(rf"\([{PINYIN_LETTERS}]{{1,7}}\)")
ORPHAN_PINYIN = re.compile(rf"[{PINYIN_LETTERS}]{{1,7}}\)")
MOJIBAKE_SNIPPETS = ["?cè)", "氚", "?!", "辨?", "艾F", "痹缒辏瑓情L", "?;", "鸬娘", "?cè)u", "\ufffd"]
BOILERPLATE = ["版權", "版权", "Copyright", "ICP", "舉報電話", "免責", "推薦閱讀", "责任编辑", "相关报道",
               "本報記者", "中国改革报记者", "□", "北疆新聞", "來源", "2019-09-05 10:26"]
REAL_PARENTHESES = ["(拉薩)", "(客戶端)", "(投資規模50萬元以下占絕大部分)", "園區(基地)", "(李振山)", "SYE"]


def raw(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_seed_report_counts_match_the_measured_facts(corpus):
    by_id = {r.doc_id[:3]: r for r in corpus.records}
    assert [by_id[k].annotations_removed for k in ("000", "001", "002", "003", "004")] == [182, 199, 263, 829, 0]
    assert [by_id[k].mojibake_runs for k in ("000", "001", "002", "003", "004")] == [4, 1, 1, 0, 0]
    assert all(r.chunks > 0 for r in corpus.records)


def test_no_annotation_or_mojibake_survives_in_any_chunk(corpus):
    for chunk in corpus.chunks:
        assert not ANY_ANNOTATION.search(chunk.text), (chunk.id, ANY_ANNOTATION.search(chunk.text))
        assert not ORPHAN_PINYIN.search(chunk.text), chunk.id
        for snippet in MOJIBAKE_SNIPPETS:
            assert snippet not in chunk.text, (chunk.id, snippet)


def test_real_parentheses_survive_annotation_stripping():
    stripped = "\n".join(strip_inline(raw(n))[0] for n in ("000", "001", "002", "003", "004"))
    for text in REAL_PARENTHESES:
        assert text in stripped, text


def test_real_parentheses_in_body_text_reach_the_display_text(corpus):
    display = "\n".join(d.display_text for d in corpus.documents)
    for text in ("(拉薩)", "(投資規模50萬元以下占絕大部分)", "園區(基地)", "10萬元SYE項目資金"):
        assert text in display, text
    assert "为什么返乡?在外地" in corpus.document("004_8a5491e3fb29e0ee").display_text


def test_no_boilerplate_reaches_a_chunk(corpus):
    for chunk in corpus.chunks:
        for word in BOILERPLATE:
            assert word not in chunk.text, (chunk.id, word)


def test_bylines_and_datelines_go_to_metadata(corpus):
    metas = {d.id[:3]: d.meta for d in corpus.documents}
    assert "徐鑫雨" in metas["000"].author
    assert metas["001"].author.endswith("鄒娟")
    assert metas["002"].author == "李振山"
    assert metas["004"].author == "于保明; 任阿龙"
    assert metas["004"].date == "2019-09-05"
    assert metas["004"].source == "本网专稿"
    assert metas["000"].source == "北疆新聞"
    assert metas["001"].title == "樂山:著力打造“歸雁興嘉”返鄉創業品牌"
    assert metas["004"].title == "带领返乡创业人员找到“金钥匙”"
    assert [metas[k].city for k in ("000", "001", "002", "003", "004")] == [
        "昭通市", "乐山市", "张掖市", "菏泽市", "乌兰察布市"]
    assert metas["000"].province == "云南省"
    assert metas["002"].province == "甘肃省"


def test_every_chunk_is_its_span_of_the_display_text(corpus):
    for chunk in corpus.chunks:
        doc = corpus.document(chunk.doc_id)
        assert doc.display_text[chunk.start:chunk.end] == chunk.text
        assert doc.search_text[doc.search_offset(chunk.start):doc.search_offset(chunk.end)] == chunk.search_text


def test_search_text_is_the_opencc_simplified_display_text(corpus):
    for doc in corpus.documents:
        assert doc.search_text == fold_width(to_simplified(doc.display_text))
        if doc.script == "traditional":
            assert doc.search_text == to_simplified(doc.display_text)
            assert doc.search_text != doc.display_text


def test_every_evidence_string_is_in_the_search_text_of_its_document(corpus, qa):
    checked = 0
    for item in qa:
        if item["evidence"]:
            assert item["evidence"] in corpus.document(item["doc"]).search_text, item["id"]
            checked += 1
    assert checked >= 30


def test_chunks_respect_sections_sizes_and_overlap(corpus):
    doc = corpus.document("003_64ad73508199a696")
    chunks = [c for c in corpus.chunks if c.doc_id == doc.id]
    headings = {c.heading for c in chunks}
    assert "246個服務站,連接全國各地在外菏澤籍企業家" in headings
    assert chunks[1].text.startswith("246個服務站") or any(c.text.startswith("246個服務站") for c in chunks)
    for chunk in corpus.chunks:
        assert len(chunk.text) <= 300, chunk.id
    for a, b in zip(chunks, chunks[1:]):
        if a.heading == b.heading:
            assert b.start < a.end, "consecutive chunks in a section overlap by a sentence"
            assert a.text.endswith(b.text[: a.end - b.start])
        else:
            assert b.start > a.end - 1


def test_find_mojibake_keeps_real_questions():
    assert find_mojibake("为什么返乡?在外地工作没有归属感呀") == []
    text = "公司駛?cè)氚l(fā)展‘快車道’"
    assert [text[s:e] for s, e in find_mojibake(text)] == ["?cè)氚l"]


def test_mojibake_is_restored_only_when_the_repair_is_certain():
    # GBK text that lost a byte, decoded one byte late: decoding it again one byte on restores it
    assert repair_mojibake("?!痹缒辏瑓情L") == "”早年,吳長"
    assert repair_mojibake("?!艾F") == "“現"
    line = "是一塊創業創新的沃土?!痹缒辏瑓情L春輾(zhǎn)轉浙江"
    assert strip_inline(line)[0] == "是一塊創業創新的沃土”早年,吳長春輾轉浙江"
    # decodes, but to no punctuation it could realign on (擔保基金的風險 → 擔火的風險): cut, not guessed
    assert repair_mojibake("?;鸬娘L") == ""
    assert repair_mojibake("?cè)氚l") == ""  # a single character back: not enough to be sure
    assert repair_mojibake("?!辨?zhèn)") == ""  # does not decode exactly
    kinds = [r.kind for r in strip_inline(line)[1]]
    assert kinds.count("mojibake") == 1 and kinds.count("repaired") == 1


def test_clean_article_handles_a_plain_article_without_title():
    cleaned = clean_article("第一句话。第二句话。\n第二段。")
    assert cleaned.display_text == "第一句话。第二句话。\n第二段。"
    assert cleaned.meta.title == ""
    assert ANNOTATION.pattern


def test_ingest_reads_jsonl_with_titles_and_reports_bad_lines(tmp_path):
    source = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "标题", "text": "昭通回引6.59萬人返鄉創業。"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    corpus = ingest(source)
    assert [d.id for d in corpus.documents] == ["a"]
    assert corpus.documents[0].meta.title == "标题"
    assert corpus.documents[0].search_text == "昭通回引6.59万人返乡创业。"
    assert len(corpus.problems) == 2


def test_bad_files_are_reported_and_gb18030_is_decoded(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "gbk.txt").write_bytes("菏泽建立了246个返乡创业服务站。".encode("gb18030"))
    corpus = ingest(tmp_path)
    assert [d.id for d in corpus.documents] == ["gbk"]
    assert corpus.records[0].encoding == "gb18030"
    assert "246个返乡创业服务站" in corpus.documents[0].display_text
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in corpus.problems}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]


def test_missing_source_and_duplicate_ids_raise_clear_errors(tmp_path):
    with pytest.raises(IngestError, match="source not found"):
        read_source(tmp_path / "nope")
    (tmp_path / "a.txt").write_text("一。", encoding="utf-8")
    (tmp_path / "a.md").write_text("二。", encoding="utf-8")
    with pytest.raises(IngestError, match="duplicate document id 'a'"):
        read_source(tmp_path)


def test_cli_ingest_prints_the_report_and_clean_errors(capsys, tmp_path):
    assert main(["ingest", "--source", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "| **total** |  |  | 17256 | 8734 | 1473 | 6 | 10 |" in out
    assert main(["ingest", "--source", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: source not found")
    assert "Traceback" not in err


def test_a_paragraph_that_mentions_a_website_is_text_not_footer():
    one = clean_article("維基媒體最著名的使用案例是維基百科。一些其他的公共維基網站也使用維基媒體。")
    assert one.display_text.endswith("公共維基網站也使用維基媒體。") and one.boilerplate_lines == 0
    two = clean_article("第一段讲返乡创业。\n本站记者走访了三个网站运营的创业园区，看到了很多变化。")
    assert "网站运营" in two.display_text
    footer = clean_article("第一段讲返乡创业。\n第二段。\n北疆新闻:重点新闻网站。\n版权声明:所有。")
    assert footer.display_text == "第一段讲返乡创业。\n第二段。" and footer.boilerplate_lines == 2
