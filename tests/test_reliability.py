"""What a hostile user or a user with their own corpus can do, and what must hold anyway: the index is
never lost or silently replaced, every request does bounded work, ingestion reads only what it should
and says what it skipped. One test (or more) per numbered case of the reliability issue."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.answer.answerer import prepare
from assistant.answer.calibrate import Calibration
from assistant.answer.reader import FakeReader
from assistant.app.web import MAX_FILE_SIZE, MAX_KEPT_TURNS, api_answer, shared_loader
from assistant.cli import main
from assistant.config import Settings
from assistant.errors import IndexUnavailableError
from assistant.ingest.read import corpus_from_articles, decode_bytes, ingest, read_source
from assistant.pipeline import Assistant
from assistant.retrieval import store
from assistant.retrieval.embed import HashEmbedder
from assistant.retrieval.index import source_fingerprint, staleness, warn_if_long
from assistant.retrieval.store import current_version, load_index, read_manifest, save_index
from assistant.schema import Answer

from .conftest import SEEDS

ARTICLE = "张掖市人社局为返乡创业者争取了100万元财政专项资金，用于降低融资成本。"


def own_source(tmp_path: Path, records: int = 2) -> Path:
    path = tmp_path / "my.jsonl"
    lines = [json.dumps({"id": f"a{i}", "title": f"文章{i}", "text": f"第{i}篇：{ARTICLE}"}, ensure_ascii=False)
             for i in range(records)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hash_settings(tmp_path: Path, source: Path) -> Settings:
    return Settings(source=source, index_dir=tmp_path / "idx", model="hash")


# --- 1. a rebuild uses the source the index was built from -------------------------------------------


def test_a_stale_index_is_rebuilt_from_its_own_source_not_the_default_one(tmp_path, caplog):
    source = own_source(tmp_path)
    built = Assistant.build(settings=hash_settings(tmp_path, source), embedder=HashEmbedder())
    assert built.index.manifest["documents"] == 2
    with source.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a9", "text": "新增：" + ARTICLE}, ensure_ascii=False) + "\n")
    # loaded with default settings (whose source is seeds/): the rebuild reads my.jsonl, and says so
    settings = Settings(index_dir=tmp_path / "idx", model="hash")
    assert settings.source != source
    with caplog.at_level(logging.WARNING):
        bot = Assistant.load(settings=settings, embedder=HashEmbedder())
    manifest = read_manifest(tmp_path / "idx")
    assert manifest["source"] == str(source.resolve()) and manifest["documents"] == 3
    assert bot.settings.source == source and "a9" in bot.index.documents
    assert f"rebuilding from {source}" in caplog.text


def test_a_relative_source_is_recorded_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    own_source(tmp_path)
    Assistant.build(settings=Settings(source=Path("my.jsonl"), index_dir=tmp_path / "idx", model="hash"),
                    embedder=HashEmbedder())
    assert read_manifest(tmp_path / "idx")["source"] == str(tmp_path.resolve() / "my.jsonl")


def test_a_truncated_corpus_is_rebuilt_from_its_own_source(tmp_path):
    source = own_source(tmp_path)
    Assistant.build(settings=hash_settings(tmp_path, source), embedder=HashEmbedder())
    corpus = current_version(tmp_path / "idx") / "records.sqlite"
    corpus.write_bytes(corpus.read_bytes()[:100])
    bot = Assistant.load(settings=Settings(index_dir=tmp_path / "idx", model="hash"), embedder=HashEmbedder())
    assert read_manifest(tmp_path / "idx")["source"] == str(source.resolve()) and len(bot.index.documents) == 2


def test_when_the_source_is_gone_the_old_index_is_kept_and_the_error_says_so(tmp_path):
    source = own_source(tmp_path)
    Assistant.build(settings=hash_settings(tmp_path, source), embedder=HashEmbedder())
    live = current_version(tmp_path / "idx")
    source.unlink()
    # still fresh (nothing to compare the source with): it loads
    assert len(Assistant.load(settings=Settings(index_dir=tmp_path / "idx", model="hash"),
                              embedder=HashEmbedder()).index.documents) == 2
    (live / "dense.faiss").write_bytes(b"damaged")
    with pytest.raises(IndexUnavailableError, match="which is gone; the index is kept"):
        Assistant.load(settings=Settings(index_dir=tmp_path / "idx", model="hash"), embedder=HashEmbedder())
    assert current_version(tmp_path / "idx") == live and (live / "records.sqlite").exists()


# --- 2. atomic switch, lock, hot reload ---------------------------------------------------------------


def test_a_build_that_dies_before_the_switch_leaves_the_old_index_serving(tmp_path, monkeypatch):
    settings = hash_settings(tmp_path, SEEDS)
    bot = Assistant.build(settings=settings, embedder=HashEmbedder())
    before = current_version(settings.index_dir)
    real_replace = os.replace

    def crash_on_switch(src, dst):
        if Path(dst).name == store.POINTER:
            raise OSError("power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", crash_on_switch)
    with pytest.raises(OSError, match="power cut"):
        save_index(bot.index, settings.index_dir)
    monkeypatch.undo()
    assert current_version(settings.index_dir) == before
    assert len(load_index(settings.index_dir).corpus.documents) == 5
    save_index(bot.index, settings.index_dir)  # the next build cleans up what the dead one left
    assert not list(settings.index_dir.glob(".building-*")) and not list(settings.index_dir.glob(".CURRENT.*"))
    assert len(store.versions(settings.index_dir)) == 2


def test_concurrent_builders_take_turns_and_leave_one_whole_index(tmp_path):
    settings = hash_settings(tmp_path, SEEDS)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            Assistant.build(settings=settings, embedder=HashEmbedder())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(load_index(settings.index_dir).corpus.documents) == 5
    assert len(store.versions(settings.index_dir)) <= 2 and not list(settings.index_dir.glob(".building-*"))


def test_a_running_app_picks_up_a_rebuilt_index_without_a_restart(tmp_path):
    source = own_source(tmp_path)
    settings = hash_settings(tmp_path, source)
    Assistant.build(settings=settings, embedder=HashEmbedder())
    get = shared_loader(settings.with_(model="hash"), refresh_seconds=0)
    first = get()
    assert len(first.index.documents) == 2 and get() is first  # nothing changed: the same assistant
    Assistant.build(settings=hash_settings(tmp_path, own_source(tmp_path, records=4)), embedder=HashEmbedder())
    second = get()
    assert second is not first and len(second.index.documents) == 4
    assert second.embedder is first.embedder


def test_an_index_written_before_versions_is_read_and_then_replaced(tmp_path):
    settings = hash_settings(tmp_path, SEEDS)
    bot = Assistant.build(settings=settings, embedder=HashEmbedder())
    legacy = tmp_path / "legacy"
    shutil.copytree(current_version(settings.index_dir), legacy)
    assert len(load_index(legacy).corpus.documents) == 5
    save_index(bot.index, legacy)
    assert not (legacy / "manifest.json").exists() and (legacy / "CURRENT").exists()
    assert len(load_index(legacy).corpus.documents) == 5


# --- 3. damaged manifests -----------------------------------------------------------------------------


@pytest.mark.parametrize("damage", [
    lambda m: b"\xff\xfe\x00garbage",
    lambda m: json.dumps({**m, "artifacts": []}).encode(),
    lambda m: json.dumps({**m, "artifacts": {"records.sqlite": 1}}).encode(),
    lambda m: json.dumps({**m, "chunks": "many"}).encode(),
    lambda m: json.dumps([m]).encode(),
    lambda m: b"",
])
def test_every_damaged_manifest_is_a_one_line_index_error(tmp_path, capsys, damage):
    settings = hash_settings(tmp_path, SEEDS)
    Assistant.build(settings=settings, embedder=HashEmbedder())
    path = current_version(settings.index_dir) / "manifest.json"
    path.write_bytes(damage(json.loads(path.read_text(encoding="utf-8"))))
    with pytest.raises(IndexUnavailableError, match="manifest .* is (corrupt|damaged)"):
        load_index(settings.index_dir)
    with pytest.raises(IndexUnavailableError):
        Assistant.load(settings=settings, embedder=HashEmbedder(), rebuild="never")
    assert main(["search", "--model", "hash", "--index", str(settings.index_dir), "菏泽"]) == 0  # rebuilt
    (current_version(settings.index_dir) / "manifest.json").write_bytes(b"\xff\xfe")
    pointer = settings.index_dir / "CURRENT"
    pointer.write_text("../../etc")
    with pytest.raises(IndexUnavailableError, match="pointer .* is damaged"):
        read_manifest(settings.index_dir)


# --- 4. no spurious staleness -------------------------------------------------------------------------


def test_hidden_files_subfolders_and_an_index_inside_the_source_do_not_make_it_stale(tmp_path):
    source = tmp_path / "articles"
    shutil.copytree(SEEDS, source)
    settings = Settings(source=source, index_dir=source / "index", model="hash")  # the index inside its source
    Assistant.build(settings=settings, embedder=HashEmbedder())
    manifest = read_manifest(settings.index_dir)
    assert staleness(manifest, settings, source) == ""
    (source / ".DS_Store").write_bytes(b"\x00\x01binary")
    (source / "._001.txt").write_bytes(b"\x00\x05AppleDouble")
    (source / "drafts").mkdir()
    (source / "drafts" / "note.txt").write_text("草稿", encoding="utf-8")
    assert staleness(manifest, settings, source) == ""
    version = current_version(settings.index_dir)
    Assistant.load(settings=settings, embedder=HashEmbedder())
    assert current_version(settings.index_dir) == version  # loaded, not rebuilt
    (source / "new.txt").write_text(ARTICLE, encoding="utf-8")
    assert "changed since it was built" in staleness(manifest, settings, source)


# --- 5, 6. bounded work and bad types -----------------------------------------------------------------


def fake_bot(hash_bot) -> Assistant:
    return hash_bot.with_reader(FakeReader(["246个返乡创业服务站"]), Calibration())


def test_a_huge_history_is_cut_before_any_work(hash_bot):
    bot = fake_bot(hash_bot)
    question = prepare(bot, "那乐山呢？", ["昭通" + "啊" * 1_000_000, *["问题"] * 10_000])
    assert not isinstance(question, Answer) and len(question.text) <= 2 * bot.settings.max_question_chars
    answer = bot.ask("那乐山呢？", ["菏泽在全国建立了多少个返乡创业服务站？" + "啊" * 1_000_000])
    assert isinstance(answer, Answer) and len(answer.question) <= bot.settings.max_question_chars


def test_the_chat_keeps_a_bounded_history(hash_bot):
    from assistant.app.web import create_app

    demo = create_app(lambda: fake_bot(hash_bot))
    respond = next(fn for fn in demo.fns.values() if getattr(fn.fn, "__name__", "") == "respond").fn
    asked: list[str] = []
    for _ in range(MAX_KEPT_TURNS + 2):
        *_, last = respond("菏泽" + "建" * 5_000 + "？", [], asked)
        asked = last[1]
    assert len(asked) == MAX_KEPT_TURNS and all(len(q) <= 300 for q in asked)


@pytest.mark.parametrize("history", [42, "昭通", {"a": 1}, 3.5, True])
def test_a_history_of_the_wrong_type_gets_a_plain_reply_and_a_short_log_line(hash_bot, caplog, history):
    with caplog.at_level(logging.DEBUG):
        result = api_answer(lambda: fake_bot(hash_bot), "菏泽建了多少个服务站？", history)
    assert result["answered"] is False and result["reason"] == "bad_input" and "历史" in result["text"]
    assert all(len(r.getMessage()) < 300 and not r.exc_info for r in caplog.records)


def test_lone_surrogates_and_odd_types_never_raise(hash_bot, caplog):
    get = lambda: fake_bot(hash_bot)  # noqa: E731
    for question, history in [("菏泽\ud800建了多少个服务站？", ["昭通\udfff？"]), (None, None), (42, []),
                              ("菏泽？", [None, 42, ["x"], {"role": "user", "content": "\ud800"}])]:
        with caplog.at_level(logging.DEBUG):
            result = api_answer(get, question, history)
        assert isinstance(result["text"], str) and result["text"]
        json.dumps(result, ensure_ascii=False).encode("utf-8")  # the reply itself is valid UTF-8
    assert all(len(r.getMessage()) < 300 and not r.exc_info for r in caplog.records)


# --- 7. Gradio launch options -------------------------------------------------------------------------


def test_the_app_launches_with_bounded_uploads_no_share_and_no_analytics(tmp_path, monkeypatch):
    from assistant.app import web

    launched: dict = {}

    class FakeDemo:
        def launch(self, **kwargs):
            launched.update(kwargs)

    class FakeBot:
        index = type("I", (), {"manifest": {"chunks": 1, "documents": 1}})()

        def ask(self, *args):
            return None

    monkeypatch.setenv("GRADIO_SHARE", "True")
    monkeypatch.setattr(web, "shared_loader", lambda settings, source=None: lambda: FakeBot())
    monkeypatch.setattr(web, "create_app", lambda get, concurrency=4: FakeDemo())
    web.main(["--index", str(tmp_path / "idx")])
    assert launched["share"] is False and launched["max_file_size"] == MAX_FILE_SIZE


def test_the_blocks_have_analytics_off(hash_bot):
    from assistant.app.web import create_app

    demo = create_app(lambda: fake_bot(hash_bot))
    assert demo.analytics_enabled is False and os.environ.get("GRADIO_ANALYTICS_ENABLED") == "False"


# --- 8-11. ingest safety ------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_links_that_leave_the_source_folder_are_skipped_and_reported(tmp_path):
    source = tmp_path / "articles"
    source.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash 机密", encoding="utf-8")
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "p.txt").symlink_to(outside)
    (source / "inside.txt").symlink_to(source / "a.txt")
    articles, problems = read_source(source)
    assert sorted(a.id for a in articles) == ["a", "inside"]
    assert [Path(p.path).name for p in problems] == ["p.txt"] and "outside the source folder" in problems[0].reason
    assert "p.txt" not in json.dumps(source_fingerprint(source))


def test_encodings_are_detected_and_implausible_text_is_rejected(tmp_path):
    simplified = "乐山市农民工返乡创业4706人，同比增加1144人，创办企业2460个。"
    traditional = "樂山市農民工返鄉創業4706人，同比增加1144人，創辦企業2460個。"
    cases = {
        "utf16-bom": simplified.encode("utf-16"), "utf16le": simplified.encode("utf-16-le"),
        "utf16be": simplified.encode("utf-16-be"), "gb18030": simplified.encode("gb18030"),
        "big5": traditional.encode("big5"), "utf8-bom": b"\xef\xbb\xbf" + simplified.encode("utf-8"),
    }
    for name, data in cases.items():
        text, _ = decode_bytes(data)
        assert text in (simplified, traditional), name
    assert decode_bytes(traditional.encode("big5"))[1] == "big5"
    assert decode_bytes("乐山返乡创业".encode("gb18030")) == ("乐山返乡创业", "gb18030")
    noise = bytes((i * 73 + 41) % 128 + 128 for i in range(4000))  # high bytes only
    for bad in (noise, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "\ufffd\ufffd乱码".encode() * 20,
                "".join(chr(0xE000 + i) for i in range(50)).encode()):
        with pytest.raises(ValueError, match="re-save it as UTF-8"):
            decode_bytes(bad)
    (tmp_path / "big5.txt").write_bytes(traditional.encode("big5"))
    (tmp_path / "noise.txt").write_bytes(noise)
    corpus = ingest(tmp_path, Settings(source=tmp_path))
    assert [r.encoding for r in corpus.records] == ["big5"] and "4706" in corpus.documents[0].display_text
    assert [Path(p.path).name for p in corpus.problems] == ["noise.txt"]


def test_a_jsonl_record_with_a_lone_surrogate_is_skipped_and_reported(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "good", "text": ARTICLE}, ensure_ascii=False),
        '{"id": "bad", "text": "菏泽\\ud800建了服务站"}',
        json.dumps({"id": "good2", "text": "乐山" + ARTICLE}, ensure_ascii=False),
    ]), encoding="utf-8")
    corpus = ingest(path, Settings(source=path))
    assert [d.id for d in corpus.documents] == ["good", "good2"]
    assert corpus.problems[0].path.endswith(":2") and "surrogate" in corpus.problems[0].reason


def test_progress_is_counted_in_characters_and_a_long_embedding_run_is_announced(tmp_path, capsys, caplog):
    from assistant.ingest.read import RawArticle

    big = RawArticle(id="big", text=(ARTICLE + "\n") * 2_000, path="big.txt", encoding="utf-8")
    corpus_from_articles([big], Settings(), progress=True)
    err = capsys.readouterr().err
    assert "74.0k/74.0k" in err and "char" in err  # characters, not documents

    class SlowEmbedder(HashEmbedder):
        def encode_passages(self, texts, progress=False):
            time.sleep(0.01 * len(texts))  # 0.01 s per text: 1,000,000 texts ≈ 2.8 hours
            return super().encode_passages(texts, progress)

    with caplog.at_level(logging.WARNING):
        seconds = warn_if_long(SlowEmbedder(), ["文章"] * 32, 1_000_000)
    assert seconds is not None and seconds > 3600
    assert "will take about" in caplog.text
    assert warn_if_long(SlowEmbedder(), ["文章"] * 32, 100) is None  # small runs are not timed


# --- 12. one-line errors ------------------------------------------------------------------------------


def test_cli_and_app_errors_are_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "-k", "0", "菏泽"])
    assert exit_info.value.code == 2 and "must be greater than 0" in capsys.readouterr().err
    a_file = tmp_path / "index.txt"
    a_file.write_text("not a folder")
    assert main(["build", "--model", "hash", "--index", str(a_file), "--source", str(SEEDS)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1
    from assistant.app import web

    with pytest.raises(SystemExit) as exit_info:
        web.main(["--model", "hash", "--index", str(tmp_path / "idx"), "--source", str(tmp_path / "missing")])
    err = capsys.readouterr().err.strip().splitlines()
    assert exit_info.value.code == 2 and err[-1].startswith("error: source not found")
    assert not any("Traceback" in line for line in err)
