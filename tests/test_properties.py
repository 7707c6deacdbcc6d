"""Property-based: ``ask`` and the web ``/ask`` handler take any text, history and type without an
exception, and in bounded time (Hypothesis' deadline), with the hashing embedder and the fake reader."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer.calibrate import Calibration
from assistant.answer.reader import FakeReader
from assistant.app.web import api_answer
from assistant.schema import Answer

TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda s: "菏泽" + s + "多少？"),
    st.sampled_from(["那乐山呢？", "市级的呢？", "哪些地方举办了创业大赛？", "昭通和乐山哪个多？", "\ud800", ""]),
    st.text(min_size=2000, max_size=5000),
)
ANY = st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.binary(max_size=50), TEXT)
TURN = st.one_of(ANY, st.tuples(TEXT, TEXT), st.fixed_dictionaries({"role": st.just("user"), "content": ANY}),
                 st.dictionaries(st.text(max_size=5), ANY, max_size=3), st.lists(ANY, max_size=3))
HISTORY = st.one_of(ANY, st.lists(TURN, max_size=12), st.dictionaries(st.text(max_size=5), ANY, max_size=3))
BOUNDED = settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def fake(hash_bot):
    return hash_bot.with_reader(FakeReader(["246个返乡创业服务站", "归雁兴嘉", "9个"]), Calibration())


@BOUNDED
@given(question=st.one_of(TEXT, ANY), history=HISTORY)
def test_ask_takes_anything(hash_bot, question, history):
    answer = fake(hash_bot).ask(question, history)
    assert isinstance(answer, Answer) and isinstance(answer.text, str) and answer.text
    assert answer.reason != "error"  # bad input is answered as bad input, never as an internal fault
    answer.text.encode("utf-8")


@BOUNDED
@given(question=st.one_of(TEXT, ANY), history=HISTORY)
def test_the_web_ask_handler_takes_anything(hash_bot, question, history):
    result = api_answer(lambda: fake(hash_bot), question, history)
    assert isinstance(result, dict) and isinstance(result["text"], str) and result["text"]
    assert result["reason"] != "error"


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(-3, 3).map(float), max_size=60), k=st.integers(0, 70))
def test_top_indices_is_a_stable_argsort_in_linear_time(values, k):
    import numpy as np

    from assistant.retrieval.retrieve import top_indices

    array = np.asarray(values, dtype=np.float32)
    expected = np.argsort(-array, kind="stable")[:k] if k > 0 else np.zeros(0, dtype=np.int64)
    assert top_indices(array, k).tolist() == expected.tolist()
