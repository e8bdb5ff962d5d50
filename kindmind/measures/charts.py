"""Coordinates for the progress chart: scores over time, published bands, reliable change.

Only geometry lives here; the template draws it (the same approach as the check-in trend,
kindmind/checkins/charts.py, with our own sizes). Pure: no Django.

- x is time: each response sits at its own moment, so uneven gaps look uneven.
- y is the score, from the lowest to the highest the scale can produce.
- Bands are the key's published bands only (`keys.Instrument.bands`); none are drawn
  where none are published. A band's region runs half a point past its inclusive ends,
  so every whole score lies inside its own band and the regions meet without a gap.
- A marker's shape says what it is (baseline, reliable improvement, reliable worsening,
  other), and the template writes the same in words: nothing rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kindmind.measures import keys
from kindmind.measures.progress import Category, Series

# The drawing area inside a 360 x 212 viewBox, small enough that its words stay readable
# on a phone; band labels sit in the right margin.
WIDTH, HEIGHT = 360, 212
# The top margin holds the top number whole at the phone's axis size (18 units, base.css).
LEFT, RIGHT, TOP, BOTTOM = 30, 250, 20, 176
BAND_LABEL_X = RIGHT + 6
X_LABEL_Y = BOTTOM + 20


@dataclass(frozen=True)
class BandRegion:
    label: str
    y: float
    height: float
    label_y: float
    index: int
    """0, 1, 2...: the template shades bands in alternating tints."""


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    value: float
    category: Category
    when: date

    @property
    def square(self) -> tuple[float, float]:
        return round(self.x - 4.5, 1), round(self.y - 4.5, 1)

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        top, bottom = round(y - 7, 1), round(y + 7, 1)
        return f"{x},{top} {round(x + 7, 1)},{y} {x},{bottom} {round(x - 7, 1)},{y}"

    @property
    def triangle(self) -> str:
        x, y = self.x, self.y
        top, base = round(y - 7, 1), round(y + 5, 1)
        return f"{x},{top} {round(x + 7, 1)},{base} {round(x - 7, 1)},{base}"

    @property
    def word_anchor(self) -> str:
        """Keep a reliable change's word inside the drawing near either edge."""
        if self.x > RIGHT - 25:
            return "end"
        if self.x < LEFT + 25:
            return "start"
        return "middle"

    @property
    def word_y(self) -> float:
        """Where a reliable change's word goes: above the marker, or below near the top."""
        return round(self.y - 12 if self.y - 12 > TOP + 8 else self.y + 20, 1)


@dataclass(frozen=True)
class Line:
    scale: str | None
    style: int
    """0, 1, 2: solid, dashed, dotted, so several lines differ without colour."""
    segments: tuple[str, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class Chart:
    lines: tuple[Line, ...]
    bands: tuple[BandRegion, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str, date], ...]
    """(x, text-anchor, date) for a few dates that do not collide."""


def _y(value: float, low: float, high: float) -> float:
    return round(BOTTOM - (value - low) * (BOTTOM - TOP) / (high - low), 1)


def _step(low: float, high: float) -> float:
    span = high - low
    for step in (1, 2, 5, 10, 20, 25, 50):
        if span / step <= 6:
            return step
    return span / 5


def _ticks(low: float, high: float) -> tuple[tuple[float, str], ...]:
    step = _step(low, high)
    ticks = []
    value = low
    while value <= high + 1e-9:
        ticks.append((_y(value, low, high), f"{value:g}"))
        value += step
    # The top of the scale is labelled only where it does not crowd the last tick.
    if ticks[-1][1] != f"{high:g}" and high - float(ticks[-1][1]) >= step * 0.6:
        ticks.append((_y(high, low, high), f"{high:g}"))
    return tuple(ticks)


def _bands(instrument: keys.Instrument, low: float, high: float) -> tuple[BandRegion, ...]:
    regions = []
    for index, band in enumerate(instrument.bands):
        bottom = max(low, band.low - 0.5)
        top = min(high, band.high + 0.5)
        y_top, y_bottom = _y(top, low, high), _y(bottom, low, high)
        regions.append(
            BandRegion(
                label=band.label,
                y=y_top,
                height=round(y_bottom - y_top, 1),
                label_y=round((y_top + y_bottom) / 2 + 4, 1),
                index=index,
            )
        )
    return tuple(regions)


def chart(all_series: list[Series]) -> Chart:
    """Geometry for one instrument's series (its total, or its subscales)."""
    first = all_series[0]
    instrument = keys.get(first.instrument)
    low, high = first.low, first.high
    moments = sorted({p.when for s in all_series for p in s.points})
    start, end = moments[0], moments[-1]
    span = (end - start).total_seconds()

    def x_of(when: datetime) -> float:
        if span == 0:
            return (LEFT + RIGHT) / 2
        seconds = (when - start).total_seconds()
        return round(LEFT + seconds * (RIGHT - LEFT) / span, 1)

    lines = []
    for style, found in enumerate(all_series):
        segments: list[str] = []
        current: list[str] = []
        markers = []
        for point in found.points:
            if point.value is None:
                if current:
                    segments.append(" ".join(current))
                    current = []
                continue
            x, y = x_of(point.when), _y(point.value, low, high)
            current.append(f"{x},{y}")
            markers.append(Marker(x, y, point.value, point.category, point.when.date()))
        if current:
            segments.append(" ".join(current))
        lines.append(Line(found.scale, style % 3, tuple(segments), tuple(markers)))

    # A few dates that do not collide: the first, the last, and some between.
    labels: list[tuple[float, str, date]] = []
    if span == 0:
        labels.append(((LEFT + RIGHT) / 2, "middle", start.date()))
    else:
        labels.append((LEFT, "start", start.date()))
        for when in moments[1:-1]:
            x = x_of(when)
            gap = 65 if labels[-1][1] == "start" else 50
            if x - labels[-1][0] >= gap and RIGHT - x >= 65:
                labels.append((x, "middle", when.date()))
        if RIGHT - labels[-1][0] >= (80 if labels[-1][1] == "start" else 65):
            labels.append((RIGHT, "end", end.date()))

    bands = _bands(instrument, low, high) if first.scale is None else ()
    return Chart(tuple(lines), bands, _ticks(low, high), tuple(labels))
