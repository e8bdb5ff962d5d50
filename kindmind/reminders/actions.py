"""Writes to reminders: one transaction each, `by=` the person acting. A clinician's
suggestion is audited; it never starts until the person accepts it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.reminders.models import Delivery, Reminder, ReminderSettings

PAUSE_WEEK = dt.timedelta(days=7)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "at": data["at"].replace(second=0, microsecond=0),
        "days": sorted({int(d) for d in data["days"]}),
        "by_push": bool(data.get("by_push")),
        "by_email": bool(data.get("by_email")),
    }


@transaction.atomic
def create_reminder(*, client: User, data: dict[str, Any], by: User) -> Reminder:
    reminder = Reminder.objects.create(client=client, starts_at=timezone.now(), **_fields(data))
    audit_object(by=by, obj=reminder, action=AuditEvent.Action.CREATE)
    return reminder


@transaction.atomic
def suggest_reminder(*, client: User, data: dict[str, Any], by: User) -> Reminder:
    """A clinician's suggestion: waits, switched off, for the person to accept it."""
    reminder = Reminder.objects.create(
        client=client,
        status=Reminder.Status.SUGGESTED,
        suggested_by=by,
        starts_at=timezone.now(),
        **_fields(data),
    )
    audit_object(by=by, obj=reminder, action=AuditEvent.Action.CREATE)
    return reminder


@transaction.atomic
def update_reminder(*, reminder: Reminder, data: dict[str, Any], by: User) -> Reminder:
    for name, value in _fields(data).items():
        setattr(reminder, name, value)
    # From now on: a change never sends an occurrence that has already passed.
    reminder.starts_at = timezone.now()
    reminder.save()
    audit_object(by=by, obj=reminder, action=AuditEvent.Action.CHANGE)
    return reminder


@transaction.atomic
def accept_reminder(*, reminder: Reminder, by: User) -> Reminder:
    reminder.status = Reminder.Status.ACTIVE
    reminder.starts_at = timezone.now()
    reminder.save(update_fields=["status", "starts_at"])
    audit_object(by=by, obj=reminder, action=AuditEvent.Action.CHANGE)
    return reminder


@transaction.atomic
def delete_reminder(*, reminder: Reminder, by: User) -> None:
    audit_object(by=by, obj=reminder, action=AuditEvent.Action.DELETE)
    reminder.delete()


def settings_for(client: User) -> ReminderSettings:
    """For reading: the person's settings, or the defaults (not saved) when they have none."""
    return ReminderSettings.objects.filter(client=client).first() or ReminderSettings(client=client)


def _settings_row(client: User) -> ReminderSettings:
    return ReminderSettings.objects.get_or_create(client=client)[0]


@transaction.atomic
def pause(*, client: User, how: str) -> ReminderSettings:
    prefs = _settings_row(client)
    if how == "week":
        prefs.paused_until = timezone.now() + PAUSE_WEEK
        prefs.paused_until_resumed = False
    else:
        prefs.paused_until = None
        prefs.paused_until_resumed = True
    prefs.save()
    return prefs


@transaction.atomic
def resume(*, client: User) -> ReminderSettings:
    prefs = _settings_row(client)
    now = timezone.now()
    prefs.paused_until = None
    prefs.paused_until_resumed = False
    prefs.save()
    # Nothing from the paused time is sent afterwards: reminders start again from now.
    Reminder.objects.filter(client=client, status=Reminder.Status.ACTIVE).update(starts_at=now)
    return prefs


@transaction.atomic
def set_quiet_hours(*, client: User, quiet_from: Any, quiet_until: Any) -> ReminderSettings:
    if quiet_from is None and quiet_until is None:
        existing = ReminderSettings.objects.filter(client=client).first()
        if existing is None:
            # No quiet hours, as before: nothing to write.
            return settings_for(client)
    prefs = _settings_row(client)
    prefs.quiet_from = quiet_from
    prefs.quiet_until = quiet_until
    prefs.save()
    return prefs


def notes_for(client: User, now: dt.datetime | None = None) -> list[tuple[str, dt.datetime, str]]:
    """Reminders that could not reach the person lately, one per channel: (channel, when,
    why), and only while nothing has reached them on that channel since."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=7)
    channels = (Delivery.Channel.EMAIL, Delivery.Channel.PUSH)
    # One query for the latest failure on each channel (Today asks on every visit, and
    # most weeks there is none), then one more only for a channel that had one.
    latest: dict[str, tuple[dt.datetime, str]] = {}
    for channel, due_at, reason in (
        Delivery.objects.filter(
            client=client, channel__in=channels, state=Delivery.State.FAILED, due_at__gte=since
        )
        .order_by("-due_at")
        .values_list("channel", "due_at", "reason")
    ):
        latest.setdefault(channel, (due_at, reason))
    notes = []
    for channel in channels:
        if channel not in latest:
            continue
        due_at, reason = latest[channel]
        if Delivery.objects.filter(
            client=client, channel=channel, state=Delivery.State.SENT, due_at__gt=due_at
        ).exists():
            continue
        notes.append((str(channel), due_at, reason))
    return notes
