"""Guided practice: each practice a person does, the kind things they plan, and the two
builders (their ideal compassionate other and their compassionate self) that later
practices weave into their guidance. All private to the person unless they share their
practice log (category "practice"), which shows minutes and backdraft flags only."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from kindmind.lib.fields import EncryptedTextField
from kindmind.practice.library import PRACTICES, Practice, find
from kindmind.practice.library import Version as Script

RATINGS = ("distress", "calm", "warmth")
MOMENTS = ("before", "after")


def _rating() -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(null=True, blank=True)


class PracticeSession(models.Model):
    """One time a person opened a guided practice, from start to its end.

    `seconds` is what the log counts: always computed on the server from the practice's
    own step durations (the first `steps_done` steps), never taken from the browser.
    `ended_at` is set once, when the person finishes or stops; a second finish changes
    nothing, so a practice is logged once however often its form is sent.
    """

    class Version(models.TextChoices):
        SHORT = "short", _("Short")
        STANDARD = "standard", _("Standard")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    # A slug from kindmind.practice.library.
    practice = models.CharField(max_length=64)
    version = models.CharField(max_length=16, choices=Version.choices)
    started_at = models.DateTimeField(default=dj_timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    seconds = models.PositiveIntegerField(default=0)
    # The person pressed "I need to stop".
    needed_to_stop = models.BooleanField(default=False)
    # The person said it stirred something difficult.
    stirred = models.BooleanField(default=False)
    # Stirred, or distress rose by 2 or more (kindmind.practice.rules.is_backdraft).
    backdraft = models.BooleanField(default=False)
    distress_before = _rating()
    calm_before = _rating()
    warmth_before = _rating()
    distress_after = _rating()
    calm_after = _rating()
    warmth_after = _rating()
    # The start form's one-time id: pressing Start twice opens one session.
    submission_id = models.UUIDField()

    # Numbers and choices only, like the check-in's circles.
    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{r}_{m}__lte": 10}), name=f"practice_{r}_{m}_0_10"
                )
                for r in RATINGS
                for m in MOMENTS
            ),
            models.CheckConstraint(
                condition=Q(version__in=["short", "standard"]), name="practice_version_known"
            ),
            # No single practice is longer than an hour.
            models.CheckConstraint(condition=Q(seconds__lte=3600), name="practice_seconds_hour"),
            models.CheckConstraint(
                condition=Q(stirred=False) | Q(backdraft=True), name="practice_stirred_backdraft"
            ),
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="practice_one_per_submission"
            ),
        ]
        indexes = [
            # The log, suggestions and the backdraft rules: one person's practices by time.
            models.Index(fields=["client", "-started_at"], name="practice_client_started"),
        ]

    def __str__(self) -> str:
        return f"practice session {self.id}"

    @property
    def definition(self) -> Practice | None:
        return find(self.practice)

    @property
    def script(self) -> Script | None:
        practice = self.definition
        return practice.version(self.version) if practice else None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def completed(self) -> bool:
        script = self.script
        return script is not None and self.steps_done >= len(script.steps)


class KindAction(models.Model):
    """Behavioural self-compassion: what the person needed, and one small kind thing."""

    class Need(models.TextChoices):
        SAFE = "safe", _("To feel safe")
        COMFORTED = "comforted", _("To feel comforted")
        VALIDATED = "validated", _("To feel understood")
        PROTECTED = "protected", _("To feel protected")
        PROVIDED_FOR = "provided_for", _("To be looked after")
        MOTIVATED = "motivated", _("Some encouragement")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kind_actions"
    )
    session = models.ForeignKey(
        PracticeSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kind_actions",
    )
    need = models.CharField(max_length=16, choices=Need.choices, blank=True)
    action = EncryptedTextField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    submission_id = models.UUIDField()

    personal_fields: ClassVar[tuple[str, ...]] = ("need", "action")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="kindaction_one_per_submission"
            ),
            models.CheckConstraint(condition=~Q(need="", action=""), name="kindaction_not_empty"),
        ]
        indexes = [
            # The practice log: one person's kind actions, newest first.
            models.Index(fields=["client", "-created_at"], name="kindaction_client_created"),
        ]

    def __str__(self) -> str:
        return f"kind action {self.id}"


class CompassionateOther(models.Model):
    """The person's ideal compassionate other, in their own words. One per person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compassionate_other"
    )
    what = EncryptedTextField(max_length=300, blank=True)
    wisdom = EncryptedTextField(max_length=300, blank=True)
    strength = EncryptedTextField(max_length=300, blank=True)
    warmth = EncryptedTextField(max_length=300, blank=True)
    non_judgement = EncryptedTextField(max_length=300, blank=True)
    voice = EncryptedTextField(max_length=300, blank=True)
    colour = EncryptedTextField(max_length=300, blank=True)
    senses = EncryptedTextField(max_length=300, blank=True)
    # Grows with each save; a form based on an older one does not overwrite a newer one.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS: ClassVar[tuple[str, ...]] = (
        "what",
        "wisdom",
        "strength",
        "warmth",
        "non_judgement",
        "voice",
        "colour",
        "senses",
    )
    personal_fields: ClassVar[tuple[str, ...]] = FIELDS

    def __str__(self) -> str:
        return f"compassionate other {self.id}"


class CompassionateSelf(models.Model):
    """The person's compassionate self, in their own words. One per person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compassionate_self"
    )
    qualities = EncryptedTextField(max_length=300, blank=True)
    posture = EncryptedTextField(max_length=300, blank=True)
    face = EncryptedTextField(max_length=300, blank=True)
    voice = EncryptedTextField(max_length=300, blank=True)
    # Grows with each save; a form based on an older one does not overwrite a newer one.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS: ClassVar[tuple[str, ...]] = ("qualities", "posture", "face", "voice")
    personal_fields: ClassVar[tuple[str, ...]] = FIELDS

    def __str__(self) -> str:
        return f"compassionate self {self.id}"


class Recording(models.Model):
    """A recorded voice for one version of a practice: a clinic's or a clinician's own.

    One per practice version: a new upload replaces the one before. The audio itself is
    a file under the data directory (kindmind.practice.recordings.folder), named by this
    row's id; it is not a client's data and holds nothing personal.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A slug from kindmind.practice.library, and one of its versions.
    practice = models.CharField(max_length=64)
    version = models.CharField(max_length=16, choices=PracticeSession.Version.choices)
    # The file's name inside the recordings folder: "<id>.<extension>".
    file_name = models.CharField(max_length=80)
    # What the file's own first bytes showed (never what a browser claimed).
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    duration = models.FloatField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        ordering = ["practice", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "version"], name="recording_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(version__in=["short", "standard"]), name="recording_version_known"
            ),
        ]

    def __str__(self) -> str:
        return f"recording {self.id}"

    @property
    def definition(self) -> Practice | None:
        return PRACTICES.get(self.practice)
