"""`kindmind language` and `kindmind bench`: usage, and the benchmark's JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kindmind.language import bench, cli, corpora


def test_bench_and_language_explain_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.bench_main(["--help"]) == 0
    assert "kindmind bench" in capsys.readouterr().out
    assert cli.language_main(["--help"]) == 0
    assert cli.language_main([]) == 2
    assert cli.bench_main(["nonsense"]) == 2


def test_auc_counts_ties_as_half() -> None:
    assert bench.auc([0.1, 0.9], [0, 1]) == 1.0
    assert bench.auc([0.5, 0.5], [0, 1]) == 0.5
    assert bench.auc([0.9, 0.1, 0.4, 0.6], [0, 1, 0, 1]) == 0.25


@pytest.mark.skipif(
    not (corpora.shared_dir() / "goemotions").is_dir(), reason="needs ../shared/data"
)
def test_bench_json_has_one_object_per_case_with_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    written: list[str] = []
    assert bench.run(["--quality-only", "--json", str(path)], written.append) == 0
    results = json.loads(path.read_text(encoding="utf-8"))
    assert results and all({"bench", "case", "n", "value"} <= set(r) for r in results)
    assert all(r["bench"] == "language" for r in results)
    assert any(r["case"].startswith("crisis.") for r in results)
    assert "case" in written[0]
