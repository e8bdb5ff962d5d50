"""Writes to questionnaires: one transaction each, audited inside, `by=` the person acting.

Nothing here logs or audits an answer or a score: the audit log holds ids and kinds only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.measures import scoring
from kindmind.measures.models import AT_NEXT_SESSION, Response, Schedule
from kindmind.measures.packs import Wording


def _local_today(client: User) -> date:
    return timezone.now().astimezone(client.zone).date()


def record_response(
    *,
    client: User,
    wording: Wording,
    answers: Sequence[int | None],
    unscored: dict[str, int],
    submission_id: uuid.UUID,
    by: User,
) -> tuple[Response, bool]:
    """Score and save a completed questionnaire once per form submission, and move the
    instrument's schedule on. Returns the response and whether it is new.

    The score is `scoring.score` at this moment, stored as computed. Raises
    scoring.AnswerError for answers that do not fit the key (the form prevents that).
    """
    existing = Response.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing, False
    result = scoring.score(wording.instrument, list(answers))
    try:
        with transaction.atomic():
            response = Response.objects.create(
                client=client,
                instrument=wording.instrument,
                answers=list(answers),
                unscored=dict(unscored),
                result=result.as_json(),
                completed_at=timezone.now(),
                timezone=client.timezone,
                wording=f"{wording.origin}: {wording.version}"[:300],
                submission_id=submission_id,
            )
            _advance_schedule(client, wording.instrument, _local_today(client))
            audit_object(by=by, obj=response, action=AuditEvent.Action.CREATE)
    except IntegrityError:
        # A second worker saved the same submission a moment earlier.
        return Response.objects.get(client=client, submission_id=submission_id), False
    return response, True


def _advance_schedule(client: User, instrument: str, today: date) -> None:
    schedule = (
        Schedule.objects.select_for_update()
        .filter(client=client, instrument=instrument, active=True)
        .first()
    )
    if schedule is None:
        return
    if schedule.at_sessions:
        # Answered for this session: it waits until the next one is recorded.
        schedule.next_due = AT_NEXT_SESSION
        schedule.save(update_fields=["next_due", "updated_at"])
        return
    if schedule.every_days is None:
        schedule.active = False
        schedule.save(update_fields=["active", "updated_at"])
        return
    schedule.next_due = today + timedelta(days=schedule.every_days)
    schedule.save(update_fields=["next_due", "updated_at"])


@transaction.atomic
def set_schedule(
    *,
    client: User,
    instrument: str,
    every_days: int | None,
    first_due: date,
    by: User,
    planned_by: User | None = None,
    at_sessions: bool = False,
) -> Schedule:
    """Plan an instrument (or change its plan): the person's one active schedule for it.

    `planned_by`: the clinician planning it for the person; None when the person plans it
    (their own change to a clinician's plan makes it theirs, and no longer tied to
    sessions). `at_sessions` (a clinician's plan only): ready from `first_due`, then again
    each time that clinician records a session held; `every_days` is then None."""
    at_sessions = at_sessions and planned_by is not None
    if at_sessions:
        every_days = None
    schedule = (
        Schedule.objects.select_for_update()
        .filter(client=client, instrument=instrument, active=True)
        .first()
    )
    if schedule is None:
        schedule = Schedule.objects.create(
            client=client,
            instrument=instrument,
            every_days=every_days,
            next_due=first_due,
            planned_by=planned_by,
            at_sessions=at_sessions,
        )
        action = AuditEvent.Action.CREATE
    else:
        schedule.every_days = every_days
        schedule.next_due = first_due
        schedule.planned_by = planned_by
        schedule.at_sessions = at_sessions
        schedule.save(
            update_fields=["every_days", "next_due", "planned_by", "at_sessions", "updated_at"]
        )
        action = AuditEvent.Action.CHANGE
    audit_object(by=by, obj=schedule, action=action)
    return schedule


@transaction.atomic
def stop_schedule(*, schedule: Schedule, by: User) -> None:
    if not schedule.active:
        return
    schedule.active = False
    schedule.save(update_fields=["active", "updated_at"])
    audit_object(by=by, obj=schedule, action=AuditEvent.Action.CHANGE)


def session_held(*, clinician: User, client: User) -> int:
    """A clinician recorded a session held with the person: every questionnaire they
    planned "at each session" is ready again from the person's today. Returns how many."""
    today = timezone.now().astimezone(client.zone).date()
    return Schedule.objects.filter(
        client=client, planned_by=clinician, at_sessions=True, active=True, next_due__gt=today
    ).update(next_due=today, updated_at=timezone.now())
