"""The breathing pacer's rhythms: unhurried by default and in every preset."""

from __future__ import annotations

import pytest

from kindmind.practice.pacer import DEFAULT, PRESETS, SLOWEST_RUSH, Pattern

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def test_the_default_is_five_to_six_breaths_a_minute_with_a_longer_out_breath() -> None:
    assert 5 <= DEFAULT.per_minute <= 6
    assert DEFAULT.breathe_out > DEFAULT.breathe_in


@pytest.mark.parametrize("slug", sorted(PRESETS))
def test_no_preset_is_rushed(slug: str) -> None:
    pattern = PRESETS[slug]
    assert pattern.cycle >= SLOWEST_RUSH
    assert pattern.breathe_out >= pattern.breathe_in
    assert 4 <= pattern.per_minute <= 6


def test_a_session_ends_at_the_end_of_a_breath() -> None:
    assert DEFAULT.breaths(5) == 27  # 27 x 11 s = 297 s
    boundaries = DEFAULT.boundaries(5)
    assert boundaries[0] == (0.0, "in")
    assert boundaries[1] == (5.0, "out")
    assert boundaries[-1] == (297.0, "end")
    assert len(boundaries) == 27 * 2 + 1


def test_pauses_take_their_place_in_the_schedule() -> None:
    pattern = Pattern(4, 1, 5, 1)
    assert [name for _, name in pattern.boundaries(1)[:5]] == [
        "in",
        "hold-in",
        "out",
        "hold-out",
        "in",
    ]
    assert [at for at, _ in pattern.boundaries(1)[:5]] == [0, 4, 5, 10, 11]
    # Long breaths of five seconds and more are possible.
    assert Pattern(8, 0, 12, 0).breaths(1) == 3
