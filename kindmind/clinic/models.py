"""What a clinician keeps for themselves about the people who share with them."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from kindmind.lib.fields import EncryptedTextField

LABEL_LIMIT = 60


class ClientLabel(models.Model):
    """A clinician's own name for one person on their caseload, never shown to anyone else.

    The caseload shows a person's name only while they share "Name and timezone"; without
    it, the clinician's label, or "Person N" when they have given none. `number` is given
    once, the first time the person appears on this clinician's caseload (one more than the
    highest so far), and never changes, so "Person 3" stays Person 3 when others stop
    sharing or leave.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_labels"
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    # The clinician's words (often initials or a first name): encrypted at rest.
    label = EncryptedTextField(max_length=LABEL_LIMIT, blank=True)
    updated_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ("label",)
    # For the access rule: the label is the clinician's own.
    client_owner_field: ClassVar[str] = "clinician_id"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinician", "client"], name="label_one_per_client"),
            models.UniqueConstraint(fields=["clinician", "number"], name="label_number_unique"),
            models.CheckConstraint(
                condition=~Q(client=models.F("clinician")), name="label_not_for_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"client label {self.id}"
