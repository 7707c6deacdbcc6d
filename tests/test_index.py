"""Index build, persistence, staleness and corruption, with the hashing embedder."""

from __future__ import annotations

import gc
import json
import shutil

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.errors import IndexUnavailableError
from assistant.pipeline import Assistant
from assistant.retrieval.embed import HashEmbedder
from assistant.retrieval.index import staleness
from assistant.retrieval.keyword import KeywordIndex, tokenize
from assistant.retrieval.store import current_version, load_index, read_manifest

from .conftest import SEEDS


def settings_for(tmp_path, **changes):
    return Settings(source=SEEDS, index_dir=tmp_path / "index", model="hash", **changes)


def test_manifest_records_how_the_index_was_built(hash_bot):
    manifest = read_manifest(hash_bot.settings.index_dir)
    assert manifest["model"] == "hash" and manifest["dim"] == 256
    assert manifest["chunks"] == len(hash_bot.index.corpus.chunks) == 54
    assert manifest["chunking"] == {"target_chars": 200, "max_chars": 300, "overlap_sentences": 1}
    assert manifest["faiss"] == "flat" and manifest["approx_recall_at_10"] == 1.0
    assert len(manifest["corpus_fingerprint"]) == 64
    assert {"faiss-cpu", "bm25s", "jieba"} <= set(manifest["versions"])
    assert set(manifest["artifacts"]) == {"records.sqlite", "dense.faiss", "sentences.npy", "sentence_ids.npy", "bm25"}


def test_load_round_trips_the_index(hash_bot):
    loaded = load_index(hash_bot.settings.index_dir)
    for part in ("documents", "chunks", "records", "problems"):  # read lazily from the record store
        assert tuple(getattr(loaded.corpus, part)) == tuple(getattr(hash_bot.index.corpus, part))
    built = hash_bot.index.lexicon
    assert [loaded.lexicon.sentence_sets(ci) for ci in range(len(loaded.corpus.chunks))] == \
        [built.sentence_sets(ci) for ci in range(len(loaded.corpus.chunks))]
    assert dict(loaded.lexicon.all_frequencies()) == dict(built.all_frequencies())
    chunk = hash_bot.index.corpus.chunks[7]
    assert loaded.chunk_row(chunk.id) == 7 and loaded.documents[chunk.doc_id].id == chunk.doc_id
    assert (loaded.chunk_vectors == hash_bot.index.chunk_vectors).all()
    assert not loaded.chunk_vectors.flags.owndata  # a view of FAISS's vectors: stored once in memory
    again = Assistant(loaded, HashEmbedder(), hash_bot.settings)
    question = "菏泽在全国建立了多少个返乡创业服务站？"
    assert [h.chunk.id for h in again.search(question)] == [h.chunk.id for h in hash_bot.search(question)]
    rows = load_index(hash_bot.settings.index_dir).chunk_vectors[3:5]  # the index itself is dropped here
    gc.collect()
    assert (rows == hash_bot.index.chunk_vectors[3:5]).all()  # a slice keeps FAISS's memory alive


def test_traditional_and_simplified_twins_retrieve_the_same_chunks(hash_bot):
    simplified = hash_bot.search("乐山的返乡创业品牌叫什么？", k=5)
    traditional = hash_bot.search("樂山的返鄉創業品牌叫什麼？", k=5)
    assert [h.chunk.id for h in simplified] == [h.chunk.id for h in traditional]
    assert [h.score for h in simplified] == pytest.approx([h.score for h in traditional])


def test_hits_carry_spans_titles_and_retrievers(hash_bot):
    hits = hash_bot.search("集宁国际皮革城直接安排就业多少人", k=3)
    assert hits[0].doc_id == "004_8a5491e3fb29e0ee"
    assert "5000余人" in hits[0].chunk.text
    assert hits[0].title == "带领返乡创业人员找到“金钥匙”"
    assert hits[0].span == (hits[0].chunk.start, hits[0].chunk.end)
    assert set(hits[0].retrievers) <= {"bm25", "dense"} and hits[0].retrievers
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_modes_and_bad_arguments(hash_bot):
    question = "张掖为创业担保贷款争取了多少财政专项资金"
    for mode in ("hybrid", "bm25", "dense", "rrf"):
        assert hash_bot.search(question, k=3, mode=mode)
    with pytest.raises(ValueError, match="mode must be one of"):
        hash_bot.search(question, mode="magic")
    with pytest.raises(ValueError, match="k must be greater than 0, got 0"):
        hash_bot.search(question, k=0)
    assert hash_bot.search("   ？ ") == []


def test_stale_corrupt_and_missing_indexes_explain_themselves(tmp_path):
    settings = settings_for(tmp_path)
    with pytest.raises(IndexUnavailableError, match="no index in"):
        Assistant.load(settings=settings, embedder=HashEmbedder(), rebuild="never")
    Assistant.build(settings=settings, embedder=HashEmbedder())
    manifest = read_manifest(settings.index_dir)
    other = settings.with_(chunk_target_chars=120, chunk_max_chars=200)
    assert "chunked with" in staleness(manifest, other, SEEDS)
    with pytest.raises(IndexUnavailableError, match="is stale: .*chunked with"):
        Assistant.load(settings=other, embedder=HashEmbedder(), rebuild="never")
    source = tmp_path / "seeds"
    shutil.copytree(SEEDS, source)
    assert staleness(manifest, settings, SEEDS) == ""
    (source / "005_new.txt").write_text("新的文章。", encoding="utf-8")
    assert "changed since it was built" in staleness(manifest, settings, source)
    (current_version(settings.index_dir) / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailableError, match="corrupt: dense.faiss does not match its checksum"):
        load_index(settings.index_dir)
    rebuilt = Assistant.load(settings=settings, embedder=HashEmbedder())  # if-needed: rebuilds quietly
    assert rebuilt.search("昭通回引了多少人返乡创业")[0].doc_id == "000_f6b64228be448277"
    (current_version(settings.index_dir) / "manifest.json").write_text("{not json")
    with pytest.raises(IndexUnavailableError, match="manifest .* is corrupt"):
        load_index(settings.index_dir)


