"""Shared fixtures. Unit tests use a fake, deterministic embedder; tests marked ``slow`` use the real model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ingest.read import ingest
from assistant.schema import Corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QA_PATH = ROOT / "tests" / "data" / "seeds_qa.jsonl"
EXTRA_QA_PATH = ROOT / "tests" / "data" / "seeds_qa_extra.jsonl"
BLIND_QA_PATH = ROOT / "tests" / "data" / "seeds_qa_blind.jsonl"  # written after the reader was trained


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return ingest(SEEDS)


@pytest.fixture(scope="session")
def qa() -> list[dict]:
    return [json.loads(line) for line in QA_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def hash_bot(tmp_path_factory):
    """An assistant over the seeds with the deterministic hashing embedder (fast, no model)."""
    from assistant.config import Settings
    from assistant.pipeline import Assistant
    from assistant.retrieval.embed import HashEmbedder

    settings = Settings(source=SEEDS, index_dir=tmp_path_factory.mktemp("hash-index"), model="hash")
    return Assistant.build(settings=settings, embedder=HashEmbedder())


@pytest.fixture(scope="session")
def real_bot(tmp_path_factory):
    """An assistant over the seeds with the real default model (converted once into the user cache)."""
    from assistant.config import Settings
    from assistant.pipeline import Assistant

    settings = Settings(source=SEEDS, index_dir=tmp_path_factory.mktemp("real-index"))
    return Assistant.build(settings=settings)
