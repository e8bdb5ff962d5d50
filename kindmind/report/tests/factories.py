"""A person's course of questionnaires, practice and check-ins for the report's tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from kindmind.accounts.models import User
from kindmind.checkins.models import CheckIn
from kindmind.measures.models import Response
from kindmind.measures.scoring import score
from kindmind.practice.models import PracticeSession

# Noon on Monday 15 June 2026 (UTC): the report's "today" in these tests.
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)

# PHQ-9 answers for totals 19, 16, 4 and 24. From 19, 16 is no reliable change, 4 a
# reliable improvement and 24 a reliable change the harder way (Kroenke et al.'s SD and r
# as built in: a change needs 4.77 points). From 16, 24 is reliable too (8 points).
PHQ9 = {
    19: [3, 3, 3, 2, 2, 2, 2, 2, 0],
    16: [2, 2, 2, 2, 2, 2, 2, 2, 0],
    4: [1, 1, 1, 0, 0, 1, 0, 0, 0],
    24: [3, 3, 3, 3, 3, 3, 3, 3, 0],
}


def response(client: User, at: datetime, answers: list[int], instrument: str = "phq9") -> Response:
    made = Response.objects.create(
        client=client,
        instrument=instrument,
        answers=answers,
        result=score(instrument, answers).as_json(),
        timezone=client.timezone,
        submission_id=uuid.uuid4(),
    )
    made.completed_at = at
    made.save(update_fields=["completed_at"])
    return made


def phq9_course(client: User, totals: list[int], weeks_apart: int = 4) -> list[Response]:
    """PHQ-9s with these totals, the last one week before NOW."""
    count = len(totals)
    return [
        response(client, NOW - timedelta(weeks=1 + weeks_apart * (count - 1 - i)), PHQ9[total])
        for i, total in enumerate(totals)
    ]


def practices(client: User, moments: list[datetime], seconds: int = 300, **fields: object) -> None:
    PracticeSession.objects.bulk_create(
        PracticeSession(
            client=client,
            practice="soothing-rhythm-breathing",
            version="short",
            started_at=at,
            ended_at=at + timedelta(seconds=seconds),
            steps_done=1,
            seconds=seconds,
            submission_id=uuid.uuid4(),
            **fields,
        )
        for at in moments
    )


def checkins(client: User, moments: list[datetime], threat: int, drive: int, soothing: int) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(
            client=client,
            at=at,
            threat=threat,
            drive=drive,
            soothing=soothing,
            timezone=client.timezone,
            submission_id=uuid.uuid4(),
        )
        for at in moments
    )


def a_year_of_everything(client: User) -> None:
    """About a year of data: three check-ins a day, a practice most days and a PHQ-9 and a
    GAD-7 a fortnight."""
    days = [NOW - timedelta(days=n, hours=2) for n in range(365)]
    checkins(client, [d - timedelta(hours=h) for d in days for h in (0, 4, 8)], 6, 4, 3)
    practices(client, [d for n, d in enumerate(days) if n % 7 != 3])
    for n in range(0, 365, 14):
        response(client, NOW - timedelta(days=n, hours=1), PHQ9[16 if n % 28 else 19])
        response(client, NOW - timedelta(days=n, hours=1), [1] * 7, "gad7")
