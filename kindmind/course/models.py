"""Taking the 8-week course, alone or with a group.

- `Enrolment`: one person taking the course. Alone, week n opens 7 days after week n-1
  (from `started_at`); with a group, a week opens when the facilitator opens it.
  `weeks_open` only ever grows: a week once open stays open, whatever happens to the
  group (nothing is lost by going slower, or by leaving).
- `Reflection`: the person's few words for one week, encrypted at rest. Private: no
  sharing category covers them, so no facilitator or clinician ever reads them.
- `Cohort`, `CohortWeek`, `Invitation`: a facilitator's group, the moments its weeks were
  opened, and the one-time codes that let a person join. None of them holds anything a
  member wrote.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from kindmind.lib.fields import EncryptedTextField

WEEKS = 8
REFLECTION_LONGEST = 4000


class Cohort(models.Model):
    """A group taking the course together, run by one facilitator (a clinician account)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohorts"
    )
    # The facilitator's own label for the group ("Tuesday evenings"), shown to members.
    name = models.CharField(max_length=80)
    # The form's one-time id: pressing "Create" twice makes one group.
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ("name",)
    # For the access rule: only the facilitator may open their group's page.
    client_owner_field: ClassVar[str] = "facilitator_id"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "submission_id"], name="cohort_one_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"cohort {self.id}"


class CohortWeek(models.Model):
    """When a facilitator opened one week for their group. The group's progress page
    counts each week from its opening to the next one's."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_week_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=WEEKS), name="cohort_week_1_8"
            ),
        ]

    def __str__(self) -> str:
        return f"cohort week {self.number}"


class Invitation(models.Model):
    """A one-time code that lets one person join a group. Used once, then spent; it
    also stops working when it expires or the facilitator withdraws it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    # Spent: no record of who used it, only that it was used.
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"invitation {self.id}"


class Enrolment(models.Model):
    """One person taking the course, alone (`cohort` empty) or with a group."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrolment"
    )
    # A group ending (its facilitator leaving kindmind) leaves the person taking the
    # course alone, with every week that was open still open.
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Taking it alone: week n opens at started_at + 7 x (n - 1) days.
    started_at = models.DateTimeField(default=dj_timezone.now)
    # Weeks opened so far that stay open (by a group, or before leaving one). Taken alone,
    # the weeks that time has opened count as well (kindmind.course.progress).
    weeks_open = models.PositiveSmallIntegerField(default=0)
    joined_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(weeks_open__lte=WEEKS), name="enrolment_weeks_0_8"),
        ]

    def __str__(self) -> str:
        return f"course enrolment {self.id}"


class Reflection(models.Model):
    """What a person wrote for one week's reflection question. Theirs alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_reflections"
    )
    week = models.PositiveSmallIntegerField()
    text = EncryptedTextField(max_length=REFLECTION_LONGEST, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["client", "week"], name="reflection_one_per_week"),
            models.CheckConstraint(
                condition=Q(week__gte=1, week__lte=WEEKS), name="reflection_week_1_8"
            ),
        ]

    def __str__(self) -> str:
        return f"course reflection {self.id}"
