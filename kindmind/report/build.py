"""What the report shows, read in a fixed number of queries whatever the amount of data:
one for questionnaires, one for check-ins and one for practice (each only when its part
is chosen), each reading only the columns it draws.

The drawing reuses the app's own geometry and markup: the questionnaire charts of
kindmind.measures (charts, drawing), the three systems' weekly trend of kindmind.checkins
(circles, charts, listing), and the practice bars of kindmind.report.charts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kindmind.accounts.models import User
from kindmind.checkins.charts import trend
from kindmind.checkins.circles import RatedPoint, rated_points, week_start, weekly_trend
from kindmind.checkins.listing import trend_markers, trend_rows
from kindmind.checkins.models import CheckIn
from kindmind.lib.rows import NONE, Days, Numbers, joined
from kindmind.measures import charts, drawing, keys, progress
from kindmind.measures.catalogue import CATEGORY_LABELS, band_label, scale_label, short_name
from kindmind.measures.models import Response
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import PracticeSession
from kindmind.report import charts as report_charts

# Periods a person can choose: key -> (whole weeks ending with this one, or None for
# everything). A week starts on Monday, as the check-in trend's weeks do.
PERIODS: dict[str, int | None] = {"3m": 13, "6m": 26, "1y": 52, "all": None}
PERIOD_LABELS = {
    "3m": gettext_lazy("3 months"),
    "6m": gettext_lazy("6 months"),
    "1y": gettext_lazy("A year"),
    "all": gettext_lazy("Everything"),
}
DEFAULT_PERIOD = "3m"

# What each point of a questionnaire says in the report's tables. The report is read by
# the person, often alone and on paper: a change the harder way is named plainly, once,
# without the word "worse".
TABLE_WORDS = {
    **CATEGORY_LABELS,
    "baseline": gettext_lazy("First score in this period"),
    "deteriorated": gettext_lazy("Reliable change, the harder way"),
}


@dataclass(frozen=True)
class Period:
    key: str
    first: date
    """The Monday the report starts on."""
    last: date
    """Today, in the person's timezone."""

    @property
    def weeks(self) -> int:
        return (week_start(self.last) - self.first).days // 7 + 1


def _start(user: User, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.zone)


def fixed_first(key: str, today: date) -> date | None:
    weeks = PERIODS[key]
    return None if weeks is None else week_start(today) - timedelta(weeks=weeks - 1)


# --- Reading -------------------------------------------------------------------------


Row = tuple[Any, str, datetime, str, dict[str, object]]


def read_responses(user: User, since: date | None) -> list[Row]:
    rows = Response.objects.filter(client=user)
    if since is not None:
        rows = rows.filter(completed_at__gte=_start(user, since))
    return list(
        rows.order_by("completed_at").values_list(
            "id", "instrument", "completed_at", "timezone", "result"
        )
    )


def read_checkins(user: User, since: date | None) -> list[RatedPoint]:
    rows = CheckIn.objects.filter(client=user)
    if since is not None:
        # Wide enough for a check-in made in any timezone whose own local date is in the
        # period (offsets reach +-14 hours); weekly_trend keeps only the period's days.
        rows = rows.filter(at__gte=datetime.combine(since - timedelta(days=1), time.min, UTC))
    return rated_points(rows.values_list("at", "timezone", "threat", "drive", "soothing"))


def read_practice(user: User, since: date | None) -> list[tuple[str, datetime, int, bool]]:
    # What the practice log lists: any time given, and a practice that ended with "I need
    # to stop" or in backdraft, however short.
    rows = PracticeSession.objects.filter(
        Q(seconds__gt=0) | Q(needed_to_stop=True) | Q(backdraft=True), client=user
    )
    if since is not None:
        rows = rows.filter(started_at__gte=_start(user, since))
    zone = user.zone
    return [
        (practice, at.astimezone(zone), seconds, stopped)
        for practice, at, seconds, stopped in rows.values_list(
            "practice", "started_at", "seconds", "needed_to_stop"
        )
    ]


def earliest(
    responses: list[Row],
    checkins: list[RatedPoint],
    practice: list[tuple[str, datetime, int, bool]],
    user: User,
) -> date | None:
    days = [at.astimezone(user.zone).date() for _, _, at, _, _ in responses[:1]]
    days += [p.local_date for p in checkins]
    days += [at.date() for _, at, _, _ in practice]
    return min(days, default=None)


# --- Questionnaires ------------------------------------------------------------------


def _point_words(point: progress.Point, day: Days) -> str:
    band = band_label(point.band)
    values = {"score": drawing.number_words(point.value), "band": band, "day": day(point.when)}
    if band:
        return _("%(score)s (%(band)s), on %(day)s") % values
    return _("%(score)s, on %(day)s") % values


def change_words(category: str) -> str:
    """The latest score against the first of the period, said once, plainly and gently."""
    if category == "improved":
        return _("Since the first score in this period: a reliable improvement.")
    if category == "deteriorated":
        return _(
            "Since the first score in this period: a reliable change the harder way. "
            "Harder stretches come and go, and they say nothing about you as a person. "
            "It may help to talk this over with someone you trust."
        )
    if category == "no_reliable_change":
        return _(
            "Since the first score in this period: no reliable change. The difference is "
            "within this questionnaire's usual ups and downs."
        )
    return _(
        "Whether this change is reliable can't be told: no published figures for it are "
        "built in, so none is guessed."
    )


