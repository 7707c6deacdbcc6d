"""The real model and index on the public QA: the thresholds the product promises."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.bench.answer_eval import measure_answers
from assistant.bench.evaluate import evaluate_retrieval, load_qa

from .conftest import BLIND_QA_PATH, EXTRA_QA_PATH, QA_PATH

pytestmark = pytest.mark.slow


# (accuracy, false-refusal rate) each set must reach. The public QA meets the bar (0.90, 0.05).
# The shipped reader trained on our set (seeds_qa_extra: colloquial paraphrases, follow-ups, lists, why
# and how, and each place's own question of its comparisons), where it measures about 0.981 and 0.013
# (README), so that floor guards against regressions only, on every unanswerable question and every
# third answerable one (the whole file is `python -m assistant eval`'s; a third of it keeps the suite
# near 10 minutes on 2 cores now that the blind set, run whole, has grown to 649 questions). The blind set (seeds_qa_blind, seventeen batches) was written after the reader
# it was first run with was trained, and no rule was fitted to a batch before its first run: 0.975 and
# 0.016 now (README; 555 answerable questions); its floor keeps two questions of slack below that.
FLOORS = {"public": (0.90, 0.05), "extra": (0.95, 0.03), "blind": (0.971, 0.020)}


@pytest.mark.parametrize(("name", "path"), [("public", QA_PATH), ("extra", EXTRA_QA_PATH), ("blind", BLIND_QA_PATH)])
def test_answers_meet_the_thresholds(real_bot, name, path):
    """Accuracy and false refusals on the public questions, on ours and on the blind batches (paraphrase,
    list, yes/no, follow-up, comparison, Traditional, unanswerable), which calibration never saw; on each,
    every unanswerable question is refused and every stated figure stands in its citation."""
    accuracy, false_refusals = FLOORS[name]
    queries = load_qa(path)
    if name == "extra":  # every unanswerable question, every third answerable one
        answerable = [q for q in queries if q.answers]
        queries = [q for q in queries if not q.answers] + answerable[::3]
    metrics = measure_answers(real_bot, queries)
    assert metrics.accuracy >= accuracy, metrics.failures
    assert metrics.false_refusal_rate <= false_refusals, metrics.failures
    assert metrics.refusal_accuracy == 1.0, metrics.failures
    assert metrics.figure_faithfulness == 1.0
    assert metrics.figures > 20
    assert metrics.citation_precision >= 0.9, metrics.failures


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


# Questions written for this suite (not from the QA file): other facts of the same articles, both
# scripts, and questions the articles cannot answer. Each checks behaviour the README promises.
ADJACENT = [
    ("昭通带动了多少人就地就近就业？", "18.64万"),
    ("镇雄县帮助多少人在家门口就业创业？", "3.53万"),
    ("乐山返乡创业中第一产业占比多少？", "17%"),
    ("乐山返乡创业园区入驻企业多少户？", "93户"),
    ("领航导师服务团为多少家企业提供了专项指导？", "11家"),
    ("张掖的资源对接服务季叫什么？", "源来好创业"),
    ("菏泽的市级站和县级站各有多少家？", "209家"),
    ("集宁国际皮革城带动上下游就业多少人？", "10,000余人"),
    ("集寧區累計參加創業培訓人數是多少？", "2360人"),
    ("菏澤返鄉創業服務中心內設哪些科室？", "綜合科"),
]
NOT_IN_ARTICLES = ["成都返乡创业担保贷款额度是多少？", "乐山创业担保贷款的利率是多少？", "2030年昭通计划回引多少人？"]


@pytest.mark.parametrize(("question", "expected"), ADJACENT)
def test_other_facts_of_the_articles(real_bot, question, expected):
    answer = real_bot.ask(question)
    assert answer.answered and expected in answer.text, answer.text
    assert answer.citations and answer.citations[0].quote in real_bot.index.documents[
        answer.citations[0].doc_id].display_text


@pytest.mark.parametrize("question", NOT_IN_ARTICLES)
def test_questions_the_articles_cannot_answer_are_refused(real_bot, question):
    answer = real_bot.ask(question)
    assert not answer.answered, answer.text
