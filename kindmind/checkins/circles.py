"""The three circles, weeks and trends: plain Python, no Django, easy to test.

A circle's *area* is proportional to its rating, as when clients draw their circles on
paper: a 10 is a full circle, a 5 has half its area (so 0.71 of its radius).

A rating the person did not give is None, and stays missing everywhere: averages, trends
and observations use only the ratings that were given, never an invented middle value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

SYSTEMS = ("threat", "drive", "soothing")


class Rated(Protocol):
    # Read-only, so that anything whose ratings are all given (plain ints) fits too.
    @property
    def threat(self) -> int | None: ...

    @property
    def drive(self) -> int | None: ...

    @property
    def soothing(self) -> int | None: ...

    @property
    def local_date(self) -> date: ...

    @property
    def local_at(self) -> datetime: ...


def radius(value: float, full: float) -> float:
    """The radius whose circle's area is value/10 of the full circle's."""
    return full * math.sqrt(max(0.0, min(10.0, value)) / 10)


def given(items: Iterable[Rated], system: str) -> list[int]:
    """The ratings of one system that were given, leaving out the missing ones."""
    return [v for v in (getattr(i, system) for i in items) if v is not None]


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


@dataclass(frozen=True)
class Circles:
    threat: float | None
    drive: float | None
    soothing: float | None

    @classmethod
    def of(cls, item: Rated) -> Circles:
        return cls(item.threat, item.drive, item.soothing)

    @classmethod
    def average(cls, items: Sequence[Rated]) -> Circles | None:
        """Each system's mean over the ratings given for it; None when none was given."""
        means = [_mean(given(items, s)) for s in SYSTEMS]
        if all(m is None for m in means):
            return None
        return cls(*means)

    def value(self, system: str) -> float | None:
        value = getattr(self, system)
        return None if value is None else float(value)

    @property
    def is_empty(self) -> bool:
        return all(self.value(s) is None for s in SYSTEMS)


class RatedPoint(NamedTuple):
    """Only what the trend and the observations read from a check-in, with its local time
    worked out once (a model row converts its timezone on every access). A named tuple:
    a year holds about 1,100 of them, and a frozen dataclass took longer to build."""

    threat: int | None
    drive: int | None
    soothing: int | None
    local_at: datetime
    local_date: date


def rated_points(
    rows: Iterable[tuple[datetime, str, int | None, int | None, int | None]],
) -> list[RatedPoint]:
    """Points from (at, timezone name, threat, drive, soothing) rows, each in its own zone."""
    zones: dict[str, tzinfo] = {}
    points = []
    for at, zone, threat, drive, soothing in rows:
        found = zones.get(zone)
        if found is None:
            found = zones[zone] = ZoneInfo(zone)
        local = at.astimezone(found)
        points.append(RatedPoint(threat, drive, soothing, local, local.date()))
    return points


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def in_week(items: Iterable[Rated], start: date) -> list[Rated]:
    """The check-ins whose own local date falls in the week starting `start`."""
    end = start + timedelta(days=7)
    return [i for i in items if start <= i.local_date < end]


@dataclass(frozen=True)
class WeekPoint:
    start: date
    circles: Circles | None  # None when no rating was given that week
    count: int  # every check-in of the week, rated or not


def weekly_trend(items: Iterable[Rated], last_week: date, weeks: int) -> list[WeekPoint]:
    """Average circles for each of `weeks` weeks ending with the week of `last_week`."""
    first = week_start(last_week) - timedelta(weeks=weeks - 1)
    buckets: list[list[Rated]] = [[] for _ in range(weeks)]
    for item in items:
        # Days since the first Monday, in whole weeks: the week that holds the day.
        index = (item.local_date - first).days // 7
        if 0 <= index < weeks:
            buckets[index].append(item)
    return [
        WeekPoint(first + timedelta(weeks=n), Circles.average(b), len(b))
        for n, b in enumerate(buckets)
    ]


@dataclass(frozen=True)
class Observation:
    """A tentative remark drawn from a person's own data: which rule found it and which
    way it points. Its words live in the template (checkins/_observations.html), so that
    they can be translated."""

    rule: str
    direction: str  # "up" or "down" (soothing-lately); "evening" or "morning"


MIN_EACH_SIDE = 4


def soothing_lately(items: Sequence[Rated], today: date) -> Observation | None:
    """Rule "soothing-lately": soothing's mean over the last 14 local days differs by at
    least 1 point from its mean over the 14 days before, with at least 4 check-ins in
    each fortnight. Too little data says nothing; only soothing ratings that were given count."""
    fortnight_ago, four_weeks_ago = today - timedelta(days=14), today - timedelta(days=28)
    recent: list[int] = []
    before: list[int] = []
    for item in items:  # one pass: a year holds about 1,100 check-ins
        value = item.soothing
        if value is None:
            continue
        day = item.local_date
        if fortnight_ago < day <= today:
            recent.append(value)
        elif four_weeks_ago < day <= fortnight_ago:
            before.append(value)
    if len(recent) < MIN_EACH_SIDE or len(before) < MIN_EACH_SIDE:
        return None
    change = fmean(recent) - fmean(before)
    if change >= 1:
        return Observation("soothing-lately", "up")
    if change <= -1:
        return Observation("soothing-lately", "down")
    return None


def evenings_and_mornings(items: Sequence[Rated]) -> Observation | None:
    """Rule "threat-time-of-day": over check-ins made in the morning (05:00-11:59 local)
    and in the evening (18:00-04:59 local), at least 4 of each, threat's mean differs by
    at least 1.5 points. Only threat ratings that were given count."""
    mornings: list[int] = []
    evenings: list[int] = []
    for item in items:
        value = item.threat
        if value is None:
            continue
        hour = item.local_at.hour
        if 5 <= hour < 12:
            mornings.append(value)
        elif hour >= 18 or hour < 5:
            evenings.append(value)
    if len(mornings) < MIN_EACH_SIDE or len(evenings) < MIN_EACH_SIDE:
        return None
    difference = fmean(evenings) - fmean(mornings)
    if difference >= 1.5:
        return Observation("threat-time-of-day", "evening")
    if difference <= -1.5:
        return Observation("threat-time-of-day", "morning")
    return None


def observations(items: Sequence[Rated], today: date) -> list[Observation]:
    found = [soothing_lately(items, today), evenings_and_mornings(items)]
    return [o for o in found if o is not None]
