"""Properties that hold for every instrument and every possible set of answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindmind.measures.change import score_range
from kindmind.measures.keys import INSTRUMENTS, Instrument
from kindmind.measures.scoring import score

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

instruments = st.sampled_from(list(INSTRUMENTS.values()))


@st.composite
def complete_answers(draw: st.DrawFn) -> tuple[Instrument, list[int | None]]:
    instrument = draw(instruments)
    answer = st.integers(instrument.response_min, instrument.response_max)
    return instrument, draw(st.lists(answer, min_size=instrument.items, max_size=instrument.items))


@st.composite
def answers_with_gaps(draw: st.DrawFn) -> tuple[Instrument, list[int | None]]:
    instrument = draw(instruments)
    answer = st.none() | st.integers(instrument.response_min, instrument.response_max)
    return instrument, draw(st.lists(answer, min_size=instrument.items, max_size=instrument.items))


@given(complete_answers())
def test_every_score_lies_within_its_published_range(
    case: tuple[Instrument, list[int | None]],
) -> None:
    instrument, answers = case
    result = score(instrument.id, answers)
    assert result.complete
    scales = ([instrument.total] if instrument.total else []) + list(instrument.subscales)
    for scale in scales:
        value = result.total if scale.name == "total" else result.subscales[scale.name]
        low, high = score_range(instrument, scale)
        assert value is not None
        assert low <= value <= high, (instrument.id, scale.name, value)


@given(answers_with_gaps())
def test_scores_with_gaps_stay_in_range_or_are_null(
    case: tuple[Instrument, list[int | None]],
) -> None:
    instrument, answers = case
    result = score(instrument.id, answers)
    if instrument.total is not None and result.total is not None:
        low, high = score_range(instrument, instrument.total)
        assert low <= result.total <= high


@given(instruments, st.data())
def test_reversing_twice_is_identity(instrument: Instrument, data: st.DataObject) -> None:
    value = data.draw(st.integers(instrument.response_min, instrument.response_max))
    reversed_once = instrument.reverse(value)
    assert instrument.response_min <= reversed_once <= instrument.response_max
    assert instrument.reverse(reversed_once) == value


@given(answers_with_gaps())
def test_a_total_with_missing_items_exists_only_where_proration_is_allowed(
    case: tuple[Instrument, list[int | None]],
) -> None:
    instrument, answers = case
    result = score(instrument.id, answers)
    missing = [i for i in instrument.scored_items if answers[i - 1] is None]
    if not missing or instrument.total is None:
        return
    allowed = instrument.proration is not None and len(missing) <= instrument.proration.max_missing
    assert (result.total is not None) == (allowed and len(missing) < len(instrument.scored_items))
    assert ("prorated" in result.flags) == (result.total is not None)
    assert result.complete is False
    assert result.band is None or instrument.proration is not None


@given(answers_with_gaps())
def test_subscales_are_never_prorated(case: tuple[Instrument, list[int | None]]) -> None:
    instrument, answers = case
    result = score(instrument.id, answers)
    for scale in instrument.subscales:
        has_gap = any(answers[i - 1] is None for i in scale.items if i not in instrument.excluded)
        assert (result.subscales[scale.name] is None) == has_gap


@given(answers_with_gaps())
def test_risk_items_are_flagged_whatever_else_is_missing(
    case: tuple[Instrument, list[int | None]],
) -> None:
    instrument, answers = case
    endorsed = any(
        (answer := answers[item - 1]) is not None and answer > instrument.response_min
        for item in instrument.risk_items
    )
    assert ("risk_item" in score(instrument.id, answers).flags) == endorsed


@given(st.lists(st.integers(0, 4), min_size=10, max_size=10), st.integers(1, 10))
def test_core10_proration_is_ten_times_the_mean_of_the_answered_items(
    answers: list[int], missing: int
) -> None:
    gappy: list[int | None] = list(answers)
    gappy[missing - 1] = None
    scored = [4 - a if item in (2, 3) else a for item, a in enumerate(answers, start=1)]
    del scored[missing - 1]
    assert score("core10", gappy).total == 10 * sum(scored) / 9
