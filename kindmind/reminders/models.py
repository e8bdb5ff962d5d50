"""Reminders, the people's reminder settings, push subscriptions, and deliveries.

Exactly once is a row: a `Delivery` per (reminder, local date, channel), made unique by
the database, so that however many loops plan at once, one occurrence has one row, and a
row is sent by whichever loop claims it (docs/reminders.md).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder: what it is for, at what local time, on which days, and how."""

    class Kind(models.TextChoices):
        # Stored keys: never change them. Homework and the course week slot in here when
        # those features exist (kindmind.reminders.wording gives each its words and page).
        PRACTICE = "practice", _("Practice")
        CHECKIN = "checkin", _("Check-in")
        QUESTIONNAIRE = "questionnaire", _("A questionnaire you planned")

    class Status(models.TextChoices):
        ACTIVE = "active", _("On")
        # Suggested by a clinician: never sent until the person accepts it.
        SUGGESTED = "suggested", _("Suggested")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # A wall-clock time in the person's own timezone, whatever that is when it is due.
    at = models.TimeField()
    # Weekdays, Monday 0 to Sunday 6.
    days = models.JSONField(default=list)
    by_email = models.BooleanField(default=False)
    by_push = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=dj_timezone.now)
    # When it was last switched on or its time changed: occurrences before this are never
    # sent (a reminder made at noon for 07:30 starts tomorrow).
    starts_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["practice", "checkin", "questionnaire"]),
                name="reminder_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suggested"]), name="reminder_status_known"
            ),
        ]
        indexes = [models.Index(fields=["status", "client"], name="reminder_status_client")]

    def __str__(self) -> str:
        return f"reminder {self.id}"


class ReminderSettings(models.Model):
    """One person's choices that cover all their reminders: quiet hours and a pause."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    # Local times; both set or neither. Quiet hours may run past midnight (22:00-07:00).
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    # Paused until this moment (a week), or until turned back on.
    paused_until = models.DateTimeField(null=True, blank=True)
    paused_until_resumed = models.BooleanField(default=False)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return f"reminder settings {self.client_id}"

    def is_paused(self, now: object = None) -> bool:
        moment = now or dj_timezone.now()
        return self.paused_until_resumed or (
            self.paused_until is not None and self.paused_until > moment  # type: ignore[operator]
        )


class PushSubscription(models.Model):
    """A browser's web-push subscription (PushManager.subscribe), one per device."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return f"push subscription {self.id}"


class Delivery(models.Model):
    """One occurrence of one reminder on one channel, and what became of it.

    due -> claimed (by one loop, with a lease) -> sending -> sent, or back to due with a
    later try (a failure within the hour), failed (no more tries: the person is told in
    kindmind), or skipped (late, paused, quiet hours, nothing due). A loop that died
    while `sending` leaves a row nobody can know the fate of: it becomes `unsure` and is
    never sent again (never twice); one that died while only `claimed` had not begun to
    send, so its row goes back to `due`.
    """

    class State(models.TextChoices):
        DUE = "due"
        CLAIMED = "claimed"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"
        UNSURE = "unsure"
        SKIPPED_LATE = "skipped_late"
        SKIPPED_PAUSED = "skipped_paused"
        SKIPPED_QUIET = "skipped_quiet"
        SKIPPED_NOTHING_DUE = "skipped_nothing_due"

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        PUSH = "push", _("notifications")

    id = models.BigAutoField(primary_key=True)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # The occurrence: the local date it belongs to, in the timezone it was planned in.
    local_date = models.DateField()
    timezone = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=24, choices=State.choices, default=State.DUE)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    claim = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Why the last try did not go: a short code, never content.
    reason = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "local_date", "channel"], name="delivery_once_per_occurrence"
            ),
        ]
        indexes = [
            # The claim: due rows whose try has come, oldest first.
            models.Index(fields=["state", "next_try_at"], name="delivery_state_next_try"),
            # Notes to the person: their failures, newest first.
            models.Index(fields=["client", "state", "-due_at"], name="delivery_client_state"),
        ]

    def __str__(self) -> str:
        return f"delivery {self.id}"


class LoopHeartbeat(models.Model):
    """When a reminders loop last finished a round (shown by /healthz)."""

    name = models.CharField(max_length=32, primary_key=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"heartbeat {self.name}"
