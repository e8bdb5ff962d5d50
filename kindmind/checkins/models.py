from __future__ import annotations

import uuid
import zoneinfo
from datetime import date, datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from kindmind.lib.fields import EncryptedTextField


class CheckIn(models.Model):
    """How big threat, drive and soothing feel at one moment, with the feelings named.

    `timezone` is the one the person lived in when they checked in, so a check-in made
    late on a Monday in London stays on Monday after they move to Tokyo.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    at = models.DateTimeField(default=dj_timezone.now)
    timezone = models.CharField(max_length=64)
    # Each rating is kept only when the person set it: an untouched one is empty (None),
    # never an invented middle value.
    threat = models.PositiveSmallIntegerField(null=True, blank=True)
    drive = models.PositiveSmallIntegerField(null=True, blank=True)
    soothing = models.PositiveSmallIntegerField(null=True, blank=True)
    # Words from the curated list (kindmind.checkins.emotions).
    emotions = models.JSONField(default=list, blank=True)
    # Feelings the person typed in their own words.
    other_feelings = EncryptedTextField(max_length=200, blank=True)
    note = EncryptedTextField(blank=True)
    # The form's one-time id: a second submit of the same form saves nothing new.
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    personal_fields: ClassVar[tuple[str, ...]] = ("emotions", "other_feelings", "note")

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=Q(threat__lte=10), name="checkin_threat_0_10"),
            models.CheckConstraint(condition=Q(drive__lte=10), name="checkin_drive_0_10"),
            models.CheckConstraint(condition=Q(soothing__lte=10), name="checkin_soothing_0_10"),
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="checkin_one_per_submission"
            ),
        ]
        indexes = [
            # History, week view and trend: one person's check-ins by time. The trend's
            # columns ride along in the key (a covering index on both databases), so a
            # year's trend reads about a dozen index pages instead of one table page per
            # check-in, where a live server's rows lie in the order people wrote them
            # (`kindmind bench scale`: 1,100 buffers with 200 others, see BENCHMARKS.md).
            models.Index(
                fields=["client", "-at", "timezone", "threat", "drive", "soothing"],
                name="checkin_client_at_ratings",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.id}"

    @property
    def is_rated(self) -> bool:
        """Whether the person gave at least one of the three ratings."""
        return any(getattr(self, s) is not None for s in ("threat", "drive", "soothing"))

    @property
    def local_at(self) -> datetime:
        return self.at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    @property
    def local_date(self) -> date:
        return self.local_at.date()
