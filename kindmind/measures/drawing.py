"""The progress page's markers and tables worked out in Python, so that the template
draws a year of questionnaires without per-row template work (kindmind.lib.rows says
why). The words are the same ones the template wrote, through the same translations."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kindmind.lib.rows import NONE, Days, Numbers, url_for_each
from kindmind.measures import charts, progress
from kindmind.measures.catalogue import CATEGORY_LABELS, band_label


def markers(
    line: charts.Line, several: bool, *, words: tuple[str, str] | None = None
) -> SafeString:
    """One line's markers. With several lines on a chart, each line has its own shape;
    with one, each marker's shape (and, for a reliable change, a word) says what it is.
    `words` replaces the two words written beside a reliable change (improved, and the
    other way): the printable report (kindmind.report) says "harder" rather than "worse"."""
    drawn = []
    if several:
        for m in line.markers:
            if line.style == 0:
                drawn.append(f'<circle cx="{m.x}" cy="{m.y}" r="4.5"></circle>')
            elif line.style == 1:
                x, y = m.square
                drawn.append(f'<rect x="{x}" y="{y}" width="9" height="9"></rect>')
            else:
                drawn.append(f'<polygon points="{m.triangle}"></polygon>')
        return mark_safe("".join(drawn))  # noqa: S308 - coordinates only
    improved, worse = (
        (escape(words[0]), escape(words[1]))
        if words
        else (escape(gettext("improved")), escape(gettext("worse")))
    )
    for m in line.markers:
        if m.category == "baseline":
            x, y = m.square
            drawn.append(
                f'<rect class="marker marker--baseline" x="{x}" y="{y}" '
                'width="9" height="9"></rect>'
            )
        elif m.category == "improved":
            drawn.append(
                f'<polygon class="marker marker--improved" points="{m.diamond}"></polygon>'
                f'<text class="marker__word marker__word--improved" x="{m.x}" '
                f'y="{m.word_y}" text-anchor="{m.word_anchor}">{improved}</text>'
            )
        elif m.category == "deteriorated":
            drawn.append(
                f'<polygon class="marker marker--deteriorated" points="{m.triangle}"></polygon>'
                f'<text class="marker__word marker__word--deteriorated" x="{m.x}" '
                f'y="{m.word_y}" text-anchor="{m.word_anchor}">{worse}</text>'
            )
        else:
            drawn.append(f'<circle class="marker" cx="{m.x}" cy="{m.y}" r="4.5"></circle>')
    # Coordinates, our own class names and escaped words only.
    return mark_safe("".join(drawn))  # noqa: S308


def number_words(value: object) -> str:
    """A score for reading: whole numbers as they are, others to two decimals at most."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if isinstance(value, int) or value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def table_rows(found: progress.Series) -> list[SafeString]:
    """Each response of a series as a table row: its date (a link to it), its score, its
    band (the total only), its RCI and what that means; a dash where there is none."""
    link = url_for_each("measures:response")
    rci = Numbers(2)
    day = Days("j M Y")
    with_band = found.scale is None
    # Each label translated and escaped once for the page, not once a row.
    meanings = {category: escape(label) for category, label in CATEGORY_LABELS.items()}
    bands: dict[str | None, str] = {}
    rows = []
    for point in found.points:
        change = point.change.rci if point.change else None
        band = ""
        if with_band:
            band = bands.get(point.band) or bands.setdefault(
                point.band, f"<td>{escape(band_label(point.band) or NONE)}</td>"
            )
        rows.append(
            mark_safe(  # noqa: S308 - every word escaped, the link made from an id
                f'<tr><td><a href="{link(point.entry_id)}">{day(point.when)}</a></td>'
                f"<td>{number_words(point.value) or NONE}</td>{band}"  # digits only
                f"<td>{NONE if change is None else escape(rci(change))}</td>"
                f"<td>{meanings[point.category]}</td></tr>"
            )
        )
    return rows
