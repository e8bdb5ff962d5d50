"""Reminders follow the person's own clock through 2026's daylight-saving changes in
London, New York and Auckland: 07:30 stays 07:30, a time that does not exist that day
fires once at the next valid minute, a time that happens twice fires once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from kindmind.accounts.models import User
from kindmind.reminders.delivery import run_round
from kindmind.reminders.models import Delivery
from kindmind.reminders.schedule import exists, occurrence_instant
from kindmind.reminders.tests.conftest import make_reminder

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")

# (zone, the day clocks go forward, the missing local time on it, the first valid minute
# after it), and (zone, the day clocks go back, a local time that happens twice).
GAPS = [
    (LONDON, dt.date(2026, 3, 29), dt.time(1, 30), dt.time(2, 0)),
    (NEW_YORK, dt.date(2026, 3, 8), dt.time(2, 30), dt.time(3, 0)),
    (AUCKLAND, dt.date(2026, 9, 27), dt.time(2, 30), dt.time(3, 0)),
]
REPEATS = [
    (LONDON, dt.date(2026, 10, 25), dt.time(1, 30)),
    (NEW_YORK, dt.date(2026, 11, 1), dt.time(1, 30)),
    (AUCKLAND, dt.date(2026, 4, 5), dt.time(2, 30)),
]


@pytest.mark.parametrize(("zone", "day", "missing", "next_valid"), GAPS)
def test_a_time_that_does_not_exist_is_due_at_the_next_valid_minute(
    zone: ZoneInfo, day: dt.date, missing: dt.time, next_valid: dt.time
) -> None:
    assert not exists(dt.datetime.combine(day, missing), zone)
    instant = occurrence_instant(day, missing, zone)
    local = instant.astimezone(zone)
    assert (local.date(), local.time()) == (day, next_valid)
    # The minute before the jump still exists and is kept as it is.
    before = (dt.datetime.combine(day, missing) - dt.timedelta(hours=1)).time()
    assert occurrence_instant(day, before, zone).astimezone(zone).time() == before


@pytest.mark.parametrize(("zone", "day", "repeated"), REPEATS)
def test_a_time_that_happens_twice_is_due_at_the_first(
    zone: ZoneInfo, day: dt.date, repeated: dt.time
) -> None:
    first = dt.datetime.combine(day, repeated, tzinfo=zone).astimezone(UTC)
    second = dt.datetime.combine(day, repeated, tzinfo=zone).replace(fold=1).astimezone(UTC)
    assert second - first == dt.timedelta(hours=1)
    assert occurrence_instant(day, repeated, zone) == first


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        (LONDON, dt.date(2026, 3, 28), dt.date(2026, 3, 30)),
        (LONDON, dt.date(2026, 10, 24), dt.date(2026, 10, 26)),
        (NEW_YORK, dt.date(2026, 3, 7), dt.date(2026, 3, 9)),
        (NEW_YORK, dt.date(2026, 10, 31), dt.date(2026, 11, 2)),
        (AUCKLAND, dt.date(2026, 4, 4), dt.date(2026, 4, 6)),
        (AUCKLAND, dt.date(2026, 9, 26), dt.date(2026, 9, 28)),
    ],
)
def test_seven_thirty_stays_seven_thirty_local_across_a_change(
    zone: ZoneInfo, before: dt.date, after: dt.date
) -> None:
    first = occurrence_instant(before, dt.time(7, 30), zone)
    second = occurrence_instant(after, dt.time(7, 30), zone)
    assert first.astimezone(zone).time() == second.astimezone(zone).time() == dt.time(7, 30)
    # The UTC instant moved by the change: the clock on the wall did not.
    assert second - first != dt.timedelta(days=2)


def run_minute_by_minute(start: dt.datetime, minutes: int) -> None:
    """The loop, once a minute, as a deployment runs it."""
    for minute in range(minutes):
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            run_round()


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "day", "missing", "next_valid"), GAPS)
def test_the_loop_sends_a_missing_time_once_at_the_next_valid_minute(
    client_user: User, zone: ZoneInfo, day: dt.date, missing: dt.time, next_valid: dt.time
) -> None:
    client_user.timezone = zone.key
    client_user.save()
    jump = dt.datetime.combine(day, next_valid, tzinfo=zone).astimezone(UTC)
    make_reminder(client_user, at=missing, starts_at=jump - dt.timedelta(minutes=80))
    # Minute by minute, from an hour before the jump to an hour after.
    run_minute_by_minute(jump - dt.timedelta(minutes=70), 140)
    assert len(mail.outbox) == 1
    sent = Delivery.objects.get(state="sent")
    assert sent.due_at == jump
    assert sent.finished_at is not None
    assert sent.finished_at.astimezone(zone).time().replace(second=0, microsecond=0) == next_valid


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "day", "repeated"), REPEATS)
def test_the_loop_sends_a_repeated_time_once(
    client_user: User, zone: ZoneInfo, day: dt.date, repeated: dt.time
) -> None:
    client_user.timezone = zone.key
    client_user.save()
    first = dt.datetime.combine(day, repeated, tzinfo=zone).astimezone(UTC)
    make_reminder(client_user, at=repeated, starts_at=first - dt.timedelta(minutes=10))
    # Through both occurrences of the repeated hour and an hour beyond.
    run_minute_by_minute(first - dt.timedelta(minutes=5), 190)
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().due_at == first
    assert Delivery.objects.get().state == "sent"


@pytest.mark.django_db
@pytest.mark.parametrize("zone", [LONDON, NEW_YORK, AUCKLAND])
def test_a_daily_reminder_arrives_at_seven_thirty_local_through_both_2026_changes(
    client_user: User, zone: ZoneInfo
) -> None:
    client_user.timezone = zone.key
    client_user.save()
    make_reminder(client_user, at=dt.time(7, 30))
    changes = [day for z, day, *_ in GAPS + REPEATS if z == zone]
    for change in changes:
        for day in (change - dt.timedelta(days=1), change, change + dt.timedelta(days=1)):
            seven_thirty = dt.datetime.combine(day, dt.time(7, 30), tzinfo=zone)
            for minutes in (-1, 0, 1, 30):
                with time_machine.travel(seven_thirty + dt.timedelta(minutes=minutes), tick=False):
                    run_round()
    # (Days between the changes, when this test's loop was not running, are let go as
    # late: only the days it ran are sent.)
    assert len(mail.outbox) == 6
    assert Delivery.objects.filter(state="sent").count() == 6
    for delivery in Delivery.objects.filter(state="sent"):
        assert delivery.due_at.astimezone(zone).time() == dt.time(7, 30)
        assert delivery.finished_at is not None
        assert delivery.finished_at.astimezone(zone).time() == dt.time(7, 30)
