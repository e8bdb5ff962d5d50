"""The pure progress series and chart geometry: baselines, reliable change, and bands
drawn only where they are published, each whole score inside its own band."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindmind.measures import charts, keys, progress
from kindmind.measures.scoring import score

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def entries(instrument: str, answer_sets: Sequence[Sequence[int | None]]) -> list[progress.Entry]:
    return [
        progress.Entry(str(i), START + timedelta(days=14 * i), score(instrument, a).as_json())
        for i, a in enumerate(answer_sets)
    ]


def test_the_first_known_score_is_the_baseline_and_later_ones_are_compared() -> None:
    found = progress.series(
        "phq9",
        entries(
            "phq9",
            [
                [1, 1, None, 1, 1, 1, 1, 1, 0],  # incomplete: no total, never the baseline
                [3, 3, 3, 2, 2, 2, 2, 2, 0],  # 19
                [1, 1, 1, 0, 0, 1, 0, 0, 0],  # 4
            ],
        ),
    )
    (series,) = found
    assert [p.category for p in series.points] == ["no_score", "baseline", "improved"]
    assert series.baseline is not None and series.baseline.value == 19
    assert series.points[2].change is not None
    assert series.points[2].change.rci == pytest.approx(-6.1666, abs=1e-3)
    assert series.source is not None and "Kroenke" in series.source
    assert series.reason is None


def test_where_no_parameters_are_published_change_is_not_established() -> None:
    (series,) = progress.series("phq4", entries("phq4", [[3, 3, 3, 3], [0, 0, 0, 0]]))
    assert [p.category for p in series.points] == ["baseline", "not_established"]
    assert series.source is None
    assert series.reason is not None and "not established" in series.reason


def test_an_instrument_without_a_total_has_a_series_per_subscale() -> None:
    found = progress.series("fscrs", entries("fscrs", [[2] * 22, [1] * 22]))
    assert [s.scale for s in found] == ["inadequate_self", "hated_self", "reassured_self"]
    assert [p.value for p in found[1].points] == [10, 5]
    drawn = charts.chart(found)
    assert drawn.bands == ()
    assert [line.style for line in drawn.lines] == [0, 1, 2]


def test_bands_are_drawn_only_where_published() -> None:
    for instrument in ("core10", "scs", "tpas", "fcs_for_self"):
        assert keys.get(instrument).bands == ()
    answers = {"core10": [[2] * 10], "phq9": [[1] * 9]}
    assert charts.chart(progress.series("core10", entries("core10", answers["core10"]))).bands == ()
    phq9 = charts.chart(progress.series("phq9", entries("phq9", answers["phq9"])))
    assert [b.label for b in phq9.bands] == [b.label for b in keys.get("phq9").bands]


@pytest.mark.parametrize("instrument", ["phq9", "gad7", "phq4"])
def test_the_band_regions_meet_without_gaps_and_fill_the_scale(instrument: str) -> None:
    key = keys.get(instrument)
    count = key.items
    drawn = charts.chart(progress.series(instrument, entries(instrument, [[0] * count])))
    regions = sorted(drawn.bands, key=lambda b: -b.y)  # from the bottom up
    assert regions[0].y + regions[0].height == pytest.approx(charts.BOTTOM)
    assert regions[-1].y == pytest.approx(charts.TOP)
    for lower, upper in itertools.pairwise(regions):
        assert upper.y + upper.height == pytest.approx(lower.y, abs=0.11)


@given(st.integers(min_value=0, max_value=27))
def test_every_whole_phq9_score_lies_inside_its_own_band(total: int) -> None:
    answers = [min(3, max(0, total - 3 * i)) for i in range(9)]
    assert sum(answers) == total
    drawn = charts.chart(progress.series("phq9", entries("phq9", [answers])))
    (marker,) = drawn.lines[0].markers
    band = score("phq9", answers).band
    (region,) = [b for b in drawn.bands if b.label == band]
    assert region.y <= marker.y <= region.y + region.height


def test_time_sets_the_distance_between_points() -> None:
    found = progress.series(
        "gad7",
        [
            progress.Entry("a", START, score("gad7", [1] * 7).as_json()),
            progress.Entry("b", START + timedelta(days=10), score("gad7", [1] * 7).as_json()),
            progress.Entry("c", START + timedelta(days=40), score("gad7", [1] * 7).as_json()),
        ],
    )
    xs = [m.x for m in charts.chart(found).lines[0].markers]
    assert xs[0] == charts.LEFT and xs[2] == charts.RIGHT
    assert (xs[1] - xs[0]) * 3 == pytest.approx(xs[2] - xs[1], abs=0.2)


def test_one_answer_sits_in_the_middle_with_one_date() -> None:
    drawn = charts.chart(progress.series("gad7", entries("gad7", [[1] * 7])))
    assert drawn.lines[0].markers[0].x == (charts.LEFT + charts.RIGHT) / 2
    assert len(drawn.x_labels) == 1


def test_dates_on_the_axis_never_crowd() -> None:
    many = entries("gad7", [[1] * 7 for _ in range(30)])
    labels = charts.chart(progress.series("gad7", many)).x_labels
    xs = [x for x, _, _ in labels]
    assert xs[0] == charts.LEFT and xs[-1] == charts.RIGHT
    assert all(b - a >= 50 for a, b in itertools.pairwise(xs))


def test_the_pure_modules_import_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import kindmind.measures.progress, kindmind.measures.charts, "
        "kindmind.measures.fhir; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
