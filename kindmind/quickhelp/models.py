"""The sentences a person chose to keep from quick help, to read again later.

Private to the person: no sharing category covers them, so nobody else ever sees them.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone as dj_timezone

from kindmind.lib.fields import EncryptedTextField


class KeptSentence(models.Model):
    """One kind sentence a person wrote (or took) in quick help and chose to keep."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_sentences"
    )
    text = EncryptedTextField()
    # The form's one-time id: pressing "Go on" twice keeps one sentence.
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "submission_id"], name="kept_sentence_one_per_submission"
            ),
        ]
        indexes = [
            # Quick help's own sentences, newest first.
            models.Index(fields=["client", "-created_at"], name="kept_sentence_client_created"),
        ]

    def __str__(self) -> str:
        return f"kept sentence {self.id}"
