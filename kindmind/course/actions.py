"""Writes the course makes: each one transaction, audited by kind and id only."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.db import IntegrityError, transaction

from kindmind.accounts.actions import audit_object, record_event
from kindmind.accounts.models import AuditEvent, User
from kindmind.course.models import WEEKS, Cohort, CohortWeek, Enrolment, Invitation, Reflection
from kindmind.course.progress import WEEK, weeks_open

# Letters and digits that cannot be mistaken for one another when read aloud or copied
# from a whiteboard (no 0/O, 1/I/L): 31 signs, 8 of them, about 850 billion codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
INVITATION_LASTS = timedelta(days=30)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tidy_code(typed: str) -> str:
    """A typed code as stored: capitals, without the spaces and dashes people add."""
    return "".join(c for c in typed.upper() if c.isalnum())


def show_code(code: str) -> str:
    """A code as people read it: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def _audit(*, by: User, subject: User, action: str, obj: object) -> None:
    record_event(
        actor=by,
        subject_id=subject.id,
        action=action,
        object_type=type(obj)._meta.label_lower,  # type: ignore[attr-defined]
        object_id=str(obj.pk),  # type: ignore[attr-defined]
    )


@transaction.atomic
def start_alone(*, client: User, now: datetime) -> tuple[Enrolment, bool]:
    """Begin the course alone: week 1 opens now. Starting again changes nothing."""
    enrolment, created = Enrolment.objects.get_or_create(
        client=client, defaults={"started_at": now, "weeks_open": 1}
    )
    if created:
        _audit(by=client, subject=client, action=AuditEvent.Action.CREATE, obj=enrolment)
    return enrolment, created


class JoinRefused(StrEnum):
    UNKNOWN = "unknown"  # no such code, or withdrawn
    SPENT = "spent"  # already used once
    EXPIRED = "expired"
    ALREADY_IN = "already_in"  # the person is in this group already


@dataclass(frozen=True)
class Joined:
    cohort: Cohort | None
    refused: JoinRefused | None


@transaction.atomic
def join_group(*, client: User, typed_code: str, now: datetime) -> Joined:
    """Join the group a one-time code belongs to, spending the code.

    Weeks already open to the person stay open; the group's open weeks open too. A
    refusal changes nothing, and the code stays as it was."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("cohort")
        .filter(code=tidy_code(typed_code), withdrawn_at__isnull=True)
        .first()
    )
    if invitation is None:
        return Joined(None, JoinRefused.UNKNOWN)
    if invitation.used_at is not None:
        return Joined(None, JoinRefused.SPENT)
    if invitation.expires_at <= now:
        return Joined(None, JoinRefused.EXPIRED)
    cohort = invitation.cohort
    enrolment = Enrolment.objects.select_for_update().filter(client=client).first()
    if enrolment is not None and enrolment.cohort_id == cohort.id:
        return Joined(None, JoinRefused.ALREADY_IN)
    group_open = CohortWeek.objects.filter(cohort=cohort).count()
    already = weeks_open(enrolment, now) if enrolment is not None else 0
    if enrolment is None:
        enrolment = Enrolment(client=client, started_at=now)
    enrolment.weeks_open = max(already, group_open)
    enrolment.cohort = cohort
    enrolment.joined_at = now
    enrolment.save()
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    _audit(by=client, subject=client, action=AuditEvent.Action.CHANGE, obj=enrolment)
    return Joined(cohort, None)


@transaction.atomic
def leave_group(*, enrolment: Enrolment, by: User, now: datetime) -> None:
    """Go on alone: every open week stays open, and the next opens in 7 days."""
    opened = max(1, weeks_open(enrolment, now))
    enrolment.cohort = None
    enrolment.joined_at = None
    enrolment.weeks_open = opened
    enrolment.started_at = now - WEEK * (opened - 1)
    enrolment.save(update_fields=["cohort", "joined_at", "weeks_open", "started_at"])
    _audit(by=by, subject=by, action=AuditEvent.Action.CHANGE, obj=enrolment)


def save_reflection(*, client: User, week: int, text: str, now: datetime) -> Reflection:
    """Keep the person's words for one week's reflection (an empty box keeps nothing
    new, and empties a saved one)."""
    with transaction.atomic():
        reflection = Reflection.objects.select_for_update().filter(client=client, week=week).first()
        if reflection is None:
            try:
                with transaction.atomic():
                    reflection = Reflection.objects.create(
                        client=client, week=week, text=text, created_at=now, updated_at=now
                    )
            except IntegrityError:  # saved at the same moment from another tab
                reflection = Reflection.objects.select_for_update().get(client=client, week=week)
            else:
                audit_object(by=client, obj=reflection, action=AuditEvent.Action.CREATE)
                return reflection
        reflection.text = text
        reflection.updated_at = now
        reflection.save(update_fields=["text", "updated_at"])
        audit_object(by=client, obj=reflection, action=AuditEvent.Action.CHANGE)
        return reflection


def create_group(
    *, facilitator: User, name: str, submission_id: uuid.UUID, now: datetime
) -> tuple[Cohort, bool]:
    """A new group, once per form. Returns it and whether it is new."""
    existing = Cohort.objects.filter(facilitator=facilitator, submission_id=submission_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(
                facilitator=facilitator, name=name, submission_id=submission_id, created_at=now
            )
            _audit(by=facilitator, subject=facilitator, action=AuditEvent.Action.CREATE, obj=cohort)
    except IntegrityError:
        return Cohort.objects.get(facilitator=facilitator, submission_id=submission_id), False
    return cohort, True


@transaction.atomic
def open_week(*, cohort: Cohort, number: int, by: User, now: datetime) -> bool:
    """Open week `number` for the group, when it is the next one; False (and nothing
    changes) when it is open already or comes later. Every member's weeks open with it."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    opened = CohortWeek.objects.filter(cohort=cohort).count()
    if number != opened + 1 or number > WEEKS:
        return False
    week = CohortWeek.objects.create(cohort=cohort, number=number, opened_at=now)
    Enrolment.objects.filter(cohort=cohort, weeks_open__lt=number).update(weeks_open=number)
    _audit(by=by, subject=by, action=AuditEvent.Action.CHANGE, obj=week)
    return True


def invite(*, cohort: Cohort, by: User, now: datetime) -> Invitation:
    """A new one-time code for the group."""
    for _ in range(5):
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    cohort=cohort,
                    code=new_code(),
                    created_at=now,
                    expires_at=now + INVITATION_LASTS,
                )
                _audit(by=by, subject=by, action=AuditEvent.Action.CREATE, obj=invitation)
                return invitation
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("no free invitation code after five draws")


@transaction.atomic
def withdraw(*, invitation: Invitation, by: User, now: datetime) -> None:
    """The code stops working at once. A code already used stays as it was."""
    changed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    if changed:
        _audit(by=by, subject=by, action=AuditEvent.Action.REVOKE, obj=invitation)
