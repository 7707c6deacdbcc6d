"""Narrowing questions to a region or a date range (the chat's filter, `ask --region/--since/--until`)."""

from __future__ import annotations

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.errors import ScopeEmptyError
from assistant.pipeline import Assistant
from assistant.retrieval.embed import HashEmbedder
from assistant.schema import DocMeta, Scope, iso_date

from .conftest import SEEDS

LESHAN = "001_a6fa54038ad127e6"
JINING = "004_8a5491e3fb29e0ee"  # the one seed article with a date (2019-09-05)


def test_dates_and_regions_match_as_people_write_them():
    assert iso_date("2019-09-05 10:26:51") == "2019-09-05" == iso_date("2019年9月5日")
    assert iso_date("2023") == "2023" and iso_date("") == "" and iso_date("9月5日") == ""
    meta = DocMeta(title="樂山:著力打造品牌", province="四川省", city="乐山市", date="2019年9月5日")
    assert Scope(region="乐山", since="2019", until="2019-09").matches(meta)
    assert not Scope(since="2019-09-06").matches(meta) and not Scope(until="2018").matches(meta)
    assert not Scope(since="2019").matches(DocMeta(title="无日期"))  # undated: outside any date range
    assert Scope(region="樂山").matches(meta, lambda s: s.replace("樂", "乐"))
    with pytest.raises(ValueError, match="must be a date"):
        Scope(since="去年")
    assert Scope().everything and not Scope(region="乐山").everything


def test_a_scoped_assistant_searches_and_answers_from_its_articles_only(hash_bot):
    leshan = hash_bot.scoped(Scope(region="乐山"))
    assert leshan is hash_bot.scoped(Scope(region="乐山"))  # made once
    assert {h.doc_id for h in leshan.search("返乡创业 服务站 贷款", k=10)} == {LESHAN}
    assert {h.doc_id for h in hash_bot.search("返乡创业 服务站 贷款", k=10)} != {LESHAN}
    answer = leshan.ask("菏泽在全国建立了多少个返乡创业服务站？")
    assert all(c.doc_id == LESHAN for c in answer.citations) and "246" not in answer.text
    dated = hash_bot.scoped(Scope(since="2019", until="2019-12"))
    assert {h.doc_id for h in dated.search("返乡创业", k=10)} == {JINING}
    with pytest.raises(ScopeEmptyError, match="没有文章"):
        hash_bot.scoped(Scope(region="深圳"))
    assert hash_bot.scoped(Scope()) is hash_bot


def test_a_scope_on_an_approximate_index_visits_only_its_chunks(tmp_path):
    settings = Settings(source=SEEDS, index_dir=tmp_path / "idx", model="hash", exact_search_max_vectors=10)
    bot = Assistant.build(settings=settings, embedder=HashEmbedder())
    assert bot.index.manifest["faiss"] == "hnsw"
    narrowed = bot.scoped(Scope(region="乐山"))
    ids = narrowed.retriever._dense_candidates(bot.retriever.query_vector("返乡创业品牌"), 8)
    assert len(ids) == 8 and {bot.index.corpus.chunks[i].doc_id for i in ids.tolist()} == {LESHAN}


def test_ask_on_the_command_line_takes_a_scope(hash_bot, capsys):
    index = ["--index", str(hash_bot.settings.index_dir), "--model", "hash"]
    assert main(["ask", "樂山的返鄉創業品牌叫什麼？", "--region", "乐山", *index]) == 0
    assert "歸雁興嘉" in capsys.readouterr().out
    assert main(["ask", "樂山的返鄉創業品牌叫什麼？", "--since", "去年", *index]) == 2
    assert "must be a date" in capsys.readouterr().err
    assert main(["ask", "樂山的返鄉創業品牌叫什麼？", "--region", "深圳", *index]) == 2
    assert "没有文章" in capsys.readouterr().err
