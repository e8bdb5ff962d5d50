"""Reading a person's practice for the log, the suggestions, Today and their clinician.

Queries live here; the rules they feed (kindmind.practice.rules) stay Django-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, Sum, Value
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.course.progress import Place, current_week, week_number
from kindmind.practice import rules
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import CompassionateOther, CompassionateSelf, PracticeSession

HISTORY_DAYS = 30


def week_bounds(user: User, today: date | None = None) -> tuple[datetime, datetime]:
    """This week, Monday to Monday, in the person's own timezone."""
    today = today or timezone.localdate(timezone=user.zone)
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time.min, tzinfo=user.zone)
    return start, start + timedelta(days=7)


def history(user: User, *, now: datetime | None = None) -> list[rules.PastPractice]:
    """The person's practices of the last HISTORY_DAYS, newest first, for the rules."""
    now = now or timezone.now()
    rows = PracticeSession.objects.filter(
        client=user, started_at__gte=now - timedelta(days=HISTORY_DAYS)
    ).values_list(
        "practice",
        "started_at",
        "seconds",
        "backdraft",
        "distress_before",
        "distress_after",
        "needed_to_stop",
    )
    return [rules.PastPractice(*row) for row in rows]


def last_practised(user: User) -> datetime | None:
    """When the person last practised (any time ago), for the welcome back."""
    return (
        PracticeSession.objects.filter(client=user, seconds__gt=0)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Week:
    minutes: int
    practices: int


def this_week(user: User) -> Week:
    """Minutes practised and practices done this week (any part of a practice counts)."""
    start, end = week_bounds(user)
    totals = PracticeSession.objects.filter(
        client=user, started_at__gte=start, started_at__lt=end, seconds__gt=0
    ).aggregate(seconds=Sum("seconds"), practices=Count("id"))
    seconds = totals["seconds"] or 0
    # Round up a part-minute: a 30-second grounding counts as a minute given to practice.
    return Week(minutes=-(-seconds // 60), practices=totals["practices"])


def week_in(user: User, past: Sequence[rules.PastPractice]) -> Week:
    """`this_week` counted from practices already read for the rules (the last
    HISTORY_DAYS hold the whole week), without asking the database again."""
    start, end = week_bounds(user)
    done = [p for p in past if p.seconds > 0 and start <= p.at < end]
    seconds = sum(p.seconds for p in done)
    return Week(minutes=-(-seconds // 60), practices=len(done))


def builder_details(user: User) -> dict[str, str]:
    """The person's own builder words by step name ("other.voice"), for weaving into
    guidance. Empty strings for what they have not described."""
    details: dict[str, str] = {}
    for prefix, model in (("other", CompassionateOther), ("self", CompassionateSelf)):
        builder = model.objects.filter(client=user).first()
        for name in model.FIELDS:
            details[f"{prefix}.{name}"] = getattr(builder, name) if builder else ""
    return details


def builders_described(user: User) -> frozenset[str]:
    """Which builders ("other", "self") the person has put any words into. One query, and
    no words read: an empty box is stored empty, unencrypted (kindmind.lib.fields), so SQL
    can tell an empty box from a filled one. `actions.save_builder` strips what it saves,
    so a filled box is never only spaces."""

    def described(prefix: str, model: type[CompassionateOther | CompassionateSelf]) -> Any:
        filled = Q()
        for name in model.FIELDS:
            filled |= ~Q(**{name: ""})
        return (
            model.objects.filter(filled, client=user)
            .annotate(builder=Value(prefix))
            .values_list("builder", flat=True)
        )

    return frozenset(
        described("other", CompassionateOther).union(described("self", CompassionateSelf))
    )


def situation(
    user: User,
    *,
    minutes_available: int | None = None,
    now: datetime | None = None,
    course: Place | bool | None = True,
) -> rules.Situation:
    """What the suggestion rules read. `course` is the person's place in the course when
    the caller has read it already (Today does, for its course card), None when they have
    none; True reads it here."""
    now = now or timezone.now()
    return rules.Situation(
        now=now,
        history=history(user, now=now),
        minutes_available=minutes_available,
        builders=builders_described(user),
        # The week of the 8-week course the person is in, if they take it.
        programme_week=current_week(user, now) if course is True else week_number(course or None),
    )


def suggestions(user: User, *, minutes_available: int | None = None) -> list[rules.Suggestion]:
    return rules.suggest(situation(user, minutes_available=minutes_available), PRACTICES)


def backdraft_moments(user: User, *, now: datetime | None = None) -> list[datetime]:
    now = now or timezone.now()
    return list(
        PracticeSession.objects.filter(
            client=user, backdraft=True, started_at__gte=now - rules.REPEAT_WINDOW
        ).values_list("started_at", flat=True)
    )


def repeated_backdraft(user: User, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return rules.repeated_backdraft(backdraft_moments(user, now=now), now=now)


@dataclass(frozen=True)
class ClinicianView:
    """What a clinician sees when the person shares their practice: amounts and the
    repeated-backdraft flag, never ratings by practice, builders or kind actions."""

    minutes_this_week: int
    practices_this_week: int
    backdraft_recently: int
    repeated_backdraft: bool


def for_clinician(client: User) -> ClinicianView:
    now = timezone.now()
    week = this_week(client)
    recent = PracticeSession.objects.filter(
        client=client, started_at__gte=now - rules.REPEAT_WINDOW
    ).aggregate(backdraft=Count("id", filter=Q(backdraft=True)))
    return ClinicianView(
        minutes_this_week=week.minutes,
        practices_this_week=week.practices,
        backdraft_recently=recent["backdraft"],
        repeated_backdraft=repeated_backdraft(client, now=now),
    )
