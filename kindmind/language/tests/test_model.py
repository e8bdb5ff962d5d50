"""The committed linear models give the same scores however their weights are held."""

from __future__ import annotations

import numpy as np
import pytest

from kindmind.language import features, model, text

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

SENTENCES = [
    "I always mess everything up and my friends probably hate me.",
    "You are pathetic, you ruin everything.",
    "I went for a walk and felt a bit calmer afterwards.",
    "",
    "héllo wörld 😀",
]


def test_scores_are_those_of_the_float32_weights() -> None:
    # The weights stay int8 in memory and only a text's rows are multiplied by their
    # scale (model.LinearModels.weights); the scores must be exactly those of the whole
    # matrix multiplied out in float32 at load, as it was before.
    models = model.load()
    with np.load(model.ARTEFACTS / "model.npz", allow_pickle=False) as data:
        whole = data["weights"].astype(np.float32) * data["scale"].astype(np.float32)[None, :]
    rng = np.random.default_rng(7)
    assert models.dense is not None
    for sentence in SENTENCES:
        prepared = text.prepare(sentence)
        embedding = rng.standard_normal((models.dense.shape[0],), dtype=np.float32)
        indices, values = models.vectoriser.vector(prepared)
        expected = models.bias.copy()
        if len(indices):
            expected += values @ whole[indices]
        expected += embedding @ models.dense
        np.testing.assert_array_equal(models.raw_scores(prepared, embedding), expected)


def test_words_past_the_vectoriser_s_cache_give_the_same_vector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The vectoriser keeps the n-gram indices of its first CHAR_INDEX_WORDS words only;
    # a word it does not keep is looked up again, to the same vector.
    models = model.load()
    kept = features.FastVectoriser(models.vocabulary, models.idf)
    prepared = [text.prepare(sentence) for sentence in SENTENCES * 2]
    expected = [kept.vector(p) for p in prepared]
    assert kept._chars
    monkeypatch.setattr(features, "CHAR_INDEX_WORDS", 0)
    none_kept = features.FastVectoriser(models.vocabulary, models.idf)
    for p, (indices, values) in zip(prepared, expected, strict=True):
        got_indices, got_values = none_kept.vector(p)
        np.testing.assert_array_equal(got_indices, indices)
        np.testing.assert_array_equal(got_values, values)
    assert not none_kept._chars
