"""The keys themselves: a typo in an item list would mis-score every person silently."""

from __future__ import annotations

import pytest

from kindmind.measures.keys import INSTRUMENTS, TOTAL, Instrument, UnknownInstrument, get

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

ALL = list(INSTRUMENTS.values())


def ids(instrument: Instrument) -> str:
    return instrument.id


def test_the_fourteen_instruments_of_the_issue() -> None:
    assert list(INSTRUMENTS) == [
        "phq9",
        "gad7",
        "phq4",
        "core10",
        "fscrs",
        "scs",
        "scs_sf",
        "fcs_for_others",
        "fcs_from_others",
        "fcs_for_self",
        "ceas_self",
        "ceas_to_others",
        "ceas_from_others",
        "tpas",
    ]


@pytest.mark.parametrize("instrument", ALL, ids=ids)
def test_every_item_number_is_in_range(instrument: Instrument) -> None:
    numbers = range(1, instrument.items + 1)
    scales = [s for s in (instrument.total, *instrument.subscales) if s is not None]
    for scale in scales:
        assert set(scale.items) <= set(numbers), scale.name
        assert len(set(scale.items)) == len(scale.items), f"{scale.name} repeats an item"
    for group in (instrument.reversed, instrument.excluded, instrument.risk_items):
        assert group <= set(numbers)


@pytest.mark.parametrize("instrument", ALL, ids=ids)
def test_subscales_share_no_item_and_leave_out_only_the_excluded(instrument: Instrument) -> None:
    if not instrument.subscales:
        return
    seen: list[int] = [item for scale in instrument.subscales for item in scale.items]
    assert len(seen) == len(set(seen)), "an item is in two subscales"
    assert set(seen) == set(instrument.scored_items)


@pytest.mark.parametrize("instrument", ALL, ids=ids)
def test_excluded_items_are_in_no_score_and_never_reversed(instrument: Instrument) -> None:
    scales = [s for s in (instrument.total, *instrument.subscales) if s is not None]
    for scale in scales:
        assert not set(scale.items) & instrument.excluded
    assert not instrument.reversed & instrument.excluded


@pytest.mark.parametrize("instrument", ALL, ids=ids)
def test_bands_cover_the_whole_total_without_gaps(instrument: Instrument) -> None:
    if not instrument.bands:
        return
    assert instrument.total is not None
    n = len(instrument.total.items)
    low, high = n * instrument.response_min, n * instrument.response_max
    assert instrument.bands[0].low == low
    assert instrument.bands[-1].high == high
    for before, after in zip(instrument.bands, instrument.bands[1:], strict=False):
        assert after.low == before.high + 1


def test_bands_exist_only_where_published() -> None:
    assert {i.id for i in ALL if i.bands} == {"phq9", "gad7", "phq4"}


def test_only_core10_may_be_prorated() -> None:
    assert {i.id for i in ALL if i.proration} == {"core10"}
    assert INSTRUMENTS["core10"].proration is not None
    assert INSTRUMENTS["core10"].proration.max_missing == 1


def test_the_risk_items() -> None:
    assert {i.id: set(i.risk_items) for i in ALL if i.risk_items} == {
        "phq9": {9},
        "core10": {6},
        "fscrs": {9},
    }


def test_no_total_for_fscrs_and_tpas() -> None:
    assert {i.id for i in ALL if i.total is None} == {"fscrs", "tpas"}


def test_scs_is_averaged_and_its_negative_items_reversed_for_the_total() -> None:
    scs = INSTRUMENTS["scs"]
    assert scs.total is not None and scs.total.method == "mean"
    assert all(s.method == "mean" for s in scs.subscales)
    negative = [s for s in scs.subscales if s.lower_is_better]
    assert {s.name for s in negative} == {"self_judgement", "isolation", "over_identification"}
    assert scs.reversed == {item for s in negative for item in s.items}


def test_ceas_fillers_are_excluded_not_reversed() -> None:
    for instrument_id in ("ceas_self", "ceas_to_others", "ceas_from_others"):
        ceas = INSTRUMENTS[instrument_id]
        assert ceas.excluded == {3, 7, 11}
        assert ceas.reversed == frozenset()


def test_directions_follow_the_design() -> None:
    lower = {
        (i.id, s.name)
        for i in ALL
        for s in (i.total, *i.subscales)
        if s is not None and s.lower_is_better
    }
    assert ("phq9", TOTAL) in lower and ("core10", TOTAL) in lower
    assert ("fcs_for_self", TOTAL) in lower
    assert ("fscrs", "inadequate_self") in lower and ("fscrs", "hated_self") in lower
    assert ("fscrs", "reassured_self") not in lower
    assert not any(i.startswith(("ceas", "tpas")) for i, _ in lower)


def test_built_in_rci_parameters_cite_their_sources() -> None:
    with_rci = {i.id for i in ALL if i.rci}
    assert with_rci == {"phq9", "gad7", "core10"}
    for instrument_id in with_rci:
        for parameters in INSTRUMENTS[instrument_id].rci.values():
            assert parameters.source and parameters.reliability_kind


def test_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrument, match="unknown instrument 'phq2'"):
        get("phq2")
