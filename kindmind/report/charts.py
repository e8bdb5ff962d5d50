"""Geometry for the report's practice picture: minutes given to practice, week by week, as
bars. Plain Python, no Django; the template draws it.

The frame is the check-in trend's (kindmind.checkins.charts: a 640 x 260 viewBox with the
same margins), so that the two weekly pictures of the report line up and their words take
the same sizes on a phone and on paper. A week without practice has no bar and no mark:
the picture shows what was given, not what was not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kindmind.checkins.charts import BOTTOM, NUMBERS_GAP, RIGHT, TOP, X_LABEL_ROOM

WIDTH = 640


@dataclass(frozen=True)
class PracticeWeek:
    start: date
    """The Monday of the week, in the person's own timezone."""
    seconds: int
    practices: int

    @property
    def minutes(self) -> int:
        # A part-minute counts as a minute given, as the practice log counts it.
        return -(-self.seconds // 60)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    minutes: int


@dataclass(frozen=True)
class Bars:
    bars: tuple[Bar, ...]
    y_ticks: tuple[tuple[float, int], ...]
    x_labels: tuple[tuple[float, str, date], ...]
    """(x, text-anchor, Monday of the week) for a few weeks that do not collide."""
    grid_from: int
    """The left edge of the grid: room for the widest number of minutes beside it."""
    grid_to: int = RIGHT

    @property
    def numbers_at(self) -> int:
        return self.grid_from - NUMBERS_GAP


def left_edge(top: int) -> int:
    """Room for `top`, the largest number on the axis, drawn whole at the phone's axis size
    (32 units, base.css, where a digit is about 20 units wide): 52 for two digits, as the
    check-in chart has, and 20 more for each digit beyond."""
    return 12 + 20 * max(2, len(str(top)))


def top_of_scale(most: int) -> int:
    """A round number of minutes at or above the busiest week (at least 10)."""
    for step in (10, 20, 30, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200):
        if most <= step:
            return step
    return -(-most // 600) * 600


def _y(minutes: float, top: int) -> float:
    return round(BOTTOM - minutes * (BOTTOM - TOP) / top, 1)


def bars(weeks: Sequence[PracticeWeek], label_every: int = 1) -> Bars:
    count = max(1, len(weeks))
    top = top_of_scale(max((w.minutes for w in weeks), default=0))
    left = left_edge(top)
    slot = (RIGHT - left) / count
    width = round(max(1.0, slot * 0.7), 1)
    drawn = []
    labels: list[tuple[float, str, date]] = []
    for index, week in enumerate(weeks):
        centre = left + slot * (index + 0.5)
        if week.minutes:
            y = _y(week.minutes, top)
            drawn.append(
                Bar(round(centre - width / 2, 1), y, width, round(BOTTOM - y, 1), week.minutes)
            )
        if index % label_every == 0 and not (index and centre > WIDTH - X_LABEL_ROOM):
            anchor = "start" if index == 0 and count > 1 else "middle"
            x = round(centre - slot / 2, 1) if anchor == "start" else round(centre, 1)
            labels.append((x, anchor, week.start))
    ticks = tuple((_y(v, top), v) for v in (0, top // 2, top))
    return Bars(tuple(drawn), ticks, tuple(labels), left)
