"""Which weeks are open to a person, and a group's totals for its facilitator.

The rules, in the open:

- Taken alone, week 1 opens at once and week n opens 7 days after week n-1, never
  earlier: at `started_at + 7 x (n - 1)` days. Nothing closes again, and nothing is
  counted as "behind": a week that opened long ago waits, open, for whenever the person
  comes to it.
- With a group, a week opens for its members only when the facilitator opens it.
  Weeks that were already open to a person (taken alone before joining, or opened by a
  group they left) stay open.
- A facilitator sees totals for the whole group, week by week, and nothing about any one
  member: how many practised, the average minutes per member, and how many have a
  reliable improvement on a questionnaire (Jacobson & Truax, as on the person's own
  progress page, kindmind.measures.progress). With fewer than MIN_GROUP members the
  totals are not shown at all: in a small group a total can point to one person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, Sum

from kindmind.accounts.models import User
from kindmind.course.models import WEEKS, Cohort, CohortWeek, Enrolment
from kindmind.course.weeks import BY_NUMBER, Week
from kindmind.measures import keys
from kindmind.measures import progress as measure_progress
from kindmind.measures.models import Response
from kindmind.practice.models import PracticeSession

WEEK = timedelta(days=7)
# The smallest group whose totals a facilitator sees. Below it, one person's practice or
# questionnaire could be read off a total ("1 of 3 practised" when only one came).
MIN_GROUP = 5


def weeks_open(enrolment: Enrolment, now: datetime) -> int:
    """How many weeks are open to the person (0 only in a group that has not begun)."""
    if enrolment.cohort_id is not None:
        return enrolment.weeks_open
    by_time = 1 + max(0, (now - enrolment.started_at) // WEEK)
    return min(WEEKS, max(enrolment.weeks_open, by_time))


def next_opens_at(enrolment: Enrolment, now: datetime) -> datetime | None:
    """When the next week opens, taken alone; None in a group (the facilitator opens it)
    or when every week is open."""
    opened = weeks_open(enrolment, now)
    if enrolment.cohort_id is not None or opened >= WEEKS:
        return None
    return enrolment.started_at + WEEK * opened


@dataclass(frozen=True)
class Place:
    """Where a person is in the course."""

    enrolment: Enrolment
    weeks_open: int
    # The latest week open, or None while a group has not begun.
    current: Week | None
    next_opens_at: datetime | None

    @property
    def in_group(self) -> bool:
        return self.enrolment.cohort_id is not None


def place_of(user: User, now: datetime) -> Place | None:
    """The person's place in the course, or None when they have not started it. One
    query (the group's name comes with it)."""
    enrolment = Enrolment.objects.select_related("cohort").filter(client=user).first()
    if enrolment is None:
        return None
    opened = weeks_open(enrolment, now)
    return Place(
        enrolment=enrolment,
        weeks_open=opened,
        current=BY_NUMBER[opened] if opened else None,
        next_opens_at=next_opens_at(enrolment, now),
    )


def current_week(user: User, now: datetime) -> int | None:
    """The person's current course week for the practice suggestions, or None."""
    return week_number(place_of(user, now))


def week_number(place: Place | None) -> int | None:
    """The number of the latest week open at this place, or None."""
    return place.current.number if place and place.current else None


# --- A group's totals ---------------------------------------------------------------


@dataclass(frozen=True)
class WeekTotals:
    number: int
    opened_at: datetime
    until: datetime
    practised: int
    average_minutes: int
    improved: int


@dataclass(frozen=True)
class GroupTotals:
    members: int
    # False below MIN_GROUP: nothing else is computed, let alone shown.
    shown: bool
    weeks: tuple[WeekTotals, ...]


def _latest_category(found: measure_progress.Series) -> str | None:
    scored = [point for point in found.points if point.value is not None]
    return scored[-1].category if scored else None


def _improved_by(
    members_responses: dict[Any, dict[str, list[measure_progress.Entry]]], end: datetime
) -> int:
    """How many members' latest score before `end`, on some questionnaire, is a reliable
    improvement on their first."""
    count = 0
    for by_instrument in members_responses.values():
        for instrument, entries in by_instrument.items():
            before = [e for e in entries if e.when < end]
            if len(before) < 2:
                continue
            try:
                drawn = measure_progress.series(instrument, before)
            except ValueError:  # a stored score the scale cannot hold: not counted
                continue
            if any(_latest_category(found) == "improved" for found in drawn):
                count += 1
                break
    return count


def group_totals(cohort: Cohort, now: datetime) -> GroupTotals:
    """The group's totals for each opened week, in a constant number of queries (four)
    whatever the group's size: never one query per member."""
    members = Enrolment.objects.filter(cohort=cohort)
    size = members.count()
    if size < MIN_GROUP:
        return GroupTotals(members=size, shown=False, weeks=())
    opened = list(CohortWeek.objects.filter(cohort=cohort).values_list("number", "opened_at"))
    if not opened:
        return GroupTotals(members=size, shown=True, weeks=())
    windows = [
        (number, start, opened[i + 1][1] if i + 1 < len(opened) else now)
        for i, (number, start) in enumerate(opened)
    ]
    member_ids = members.values("client_id")
    aggregates: dict[str, Any] = {}
    for number, start, until in windows:
        inside = Q(started_at__gte=start, started_at__lt=until)
        aggregates[f"people_{number}"] = Count("client", distinct=True, filter=inside)
        aggregates[f"seconds_{number}"] = Sum("seconds", filter=inside)
    practice = PracticeSession.objects.filter(
        client__in=member_ids, seconds__gt=0, started_at__gte=windows[0][1], started_at__lt=now
    ).aggregate(**aggregates)

    responses: dict[Any, dict[str, list[measure_progress.Entry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = Response.objects.filter(client__in=member_ids, completed_at__lt=now).values_list(
        "client_id", "instrument", "id", "completed_at", "result"
    )
    for client_id, instrument, response_id, completed_at, result in rows:
        if instrument in keys.INSTRUMENTS and isinstance(result, dict):
            responses[client_id][instrument].append(
                measure_progress.Entry(str(response_id), completed_at, result)
            )

    weeks = []
    for number, start, until in windows:
        seconds = practice[f"seconds_{number}"] or 0
        weeks.append(
            WeekTotals(
                number=number,
                opened_at=start,
                until=until,
                practised=practice[f"people_{number}"] or 0,
                average_minutes=round(seconds / 60 / size),
                improved=_improved_by(responses, until),
            )
        )
    return GroupTotals(members=size, shown=True, weeks=tuple(weeks))
