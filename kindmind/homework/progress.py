"""How far along a piece of homework is, read from what the person actually did.

`period_status` is pure: given the homework's dates and how often, today's date and the
local dates on which the person did the thing, it says what this period holds. `activity`
reads those dates for many pieces of homework at once, in a fixed number of queries
whatever their number (one per kind of thing: practices, critic work, questionnaires), so
that Today and a caseload of 40 people cost the same few queries.

What counts as doing it, after the homework was set:
- a practice: a session of that practice that ended with at least one step done (a
  practice stopped part-way still counts: the person came to it);
- critic work or a letter: an entry of that kind, begun in the period, with words in it;
- a questionnaire: a completed response to that instrument.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from kindmind.critic.models import Entry, Text
from kindmind.homework.models import Homework
from kindmind.measures.models import Response
from kindmind.practice.models import PracticeSession

# Which shared category lets a clinician see that a kind of homework was done.
CATEGORY_OF: dict[str, str] = {
    Homework.Kind.PRACTICE: "practice",
    Homework.Kind.CRITIC: "critic_work",
    Homework.Kind.LETTER: "critic_work",
    Homework.Kind.MEASURE: "measures",
}

EACH_DAY = 7


@dataclass(frozen=True)
class Status:
    """Where one piece of homework stands on `today`.

    `days_in_period`: days with the thing done in this period (today for each day, this
    week Monday-Sunday for N days a week, the whole span for once). `wanted` is how many
    days the period asks for. `running`: today is within its dates and it was not ended.
    """

    running: bool
    days_in_period: int
    wanted: int
    days_in_all: int
    last_done: date | None

    @property
    def done_for_now(self) -> bool:
        return self.days_in_period >= self.wanted


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_status(homework: Homework, today: date, done_on: Iterable[date]) -> Status:
    days = sorted({d for d in done_on if homework.starts_on <= d <= homework.until})
    running = homework.ended_at is None and homework.starts_on <= today <= homework.until
    times = homework.times_a_week
    if times is None:
        in_period, wanted = days, 1
    elif times == EACH_DAY:
        in_period, wanted = [d for d in days if d == today], 1
    else:
        monday = week_start(today)
        in_period, wanted = [d for d in days if monday <= d <= today], times
    return Status(
        running=running,
        days_in_period=len(in_period),
        wanted=wanted,
        days_in_all=len(days),
        last_done=days[-1] if days else None,
    )


Key = tuple[uuid.UUID, str, str]
"""(client id, kind, target): what one piece of homework waits for."""


def _key(homework: Homework) -> Key:
    target = homework.target if homework.kind in ("practice", "measure") else homework.kind
    kind = "critic" if homework.kind in ("critic", "letter") else homework.kind
    return (homework.client_id, kind, target)


def activity(homework: list[Homework], zones: dict[uuid.UUID, str]) -> dict[uuid.UUID, list[date]]:
    """The local dates on which each piece of homework was done, by homework id.

    `zones` gives each client's timezone by client id. Only activity at or after the
    moment the homework was set counts.
    """
    if not homework:
        return {}
    since = min(h.created_at for h in homework)
    wanted: dict[str, set[Key]] = defaultdict(set)
    for h in homework:
        key = _key(h)
        wanted[key[1]].add(key)
    found: dict[Key, list[datetime]] = defaultdict(list)
    clients = {h.client_id for h in homework}
    if wanted["practice"]:
        practices = PracticeSession.objects.filter(
            client_id__in=clients,
            practice__in={k[2] for k in wanted["practice"]},
            ended_at__gte=since,
            steps_done__gte=1,
        ).values_list("client_id", "practice", "ended_at")
        for client_id, slug, ended in practices:
            if ended is not None:
                found[(client_id, "practice", slug)].append(ended)
    if wanted["critic"]:
        entries = (
            Entry.objects.filter(
                client_id__in=clients,
                kind__in={k[2] for k in wanted["critic"]},
                created_at__gte=since,
            )
            .filter(Exists(Text.objects.filter(entry=OuterRef("pk")).exclude(body="")))
            .values_list("client_id", "kind", "created_at")
        )
        for client_id, kind, at in entries:
            found[(client_id, "critic", kind)].append(at)
    if wanted["measure"]:
        responses = Response.objects.filter(
            client_id__in=clients,
            instrument__in={k[2] for k in wanted["measure"]},
            completed_at__gte=since,
        ).values_list("client_id", "instrument", "completed_at")
        for client_id, instrument, at in responses:
            found[(client_id, "measure", instrument)].append(at)
    result: dict[uuid.UUID, list[date]] = {}
    for h in homework:
        zone = zoneinfo.ZoneInfo(zones.get(h.client_id, "UTC"))
        result[h.id] = [at.astimezone(zone).date() for at in found[_key(h)] if at >= h.created_at]
    return result
