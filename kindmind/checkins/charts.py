"""Coordinates for the server-drawn SVG pictures: the three circles and the trend.

Only geometry lives here; the templates draw it. Plain Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from kindmind.checkins.circles import SYSTEMS, Circles, WeekPoint, radius

# Okabe & Ito's colour-blind-safe palette (Okabe and Ito, 2008, "Color Universal Design"):
# vermillion for threat, blue for drive, bluish green for soothing. Every picture also
# labels each system in words, so no meaning rests on colour alone.
CIRCLE_FULL = 44
CIRCLE_CENTRES = {"threat": 50, "drive": 150, "soothing": 250}


@dataclass(frozen=True)
class CirclePart:
    system: str
    value: float | None  # None: not rated, drawn as the empty ring only
    r: float
    cx: int


def circle_parts(circles: Circles) -> list[CirclePart]:
    parts = []
    for s in SYSTEMS:
        value = circles.value(s)
        r = 0.0 if value is None else round(radius(value, CIRCLE_FULL), 2)
        parts.append(CirclePart(system=s, value=value, r=r, cx=CIRCLE_CENTRES[s]))
    return parts


# The trend chart's drawing area inside a 640 x 260 viewBox. The margins hold the numbers
# whole at the phone's axis size (32 units, base.css): at 44 and 16 the "10" reached past
# the drawing's left and top edges.
LEFT, RIGHT, TOP, BOTTOM = 52, 624, 24, 216
# Where the axis numbers end, left of the grid.
NUMBERS_GAP = 6


@dataclass(frozen=True)
class Marker:
    """A data point. Each system has its own shape, so the lines differ without colour."""

    x: float
    y: float
    value: float

    @property
    def square_x(self) -> float:
        return round(self.x - 4, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 4, 1)

    @property
    def triangle(self) -> str:
        x, y = self.x, self.y
        top, base = round(y - 5, 1), round(y + 4, 1)
        return f"{x},{top} {round(x + 5, 1)},{base} {round(x - 5, 1)},{base}"


@dataclass(frozen=True)
class TrendLine:
    system: str
    segments: list[str]  # SVG "points" strings; a gap in the data starts a new segment
    markers: list[Marker]


@dataclass(frozen=True)
class Trend:
    lines: list[TrendLine]
    x_labels: list[tuple[float, str, str]]  # x, text-anchor, words
    y_ticks: list[tuple[float, int]]
    # The grid's edges and where its numbers end, for the template.
    grid_from: int = LEFT
    grid_to: int = RIGHT
    numbers_at: int = LEFT - NUMBERS_GAP


# On a phone the chart is drawn at about 0.4 of its size, so its words are drawn large in
# the viewBox (base.css, "Check-ins and measures"): up to 32 units, about 6 characters of
# a date taking some 105 units. So three or four dates are labelled (the table has every
# week), and a label keeps this much room to the chart's right edge.
X_LABEL_ROOM = 56


def _x(index: int, count: int) -> float:
    if count == 1:
        return (LEFT + RIGHT) / 2
    return round(LEFT + index * (RIGHT - LEFT) / (count - 1), 1)


def _y(value: float) -> float:
    return round(BOTTOM - value * (BOTTOM - TOP) / 10, 1)


def trend(points: list[WeekPoint], label_every: int = 1) -> Trend:
    lines = []
    for system in SYSTEMS:
        segments: list[str] = []
        current: list[str] = []
        markers: list[Marker] = []
        for index, point in enumerate(points):
            # A week with no rating of this system breaks its line: nothing is invented.
            value = point.circles.value(system) if point.circles else None
            if value is None:
                if current:
                    segments.append(" ".join(current))
                    current = []
                continue
            x, y = _x(index, len(points)), _y(value)
            current.append(f"{x},{y}")
            markers.append(Marker(x, y, round(value, 1)))
        if current:
            segments.append(" ".join(current))
        lines.append(TrendLine(system, segments, markers))
    x_labels = []
    for i, p in enumerate(points):
        x = _x(i, len(points))
        if i % label_every or (i and x > 640 - X_LABEL_ROOM):
            continue
        # The first date starts at the axis, so that large words are not cut off.
        anchor = "start" if i == 0 and len(points) > 1 else "middle"
        x_labels.append((x, anchor, f"{p.start.day} {p.start:%b}"))
    y_ticks = [(_y(v), v) for v in (0, 5, 10)]
    return Trend(lines, x_labels, y_ticks)