def test_build_keeps_other_files_and_leaves_no_temporary_folder(tmp_path):
    settings = settings_for(tmp_path)
    settings.index_dir.mkdir()
    (settings.index_dir / "README.md").write_text("keep me")
    Assistant.build(settings=settings, embedder=HashEmbedder())
    Assistant.build(settings=settings, embedder=HashEmbedder())
    names = sorted(p.name for p in settings.index_dir.iterdir() if p.name != ".build.lock")
    live = current_version(settings.index_dir)
    assert names[:2] == ["CURRENT", "README.md"] and live.name in names
    assert len(names) == 4  # the live version and the one before it, nothing half-built
    assert sorted(p.name for p in live.iterdir()) == ["bm25", "dense.faiss", "manifest.json", "records.sqlite",
                                                      "sentence_ids.npy", "sentences.npy"]


def test_approximate_index_past_the_threshold_reports_its_recall(tmp_path):
    settings = settings_for(tmp_path, exact_search_max_vectors=10)
    bot = Assistant.build(settings=settings, embedder=HashEmbedder())
    manifest = read_manifest(settings.index_dir)
    assert manifest["faiss"] == "hnsw"
    assert 0.9 <= manifest["approx_recall_at_10"] <= 1.0
    assert bot.search("菏泽在全国建立了多少个返乡创业服务站")
    # dense candidates now come from the graph: nearly the exact neighbours, each with its exact cosine
    exact = Assistant.build(settings=settings_for(tmp_path / "flat"), embedder=HashEmbedder())
    question = "菏泽在全国建立了多少个返乡创业服务站"
    loaded = load_index(settings.index_dir)
    assert not loaded.chunk_vectors.flags.owndata and (loaded.chunk_vectors == bot.index.chunk_vectors).all()
    graph_hits = [h.chunk.id for h in bot.search(question, k=10, mode="dense")]
    flat_hits = [h.chunk.id for h in exact.search(question, k=10, mode="dense")]
    assert len(set(graph_hits) & set(flat_hits)) >= 8 and graph_hits[0] == flat_hits[0]


def test_keyword_index_tokens_and_scores():
    assert "的" not in tokenize("昭通的返乡创业，多少？")
    assert {"返乡创业", "返乡", "创业"} <= set(tokenize("返乡创业"))
    index = KeywordIndex()
    index.index(["昭通 返乡创业 服务", "菏泽 服务站 246个", "乐山 品牌"])
    scores = index.scores("菏泽 服务站")
    assert scores.argmax() == 1 and scores[2] == 0  # "服务站" also yields "服务", which doc 0 has
    assert not index.scores("天气").any()
    with pytest.raises(ValueError, match="k1 must be greater than 0"):
        KeywordIndex(k1=0)


def test_settings_validate_with_helpful_messages():
    with pytest.raises(ValueError, match="top_k must be a positive integer, got 0"):
        Settings(top_k=0)
    with pytest.raises(ValueError, match="chunk_max_chars .* must be at least chunk_target_chars"):
        Settings(chunk_target_chars=400, chunk_max_chars=300)
    with pytest.raises(ValueError, match="must be at most 1"):
        Settings(dense_weight=0.6, sentence_weight=0.6)
    with pytest.raises(ValueError, match="unknown setting"):
        Settings().with_(colour="red")
    with pytest.raises(ValueError, match="device must be one of auto, cpu, cuda, mps or cuda:N, got 'tpu'"):
        Settings(device="tpu")
    assert Settings(device="cuda:1").device == "cuda:1"


def test_the_embedding_device_is_resolved_and_a_missing_one_is_a_clear_error(capsys):
    import torch

    from assistant.errors import ModelUnavailableError
    from assistant.retrieval.embed import resolve_device

    expected = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    assert resolve_device("auto") == expected and resolve_device("cpu") == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(ModelUnavailableError, match="no such CUDA device"):
            resolve_device("cuda")
    with pytest.raises(ModelUnavailableError, match="no such CUDA device"):
        resolve_device(f"cuda:{torch.cuda.device_count()}")
    assert main(["search", "--device", "tpu", "--model", "hash", "菏泽"]) == 2
    assert "device must be one of" in capsys.readouterr().err


def test_cli_build_and_search_with_the_hash_model(tmp_path, capsys):
    index = tmp_path / "idx"
    assert main(["build", "--model", "hash", "--index", str(index), "--source", str(SEEDS)]) == 0
    assert "54 chunks" in capsys.readouterr().out
    assert main(["search", "--model", "hash", "--index", str(index), "--json", "-k", "2",
                 "菏泽在全国建立了多少个返乡创业服务站"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2 and hits[0]["doc_id"] == "003_64ad73508199a696"


def test_an_index_built_by_other_cleaning_code_is_stale(hash_bot):
    manifest = dict(read_manifest(hash_bot.settings.index_dir))
    assert staleness(manifest, hash_bot.settings, SEEDS) == ""
    manifest["pipeline"] = "0" * 16
    assert "cleaning, chunking or tokenizing code changed" in staleness(manifest, hash_bot.settings, SEEDS)
