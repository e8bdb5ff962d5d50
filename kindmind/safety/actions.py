"""Writes for the safety feature: one transaction each, audited, never logging content."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.safety.models import PLAN_SECTIONS, SafetyEvent, SafetyPlan


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


def record_safety_event(*, client: User, level: str, source: str) -> SafetyEvent:
    """Note that risk was noticed, and tell the clinicians the person shares safety with.

    The email names no words, no feature content: only that kindmind noticed something
    and when, so that the clinician can follow their own service's procedure.
    """
    with transaction.atomic():
        event = SafetyEvent.objects.create(client=client, level=level, source=source)
        audit_object(by=None, obj=event, action=AuditEvent.Action.CREATE)
    clinicians = [
        share.clinician
        for share in Share.objects.filter(client=client, revoked_at__isnull=True).select_related(
            "clinician"
        )
        if "safety" in share.categories and share.clinician.is_active
    ]
    if clinicians:
        link = f"{settings.SITE_ROOT}/clinic/clients/{client.id}/safety/"
        sent = 0
        for clinician in clinicians:
            sent += send_mail(
                subject=_("kindmind: a safety alert for one of your clients"),
                message=_(
                    "kindmind noticed signs of risk for a client who shares safety alerts "
                    "with you (level: %(level)s). No words they wrote are included here.\n\n"
                    "You can see when it happened here: %(link)s\n"
                )
                % {"level": level, "link": link},
                from_email=None,
                recipient_list=[clinician.email],
                # A mail server that is down must not stop the person being helped.
                fail_silently=True,
            )
        if sent:
            event.clinicians_told = True
            event.save(update_fields=["clinicians_told"])
    return event
