"""Incremental updates (`add`, `remove`) and parallel ingestion give the same index as building from scratch."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.app.web import shared_loader
from assistant.cli import main
from assistant.config import Settings
from assistant.errors import IngestError
from assistant.ingest.read import corpus_from_articles, read_source
from assistant.pipeline import Assistant
from assistant.retrieval.embed import HashEmbedder
from assistant.update import add, remove

from .conftest import QA_PATH, SEEDS


class CountingEmbedder(HashEmbedder):
    """The hashing embedder, remembering every passage it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        self.embedded.extend(texts)
        return super().encode_passages(texts, progress)


def seeds_without(tmp_path: Path, left_out: str) -> tuple[Settings, Path]:
    source = tmp_path / "articles"
    source.mkdir()
    for path in SEEDS.glob("*.txt"):
        if path.stem != left_out:
            shutil.copy(path, source / path.name)
    return Settings(source=source, index_dir=tmp_path / "idx", model="hash"), SEEDS / f"{left_out}.txt"


def a_question_about(doc: str) -> str:
    for line in QA_PATH.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("doc") == doc and record.get("answers"):
            return record["question"]
    raise AssertionError(f"no public question about {doc}")


def test_adding_an_article_embeds_only_that_article_and_answers_change(tmp_path):
    doc = "003_64ad73508199a696"
    settings, article = seeds_without(tmp_path, doc)
    embedder = CountingEmbedder()
    before = Assistant.build(settings=settings, embedder=embedder)
    question = a_question_about(doc)
    assert not before.ask(question).answered or doc not in {c.doc_id for c in before.ask(question).citations}
    embedder.embedded.clear()

    change = add([article], settings, embedder=embedder)

    bot = change.assistant
    new_chunks = [c for c in bot.index.corpus.chunks if c.doc_id == doc]
    text = bot.index.documents[doc].search_text
    assert change.added == (doc,) and (settings.source / article.name).read_bytes() == article.read_bytes()
    assert embedder.embedded and all(t.split("\n")[-1] in text for t in embedder.embedded)  # only its text
    assert bot.index.manifest["embedded"]["chunks"] == len(new_chunks)
    assert bot.index.manifest["reused"]["chunks"] == len(bot.index.corpus.chunks) - len(new_chunks)
    answer = bot.ask(question)
    assert answer.answered and answer.citations[0].doc_id == doc
    # the index is exactly what a build from scratch makes (same vectors, same fingerprint)
    fresh = Assistant.build(settings=settings.with_(index_dir=tmp_path / "fresh"), embedder=HashEmbedder())
    assert bot.index.manifest["corpus_fingerprint"] == fresh.index.manifest["corpus_fingerprint"]
    assert np.allclose(bot.index.chunk_vectors, fresh.index.chunk_vectors)
    assert np.allclose(bot.index.sentence_vectors, fresh.index.sentence_vectors)


def test_removing_an_article_keeps_its_file_embeds_nothing_and_a_serving_app_sees_it(tmp_path):
    doc = "003_64ad73508199a696"
    settings, _ = seeds_without(tmp_path, "none")
    Assistant.build(settings=settings, embedder=HashEmbedder())
    get = shared_loader(settings, refresh_seconds=0)
    serving = get()
    question = a_question_about(doc)
    assert serving.ask(question).citations[0].doc_id == doc

    change = remove([doc], settings, embedder=HashEmbedder())

    assert change.removed == (doc,) and change.kept_in is not None
    assert (change.kept_in / f"{doc}.txt").read_bytes() == (SEEDS / f"{doc}.txt").read_bytes()  # nothing lost
    assert not (settings.source / f"{doc}.txt").exists()
    assert change.assistant.index.manifest["embedded"] == {"chunks": 0, "sentences": 0}
    updated = get()
    assert updated is not serving and doc not in updated.index.documents
    assert all(c.doc_id != doc for c in updated.ask(question).citations)


