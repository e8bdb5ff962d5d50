"""The sentence encoder: right numbers, unit rows, and no crash on bad input.

The expected figures are published ones, not from a second implementation of ours:
- sentence-transformers' documentation (index.rst, huggingface/sentence-transformers)
  prints the cosine similarities of all-MiniLM-L6-v2 for three sentences: 0.6660, 0.1046
  and 0.1411;
- langchain4j-embeddings (AllMiniLmL6V2EmbeddingModelTest) checks four components of the
  embedding of "I love sentence transformers." against the sentence-transformers library:
  -0.0803190097, -0.0171345081 (first two) and 0.0478825271, -0.0561899580 (last two).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kindmind.language import encoder as encoder_module
from kindmind.language.encoder import Encoder, EncoderUnavailable, default_encoder, model_dir

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

WEATHER = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
PUBLISHED_SIMILARITY = {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411}
PUBLISHED_COMPONENTS = {0: -0.0803190097, 1: -0.0171345081, 382: 0.0478825271, 383: -0.0561899580}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("encoder-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KINDMIND_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def encoder(cache: Path) -> Encoder:
    return Encoder.load()


def test_the_float_encoder_reproduces_published_values(cache: Path) -> None:
    exact = Encoder.load(quantised=False)
    row = exact.embed(["I love sentence transformers."])[0]
    for index, value in PUBLISHED_COMPONENTS.items():
        assert row[index] == pytest.approx(value, rel=0.01)
    rows = exact.embed(WEATHER)
    for (i, j), value in PUBLISHED_SIMILARITY.items():
        assert float(rows[i] @ rows[j]) == pytest.approx(value, abs=1e-3)
    # Padded batches give each text the row it gets alone.
    padded = exact.embed(["ok", *WEATHER, "a much longer text to pad the batch out " * 5])
    np.testing.assert_allclose(
        padded[1:4], np.stack([exact.embed([t])[0] for t in WEATHER]), atol=1e-5
    )


def test_the_quantised_encoder_stays_close_to_published_similarities(encoder: Encoder) -> None:
    rows = encoder.embed(WEATHER)
    for (i, j), value in PUBLISHED_SIMILARITY.items():
        assert float(rows[i] @ rows[j]) == pytest.approx(value, abs=0.03)
    row = encoder.embed(["I love sentence transformers."])[0]
    # langchain4j allows 18% on each component for its own int8 model; so do we.
    for index, value in PUBLISHED_COMPONENTS.items():
        assert row[index] == pytest.approx(value, rel=0.18)


EXACT_ROWS = Path(__file__).parent / "data" / "exact_int8_rows.json"
# Texts whose int8 rows moved most when products saturated: our own instructions, which
# the crisis and warmth heads read near their thresholds, and three texts a person might
# write. Their rows are kept in EXACT_ROWS, written by `write_exact_rows`.
EXACT_TEXTS = [
    "Take each step at your own pace, for about the time it shows. "
    "When you've finished, tell us below.",
    "Let the place fade, knowing you can come back to it. "
    "Open your eyes and feel your feet on the floor.",
    "Get to know what the critic says, what it is trying to do and what it fears, "
    "then let your compassionate self reply. About ten minutes; you can stop anywhere.",
    "How the part of you being criticised feels",
    "I can't stop thinking that everyone would be better off without me.",
    "You're useless, you always mess everything up and you never learn.",
    "Had a calm walk by the river this morning and felt a bit lighter.",
]


def write_exact_rows(encoder: Encoder) -> None:
    """Write EXACT_ROWS again; only after a change that is meant to move every row (a new
    GRAPH_VERSION or ONNX Runtime), and say so in the commit."""
    import onnxruntime  # type: ignore[import-untyped]

    rows = encoder.embed(EXACT_TEXTS)
    lines = [
        json.dumps({"text": text, "row": [round(float(x), 6) for x in row]})
        for text, row in zip(EXACT_TEXTS, rows, strict=True)
    ]
    about = json.dumps(
        f"int8 rows of the sentence encoder, GRAPH_VERSION {encoder_module.GRAPH_VERSION}, "
        f"onnxruntime {onnxruntime.__version__}, exact integer products"
    )
    EXACT_ROWS.write_text(
        '{"about": ' + about + ',\n "rows": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n",
        encoding="utf-8",
    )


def test_a_text_gets_the_same_row_on_every_machine(encoder: Encoder) -> None:
    # On x86-64 without VNNI, ONNX Runtime's default int8 kernel saturated sums of
    # products: the rows moved (cosine 0.980-0.994 to these), enough to make an
    # instruction of ours read as urgent risk on one machine and not on another. These
    # rows were written on a machine without VNNI, with the exact kernel; a machine with
    # VNNI computes the same integers, so only float rounding may differ.
    kept = json.loads(EXACT_ROWS.read_text(encoding="utf-8"))["rows"]
    assert [row["text"] for row in kept] == EXACT_TEXTS
    expected = np.array([row["row"] for row in kept], dtype=np.float32)
    rows = encoder.embed(EXACT_TEXTS)
    cosines = (rows * expected).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    np.testing.assert_allclose(rows, expected, atol=5e-3)


def test_paraphrases_score_far_above_unrelated_sentences(encoder: Encoder) -> None:
    pairs = [
        ("I feel like a complete failure.", "I think I am a total failure."),
        ("I can't sleep because I'm worried.", "Worry keeps me awake at night."),
        ("Thank you so much for helping me.", "I'm really grateful for your help."),
    ]
    unrelated = "The train to the airport leaves at nine."
    for first, second in pairs:
        a, b, c = encoder.embed([first, second, unrelated])
        assert float(a @ b) > float(a @ c) + 0.3


def test_rows_are_unit_length_deterministic_and_in_order(encoder: Encoder) -> None:
    texts = ["short", "a somewhat longer sentence about my day at work", "hello there"]
    first = encoder.embed(texts)
    assert first.shape == (3, encoder.dim) == (3, 384)
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(first, encoder.embed(texts))
    alone = [encoder.embed([text])[0] for text in texts]
    np.testing.assert_allclose(first, np.stack(alone), atol=1e-6)


def test_a_row_does_not_depend_on_its_batch(encoder: Encoder) -> None:
    text = "Some days I am kind to myself, and some days I am not."
    filler = ["ok", "A much longer text that pads the whole batch out to many more tokens " * 3]
    alone = encoder.embed([text])[0]
    batched = encoder.embed([*filler, text, *filler], batch_size=2)
    np.testing.assert_allclose(batched[2], alone, atol=1e-6)
    assert encoder.embed([]).shape == (0, 384)


def test_two_runs_side_by_side_give_the_same_rows_in_order(encoder: Encoder) -> None:
    # `kindmind analyse` reads two texts at once on two cores: each text's row must be the
    # one it gets alone, in its own place.
    texts = [f"Day {n}: I tried to be gentle with myself, {'mostly ' * n}" for n in range(12)]
    one_at_a_time = encoder.embed(texts)
    encoder.runners = 2
    try:
        side_by_side = encoder.embed(texts)
    finally:
        encoder.runners = 1
    np.testing.assert_array_equal(side_by_side, one_at_a_time)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "x" * 100_000,
        "I feel awful. " * 7_000,
        "I\x00 feel\x00\x00 alone",
        "😢😢😭💔",
        "אני מרגיש בודד מאוד היום",
        "أشعر بالوحدة اليوم",
        "I feel sad, je suis triste, ich bin traurig, 我很难过",
    ],
    ids=[
        "empty",
        "whitespace",
        "100k-one-word",
        "100k-words",
        "nul",
        "emoji",
        "hebrew",
        "arabic",
        "mixed",
    ],
)
def test_bad_input_gives_a_well_formed_row(encoder: Encoder, text: str) -> None:
    rows = encoder.embed([text, "an ordinary sentence"])
    assert rows.shape == (2, 384)
    assert np.isfinite(rows).all()
    assert float(np.linalg.norm(rows[0])) == pytest.approx(1.0, abs=1e-4)


def test_long_texts_are_cut_at_max_tokens(encoder: Encoder) -> None:
    head = "I keep thinking that nobody would notice if I was gone. " * 40
    rows = encoder.embed([head, head + "but the weather was nice. " * 3000])
    assert encoder.max_tokens == 128
    np.testing.assert_allclose(rows[0], rows[1], atol=1e-6)


def test_nul_characters_are_ignored(encoder: Encoder) -> None:
    rows = encoder.embed(["I feel alone", "I\x00 feel alone\x00"])
    assert float(rows[0] @ rows[1]) > 0.999


def test_default_encoder_is_one_per_process(cache: Path) -> None:
    assert default_encoder() is default_encoder()


def _copy_model(target: Path) -> Path:
    source = model_dir()
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        shutil.copy(source / name, target / name)
    return target


def test_a_truncated_weights_file_is_named(cache: Path, tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    with pytest.raises(EncoderUnavailable, match=r"model\.safetensors"):
        Encoder.load(folder)


@pytest.mark.parametrize("name", ["model.safetensors", "tokenizer.json", "config.json"])
def test_a_missing_file_is_named(cache: Path, tmp_path: Path, name: str) -> None:
    folder = _copy_model(tmp_path)
    (folder / name).unlink()
    with pytest.raises(EncoderUnavailable, match=name.replace(".", r"\.")):
        Encoder.load(folder)


def test_a_damaged_cache_file_is_rebuilt(cache: Path, encoder: Encoder) -> None:
    cached = encoder_module._cached_model_path(model_dir() / "model.safetensors")
    assert cached.is_file()
    cached.write_bytes(b"not an onnx model")
    rebuilt = Encoder.load()
    np.testing.assert_allclose(rebuilt.embed(WEATHER), encoder.embed(WEATHER), atol=1e-6)
    assert cached.stat().st_size > 1_000_000


def test_a_missing_table_file_is_rebuilt(cache: Path, encoder: Encoder) -> None:
    cached = encoder_module._cached_model_path(model_dir() / "model.safetensors")
    table = encoder_module._table_path(cached)
    assert table.is_file()
    table.unlink()  # the mapping of a process that has it open stays valid
    rebuilt = Encoder.load()
    np.testing.assert_array_equal(rebuilt.embed(WEATHER), encoder.embed(WEATHER))
    assert table.stat().st_size == 30522 * 384 * 4


# Texts of every length up to MAX_TOKENS and beyond, and unusual characters.
SAMPLES = [
    *WEATHER,
    "I always mess everything up and my friends probably hate me.",
    "héllo wörld 😀 " * 3,
    "A long message about a hard week at work. " * 40,
    "",
]


def test_the_table_kept_apart_gives_the_same_rows_as_the_whole_graph(
    cache: Path, encoder: Encoder
) -> None:
    # The cached graph keeps its word embedding table in a file of its own, mapped into
    # memory (encoder._EXTERNAL_TABLE); the same graph with the table inside must give
    # exactly the same rows, bit for bit.
    import onnx
    import onnxruntime

    cached = encoder_module._cached_model_path(model_dir() / "model.safetensors")
    whole = onnx.load(str(cached))  # reads the external table back into the graph
    session = onnxruntime.InferenceSession(
        whole.SerializeToString(),
        sess_options=encoder_module.session_options(),
        providers=["CPUExecutionProvider"],
    )
    inline = Encoder(session, encoder._tokenizer, encoder.dim, encoder.max_tokens, alone=True)
    np.testing.assert_array_equal(encoder.embed(SAMPLES), inline.embed(SAMPLES))


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux's /proc only")
def test_the_table_is_mapped_not_copied(cache: Path) -> None:
    # If an ONNX Runtime upgrade copied external data instead of mapping it, every
    # serving process would hold its own 47 MB again (BENCHMARKS.md, Web).
    loaded = Encoder.load()
    cached = encoder_module._cached_model_path(model_dir() / "model.safetensors")
    table = str(encoder_module._table_path(cached))
    maps = Path("/proc/self/maps").read_text()
    assert any(line.endswith(" " + table) for line in maps.splitlines())
    assert loaded.embed(["still runs"]).shape == (1, loaded.dim)
