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
    """Save a check-in once per form submission. Returns it and whether it is new.

    The insert comes first: a form is almost always sent once, and the one-per-submission
    constraint answers for the rare second send (a double press, a retry, another
    worker) without a look-up before every save."""
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
        # The same submission was saved before (or by another worker a moment earlier).
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
