"""Questionnaires a person has scheduled and answered.

Scores are computed by the pure core (`kindmind.measures.scoring.score`) when a
questionnaire is completed, inside `actions.record_response`, and stored as computed:
a later change to a key never rewrites what a person was shown.
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from kindmind.measures.catalogue import short_name

if TYPE_CHECKING:
    from kindmind.accounts.models import User

EVERY_DAYS_MAX = 365


# Where an "at each session" plan waits after it is answered: not due until the next
# session held moves it to that day.
AT_NEXT_SESSION = date(9999, 12, 31)


class Schedule(models.Model):
    """A person's plan to answer one instrument: once, every N days, or (planned by a
    clinician) at each session: ready again whenever that clinician records a session
    held with the person (kindmind.casenotes), waiting in between at `AT_NEXT_SESSION`.

    `next_due` is a date in the person's own timezone. The first response to an
    instrument is the baseline that later ones are compared with, whether or not it was
    scheduled.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument = models.CharField(max_length=32)
    # None: answer it once.
    every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    next_due = models.DateField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Ready again each time the clinician who planned it records a session held.
    at_sessions = models.BooleanField(default=False)
    # The clinician who last planned it for the person; None when the person planned it.
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_schedules",
    )

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["next_due"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=True)
                | Q(every_days__gte=1, every_days__lte=EVERY_DAYS_MAX),
                name="schedule_every_1_365_days",
            ),
            models.CheckConstraint(condition=~Q(instrument=""), name="schedule_names_instrument"),
            # One live plan per instrument: changing it updates the plan, never doubles it.
            models.UniqueConstraint(
                fields=["client", "instrument"],
                condition=Q(active=True),
                name="schedule_one_active_per_instrument",
            ),
        ]
        indexes = [
            # Today's "ready when you are" card and the questionnaires page: a person's
            # active schedules by due date.
            models.Index(fields=["client", "active", "next_due"], name="schedule_client_due"),
        ]

    def __str__(self) -> str:
        return f"schedule {self.id}"

    def is_due(self, today: date) -> bool:
        return self.active and self.next_due <= today

    @property
    def short_name(self) -> str:
        return short_name(self.instrument)


class Response(models.Model):
    """One completed questionnaire: the answers as given and the score as computed then.

    `answers` has one entry per item in published order, the position of the chosen
    response on the printed scale (before any reversal), or None for an item left empty.
    `unscored` holds the answers to unscored questions (the PHQ-9's difficulty question)
    by their id. `result` is `scoring.Score.as_json()` at completion.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_responses"
    )
    instrument = models.CharField(max_length=32)
    answers = models.JSONField()
    unscored = models.JSONField(default=dict, blank=True)
    result = models.JSONField()
    completed_at = models.DateTimeField(default=dj_timezone.now)
    timezone = models.CharField(max_length=64)
    # Which wording was shown ("built-in" or the pack's file name, and its version).
    wording = models.CharField(max_length=300, blank=True)
    # The form's one-time id: a second submit of the same form saves nothing new.
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    personal_fields: ClassVar[tuple[str, ...]] = ("answers", "unscored", "result")

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(instrument=""), name="response_names_instrument"),
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="response_one_per_submission"
            ),
        ]
        indexes = [
            # Progress page, baseline lookup and exports: one person's responses to one
            # instrument by time.
            models.Index(
                fields=["client", "instrument", "completed_at"], name="response_client_instr_at"
            ),
        ]

    def __str__(self) -> str:
        return f"questionnaire response {self.id}"

    @property
    def local_at(self) -> datetime:
        return self.completed_at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    @property
    def flags(self) -> list[str]:
        found = self.result.get("flags") if isinstance(self.result, dict) else None
        return list(found) if isinstance(found, list) else []

    @property
    def has_risk_item(self) -> bool:
        return "risk_item" in self.flags


def due_schedules(client: User, today: date) -> list[Schedule]:
    """A person's active plans whose day has come, soonest first (for Today's card)."""
    return list(
        Schedule.objects.filter(client=client, active=True, next_due__lte=today).order_by(
            "next_due"
        )
    )
