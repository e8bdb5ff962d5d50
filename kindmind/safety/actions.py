"""Writes for the safety feature: one transaction each, audited, never logging content."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kindmind.accounts.actions import audit_object, record_event
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.safety.models import PLAN_SECTIONS, SafetyAlert, SafetyEvent, SafetyPlan

logger = logging.getLogger(__name__)


@transaction.atomic
def save_safety_plan(*, client: User, sections: dict[str, Any], by: User) -> SafetyPlan:
    plan, created = SafetyPlan.objects.select_for_update().get_or_create(client=client)
    for name in PLAN_SECTIONS:
        setattr(plan, name, sections.get(name, "") or "")
    plan.updated_at = timezone.now()
    plan.save(update_fields=[*PLAN_SECTIONS, "updated_at"])
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE
    audit_object(by=by, obj=plan, action=action)
    return plan


# Email backends that hand nothing to a mail server: an alert "sent" through them reached
# nobody. (Django's test runner uses the in-memory backend, which stands in for a server.)
UNDELIVERED_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    }
)


def email_reaches_people() -> bool:
    """Whether kindmind's email goes to a mail server, not only to the console or a file."""
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def record_safety_event(
    *, client: User, level: str, source: str, source_id: uuid.UUID | None = None
) -> SafetyEvent:
    """Note that risk was noticed, and tell the clinicians the person shares safety with.

    The email names no words, no feature content: only that kindmind noticed something
    and when, so that the clinician can follow their own service's procedure. What became
    of each email is recorded as it really was (SafetyAlert.Delivery): sent to a mail
    server, failed, or not sent because no mail server is set up. An alert that did not
    go out is shown to the clinician in kindmind instead.
    """
    with transaction.atomic():
        event = SafetyEvent.objects.create(
            client=client, level=level, source=source, source_id=source_id
        )
        audit_object(by=None, obj=event, action=AuditEvent.Action.CREATE)
    clinicians = [
        share.clinician
        for share in Share.objects.filter(client=client, revoked_at__isnull=True).select_related(
            "clinician"
        )
        if "safety" in share.categories and share.clinician.is_active
    ]
    link = f"{settings.SITE_ROOT}/clinic/clients/{client.id}/safety/"
    reaches = email_reaches_people()
    for clinician in clinicians:
        try:
            sent = send_mail(
                subject=_("kindmind: a safety alert for one of your clients"),
                message=_(
                    "kindmind noticed signs of risk for a client who shares safety alerts "
                    "with you (level: %(level)s). No words they wrote are included here.\n\n"
                    "You can see when it happened here: %(link)s\n"
                )
                % {"level": level, "link": link},
                from_email=None,
                recipient_list=[clinician.email],
            )
        except Exception as exc:
            # A mail server that is down must not stop the person being helped: the
            # alert is recorded as failed and shown in kindmind. The log says which event
            # and the kind of error only (a mail server's message can carry the address).
            logger.warning(
                "safety alert email failed for event %s (%s)", event.id, type(exc).__name__
            )
            sent = 0
        if not reaches:
            delivery = SafetyAlert.Delivery.NOT_CONFIGURED
        elif sent:
            delivery = SafetyAlert.Delivery.SENT
        else:
            delivery = SafetyAlert.Delivery.FAILED
        SafetyAlert.objects.create(event=event, clinician=clinician, delivery=delivery)
    return event


def acknowledge_alert(*, alert: SafetyAlert, by: User) -> bool:
    """The clinician says they have read this alert. Once only: acknowledging it again
    changes nothing and returns False. Audited (ids and kinds, never content)."""
    now = timezone.now()
    with transaction.atomic():
        changed = SafetyAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now,
            acknowledged_by=by,
            # Acknowledged is also seen: it no longer waits anywhere.
            seen_at=Coalesce("seen_at", Value(now)),
        )
        if changed:
            record_event(
                actor=by,
                subject_id=alert.event.client_id,
                action=AuditEvent.Action.CHANGE,
                object_type=alert._meta.label_lower,
                object_id=str(alert.pk),
            )
    alert.refresh_from_db(fields=["acknowledged_at", "acknowledged_by", "seen_at"])
    return bool(changed)


def mark_alerts_seen(*, clinician: User, client: User) -> int:
    """The clinician has the client's Safety page open: their alerts for that client are
    now in front of them."""
    return SafetyAlert.objects.filter(
        clinician=clinician, event__client=client, seen_at__isnull=True
    ).update(seen_at=timezone.now())
