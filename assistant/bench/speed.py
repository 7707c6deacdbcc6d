"""Speed benchmarks: ``python -m assistant bench {ask,web}``.

``ask`` times ``Assistant.search`` and ``Assistant.ask`` in-process over the public
questions; ``web`` starts the app (or uses ``--url``) and sends ``clients`` concurrent
``gradio_client`` sessions of ``questions`` requests each to its ``/ask`` endpoint.
Both loops are bounded in count and target loopback only.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import AssistantError
from .evaluate import load_qa


@dataclass(frozen=True)
class Timing:
    name: str
    count: int
    errors: int
    p50_ms: float
    p95_ms: float
    seconds: float

    def row(self) -> list[str]:
        rate = self.count / self.seconds if self.seconds else 0.0
        return [self.name, str(self.count), str(self.errors), f"{self.p50_ms:.1f}", f"{self.p95_ms:.1f}",
                f"{rate:.1f}"]


HEADER = ["what", "requests", "errors", "p50 ms", "p95 ms", "requests/s"]


def _timing(name: str, latencies: Sequence[float], errors: int, seconds: float) -> Timing:
    values = np.asarray(latencies) if latencies else np.zeros(1)
    return Timing(name, len(latencies), errors, float(np.percentile(values, 50)), float(np.percentile(values, 95)),
                  seconds)


def bench_ask(settings: Settings, qa: Path, repeats: int = 3) -> list[Timing]:
    """In-process latency of ask and search, next to the bare cost of ask's two model calls measured in
    the same run on the same questions: one query embedding, and one reader pass over the same windows
    (the passages ``ask`` reads). After one warm-up."""
    from ..answer.answerer import prepare
    from ..answer.question import reader_question
    from ..pipeline import Assistant
    from ..schema import Answer
    from ..text import normalize

    bot = Assistant.load(settings=settings)
    questions = [q.question for q in load_qa(qa)]
    bot.ask(questions[0])
    passages: dict[str, tuple[str, list[str]]] = {}
    for question in questions:
        analysed = prepare(bot, question)
        if isinstance(analysed, Answer):
            continue
        hits = bot.search(analysed.simple, k=settings.top_k)[: settings.reader_passages]
        passages[question] = (reader_question(analysed), [h.chunk.search_text for h in hits])

    def bare(question: str) -> None:
        bot.embedder.encode_queries([normalize(question)])
        asked, texts = passages.get(question, (question, []))
        bot.reader.read(asked, texts)

    out = []
    for name, call in (("ask", bot.ask),
                       ("bare: query embedding + one reader pass", bare),
                       ("search (k=5)", lambda q: bot.search(q, k=5))):
        latencies = []
        started = time.perf_counter()
        for _ in range(repeats):
            for question in questions:
                t0 = time.perf_counter()
                call(question)
                latencies.append((time.perf_counter() - t0) * 1000)
        out.append(_timing(name, latencies, 0, time.perf_counter() - started))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(args: Sequence[str] = (), timeout: float = 600.0, output: list[str] | None = None) -> Iterator[str]:
    """Start ``app.py`` on a free loopback port; yield its URL; stop it afterwards. The app's output lines
    are appended to ``output`` when given."""
    port = free_port()
    app = Path(__file__).resolve().parent.parent.parent / "app.py"
    command = [sys.executable, str(app), "--host", "127.0.0.1", "--port", str(port), *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}/"
    lines: list[str] = output if output is not None else []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssistantError("the app exited before serving:\n" + "".join(lines[-20:]))
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssistantError(f"the app did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def bench_web(url: str, questions: Sequence[str], clients: int = 20, per_client: int = 10) -> Timing:
    """``clients`` concurrent gradio_client sessions, ``per_client`` /ask calls each."""
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:
            with lock:
                errors.extend([f"connect: {exc}"] * per_client)
            return
        for i in range(per_client):
            question = questions[(index * per_client + i) % len(questions)]
            t0 = time.perf_counter()
            try:
                result = client.predict(question, [], api_name="/ask")
                ok = isinstance(result, dict) and isinstance(result.get("text"), str) and result.get("reason") != "error"
            except Exception as exc:
                ok = False
                with lock:
                    errors.append(str(exc))
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)
                if not ok and len(errors) < len(latencies):
                    errors.append("bad response")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _timing(f"web /ask, {clients} clients × {per_client}", latencies, len(errors),
                   time.perf_counter() - started)


@dataclass(frozen=True)
class Throughput:
    """One row of a throughput benchmark: ``items`` processed in ``seconds``."""

    name: str
    items: int
    unit: str
    seconds: float
    baseline_seconds: float | None = None  # the bare operation over the same input, same run

    def row(self) -> list[str]:
        rate = self.items / self.seconds if self.seconds else 0.0
        ratio = f"{self.seconds / self.baseline_seconds:.2f}×" if self.baseline_seconds else ""
        return [self.name, f"{self.items:,} {self.unit}", f"{self.seconds:.2f}", f"{rate:,.0f}", ratio]


THROUGHPUT_HEADER = ["what", "input", "seconds", "per second", "time vs bare"]


def bench_ingest(squad: Path, paragraphs: int = 1000, workers: int = 0) -> list[Throughput]:
    """Ingest the first ``paragraphs`` of a SQuAD-style file with one worker and with ``workers`` (0: one
    per core), next to one bare OpenCC ``t2s`` pass over the same text, in the same run; checks that
    every run gives the same corpus."""
    from ..ingest.read import corpus_from_articles
    from ..parallel import worker_count
    from ..text import to_simplified
    from .evaluate import load_squad

    articles, _ = load_squad(squad, paragraphs)
    chars = sum(len(a.text) for a in articles)
    corpus_from_articles(articles[:20], Settings(ingest_workers=1))  # dictionaries and tables load first
    t0 = time.perf_counter()
    for article in articles:
        to_simplified(article.text)
    bare = time.perf_counter() - t0
    many = worker_count(workers, len(articles), chars) if workers else (os.cpu_count() or 1)
    rows = [Throughput("bare OpenCC t2s, one pass", chars, "chars", bare)]
    reference = None
    for count in dict.fromkeys((1, many)):
        t0 = time.perf_counter()
        corpus = corpus_from_articles(articles, Settings(ingest_workers=count), progress=False)
        seconds = time.perf_counter() - t0
        if reference is None:
            reference = corpus
        elif corpus != reference:
            raise AssistantError(f"ingest with {count} workers gave a different corpus than with one")
        rows.append(Throughput(f"ingest, {count} worker{'s' if count > 1 else ''}", chars, "chars", seconds, bare))
    return rows


def bench_embed(squad: Path, settings: Settings, paragraphs: int = 200) -> list[Throughput]:
    """Embedding throughput of a build (every chunk and unique sentence of ``paragraphs`` SQuAD-style
    paragraphs, nothing reused) next to the bare model's ``encode`` of the same texts, same run."""
    from ..ingest.read import corpus_from_articles
    from ..retrieval.embed import SentenceTransformerEmbedder, load_embedder
    from ..retrieval.index import build_index, chunk_contexts, passage_text
    from .evaluate import load_squad

    embedder = load_embedder(settings)
    if not isinstance(embedder, SentenceTransformerEmbedder):
        raise AssistantError("bench embed needs a real embedding model, not --model hash")
    articles, _ = load_squad(squad, paragraphs)
    corpus = corpus_from_articles(articles, settings, progress=False)
    embedder.encode_passages(["预热"] * 4)
    index = build_index(corpus, embedder, settings, squad, progress=False)
    texts = index.manifest["embedded"]["chunks"] + index.manifest["embedded"]["sentences"]
    built = index.manifest["stage_seconds"]["embed"]
    # the same texts the build embedded: each chunk's passage, and each distinct sentence once
    passages = [passage_text(context, c) for context, c in zip(chunk_contexts(corpus), corpus.chunks)]
    distinct = {row: corpus.chunks[ci].search_text[a:b] for ci, a, b, row in index.sentence_ids.tolist()}
    sentences = [distinct[row] for row in sorted(distinct)]
    prompt = embedder.passage_prompt
    t0 = time.perf_counter()
    for group in (passages, sentences):
        embedder.model.encode([prompt + t for t in group], batch_size=settings.embed_batch_size,
                              normalize_embeddings=True, convert_to_numpy=True)
    bare = time.perf_counter() - t0
    device = f"{embedder.device} ({embedder.model.dtype if hasattr(embedder.model, 'dtype') else ''})"
    return [Throughput(f"bare model encode on {device}", len(passages) + len(sentences), "texts", bare),
            Throughput("build (embedding stage)", texts, "texts", built, bare)]
