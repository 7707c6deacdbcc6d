"""Many processes at once: one rebuilds the index in a loop while others load and query it.

Every load must succeed (the old version or the new one) and no query may fail. The run lasts
``RELIABILITY_SECONDS`` (default 30) and is marked slow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from .conftest import ROOT, SEEDS

SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "30"))

WRITER = """
import sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.retrieval.embed import HashEmbedder
from assistant.pipeline import Assistant
index, sources, until = Path(sys.argv[1]), sys.argv[2:4], float(sys.argv[4])
builds = 0
while True:  # at least one build
    source = Path(sources[builds % 2])
    Assistant.build(settings=Settings(source=source, index_dir=index, model="hash"), embedder=HashEmbedder())
    builds += 1
    if time.time() >= until:
        break
print(builds)
"""

READER = """
import json, sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.retrieval.embed import HashEmbedder
from assistant.pipeline import Assistant
index, until, mode = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
embedder = HashEmbedder()
loads = queries = 0
failures = []
documents = set()
while time.time() < until:
    try:
        bot = Assistant.load(settings=Settings(index_dir=index, model="hash"), embedder=embedder, rebuild=mode)
        loads += 1
        documents.add(len(bot.index.documents))
        for question in ("菏泽建立了多少个返乡创业服务站", "昭通回引了多少人返乡创业"):
            if not bot.search(question, k=3):
                failures.append("no hits")
            queries += 1
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}"[:300])
print(json.dumps({"loads": loads, "queries": queries, "failures": failures, "documents": sorted(documents)}))
"""


@pytest.mark.slow
def test_loads_and_queries_never_fail_while_the_index_is_rebuilt(tmp_path):
    smaller = tmp_path / "four"
    shutil.copytree(SEEDS, smaller)
    next(smaller.glob("004_*.txt")).unlink()
    index = tmp_path / "index"
    subprocess.run([sys.executable, "-c", WRITER, str(index), str(SEEDS), str(smaller), "0"], check=True,
                   cwd=ROOT)  # the first version (until is in the past: one build)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    until = time.time() + SECONDS
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(index), str(SEEDS), str(smaller), str(until)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(index), str(until), mode],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
               for mode in ("never", "never", "if-needed")]
    results = [json.loads(r.communicate(timeout=SECONDS + 300)[0].strip().splitlines()[-1]) for r in readers]
    builds = int(writer.communicate(timeout=SECONDS + 300)[0].strip().splitlines()[-1])
    assert writer.returncode == 0 and builds >= 2
    for result in results:
        assert result["failures"] == [] and result["loads"] > 0 and result["queries"] == 2 * result["loads"]
    seen = set().union(*(r["documents"] for r in results))
    assert seen <= {4, 5}
    print(f"{builds} builds; loads {[r['loads'] for r in results]}; versions seen {sorted(seen)}")