def test_bad_updates_change_nothing(tmp_path):
    settings, article = seeds_without(tmp_path, "003_64ad73508199a696")
    Assistant.build(settings=settings, embedder=HashEmbedder())
    before = sorted(p.name for p in settings.source.iterdir())
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(IngestError, match="empty"):
        add([article, empty], settings, embedder=HashEmbedder())
    with pytest.raises(IngestError, match="no such file"):
        add([tmp_path / "report.pdf"], settings, embedder=HashEmbedder())
    twin = tmp_path / "copy.txt"
    shutil.copy(SEEDS / "000_f6b64228be448277.txt", twin)
    with pytest.raises(IngestError, match="same text as the article '000_f6b64228be448277'"):
        add([twin], settings, embedder=HashEmbedder())
    with pytest.raises(IngestError, match="no article with id 'nope'"):
        remove(["nope", "000_f6b64228be448277"], settings, embedder=HashEmbedder())
    with pytest.raises(IngestError, match="every article"):
        remove([p.stem for p in settings.source.glob("*.txt")], settings, embedder=HashEmbedder())
    assert sorted(p.name for p in settings.source.iterdir()) == before


def test_add_and_remove_on_the_command_line(tmp_path, capsys):
    settings, article = seeds_without(tmp_path, "003_64ad73508199a696")
    index = ["--index", str(settings.index_dir), "--model", "hash"]
    assert main(["build", "--source", str(settings.source), *index]) == 0
    assert main(["add", str(article), *index]) == 0
    assert "added 1 (003_64ad73508199a696)" in capsys.readouterr().out
    assert main(["remove", "003_64ad73508199a696", *index]) == 0
    assert "removed 1" in capsys.readouterr().out
    assert main(["remove", "003_64ad73508199a696", *index]) == 2
    assert "no article with id" in capsys.readouterr().err
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "text": "返乡创业。" * 20}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["add", str(article), "--source", str(jsonl), *index]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_parallel_ingest_gives_the_same_corpus(tmp_path):
    articles, _ = read_source(SEEDS)
    many = articles * 3  # more articles than workers, in more than one batch
    many = [a.__class__(f"{a.id}-{i}", a.text, a.path, a.encoding) for i, a in enumerate(many)]
    one = corpus_from_articles(many, Settings(ingest_workers=1))
    two = corpus_from_articles(many, Settings(ingest_workers=2))
    assert one == two and len(one.documents) == 15


def test_parallel_build_gives_the_same_index(corpus):
    from assistant.retrieval.index import build_index

    one = build_index(corpus, HashEmbedder(), Settings(ingest_workers=1), SEEDS)
    two = build_index(corpus, HashEmbedder(), Settings(ingest_workers=2), SEEDS)
    assert (one.sentence_ids == two.sentence_ids).all() and (one.sentence_vectors == two.sentence_vectors).all()
    assert dict(one.lexicon.all_frequencies()) == dict(two.lexicon.all_frequencies())
    rows = range(len(corpus.chunks))
    assert [one.lexicon.sentence_words(r) for r in rows] == [two.lexicon.sentence_words(r) for r in rows]
    for query in ("昭通 返乡创业", "乐山 品牌", "贷款"):
        assert (one.keyword.scores(query) == two.keyword.scores(query)).all()


def test_chat_keeps_the_conversation_and_list_shows_every_article(hash_bot, capsys):
    from assistant.cli import chat_loop

    said: list[str] = []
    typed = iter(["昭通建成了几个省级创业孵化示范基地？", "市级的呢？", "", "/new", "市级的呢？"])

    def read(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    assert chat_loop(hash_bot, read, said.append) == 0
    replies = [s for s in said[1:] if s not in ("", "（新对话）")]
    assert len(replies) == 3  # the empty line is not a question
    assert "4个" in replies[0] and "2个" in replies[1]  # the follow-up is read with the first question
    assert "2个" not in replies[2]  # after /new it has nothing to follow
    assert main(["list", "--index", str(hash_bot.settings.index_dir), "--model", "hash"]) == 0
    out = capsys.readouterr().out
    assert all(d.id in out for d in hash_bot.index.corpus.documents) and "5 articles" in out
