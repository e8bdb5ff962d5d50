"""Homework a clinician sets for a person who shares with them, and practices a
clinician adds in the library's own file format for their own people.

Whether homework was done is never a checkbox: it is read from what the person actually
did (a practice of that practice, a critic entry or letter with words in it, an answered
questionnaire), after the homework was set (`kindmind.homework.progress`).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from kindmind.lib.fields import EncryptedTextField

# The longest a piece of homework runs: a year, like a questionnaire's plan.
LONGEST_DAYS = 365
NOTE_MAX = 500


class Homework(models.Model):
    """One thing a clinician suggested, how often, and until when.

    `times_a_week`: None for once; 7 for each day; 1-6 for that many days a week.
    `starts_on` and `until` are dates in the person's own timezone, both included.
    """

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("A practice")
        CRITIC = "critic", _("Work with the critic")
        LETTER = "letter", _("A compassionate letter")
        MEASURE = "measure", _("A questionnaire")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="homework"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="homework_set"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # A practice's slug (the library's, or "own-..." for a clinician's own practice), or
    # an instrument id; empty for critic work and letters.
    target = models.CharField(max_length=80, blank=True)
    times_a_week = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    until = models.DateField()
    # The clinician's own words to the person.
    note = EncryptedTextField(max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    # Set when the clinician ends it before its last day.
    ended_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ("note",)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["practice", "critic", "letter", "measure"]),
                name="homework_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(times_a_week__isnull=True)
                | Q(times_a_week__gte=1, times_a_week__lte=7),
                name="homework_times_1_7",
            ),
            models.CheckConstraint(
                condition=Q(until__gte=models.F("starts_on")), name="homework_until_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["critic", "letter"]) | ~Q(target=""),
                name="homework_names_its_target",
            ),
        ]
        indexes = [
            # Today and the caseload: a person's homework that is still running.
            models.Index(fields=["client", "until"], name="homework_client_until"),
            models.Index(fields=["clinician", "client"], name="homework_clinician_client"),
        ]

    def __str__(self) -> str:
        return f"homework {self.id}"


class OwnPractice(models.Model):
    """A practice a clinician wrote in the library's file format
    (kindmind/practice/data/practices/README.md), for the people who share with them.

    `slug` is "own-" and the file's slug, unique for its clinician. `source` is the JSON
    as the clinician sent it, checked by the library's own parser on every read.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_practices"
    )
    slug = models.CharField(max_length=80)
    title = models.CharField(max_length=600)
    source = models.JSONField()
    created_at = models.DateTimeField(default=dj_timezone.now)

    # A clinician's own script: not a client's words.
    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["clinician", "slug"], name="own_practice_one_slug"),
        ]

    def __str__(self) -> str:
        return f"own practice {self.id}"
