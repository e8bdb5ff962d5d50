"""The sessions a clinician held with a person, each with the clinician's own note.

These are the clinician's words, not the person's: only the clinician who wrote them
reads them, never the person, another clinician or the person's own archive. They sit
under the person's page, so the clinician reaches them only while the person shares
something with them; they are kept (not deleted) when sharing stops, and show again if
the person shares again. They go with the clinician's account when it is deleted.

When the person deletes their account, settings.DELETION_CLINICIAN_NOTES decides
(docs/decisions/0009-deletion.md): with "delete" the notes go with the account (the
`client` key cascades); with "keep" the deletion first lets go of the person
(`client` cleared) and ties each note to the "has left" entry (accounts.Departure) left
for the clinician who wrote it, where that clinician alone reads them. Dismissing that
entry deletes them, only once the clinician has confirmed it.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from kindmind.lib.fields import EncryptedTextField

NOTE_LENGTH = 10_000


class SessionNote(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("By video")
        PHONE = "phone", _("By phone")
        GROUP = "group", _("In a group")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_notes_written"
    )
    # Empty only for notes kept after the person deleted their account; the cascade
    # stays, so nothing about a person survives their deletion unless it was let go of.
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_notes_about",
        null=True,
        blank=True,
    )
    # Set only for notes kept after the person left: the clinician's "has left" entry.
    departure = models.ForeignKey(
        "accounts.Departure",
        on_delete=models.CASCADE,
        related_name="kept_notes",
        null=True,
        blank=True,
    )
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    note = EncryptedTextField(max_length=NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    personal_fields: ClassVar[tuple[str, ...]] = ("note",)
    # For the access rule: the clinician who wrote it is the only one who may touch it.
    client_owner_field: ClassVar[str] = "clinician_id"

    class Meta:
        indexes = [
            models.Index(
                fields=["clinician", "client", "-held_on"], name="casenotes_by_person_date"
            )
        ]

    def __str__(self) -> str:
        return f"session note {self.id}"
