"""Benchmarks anyone can rerun: retrieval and answer quality (``evaluate``, ``answer_eval``), latency
and throughput next to their bare baselines (``speed``), and the index at 10k-1M chunks (``scale``)."""
