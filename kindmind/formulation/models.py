"""One formulation per person, and every version of it ever saved.

The words live only in `FormulationVersion` rows, never changed once written: the
formulation itself points at the version that is current. A save that arrived after
someone else's save it had not seen is kept as a version too ("set aside"), so the
person, or their clinician, can choose between the two or merge them
(kindmind.formulation.actions).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from kindmind.formulation.sections import NAMES
from kindmind.lib.fields import EncryptedTextField


class Formulation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="formulation"
    )
    # The number of the version shown as the formulation now (0: nothing saved yet), and
    # the highest number given so far (set-aside versions take numbers too).
    current = models.PositiveIntegerField(default=0)
    latest = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return f"formulation {self.id}"


class FormulationVersion(models.Model):
    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        SET_ASIDE = "set_aside", _("Kept beside a change saved at the same time")

    formulation = models.ForeignKey(Formulation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The version the writer's page showed when they began: what their save was based on.
    based_on = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Who saved it: the person themself, or a clinician they share it with. An id rather
    # than a link, so that a clinician's account closing, or the person taking their
    # archive to another kindmind, keeps every version as it was.
    by_owner = models.BooleanField()
    author_id = models.UUIDField(null=True, blank=True)
    saved_at = models.DateTimeField(default=dj_timezone.now)

    history = EncryptedTextField(blank=True)
    threats_external = EncryptedTextField(blank=True)
    threats_internal = EncryptedTextField(blank=True)
    safety_external = EncryptedTextField(blank=True)
    safety_internal = EncryptedTextField(blank=True)
    consequences = EncryptedTextField(blank=True)
    self_relating = EncryptedTextField(blank=True)
    needs = EncryptedTextField(blank=True)
    compassionate_self = EncryptedTextField(blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = NAMES

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["formulation", "number"], name="formulation_version_one_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["saved", "set_aside"]),
                name="formulation_version_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of {self.formulation_id}"

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NAMES}
