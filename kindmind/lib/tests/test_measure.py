"""The benches' percentile: the figures in BENCHMARKS.md are read with it."""

import math

import pytest

from kindmind.lib.measure import percentile

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def test_percentile_is_the_nearest_rank_between_first_and_last() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 3.0
    assert percentile([5.0, 1.0], 0.0) == 1.0
    assert percentile([5.0, 1.0], 1.0) == 5.0
    # p95 of 1..100: the 95th of the 99 steps from the first, rounded: 95.05 -> 95.
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0


def test_percentile_of_nothing_is_not_a_number() -> None:
    assert math.isnan(percentile([], 0.95))
