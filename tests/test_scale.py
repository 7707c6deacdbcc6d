"""The synthetic corpus and vectors of `bench scale` (fast: the hashing embedder stands in for the model)."""

from __future__ import annotations

import json

import numpy as np

from assistant.bench.scale import (
    CHUNKS_PER_DOCUMENT,
    ComposedVectors,
    dense_recall,
    sentence_pool,
    synthetic_corpus,
)
from assistant.config import Settings
from assistant.ingest.chunk import split_sentences
from assistant.retrieval.embed import HashEmbedder
from assistant.retrieval.index import build_index
from assistant.text import normalize

SQUAD = {"data": [{"title": "城市", "paragraphs": [{
    "context": "昭通回引6.59万人返鄉創業。乐山打造返乡创业品牌“嘉州返乡创业”。沐川县落实创业担保贷款273万元。"
               "菏泽在全国建立了246个返乡创业服务站。张掖组织了创业大赛，吸引了许多青年。",
    "qas": [{"id": "1", "question": "昭通回引了多少人？", "answers": [{"text": "6.59万人", "answer_start": 4}]}]}]}]}


def test_synthetic_corpus_is_made_of_real_sentences_with_exact_offsets(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    sentences, titles, questions = sentence_pool([path])
    assert sentences[0] == normalize("昭通回引6.59万人返鄉創業。") and titles == ["城市"] and len(questions) == 1
    corpus = synthetic_corpus(23, sentences, titles, target_chars=40)
    assert len(corpus.chunks) == 23 and len(corpus.documents) == -(-23 // CHUNKS_PER_DOCUMENT)
    documents = {d.id: d for d in corpus.documents}
    pool = set(sentences)
    for chunk in corpus.chunks:
        assert documents[chunk.doc_id].display_text[chunk.start:chunk.end] == chunk.text
        assert len(chunk.text) >= 40
        assert all(chunk.text[a:b] in pool for a, b in split_sentences(chunk.text))
    assert synthetic_corpus(23, sentences, titles, 40) == corpus  # seeded: the same corpus every run


def test_composed_vectors_are_real_for_sentences_and_their_mean_for_chunks(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    sentences, titles, _ = sentence_pool([path])
    model = HashEmbedder(dim=64)
    composed = ComposedVectors(model, sentences, tmp_path)
    assert list(tmp_path.glob("pool-hash-*.npy"))  # the pool is embedded once, then read from the cache
    assert np.allclose(composed.encode_passages(sentences[:2]), model.encode_passages(sentences[:2]))
    chunk = "标题\n" + sentences[1] + sentences[3]
    expected = model.encode_passages([sentences[1]])[0] + model.encode_passages([sentences[3]])[0]
    assert np.allclose(composed.encode_passages([chunk])[0], expected / np.linalg.norm(expected), atol=1e-6)
    again = ComposedVectors(model, sentences, tmp_path)  # from the cache
    assert np.allclose(again.encode_passages(sentences), composed.encode_passages(sentences))

    corpus = synthetic_corpus(12, sentences, titles, target_chars=40)
    index = build_index(corpus, composed, Settings(exact_search_max_vectors=5), path)
    assert index.manifest["faiss"] == "hnsw"
    queries = composed.encode_queries(["昭通 返乡创业", "贷款"])
    assert dense_recall(index, queries, k=3) > 0.5
