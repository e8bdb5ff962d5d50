"""One writer's unsent words for one box of one form.

A form like the formulation saves as a whole, on purpose, as a new version. Until then,
what the writer types is kept here as it is typed (kindmind.drafts.actions), one row
per box, and put back when the form is opened again. Sending the form turns the words
into the record and lets the draft go.

The writer is the person whose record it is, or a clinician they share it with
(`client` names whose record it is): each writer has their own draft, so two people
writing at once never type over each other before one of them saves.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone as dj_timezone

from kindmind.lib.fields import EncryptedTextField

# The most one box holds, as the forms that use drafts allow (formulation sections and
# reflections are both 20,000 characters at most).
TEXT_LIMIT = 20_000


class Draft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts_written"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts_about"
    )
    # Which form: "formulation", "course.reflection.3". Never anything of the words.
    place = models.CharField(max_length=64)
    field = models.CharField(max_length=40)
    text = EncryptedTextField(blank=True, max_length=TEXT_LIMIT)
    # The version of the record the writer's page showed when they typed: sending the
    # form later is judged against it, as if it had been sent then.
    base = models.PositiveIntegerField(default=0)
    # Which page load typed the words, and its own counter (see kindmind.critic.drafts):
    # a page's older words arriving late never replace its newer ones.
    sitting = models.UUIDField()
    rev = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["writer", "client", "place", "field"], name="draft_one_per_box"
            ),
        ]

    def __str__(self) -> str:
        return f"draft {self.id}"
