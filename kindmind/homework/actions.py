"""Writes to homework: one transaction each, audited by kind and id (never the note)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.homework.models import Homework, OwnPractice


@transaction.atomic
def assign(
    *,
    client: User,
    clinician: User,
    kind: str,
    target: str,
    times_a_week: int | None,
    until: date,
    note: str,
) -> Homework:
    homework = Homework.objects.create(
        client=client,
        clinician=clinician,
        kind=kind,
        target=target,
        times_a_week=times_a_week,
        starts_on=min(timezone.now().astimezone(client.zone).date(), until),
        until=until,
        note=note,
    )
    audit_object(by=clinician, obj=homework, action=AuditEvent.Action.CREATE)
    return homework


@transaction.atomic
def end(*, homework: Homework, by: User) -> None:
    """The clinician takes it off the person's Today page before its last day."""
    if homework.ended_at is not None:
        return
    homework.ended_at = timezone.now()
    homework.save(update_fields=["ended_at"])
    audit_object(by=by, obj=homework, action=AuditEvent.Action.CHANGE)


def add_own_practice(*, clinician: User, slug: str, title: str, source: object) -> OwnPractice:
    """A clinician's own practice, already checked by the library's parser. Not a client's
    data, so not in the client audit log."""
    return OwnPractice.objects.create(clinician=clinician, slug=slug, title=title, source=source)
