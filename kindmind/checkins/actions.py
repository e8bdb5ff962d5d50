"""Writes to check-ins: one transaction each, audited inside, `by=` the person acting."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.checkins.models import CheckIn

FIELDS = ("threat", "drive", "soothing", "emotions", "other_feelings", "note")


def record_checkin(
    *, client: User, data: dict[str, Any], submission_id: uuid.UUID, by: User
) -> tuple[CheckIn, bool]:
    """Save a check-in once per form submission. Returns it and whether it is new."""
    existing = CheckIn.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                client=client,
                submission_id=submission_id,
                at=data.get("when") or timezone.now(),
                timezone=client.timezone,
                **{f: data[f] for f in FIELDS},
            )
            audit_object(by=by, obj=checkin, action=AuditEvent.Action.CREATE)
    except IntegrityError:
        # A second worker saved the same submission a moment earlier.
        return CheckIn.objects.get(client=client, submission_id=submission_id), False
    return checkin, True


@transaction.atomic
def update_checkin(*, checkin: CheckIn, data: dict[str, Any], by: User) -> CheckIn:
    for field in FIELDS:
        setattr(checkin, field, data[field])
    checkin.save(update_fields=[*FIELDS, "updated_at"])
    audit_object(by=by, obj=checkin, action=AuditEvent.Action.CHANGE)
    return checkin


@transaction.atomic
def delete_checkin(*, checkin: CheckIn, by: User) -> None:
    audit_object(by=by, obj=checkin, action=AuditEvent.Action.DELETE)
    checkin.delete()
