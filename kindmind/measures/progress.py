"""A person's scores on one instrument over time, each compared with their first. Pure.

The progress page and the response page read this; it never touches Django. Each saved
response arrives as an `Entry` holding the result that `scoring.score` stored when it was
completed (`Score.as_json()`): scores are never recomputed here.

The contract the progress page relies on:

- One `Series` per score that is drawn: the total where the instrument has one, otherwise
  each subscale (the FSCRS and TPAS have no total).
- The *baseline* is the first response, in time, whose score on that series is known; an
  earlier response whose score is null (an incomplete form) is shown, never compared.
- Every later known score is compared with the baseline by `change.reliable_change`
  (Jacobson & Truax). Where no parameters are established the category says so
  ("not_established"), with the core's reason; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from kindmind.measures import change, keys

Category = Literal[
    "baseline", "improved", "deteriorated", "no_reliable_change", "not_established", "no_score"
]


@dataclass(frozen=True)
class Entry:
    """One saved response: its id, when it was completed (aware, local) and its result."""

    id: str
    when: datetime
    result: dict[str, object]


@dataclass(frozen=True)
class Point:
    entry_id: str
    when: datetime
    value: float | None
    band: str | None
    category: Category
    change: change.ReliableChange | None


@dataclass(frozen=True)
class Series:
    instrument: str
    scale: str | None
    """None for the total, else the subscale's name."""
    lower_is_better: bool
    low: float
    high: float
    points: tuple[Point, ...]
    source: str | None
    """Citation of the reliable-change parameters, or None when none are established."""
    reason: str | None
    """Why reliable change is not established (the core's words), or None."""

    @property
    def baseline(self) -> Point | None:
        return next((p for p in self.points if p.category == "baseline"), None)


def _value(result: dict[str, object], scale: str | None) -> float | None:
    raw = result.get("total") if scale is None else _subscales(result).get(scale)
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return raw


def _subscales(result: dict[str, object]) -> dict[str, object]:
    found = result.get("subscales")
    return found if isinstance(found, dict) else {}


def _series(instrument: keys.Instrument, scale: keys.Scale, entries: Sequence[Entry]) -> Series:
    name = None if scale is instrument.total else scale.name
    low, high = change.score_range(instrument, scale)
    points: list[Point] = []
    baseline: float | None = None
    for entry in sorted(entries, key=lambda e: e.when):
        value = _value(entry.result, name)
        band = entry.result.get("band") if name is None else None
        band = band if isinstance(band, str) else None
        if value is None:
            points.append(Point(entry.id, entry.when, None, band, "no_score", None))
            continue
        if baseline is None:
            baseline = value
            points.append(Point(entry.id, entry.when, value, band, "baseline", None))
            continue
        found = change.reliable_change(instrument.id, baseline, value, subscale=name)
        category: Category = found.direction or "not_established"
        points.append(Point(entry.id, entry.when, value, band, category, found))
    # The parameters' citation (or the reason there are none) does not depend on the
    # scores, so a series with only a baseline can still say it.
    probe = change.reliable_change(instrument.id, low, low, subscale=name)
    return Series(
        instrument=instrument.id,
        scale=name,
        lower_is_better=scale.lower_is_better,
        low=low,
        high=high,
        points=tuple(points),
        source=probe.source,
        reason=probe.reason,
    )


def series(instrument_id: str, entries: Sequence[Entry]) -> list[Series]:
    """The series drawn for an instrument: its total, or each subscale when it has none."""
    instrument = keys.get(instrument_id)
    scales = [instrument.total] if instrument.total is not None else list(instrument.subscales)
    return [_series(instrument, scale, entries) for scale in scales]


def compared_with_baseline(instrument_id: str, entries: Sequence[Entry], entry_id: str) -> Point:
    """The total-or-first-subscale point of one response, compared with the baseline."""
    found = series(instrument_id, entries)[0]
    return next(p for p in found.points if p.entry_id == entry_id)


def by_instrument(
    rows: Iterable[tuple[Any, str, datetime, str, dict[str, object]]],
) -> dict[str, list[Entry]]:
    """(id, instrument, completed_at, timezone, result) rows, oldest first, as each known
    instrument's entries in the timezone each was answered in (each zone looked up once):
    for the Progress pages and the progress report."""
    zones: dict[str, ZoneInfo] = {}
    found: dict[str, list[Entry]] = {}
    for response_id, instrument, completed_at, zone, result in rows:
        if instrument not in keys.INSTRUMENTS:
            continue
        here = zones.get(zone)
        if here is None:
            here = zones[zone] = ZoneInfo(zone)
        found.setdefault(instrument, []).append(
            Entry(str(response_id), completed_at.astimezone(here), result)
        )
    return found
