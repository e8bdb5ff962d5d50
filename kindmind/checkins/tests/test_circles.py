"""The pure core of the three circles: geometry, weeks across timezones and daylight
saving, the trend, and the rules behind each observation."""

import math
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from kindmind.checkins.charts import BOTTOM, TOP, circle_parts, trend
from kindmind.checkins.circles import (
    Circles,
    evenings_and_mornings,
    in_week,
    observations,
    radius,
    soothing_lately,
    week_start,
    weekly_trend,
)
from kindmind.checkins.emotions import SYSTEMS, system_of, words_by_system

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


@dataclass
class Item:
    """A check-in as the pure code sees it: ratings, a UTC moment and its own timezone."""

    threat: int
    drive: int
    soothing: int
    at: datetime
    tz: str = "Europe/London"

    @property
    def local_at(self) -> datetime:
        return self.at.astimezone(zoneinfo.ZoneInfo(self.tz))

    @property
    def local_date(self) -> date:
        return self.local_at.date()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_circles_area_is_proportional_to_its_rating() -> None:
    full = radius(10, 44)
    assert full == 44
    for value in range(11):
        area_share = radius(value, 44) ** 2 / full**2
        assert math.isclose(area_share, value / 10)
    assert radius(-3, 44) == 0 and radius(14, 44) == 44


def test_circle_parts_keep_the_order_and_values() -> None:
    parts = circle_parts(Circles(7, 0, 2.5))
    assert [p.system for p in parts] == ["threat", "drive", "soothing"]
    assert [p.value for p in parts] == [7, 0, 2.5]
    assert parts[1].r == 0


def test_a_week_starts_on_monday() -> None:
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)


def test_the_week_follows_the_clocks_going_forward() -> None:
    # London's clocks go forward at 01:00 UTC on Sunday 29 March 2026. 23:30 UTC that
    # evening is already 00:30 on Monday in London: next week, not this one.
    late_sunday = Item(5, 5, 5, utc("2026-03-29 23:30"))
    earlier_sunday = Item(5, 5, 5, utc("2026-03-29 22:30"))
    assert late_sunday.local_date == date(2026, 3, 30)
    assert in_week([late_sunday, earlier_sunday], date(2026, 3, 23)) == [earlier_sunday]
    assert in_week([late_sunday, earlier_sunday], date(2026, 3, 30)) == [late_sunday]


def test_the_week_follows_the_clocks_going_back() -> None:
    # On Sunday 25 October 2026 London returns to GMT at 01:00 UTC: 23:30 UTC is 23:30
    # local, still Sunday.
    item = Item(5, 5, 5, utc("2026-10-25 23:30"))
    assert item.local_date == date(2026, 10, 25)
    assert in_week([item], date(2026, 10, 19)) == [item]


def test_a_check_in_keeps_its_own_day_after_a_move_to_another_timezone() -> None:
    # Made at 23:00 on Monday in London; its owner now lives in Tokyo, where that moment
    # was already Tuesday. It stays on Monday, as it was lived.
    london = Item(8, 2, 1, utc("2026-11-16 23:00"), tz="Europe/London")
    tokyo = Item(2, 2, 8, utc("2026-11-17 03:00"), tz="Asia/Tokyo")  # Tuesday 12:00 there
    assert london.local_date == date(2026, 11, 16)
    assert tokyo.local_date == date(2026, 11, 17)
    week = in_week([london, tokyo], date(2026, 11, 16))
    average = Circles.average(week)
    assert average == Circles(5, 2, 4.5)


def test_the_week_before_a_move_is_not_touched_by_it() -> None:
    sunday_night_auckland = Item(9, 1, 1, utc("2026-11-15 10:30"), tz="Pacific/Auckland")
    # 10:30 UTC on Sunday 15 November is 23:30 on Sunday in Auckland (NZDT, +13).
    assert sunday_night_auckland.local_date == date(2026, 11, 15)
    assert in_week([sunday_night_auckland], date(2026, 11, 16)) == []


def test_the_weekly_trend_averages_each_week_and_leaves_gaps_empty() -> None:
    items = [
        Item(8, 2, 2, utc("2026-11-02 09:00")),
        Item(6, 4, 4, utc("2026-11-04 09:00")),
        Item(2, 2, 8, utc("2026-11-18 09:00")),
    ]
    points = weekly_trend(items, date(2026, 11, 22), weeks=3)
    assert [p.start for p in points] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert [p.count for p in points] == [2, 0, 1]
    assert points[0].circles == Circles(7, 3, 3)
    assert points[1].circles is None
    chart = trend(points)
    threat = chart.lines[0]
    assert len(threat.segments) == 2, "a week without check-ins breaks the line"
    assert [m.value for m in threat.markers] == [7, 2]


