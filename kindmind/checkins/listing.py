"""Check-in lists worked out in Python, row by row, so that a template draws each row
with a few plain lookups (kindmind.lib.rows says why)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kindmind.checkins.charts import TrendLine, circle_parts
from kindmind.checkins.circles import SYSTEMS, Circles, WeekPoint
from kindmind.lib.rows import NONE, Days, Numbers, url_for_each

HistoryRow = tuple[Any, datetime, int | None, int | None, int | None]


def system_names() -> dict[str, str]:
    return {"threat": gettext("Threat"), "drive": gettext("Drive"), "soothing": gettext("Soothing")}


def _small_circles(circles: Circles) -> SafeString:
    """The three circles of one history row: each ring, and a fill where rated."""
    drawn = []
    for part in circle_parts(circles):
        drawn.append(f'<circle class="circles__ring" cx="{part.cx}" cy="50" r="44"></circle>')
        if part.value is not None:
            drawn.append(
                f'<circle class="circles__fill circles__fill--{part.system}" '
                f'cx="{part.cx}" cy="50" r="{part.r}"></circle>'
            )
    # Numbers and our own system names only: nothing a person typed.
    return mark_safe("".join(drawn))  # noqa: S308


def history_rows(rows: Iterable[HistoryRow]) -> list[dict[str, Any]]:
    """Each (id, at, threat, drive, soothing) as its link, its time in words, its ratings
    in words and its circles (None for a check-in in words only)."""
    link = url_for_each("checkins:detail")
    names = system_names()
    number = Numbers("-1")
    when = Days("D j M, H:i", escaped=False)  # the template escapes it
    drawn = []
    for checkin_id, at, threat, drive, soothing in rows:
        circles = Circles(threat, drive, soothing)
        rated = not circles.is_empty
        values = " · ".join(
            f"{names[s]} {NONE if v is None else number(v)}"
            for s, v in zip(SYSTEMS, (threat, drive, soothing), strict=True)
        )
        drawn.append(
            {
                "href": link(checkin_id),
                "when": when(at),
                "values": values if rated else None,
                "circles": _small_circles(circles) if rated else None,
            }
        )
    return drawn


def trend_markers(line: TrendLine) -> SafeString:
    """One line's markers, in its own shape: circles for threat, squares for drive,
    triangles for soothing."""
    if line.system == "threat":
        drawn = [f'<circle cx="{m.x}" cy="{m.y}" r="4"></circle>' for m in line.markers]
    elif line.system == "drive":
        drawn = [
            f'<rect x="{m.square_x}" y="{m.square_y}" width="8" height="8"></rect>'
            for m in line.markers
        ]
    else:
        drawn = [f'<polygon points="{m.triangle}"></polygon>' for m in line.markers]
    # Coordinates only: nothing a person typed.
    return mark_safe("".join(drawn))  # noqa: S308


def trend_rows(points: Iterable[WeekPoint]) -> list[SafeString]:
    """The trend's table, a row a week: its first day, its three means to one decimal (a
    dash where none was given) and its number of check-ins."""
    number = Numbers(1)
    day = Days("j M Y")
    rows = []
    for p in points:
        values = [None if p.circles is None else p.circles.value(s) for s in SYSTEMS]
        means = "".join(f"<td>{NONE if v is None else escape(number(v))}</td>" for v in values)
        # An escaped date, escaped numbers and dashes: nothing a person typed.
        rows.append(
            mark_safe(  # noqa: S308
                f"<tr><td>{day(p.start)}</td>{means}<td>{p.count}</td></tr>"
            )
        )
    return rows