def summary(found: progress.Series) -> dict[str, str]:
    """The first and the latest known score of the period, and what changed between them."""
    day = Days("j M Y")
    known = [p for p in found.points if p.value is not None]
    if not known:
        return {
            "scores": _("No score could be worked out in this period: some answers were empty."),
            "change": "",
            "category": "none",
        }
    if len(known) == 1:
        return {
            "scores": _("One score in this period: %(point)s.")
            % {"point": _point_words(known[0], day)},
            "change": _("With one score there is nothing to compare yet."),
            "category": "one",
        }
    latest = known[-1]
    return {
        "scores": _("First score in this period: %(first)s. Latest: %(latest)s.")
        % {"first": _point_words(known[0], day), "latest": _point_words(latest, day)},
        "change": change_words(latest.category),
        "category": latest.category,
    }


def _table_rows(found: progress.Series) -> list[SafeString]:
    rci = Numbers(2)
    day = Days("j M Y")
    with_band = found.scale is None
    meanings = {category: escape(str(label)) for category, label in TABLE_WORDS.items()}
    rows = []
    for point in found.points:
        change = point.change.rci if point.change else None
        band = f"<td>{escape(band_label(point.band) or NONE)}</td>" if with_band else ""
        rows.append(
            mark_safe(  # noqa: S308 - every word escaped, digits and dates only
                f"<tr><td>{day(point.when)}</td>"
                f"<td>{drawing.number_words(point.value) or NONE}</td>{band}"
                f"<td>{NONE if change is None else escape(rci(change))}</td>"
                f"<td>{meanings[point.category]}</td></tr>"
            )
        )
    return rows


def measure_blocks(rows: list[Row]) -> list[dict[str, Any]]:
    by_instrument = progress.by_instrument(rows)
    words = (_("improved"), _("harder"))
    blocks = []
    for instrument_id in keys.INSTRUMENTS:
        if instrument_id not in by_instrument:
            continue
        all_series = progress.series(instrument_id, by_instrument[instrument_id])
        drawn = charts.chart(all_series)
        several = len(all_series) > 1
        blocks.append(
            {
                "id": instrument_id,
                "short": short_name(instrument_id),
                "name": keys.INSTRUMENTS[instrument_id].name,
                "chart": drawn,
                "several": several,
                "lines": [
                    {
                        "line": line,
                        "label": scale_label(line.scale),
                        "markers": drawing.markers(line, several, words=words),
                    }
                    for line in drawn.lines
                ],
                "bands": [{"band": band, "label": band_label(band.label)} for band in drawn.bands],
                "series": [
                    {
                        "label": scale_label(found.scale),
                        "summary": summary(found),
                        "source": found.source,
                        "is_total": found.scale is None,
                        "rows": joined(_table_rows(found)),
                    }
                    for found in all_series
                ],
            }
        )
    return blocks


MEASURE_FRAME = {
    "width": charts.WIDTH,
    "height": charts.HEIGHT,
    "left": charts.LEFT,
    "right": charts.RIGHT,
    "plot_width": charts.RIGHT - charts.LEFT,
    "label_x": charts.BAND_LABEL_X,
    "x_label_y": charts.X_LABEL_Y,
}


# --- Practice ------------------------------------------------------------------------


def practice_part(
    sessions: Iterable[tuple[str, datetime, int, bool]], period: Period
) -> dict[str, Any]:
    weeks = period.weeks
    seconds = [0] * weeks
    counts = [0] * weeks
    titles: Counter[str] = Counter()
    stopped = 0
    for slug, at, given, needed_to_stop in sessions:
        index = (at.date() - period.first).days // 7
        if not 0 <= index < weeks:
            continue
        seconds[index] += given
        counts[index] += 1
        practice = PRACTICES.get(slug)
        titles[practice.title if practice else slug] += 1
        stopped += needed_to_stop
    found = [
        report_charts.PracticeWeek(period.first + timedelta(weeks=n), seconds[n], counts[n])
        for n in range(weeks)
    ]
    day = Days("j M Y")
    # The table lists the weeks with practice; the picture shows the whole period.
    rows = [
        mark_safe(  # noqa: S308 - an escaped date and numbers only
            f"<tr><td>{day(w.start)}</td><td>{w.minutes}</td><td>{w.practices}</td></tr>"
        )
        for w in found
        if w.practices
    ]
    return {
        "minutes": sum(w.minutes for w in found),
        "practices": sum(counts),
        "stopped": stopped,
        "most": titles.most_common(3),
        "chart": report_charts.bars(found, label_every=max(1, weeks // 3)),
        "rows": joined(rows),
    }


# --- The three circles ---------------------------------------------------------------


def circles_part(points: list[RatedPoint], period: Period) -> dict[str, Any]:
    weekly = weekly_trend(points, period.last, period.weeks)
    chart = trend(weekly, label_every=max(1, period.weeks // 3))
    return {
        "chart": chart,
        "lines": [
            {"system": line.system, "segments": line.segments, "markup": trend_markers(line)}
            for line in chart.lines
        ],
        # The table lists the weeks with check-ins; the picture shows the whole period.
        "rows": joined(trend_rows(p for p in weekly if p.count)),
        "checkins": sum(p.count for p in weekly),
        "has_data": any(p.circles is not None for p in weekly),
    }


def practice_words(part: dict[str, Any]) -> str:
    """The practice part's totals in a sentence."""
    minutes = ngettext("%(n)s minute of practice", "%(n)s minutes of practice", part["minutes"]) % {
        "n": part["minutes"]
    }
    practices = ngettext("%(n)s practice", "%(n)s practices", part["practices"]) % {
        "n": part["practices"]
    }
    return _("In this period: %(minutes)s, over %(practices)s.") % {
        "minutes": minutes,
        "practices": practices,
    }
