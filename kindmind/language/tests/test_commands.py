"""`kindmind language` and `kindmind bench`: usage, the intervals, and the JSON document."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kindmind.language import bench, cli, corpora

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

FIGURE_KEYS = {"name", "corpus", "source", "n", "value", "ci_low", "ci_high"}


def test_bench_and_language_explain_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.bench_main(["--help"]) == 0
    assert "kindmind bench" in capsys.readouterr().out
    assert cli.bench_main(["language", "--help"]) == 0
    assert "--before" in capsys.readouterr().out
    assert cli.language_main(["--help"]) == 0
    assert cli.language_main([]) == 2
    assert cli.bench_main(["nonsense"]) == 2
    for bad in ("0", "-3", "many", "²"):
        assert bench.run(["--sample", bad], print) == 2


def test_auc_counts_ties_as_half() -> None:
    assert bench.auc([0.1, 0.9], [0, 1]) == 1.0
    assert bench.auc([0.5, 0.5], [0, 1]) == 0.5
    assert bench.auc([0.9, 0.1, 0.4, 0.6], [0, 1, 0, 1]) == 0.25


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson
        # score without continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombes_worked_examples(
    successes: int, n: int, low: float, high: float
) -> None:
    found = bench.wilson(successes, n)
    assert found == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_of_nothing_is_undefined_and_printed_as_null() -> None:
    assert all(math.isnan(bound) for bound in bench.wilson(0, 0))
    figure = bench._rate("crisis.everyday_flagged", "empty", "real", 0, 0, "<= 0.05")
    assert figure["value"] is None and figure["ci_low"] is None and "pass" not in figure
    json.dumps(figure, allow_nan=False)


def test_auc_interval_is_hanley_and_mcneils() -> None:
    # A = 0.8 with 50 positives and 50 negatives: Q1 = 0.8 / 1.2, Q2 = 1.28 / 1.8, and
    # SE^2 = (0.16 + 49 (Q1 - 0.64) + 49 (Q2 - 0.64)) / 2500 = 0.0019804, SE = 0.04450.
    low, high = bench.hanley_mcneil(0.8, 50, 50)
    assert (high - low) / 2 / bench.Z95 == pytest.approx(0.04450, abs=5e-5)
    assert (low + high) / 2 == pytest.approx(0.8)
    assert bench.hanley_mcneil(0.99, 3, 3)[1] == 1.0  # clipped to a possible AUC
    figure = bench._auc_result("warmth.auc", "c", "real", [0.9, 0.1, None, 0.8], [1, 0, 1, 0])
    assert (figure["n"], figure["n_pos"], figure["n_neg"]) == (3, 1, 2)
    assert figure["skipped_unsupported"] == 1


def test_macro_recall_is_the_mean_of_each_systems_recall_each_with_its_interval() -> None:
    pairs = [("threat", "threat")] * 8 + [("threat", "drive")] * 2 + [("drive", "drive")] * 5
    pairs += [("drive", "soothing")] * 5
    macro, *per_system = bench._macro_recall("systems.macro_recall", "c", pairs, ">= 0.70")
    assert macro["value"] == pytest.approx((0.8 + 0.5) / 2)
    assert macro["n"] == 20 and macro["systems"] == ["threat", "drive"]
    assert macro["ci_low"] < macro["value"] < macro["ci_high"]
    assert macro["pass"] is False
    assert [(f["name"], f["n"], f["value"]) for f in per_system] == [
        ("systems.recall_threat", 10, 0.8),
        ("systems.recall_drive", 10, 0.5),
    ]
    assert per_system[0]["ci_low"] == round(bench.wilson(8, 10)[0], 4)


def _figures() -> list[bench.Result]:
    return [
        bench._rate("crisis.everyday_flagged", "xed_en heldout", "real", 3, 100, "<= 0.05"),
        bench._rate("crisis.everyday_flagged", "team:crisis_heldout17-24", "team", 9, 100),
        bench._result("speed.batch_texts_per_second_goemotions_test", "g", None, 10, 900.0),
    ]


def test_document_holds_every_figure_with_n_and_interval_and_says_what_was_measured() -> None:
    document = bench.document(_figures(), bench.about(note="a test"))
    text = json.dumps(document, allow_nan=False)
    read = json.loads(text)
    assert list(read) == ["about", "figures"]
    assert read["about"]["what"] == "a test" and "date" in read["about"]
    assert all(set(f) >= FIGURE_KEYS for f in read["figures"])
    flagged = read["figures"][0]
    assert (flagged["n"], flagged["value"], flagged["target"], flagged["pass"]) == (
        100,
        0.03,
        "<= 0.05",
        True,
    )
    assert flagged["ci_low"] == 0.0103 and flagged["ci_high"] == 0.0845  # wilson(3, 100)
    assert read["figures"][2]["ci_low"] is None  # a speed has no interval here


def test_before_values_join_by_name_and_corpus(tmp_path: Path) -> None:
    earlier = bench.document(
        [
            bench._rate("crisis.everyday_flagged", "xed_en heldout", "real", 10, 100),
            bench._rate("crisis.everyday_flagged", "emobank test", "real", 1, 100),
        ],
        {"what": "before"},
    )
    later = bench.document(_figures(), {"what": "after"}, earlier)
    assert later["about"]["before"] == {"what": "before"}
    xed, team, speed = later["figures"]
    assert (xed["value"], xed["before"]) == (0.03, 0.1)
    assert xed["before_ci"] == [round(b, 4) for b in bench.wilson(10, 100)]
    assert team["before"] is None and speed["before"] is None  # not in the earlier run
    assert "before" in bench.table(later["figures"]).splitlines()[0]
    bad = tmp_path / "not-a-document.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert bench.run(["--json", "--before", str(bad)], print) == 2


@pytest.mark.skipif(
    not (corpora.shared_dir() / "goemotions").is_dir(), reason="needs ../shared/data"
)
def test_bench_prints_one_document_with_real_and_team_figures() -> None:
    # Forty texts of each set: the whole path on real and team data, in seconds rather
    # than the minute and a half of every text (the figures themselves: BENCHMARKS.md).
    written: list[str] = []
    assert bench.run(["--quality-only", "--sample", "40", "--json"], written.append) == 0
    document = json.loads("".join(written))
    assert document["about"]["sample_cap"] == 40
    figures = document["figures"]
    assert figures and all(set(f) >= FIGURE_KEYS for f in figures)
    real_flagged = [f for f in figures if f["name"] == "crisis.everyday_flagged"]
    assert all(f["n"] <= 40 for f in real_flagged if f["source"] == "real")
    assert max(f["sampled_from"] for f in figures if "sampled_from" in f) > 40
    flag_rates = {f["corpus"] for f in figures if f["name"] == "crisis.everyday_flagged"}
    assert {"goemotions test", "xed_en heldout", "sad_stress heldout", "emobank test"} <= (
        flag_rates
    )
    assert {f["source"] for f in figures} == {"real", "team"}
    again = bench.document(figures, {}, document)
    assert all(f["before"] == f["value"] for f in again["figures"])