def test_the_trend_puts_0_at_the_bottom_and_10_at_the_top() -> None:
    points = weekly_trend([Item(10, 0, 5, utc("2026-11-18 09:00"))], date(2026, 11, 22), weeks=1)
    chart = trend(points)
    ys = {line.system: line.markers[0].y for line in chart.lines}
    assert ys == {"threat": TOP, "drive": BOTTOM, "soothing": (TOP + BOTTOM) / 2}


def fortnights(recent: int, before: int, n: int = 4) -> list[Item]:
    older = [Item(5, 5, before, utc(f"2026-11-0{d} 09:00")) for d in range(1, n + 1)]
    newer = [Item(5, 5, recent, utc(f"2026-11-{d} 09:00")) for d in range(15, 15 + n)]
    return older + newer


def test_soothing_lately_speaks_only_with_enough_data_and_a_clear_change() -> None:
    today = date(2026, 11, 22)
    assert soothing_lately(fortnights(6, 4), today) is not None
    assert soothing_lately(fortnights(6, 4), today).direction == "up"  # type: ignore[union-attr]
    assert soothing_lately(fortnights(3, 5), today).direction == "down"  # type: ignore[union-attr]
    assert soothing_lately(fortnights(5, 4.5), today) is None  # type: ignore[arg-type]
    assert soothing_lately(fortnights(9, 1, n=3), today) is None, "three a side is too few"


def test_threat_by_time_of_day_needs_four_of_each_and_a_clear_difference() -> None:
    mornings = [Item(2, 5, 5, utc(f"2026-11-{d} 08:00")) for d in range(10, 14)]
    evenings = [Item(6, 5, 5, utc(f"2026-11-{d} 21:00")) for d in range(10, 14)]
    found = evenings_and_mornings(mornings + evenings)
    assert found is not None and found.direction == "evening"
    assert evenings_and_mornings(mornings + evenings[:3]) is None
    calm_evenings = [Item(3, 5, 5, utc(f"2026-11-{d} 21:00")) for d in range(10, 14)]
    assert evenings_and_mornings(mornings + calm_evenings) is None


def test_soothing_lately_counts_each_day_at_its_edge_and_only_ratings_given() -> None:
    today = date(2026, 11, 22)  # London keeps UTC in November
    recent = [Item(5, 5, 5, utc(f"2026-11-{d} 09:00")) for d in ("09", 15, 20, 22)]
    # The fortnight before runs from 26 October to 8 November, both included.
    before = [Item(5, 5, 2, utc(f"2026-{d} 09:00")) for d in ("10-26", "11-01", "11-05", "11-08")]
    # 25 October is four weeks and a day ago: too old to count.
    too_old = [Item(5, 5, 10, utc("2026-10-25 09:00")) for _ in range(4)]
    found = soothing_lately(recent + before + too_old, today)
    assert found is not None and found.direction == "up"
    # Without the 8 November check-in the fortnight before holds only three.
    assert soothing_lately(recent + before[:3] + too_old, today) is None
    # A check-in that left soothing out is not a rating of it.
    unrated = [Item(5, 5, None, utc("2026-11-21 09:00")) for _ in range(2)]  # type: ignore[arg-type]
    assert soothing_lately(recent[:3] + unrated + before, today) is None


def test_threat_by_time_of_day_puts_each_hour_on_its_side() -> None:
    mornings = [Item(2, 5, 5, utc(f"2026-11-{d} 05:00")) for d in range(10, 14)]
    nights = [Item(6, 5, 5, utc(f"2026-11-{d} 04:59")) for d in range(10, 14)]
    middays = [Item(10, 5, 5, utc(f"2026-11-{d} 12:00")) for d in range(10, 14)]
    afternoons = [Item(10, 5, 5, utc(f"2026-11-{d} 17:59")) for d in range(10, 14)]
    found = evenings_and_mornings(mornings + nights + middays + afternoons)
    assert found is not None and found.direction == "evening"
    unrated = [Item(None, 5, 5, utc(f"2026-11-{d} 20:00")) for d in range(10, 14)]  # type: ignore[arg-type]
    assert evenings_and_mornings(mornings + nights[:3] + unrated) is None


def test_no_data_means_no_observations() -> None:
    assert observations([], date(2026, 11, 22)) == []


def test_every_emotion_word_belongs_to_exactly_one_system() -> None:
    words = words_by_system()
    assert set(words) == set(SYSTEMS)
    every = [w for group in words.values() for w in group]
    assert len(every) == len(set(every)), "no word in two systems"
    assert all(len(words[s]) >= 8 for s in SYSTEMS)
    assert all(w == w.strip().lower() for w in every)
    assert system_of()["calm"] == "soothing"
    assert system_of()["anxious"] == "threat"
    assert system_of()["motivated"] == "drive"


@pytest.mark.parametrize("value", [0, 1, 5, 9, 10])
def test_a_single_check_in_is_its_own_average(value: int) -> None:
    item = Item(value, 10 - value, value, utc("2026-11-18 12:00"))
    assert Circles.average([item]) == Circles.of(item)
