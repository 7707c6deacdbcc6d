"""Command line: ``python -m assistant {ingest,build,search,ask,eval,bench}``.

Errors meant for users (:class:`~assistant.errors.AssistantError`) print as one line
and exit with status 2; nothing else is caught.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import Settings
from .errors import AssistantError


def _settings(args: argparse.Namespace) -> Settings:
    changes = {}
    if getattr(args, "source", None):
        changes["source"] = Path(args.source)
    if getattr(args, "index", None):
        changes["index_dir"] = Path(args.index)
    if getattr(args, "model", None):
        changes["model"] = args.model
    return Settings().with_(**changes)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest
    from .report import ingest_report

    settings = _settings(args)
    corpus = ingest(settings.source, settings, progress=None if not args.progress else True)
    if args.json:
        print(json.dumps([r.__dict__ | {"removals": [x.__dict__ for x in r.removals]} for r in corpus.records],
                         ensure_ascii=False, indent=2))
    else:
        print(ingest_report(corpus, details=args.details))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Grounded question answering over returnee-entrepreneurship (返乡创业) articles.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="clean and chunk a source and print the ingest report")
    p.add_argument("--source", help="folder of .txt/.md articles or a .jsonl file (default: seeds/)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--details", action="store_true", help="list every mojibake run and dropped line")
    p.add_argument("--progress", action="store_true", help="always show a progress bar")
    p.set_defaults(func=cmd_ingest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
