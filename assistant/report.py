"""Plain-text reports for the command line."""

from __future__ import annotations

from .schema import Corpus


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (renders in README and reads fine in a terminal)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(out)


def ingest_report(corpus: Corpus, details: bool = False) -> str:
    """Per-document characters in/out, removals and chunks, plus skipped files."""
    rows = []
    for record in corpus.records:
        doc = corpus.document(record.doc_id)
        rows.append([
            record.doc_id, doc.script, doc.meta.region or "-", str(record.chars_in), str(record.chars_out),
            str(record.annotations_removed), str(record.mojibake_runs), str(record.boilerplate_lines),
            str(record.chunks),
        ])
    total = [
        "**total**", "", "",
        str(sum(r.chars_in for r in corpus.records)), str(sum(r.chars_out for r in corpus.records)),
        str(sum(r.annotations_removed for r in corpus.records)),
        str(sum(r.mojibake_runs for r in corpus.records)),
        str(sum(r.boilerplate_lines for r in corpus.records)),
        str(sum(r.chunks for r in corpus.records)),
    ]
    lines = [table(
        ["document", "script", "region", "chars in", "chars out", "annotations", "mojibake runs",
         "boilerplate lines", "chunks"],
        [*rows, total],
    )]
    if details:
        for record in corpus.records:
            for removal in record.removals:
                if removal.kind != "annotation":
                    lines.append(f"{record.doc_id} {removal.kind:<11} {removal.text[:60]!r}")
    for problem in corpus.problems:
        lines.append(f"skipped {problem.path}: {problem.reason}")
    return "\n".join(lines)


def articles_table(corpus: Corpus) -> str:
    """Every article of an index: id, title, region, date, source and chunk count."""
    chunks: dict[str, int] = {}
    for record in corpus.records:
        chunks[record.doc_id] = record.chunks
    rows = [[d.id, d.meta.title or "-", d.meta.region or "-", d.meta.date or "-", d.meta.source or "-",
             str(chunks.get(d.id, 0))] for d in corpus.documents]
    return table(["document", "title", "region", "date", "source", "chunks"], rows)
