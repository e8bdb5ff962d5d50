from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from kindmind.lib.fields import EncryptedTextField


class Entry(models.Model):
    """One piece of work with the critic: a "when the critic shows up" entry, a
    compassionate letter, or one situation seen by multiple selves.

    The free-text answers live in `Text` (one current text per field) and `TextVersion`
    (earlier and conflict copies), so that autosave, versions, search and deletion work
    the same for every kind. Numbers and choices from the list live here.
    """

    class Kind(models.TextChoices):
        CRITIC = "critic", _("When the critic shows up")
        LETTER = "letter", _("A compassionate letter")
        SELVES = "selves", _("Multiple selves")

    class LetterFrom(models.TextChoices):
        SELF = "self", _("My compassionate self")
        IMAGE = "image", _("My compassionate image")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="critic_entries"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The start form's one-time id: pressing "Begin" twice starts one entry.
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(default=dj_timezone.now)
    # The step last saved, so that "carry on" returns there.
    last_step = models.CharField(max_length=32, blank=True)
    # The page load that last changed this entry: a change is audited once per sitting,
    # not once per autosave.
    last_sitting = models.UUIDField(null=True, blank=True)

    # When the critic shows up: how much the critic is believed before and after the
    # compassionate reply (0-100), and how warm the reply feels (0-10). None: skipped.
    belief_before = models.PositiveSmallIntegerField(null=True, blank=True)
    belief_after = models.PositiveSmallIntegerField(null=True, blank=True)
    reply_warmth = models.PositiveSmallIntegerField(null=True, blank=True)
    # Words chosen from our lists (kindmind.checkins.emotions, kindmind.critic.steps).
    emotions = models.JSONField(default=list, blank=True)
    critic_aims = models.JSONField(default=list, blank=True)
    critic_fear_choices = models.JSONField(default=list, blank=True)
    needs = models.JSONField(default=list, blank=True)
    # A letter: who writes it.
    letter_from = models.CharField(max_length=8, choices=LetterFrom.choices, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = (
        "emotions",
        "critic_aims",
        "critic_fear_choices",
        "needs",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(belief_before__lte=100), name="critic_entry_belief_before_0_100"
            ),
            models.CheckConstraint(
                condition=Q(belief_after__lte=100), name="critic_entry_belief_after_0_100"
            ),
            models.CheckConstraint(
                condition=Q(reply_warmth__lte=10), name="critic_entry_warmth_0_10"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["critic", "letter", "selves"]), name="critic_entry_kind"
            ),
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="critic_entry_one_per_submission"
            ),
        ]
        indexes = [
            # "My entries": one person's entries, newest first; the belief chart.
            models.Index(fields=["client", "-created_at"], name="critic_entry_client_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} entry {self.id}"


class Text(models.Model):
    """The current words of one free-text answer. See kindmind.critic.drafts for how a
    save replaces them, and when the words they replace are kept as a TextVersion."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="texts")
    field = models.CharField(max_length=40)
    body = EncryptedTextField(blank=True)
    # Raised by the server on every save that changes `body`.
    version = models.PositiveIntegerField()
    # The page load that wrote `body`, and that page's own counter (drafts.py, rule 2-3).
    sitting = models.UUIDField()
    rev = models.PositiveIntegerField()
    saved_at = models.DateTimeField()
    # Saved on purpose (its step's form was sent, e.g. "Save this version"), not only by
    # autosave: whatever replaces these words keeps them as an earlier version.
    deliberate = models.BooleanField(default=False)

    personal_fields: ClassVar[tuple[str, ...]] = ("body",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "field"], name="critic_text_one_per_field"),
        ]

    def __str__(self) -> str:
        return f"{self.field} v{self.version} of {self.entry_id}"


class TextVersion(models.Model):
    """Words that were once current (or arrived too late to be) and are kept."""

    class Reason(models.TextChoices):
        EARLIER = "earlier", _("An earlier version")
        CONFLICT = "conflict", _("Changed in two places at once")
        LATE = "late", _("Arrived after newer words")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    field = models.CharField(max_length=40)
    body = EncryptedTextField(blank=True)
    version = models.PositiveIntegerField()
    saved_at = models.DateTimeField()
    kept_at = models.DateTimeField(default=dj_timezone.now)
    reason = models.CharField(max_length=16, choices=Reason.choices)

    personal_fields: ClassVar[tuple[str, ...]] = ("body",)

    class Meta:
        ordering = ["-saved_at", "-id"]
        indexes = [
            # "Earlier versions" of one entry, newest first.
            models.Index(fields=["entry", "-saved_at"], name="critic_version_entry_saved"),
        ]

    def __str__(self) -> str:
        return f"kept {self.field} v{self.version} of {self.entry_id}"
