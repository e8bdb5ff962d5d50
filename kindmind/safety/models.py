from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kindmind.lib.fields import EncryptedTextField

# The sections of a Stanley-Brown safety plan (Stanley & Brown, 2012, Cognitive and
# Behavioral Practice 19:256-264), in the plan's order. The words are the person's own.
PLAN_SECTIONS = (
    "warning_signs",
    "coping_alone",
    "people_and_places",
    "people_to_ask",
    "professionals",
    "safer_surroundings",
    "reasons_for_living",
)
SECTION_LIMIT = 5000


class SafetyPlan(models.Model):
    """One person's safety plan, in their own words. One per person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = EncryptedTextField(blank=True)
    coping_alone = EncryptedTextField(blank=True)
    people_and_places = EncryptedTextField(blank=True)
    people_to_ask = EncryptedTextField(blank=True)
    professionals = EncryptedTextField(blank=True)
    safer_surroundings = EncryptedTextField(blank=True)
    reasons_for_living = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = PLAN_SECTIONS

    def __str__(self) -> str:
        return f"safety plan {self.id}"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, s).strip() for s in PLAN_SECTIONS)


# Where risk can be noticed (SafetyEvent.source), in words for the clinician's Safety page.
# kindmind.safety.screening lists what each place reads.
PLACES: dict[str, Promise] = {
    "checkins.checkin": _("A check-in"),
    "measures.phq9": _("The PHQ-9 questionnaire"),
    "measures.core10": _("The CORE-10 questionnaire"),
    "measures.fscrs": _("The self-criticism questionnaire (FSCRS)"),
    "critic.critic": _("Working with the critic"),
    "critic.letter": _("A compassionate letter"),
    "critic.selves": _("Multiple selves"),
    "practice.kind_action": _("A small kind thing, after a practice"),
    "practice.builder_other": _("Describing their ideal compassionate other"),
    "practice.builder_self": _("Describing their compassionate self"),
    "quickhelp.sentence": _("A kind sentence, in quick help"),
    "course.reflection": _("A reflection in the 8-week course"),
    "formulation": _("Their formulation"),
}

# Places whose words no sharing category covers: only the person ever reads them (the
# quick-help sentence, the builders and the course reflection say "only you can see this";
# the practice category shares what was practised and when, never the small kind thing
# written after it). An alert from one of these says so, rather than leaving a clinician
# to look for words they will never be shown.
PRIVATE_SOURCES: frozenset[str] = frozenset(
    {
        "practice.kind_action",
        "practice.builder_other",
        "practice.builder_self",
        "quickhelp.sentence",
        "course.reflection",
    }
)


class SafetyEvent(models.Model):
    """That kindmind noticed risk: how urgent, where, when. Never the words themselves."""

    class Level(models.TextChoices):
        CONCERN = "concern"
        URGENT = "urgent"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_events"
    )
    level = models.CharField(max_length=16, choices=Level.choices)
    # Where it was noticed, as a kind of place: "checkins.note", "measures.phq9", ...
    source = models.CharField(max_length=64)
    # The saved thing it was noticed in (a check-in, a questionnaire response), where the
    # place passes it: a clinician's link to it, shown only while that category is shared
    # (kindmind.clinic.caseload). An id only, never content; None for older events and
    # places that pass none.
    source_id = models.UUIDField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["concern", "urgent"]), name="safety_event_level_known"
            ),
        ]
        indexes = [
            # The clinician's view of a client: their recent safety events, newest first.
            models.Index(fields=["client", "-at"], name="safety_event_client_at"),
        ]

    def __str__(self) -> str:
        return f"safety event {self.id}"

    @property
    def place(self) -> str:
        """Where it was noticed, in words (the source itself for a place not named yet)."""
        label = PLACES.get(self.source)
        return str(label) if label is not None else self.source


class SafetyAlert(models.Model):
    """One email to one clinician about one safety event, and what really became of it.

    "Sent" means a mail server took it. With no mail server set up (the console email of
    the embedded default), nobody was told, so it is recorded as not sent. Whatever became
    of the email, every alert waits at the top of the clinician's Clients page (and, when
    urgent, on their Today), saying what became of its email, until they acknowledge it.
    """

    class Delivery(models.TextChoices):
        SENT = "sent"
        FAILED = "failed"
        NOT_CONFIGURED = "not_configured"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(SafetyEvent, on_delete=models.CASCADE, related_name="alerts")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts"
    )
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    at = models.DateTimeField(default=timezone.now)
    # When the clinician first opened the client's Safety page after this alert (or
    # acknowledged it, which counts as seen).
    seen_at = models.DateTimeField(null=True, blank=True)
    # The clinician has said they have read it and will follow their service's procedure
    # (kindmind.safety.actions.acknowledge_alert). Until then it waits at the top of their
    # caseload and, when urgent, on their Today.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=["sent", "failed", "not_configured"]),
                name="safety_alert_delivery_known",
            ),
        ]
        indexes = [
            # A clinician's alerts that have not reached them yet.
            models.Index(fields=["clinician", "seen_at"], name="safety_alert_clinician_seen"),
            # A clinician's alerts still waiting to be acknowledged (caseload, Today).
            models.Index(
                fields=["clinician", "acknowledged_at"], name="safety_alert_clinician_ack"
            ),
        ]

    def __str__(self) -> str:
        return f"safety alert {self.id}"

    @property
    def delivered(self) -> bool:
        return self.delivery == self.Delivery.SENT
