"""`kindmind language train` rebuilds artefacts that measure like the committed ones.

Slow (several minutes) and needs scikit-learn and ../shared/data, so it runs only when
asked: `KINDMIND_TRAIN_TEST=1 .venv/bin/pytest kindmind/language/tests/test_training_reproduces.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kindmind.language import corpora, model, train

pytestmark = pytest.mark.skipif(
    not os.environ.get("KINDMIND_TRAIN_TEST") or not (corpora.shared_dir() / "goemotions").is_dir(),
    reason="slow: set KINDMIND_TRAIN_TEST=1 (needs ../shared/data and scikit-learn)",
)


def test_training_again_gives_the_committed_metrics(tmp_path: Path) -> None:
    result = train.train(corpora.shared_dir(), tmp_path)
    committed = json.loads((model.ARTEFACTS / "metrics.json").read_text(encoding="utf-8"))
    again = {r["case"]: r["value"] for r in result["metrics"]}
    for case in committed:
        assert again[case["case"]] == pytest.approx(case["value"], abs=0.02), case["case"]
