"""The real model and index on the public QA: the thresholds the product promises."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer_eval import measure_answers
from assistant.evaluate import evaluate_retrieval, load_qa

from .conftest import QA_PATH

pytestmark = pytest.mark.slow


def test_answers_meet_the_thresholds_on_the_public_qa(real_bot):
    metrics = measure_answers(real_bot, load_qa(QA_PATH))
    assert metrics.accuracy >= 0.95, metrics.failures
    assert metrics.citation_precision >= 0.95, metrics.failures
    assert metrics.figure_faithfulness == 1.0
    assert metrics.figures > 20
    assert metrics.refusal_accuracy == 1.0, metrics.failures
    assert metrics.false_refusal_rate == 0.0, metrics.failures


def test_hybrid_retrieval_finds_every_evidence_in_the_top_five(real_bot):
    queries = [q for q in load_qa(QA_PATH) if q.evidence]
    scores, _ = evaluate_retrieval(real_bot.retriever, queries, progress=False)
    assert scores["hybrid"].hit(5) == 1.0
    assert scores["hybrid"].hit(1) >= scores["bm25"].hit(1)
    assert scores["hybrid"].hit(1) > scores["dense"].hit(1)


def test_real_embeddings_rank_a_paraphrase_above_an_unrelated_passage(real_bot):
    vectors = real_bot.embedder.encode_queries(["返乡创业服务站的数量"])
    passages = real_bot.embedder.encode_passages(["菏泽在全国建立了246个返乡创业服务站", "今天的天气晴朗"])
    scores = passages @ vectors[0]
    assert scores[0] > scores[1]
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
