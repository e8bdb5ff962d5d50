"""Writes that quick help makes: each one transaction, audited by kind and id only."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.quickhelp.models import KeptSentence


def keep_sentence(
    *, client: User, text: str, submission_id: uuid.UUID
) -> tuple[KeptSentence, bool]:
    """Keep one sentence, once per form. Returns it and whether it is new."""
    existing = KeptSentence.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            kept = KeptSentence.objects.create(
                client=client, text=text, submission_id=submission_id
            )
            audit_object(by=client, obj=kept, action=AuditEvent.Action.CREATE)
    except IntegrityError:
        return KeptSentence.objects.get(client=client, submission_id=submission_id), False
    return kept, True


@transaction.atomic
def let_go(*, kept: KeptSentence, by: User) -> None:
    """Delete a kept sentence for good."""
    audit_object(by=by, obj=kept, action=AuditEvent.Action.DELETE)
    kept.delete()
