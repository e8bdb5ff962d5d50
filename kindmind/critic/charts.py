"""Geometry for the belief chart: how much the critic was believed before and after each
compassionate reply, entry by entry. Only coordinates live here; the template draws
them. Plain Python, no Django.

Each entry is one column: an open circle for "before", a filled square for "after", and
a line between them, so the change reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The drawing area inside a 640 x 240 viewBox. The margins hold "100" whole at the
# phone's axis size (32 units, base.css): at 44 and 16 it was cut to "00".
LEFT, RIGHT, TOP, BOTTOM = 72, 624, 24, 196
# The most recent entries shown; the table below the chart lists them all.
MAX_COLUMNS = 20


@dataclass(frozen=True)
class BeliefPoint:
    day: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Column:
    x: float
    before_y: float | None
    after_y: float | None
    point: BeliefPoint

    @property
    def square_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def square_y(self) -> float:
        assert self.after_y is not None
        return round(self.after_y - 5, 1)


@dataclass(frozen=True)
class BeliefChart:
    columns: list[Column]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    # Where the template draws the grid lines and, just left of them, their numbers.
    grid_from: int = LEFT
    grid_to: int = RIGHT
    numbers_at: int = LEFT - 8


def _x(index: int, count: int) -> float:
    if count == 1:
        return (LEFT + RIGHT) / 2
    return round(LEFT + 16 + index * (RIGHT - LEFT - 32) / (count - 1), 1)


def _y(value: float) -> float:
    return round(BOTTOM - value * (BOTTOM - TOP) / 100, 1)


def belief_chart(points: list[BeliefPoint]) -> BeliefChart | None:
    """Points oldest first; None when no entry has a belief rating yet."""
    rated = [p for p in points if p.before is not None or p.after is not None][-MAX_COLUMNS:]
    if not rated:
        return None
    count = len(rated)
    columns = [
        Column(
            x=_x(i, count),
            before_y=_y(p.before) if p.before is not None else None,
            after_y=_y(p.after) if p.after is not None else None,
            point=p,
        )
        for i, p in enumerate(rated)
    ]
    every = max(1, (count + 5) // 6)
    x_labels = [
        (c.x, f"{c.point.day.day} {c.point.day:%b}")
        for i, c in enumerate(columns)
        if i % every == 0
    ]
    y_ticks = [(_y(v), v) for v in (0, 25, 50, 75, 100)]
    return BeliefChart(columns, x_labels, y_ticks)
