"""A clinician's caseload: one row per person who shares with them, what needs attention
first.

The order (`Rank`): a safety alert waiting to be acknowledged (urgent before concern), a
reliable deterioration on a questionnaire since the person's first score, repeated
backdraft (the practice rule's own threshold: `practice.rules.REPEAT_TIMES` times within
`REPEAT_WINDOW`, 3 in 14 days, the same flag the clinician's client page shows), nothing
new for `QUIET_AFTER` (14 days) in anything they share, reasons other apps add through
`register_attention_source` (homework due), and then everyone else, by name.

Only what each person shares is read: a category they do not share is never queried for
them, and the row says "not shared". Every row shown is written to the audit log, as the
access rule (kindmind.accounts.access) does for each object a clinician reads: one event
per person, naming the categories read.

The page is built from a fixed number of queries whatever the caseload's size (asserted
in kindmind/clinic/tests/test_caseload.py): each kind of data is read for everyone at once,
with the sums, latest rows and first rows worked out in SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from functools import reduce
from operator import or_
from typing import Any, Protocol

from django.db import models
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindmind.accounts.actions import Reading, record_views
from kindmind.accounts.models import Share, User
from kindmind.checkins.models import CheckIn
from kindmind.clinic.models import ClientLabel
from kindmind.critic.models import Entry
from kindmind.formulation.models import Formulation
from kindmind.lib.rows import NONE, Days
from kindmind.measures import keys, progress
from kindmind.measures.catalogue import band_label, scale_label, short_name
from kindmind.measures.drawing import number_words
from kindmind.measures.models import Response
from kindmind.practice import rules
from kindmind.practice.models import PracticeSession
from kindmind.practice.summary import week_bounds
from kindmind.safety.models import PRIVATE_SOURCES, SafetyAlert, SafetyEvent

# Nothing new in anything the person shares for this long: worth a gentle look.
QUIET_AFTER = timedelta(days=14)

# The categories whose rows count as "activity" (what the person did, and when).
ACTIVITY_CATEGORIES = ("checkins", "practice", "measures", "critic_work")


class Rank(IntEnum):
    """Why a row comes where it does: lower first."""

    URGENT_ALERT = 0
    ALERT = 1
    DETERIORATION = 2
    BACKDRAFT = 3
    QUIET = 4
    HOMEWORK_DUE = 5
    NOTHING = 9


@dataclass(frozen=True)
class Reason:
    """One thing that needs the clinician's attention, in words."""

    rank: Rank
    words: str


@dataclass(frozen=True)
class MeasureLine:
    """A questionnaire's latest score and its reliable change since the first one."""

    name: str
    scale: str | None
    value: float | None
    band: str | None
    category: progress.Category
    when: datetime
    baseline: float | None
    baseline_when: datetime | None


@dataclass(frozen=True)
class Circles:
    threat: int | None
    drive: int | None
    soothing: int | None
    at: datetime


@dataclass
class Row:
    """One person on the caseload. `None` for a part means it is not shared."""

    client_id: uuid.UUID
    name: str
    shows_name: bool
    own_label: str
    number: int
    categories: frozenset[str]
    shared_since: datetime
    alerts: list[SafetyAlert] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    last_activity: datetime | None = None
    minutes_this_week: int | None = None
    backdraft_recently: int | None = None
    circles: Circles | None = None
    measures: list[MeasureLine] | None = None
    # In words, for the page (`describe`).
    facts: list[tuple[str, str]] = field(default_factory=list)
    measure_words: list[tuple[str, str]] = field(default_factory=list)
    measures_note: str = ""

    def shares(self, category: str) -> bool:
        return category in self.categories

    @property
    def rank(self) -> Rank:
        return min((r.rank for r in self.reasons), default=Rank.NOTHING)

    @property
    def needs_attention(self) -> bool:
        return self.rank != Rank.NOTHING

    @property
    def shares_checkins(self) -> bool:
        return "checkins" in self.categories

    @property
    def shares_activity(self) -> bool:
        return any(c in self.categories for c in ACTIVITY_CATEGORIES)


# Other apps add reasons here (homework due, in kindmind.homework): a function given the
# clinician and the rows (each with the categories its person shares) that answers, with
# a fixed number of queries for any number of rows, each person's reasons by id. It must
# only give reasons from what the person shares. See `register_attention_source`.
AttentionSource = Callable[[User, Sequence[Row]], Mapping[uuid.UUID, Sequence[Reason]]]
ATTENTION_SOURCES: list[AttentionSource] = []


def register_attention_source(source: AttentionSource) -> AttentionSource:
    """Let another app add attention reasons to the caseload (homework due: give them
    `Rank.HOMEWORK_DUE`). Usable as a decorator; call it from the app's `ready()`."""
    if source not in ATTENTION_SOURCES:
        ATTENTION_SOURCES.append(source)
    return source


def add_reasons(rows: Iterable[Row], reasons: Mapping[uuid.UUID, Sequence[Reason]]) -> None:
    """Give each row the reasons found for its person (the hook's results land here)."""
    for row in rows:
        row.reasons.extend(reasons.get(row.client_id, ()))


def _live(clinician: User) -> QuerySet[Share]:
    return Share.objects.filter(
        clinician=clinician,
        revoked_at__isnull=True,
        client__is_active=True,
        client__role=User.Role.CLIENT,
    ).order_by("created_at", "id")


def live_shares(clinician: User) -> list[Share]:
    """The live shares of active clients with this clinician, oldest first."""
    return list(_live(clinician).select_related("client"))


class ReadShare(Protocol):
    """What the caseload records of a share it reads."""

    id: uuid.UUID
    client_id: uuid.UUID
    categories: list[str]


def shares_to_audit(clinician: User) -> list[ReadShare]:
    """The same shares as `live_shares`, with only what `audit_reading` records: the
    caseload reads these on every reading, kept or not, and the people themselves (their
    rows decrypted) only when it draws the page, which then shows no one not in these
    (`caseload(..., shares=...)`)."""
    return list(_live(clinician).values_list("id", "client_id", "categories", named=True))


def labels_for(clinician: User, shares: Sequence[Share]) -> dict[uuid.UUID, ClientLabel]:
    """Each person's label row, made (with the next number) for anyone who has none yet:
    one query to read, and one to add when someone is new to this caseload."""
    found = {label.client_id: label for label in ClientLabel.objects.filter(clinician=clinician)}
    missing = [share.client for share in shares if share.client_id not in found]
    if missing:
        start = max((label.number for label in found.values()), default=0)
        made = [
            ClientLabel(clinician=clinician, client=client, number=start + n)
            for n, client in enumerate(missing, 1)
        ]
        # Two first visits at once make the same rows: the second's are ignored.
        ClientLabel.objects.bulk_create(made, ignore_conflicts=True)
        found.update({label.client_id: label for label in made})
    return found


def display_name(share: Share, label: ClientLabel) -> tuple[str, bool]:
    """What the clinician sees as this person's name, and whether it is their own name.

    Their name (or, without one, their email address) only while they share "Name and
    timezone"; otherwise the clinician's own label, or "Person N"."""
    if "profile" in share.categories:
        return (share.client.display_name or share.client.email), True
    if label.label:
        return label.label, False
    return _("Person %(number)s") % {"number": label.number}, False


def waiting_alerts(clinician: User, client_ids: Iterable[uuid.UUID]) -> list[SafetyAlert]:
    """This clinician's alerts not yet acknowledged, for the given people, newest first."""
    return list(
        SafetyAlert.objects.filter(
            clinician=clinician, acknowledged_at__isnull=True, event__client_id__in=client_ids
        )
        .select_related("event")
        .order_by("-event__at")
    )


def _sharing(rows: Iterable[Row], category: str) -> list[uuid.UUID]:
    return [row.client_id for row in rows if row.shares(category)]


def _latest(dates: Iterable[datetime | None]) -> datetime | None:
    return max((d for d in dates if d is not None), default=None)


def _practice(rows: Sequence[Row], shares: Mapping[uuid.UUID, Share], now: datetime) -> None:
    ids = _sharing(rows, "practice")
    if not ids:
        return
    # This week runs Monday to Monday in each person's own timezone: one condition per
    # timezone, not per person.
    weeks = {cid: week_bounds(shares[cid].client) for cid in ids}
    by_week: dict[tuple[datetime, datetime], list[uuid.UUID]] = {}
    for cid, bounds in weeks.items():
        by_week.setdefault(bounds, []).append(cid)
    this_week = reduce(
        or_,
        (
            Q(client_id__in=people, started_at__gte=start, started_at__lt=end)
            for (start, end), people in by_week.items()
        ),
    )
    recent = now - rules.REPEAT_WINDOW
    earliest = min([recent, *(start for start, _end in weeks.values())])
    # Only the last two weeks are summed: a year of practice is not read to count a week.
    totals = {
        found["client_id"]: found
        for found in PracticeSession.objects.filter(client_id__in=ids, started_at__gte=earliest)
        .values("client_id")
        .annotate(
            week_seconds=Sum("seconds", filter=this_week & Q(seconds__gt=0)),
            backdraft=Count("id", filter=Q(backdraft=True, started_at__gte=recent)),
        )
        .order_by()
    }
    # When each last practised, however long ago: one index look-up per person.
    last = dict(
        User.objects.filter(pk__in=ids)
        .annotate(
            last=Subquery(
                PracticeSession.objects.filter(client_id=OuterRef("pk"), seconds__gt=0)
                .order_by("-started_at")
                .values("started_at")[:1]
            )
        )
        .values_list("pk", "last")
    )
    for row in rows:
        if row.client_id not in weeks:
            continue
        found = totals.get(row.client_id, {})
        seconds = found.get("week_seconds") or 0
        # A part-minute counts as a minute, as the person's own log counts it.
        row.minutes_this_week = -(-seconds // 60)
        row.backdraft_recently = found.get("backdraft") or 0
        row.last_activity = _latest([row.last_activity, last.get(row.client_id)])
        if row.backdraft_recently >= rules.REPEAT_TIMES:
            row.reasons.append(
                Reason(
                    Rank.BACKDRAFT,
                    ngettext(
                        "Practice felt like too much %(count)d time in the last %(days)d days",
                        "Practice felt like too much %(count)d times in the last %(days)d days",
                        row.backdraft_recently,
                    )
                    % {"count": row.backdraft_recently, "days": rules.REPEAT_WINDOW.days},
                )
            )


def _checkins(rows: Sequence[Row]) -> None:
    ids = _sharing(rows, "checkins")
    if not ids:
        return
    # Per person, from the index on (client, -at, ..., circles): the last check-in, and
    # the latest that drew circles (a check-in in words only has none). The note is
    # never read.
    theirs = CheckIn.objects.filter(client_id=OuterRef("pk")).order_by("-at")
    circled = theirs.exclude(threat=None, drive=None, soothing=None)
    found = {
        person["pk"]: person
        for person in User.objects.filter(pk__in=ids)
        .annotate(
            last=Subquery(theirs.values("at")[:1]),
            circles_at=Subquery(circled.values("at")[:1]),
            threat=Subquery(circled.values("threat")[:1]),
            drive=Subquery(circled.values("drive")[:1]),
            soothing=Subquery(circled.values("soothing")[:1]),
        )
        .values("pk", "last", "circles_at", "threat", "drive", "soothing")
    }
    for row in rows:
        person = found.get(row.client_id)
        if person is None:
            continue
        row.last_activity = _latest([row.last_activity, person["last"]])
        if person["circles_at"] is not None:
            row.circles = Circles(
                person["threat"], person["drive"], person["soothing"], person["circles_at"]
            )


def _critic(rows: Sequence[Row]) -> None:
    ids = _sharing(rows, "critic_work")
    if not ids:
        return
    last = dict(
        Entry.objects.filter(client_id__in=ids)
        .values("client_id")
        .annotate(last=Max("updated_at"))
        .order_by()
        .values_list("client_id", "last")
    )
    for row in rows:
        row.last_activity = _latest([row.last_activity, last.get(row.client_id)])


def _measures(rows: Sequence[Row]) -> None:
    ids = _sharing(rows, "measures")
    if not ids:
        return
    # Each person's first and latest response to each questionnaire, picked in SQL with
    # one index look-up each (the first is the baseline reliable change is measured
    # from), then those responses read: three queries for any number of people.
    # Only the questionnaires these people have answered (a scan of the index): a look-up
    # for each of the fourteen built in would be most of the page's work.
    answered = set(
        Response.objects.filter(client_id__in=ids)
        .order_by()
        .values_list("instrument", flat=True)
        .distinct()
    )
    instruments = [i for i in keys.INSTRUMENTS if i in answered]
    picks: dict[str, Subquery] = {}
    for n, instrument_id in enumerate(instruments):
        theirs = Response.objects.filter(client_id=OuterRef("pk"), instrument=instrument_id)
        picks[f"first_{n}"] = Subquery(theirs.order_by("completed_at", "id").values("id")[:1])
        picks[f"latest_{n}"] = Subquery(theirs.order_by("-completed_at", "-id").values("id")[:1])
    wanted = (
        {
            picked
            for person in User.objects.filter(pk__in=ids).annotate(**picks).values(*picks)
            for picked in person.values()
            if picked is not None
        }
        if picks
        else set()
    )
    by_person: dict[uuid.UUID, dict[str, list[progress.Entry]]] = {}
    for found in (
        Response.objects.filter(pk__in=wanted)
        .order_by("completed_at")
        .values("id", "client_id", "instrument", "completed_at", "result")
    ):
        by_person.setdefault(found["client_id"], {}).setdefault(found["instrument"], []).append(
            progress.Entry(str(found["id"]), found["completed_at"], found["result"])
        )
    for row in rows:
        if row.client_id not in ids:
            continue
        lines: list[MeasureLine] = []
        for instrument_id in keys.INSTRUMENTS:
            entries = by_person.get(row.client_id, {}).get(instrument_id)
            if not entries:
                continue
            for found_series in progress.series(instrument_id, entries):
                if not found_series.points:
                    continue
                latest = found_series.points[-1]
                base = found_series.baseline
                lines.append(
                    MeasureLine(
                        name=short_name(instrument_id),
                        scale=None
                        if found_series.scale is None
                        else scale_label(found_series.scale),
                        value=latest.value,
                        band=band_label(latest.band) if latest.band else None,
                        category=latest.category,
                        when=latest.when,
                        baseline=base.value if base else None,
                        baseline_when=base.when if base else None,
                    )
                )
            row.last_activity = _latest([row.last_activity, max(e.when for e in entries)])
        row.measures = lines
        worse = [line for line in lines if line.category == "deteriorated"]
        if worse:
            names = ", ".join(
                line.name if line.scale is None else f"{line.name} ({line.scale})" for line in worse
            )
            row.reasons.append(
                Reason(
                    Rank.DETERIORATION,
                    _("A reliable deterioration since their first score: %(names)s")
                    % {"names": names},
                )
            )


def _alerts(rows: Sequence[Row], clinician: User) -> None:
    ids = _sharing(rows, "safety")
    if not ids:
        return
    by_person: dict[uuid.UUID, list[SafetyAlert]] = {}
    for alert in waiting_alerts(clinician, ids):
        by_person.setdefault(alert.event.client_id, []).append(alert)
    for row in rows:
        row.alerts = by_person.get(row.client_id, [])
        if not row.alerts:
            continue
        urgent = any(a.event.level == "urgent" for a in row.alerts)
        row.reasons.append(
            Reason(
                Rank.URGENT_ALERT if urgent else Rank.ALERT,
                ngettext(
                    "A safety alert is waiting for you",
                    "%(count)d safety alerts are waiting for you",
                    len(row.alerts),
                )
                % {"count": len(row.alerts)},
            )
        )


def _quiet(rows: Sequence[Row], now: datetime) -> None:
    for row in rows:
        if not row.shares_activity:
            continue
        since = row.last_activity or row.shared_since
        if now - since >= QUIET_AFTER:
            days = (now - since).days
            if row.last_activity is None:
                words = _("Nothing yet in what they share, %(days)d days since they began")
            else:
                words = _("Nothing new in what they share for %(days)d days")
            row.reasons.append(Reason(Rank.QUIET, words % {"days": days}))


def audit_reading(clinician: User, shares: Sequence[ReadShare]) -> None:
    """One audit reading per person shown, naming the categories read (ids and kinds
    only). The caseload page records this on every reading, whether it is drawn or kept;
    a reading again within the same minute counts on the same rows (`record_views`)."""
    record_views(
        actor=clinician,
        readings=[
            Reading(
                share.client_id,
                "clinic.caseload",
                ",".join(sorted(frozenset(share.categories) & CASELOAD_READS)),
            )
            for share in shares
        ],
    )


# The categories the caseload reads when they are shared.
CASELOAD_READS = frozenset({"profile", "safety", *ACTIVITY_CATEGORIES})


def caseload(
    clinician: User, *, now: datetime | None = None, shares: Sequence[ReadShare] | None = None
) -> list[Row]:
    """Everyone who shares with `clinician`, what needs attention first. Given `shares`
    (their live shares, already read and audited, as `shares_to_audit` gives them), the
    reading is not recorded again, and a share made since is not shown: it was not in
    the reading recorded."""
    now = now or timezone.now()
    live = live_shares(clinician)
    if shares is not None:
        recorded = {share.id for share in shares}
        live = [share for share in live if share.id in recorded]
    if not live:
        return []
    labels = labels_for(clinician, live)
    rows: list[Row] = []
    for share in live:
        label = labels[share.client_id]
        name, shows_name = display_name(share, label)
        rows.append(
            Row(
                client_id=share.client_id,
                name=name,
                shows_name=shows_name,
                own_label=label.label,
                number=label.number,
                categories=frozenset(share.categories),
                shared_since=share.created_at,
            )
        )
    by_id = {share.client_id: share for share in live}
    _alerts(rows, clinician)
    _practice(rows, by_id, now)
    _checkins(rows)
    _critic(rows)
    _measures(rows)
    _quiet(rows, now)
    for source in ATTENTION_SOURCES:
        add_reasons(rows, source(clinician, rows))
    for row in rows:
        row.reasons.sort(key=lambda r: r.rank)
    if shares is None:
        audit_reading(clinician, live)
    newest_alert: dict[uuid.UUID, float] = {
        row.client_id: -max(a.event.at.timestamp() for a in row.alerts)
        for row in rows
        if row.alerts
    }
    rows.sort(key=lambda r: (r.rank, newest_alert.get(r.client_id, 0.0), r.name.casefold()))
    return rows


@dataclass(frozen=True)
class WaitingAlert:
    """An alert waiting for the clinician, with the name they know the person by and, when
    the person shares that category, the address of what raised it. `unread` says why
    there is no address when there is none: "private" for words no category shares (the
    clinician may wonder where to look), "unshared" for a category the person keeps."""

    alert: SafetyAlert
    client_id: uuid.UUID
    name: str
    source_url: str | None = None
    unread: str = ""


@dataclass(frozen=True)
class Source:
    """Where an event's `source_id` points: the category the person must share for the
    clinician to follow it, the model the id names, and the clinician's page for it. A
    page `per_person` takes the person's id (the formulation is one per person); any
    other takes the object's."""

    category: str
    model: type[models.Model]
    page: str
    per_person: bool = False


# By the start of the event's `source`.
SOURCES: dict[str, Source] = {
    "checkins.": Source("checkins", CheckIn, "checkins:detail"),
    "measures.": Source("measures", Response, "measures:response"),
    # Critic work and letters (source "critic.<kind>"): the entry, as the clinician reads it.
    "critic.": Source("critic_work", Entry, "critic:detail"),
    # A saved version of the formulation: the person's formulation page for the clinician,
    # which shows the newest version and links to every earlier one.
    "formulation": Source("formulation", Formulation, "formulation_clinic:index", True),
}


def _source(source: str) -> Source | None:
    return next((found for prefix, found in SOURCES.items() if source.startswith(prefix)), None)


def event_links(
    events: Sequence[SafetyEvent], categories: Mapping[uuid.UUID, frozenset[str]]
) -> dict[uuid.UUID, tuple[str | None, str]]:
    """For each safety event, the clinician's link to what raised it (where the person
    shares its category and it still exists) and, when there is no link, why: "private"
    or "unshared" (see WaitingAlert). One query per kind of source, whatever the number
    of events; `categories` holds what each person shares with this clinician."""
    sources = [(event, _source(event.source)) for event in events]
    wanted: dict[type[models.Model], set[uuid.UUID]] = {}
    for event, found in sources:
        if found and event.source_id and found.category in categories.get(event.client_id, ()):
            wanted.setdefault(found.model, set()).add(event.source_id)
    existing: set[uuid.UUID] = set()
    for model, ids in wanted.items():
        existing.update(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
    links: dict[uuid.UUID, tuple[str | None, str]] = {}
    for event, found in sources:
        if found and event.source_id in existing:
            args = [event.client_id if found.per_person else event.source_id]
            links[event.id] = (reverse(found.page, args=args), "")
        elif event.source in PRIVATE_SOURCES:
            links[event.id] = (None, "private")
        elif found and found.category not in categories.get(event.client_id, ()):
            links[event.id] = (None, "unshared")
        else:
            links[event.id] = (None, "")
    return links


def with_sources(
    alerts: Sequence[SafetyAlert],
    names: Mapping[uuid.UUID, str],
    categories: Mapping[uuid.UUID, frozenset[str]],
) -> list[WaitingAlert]:
    """Each alert with the link to what raised it, where the person shares its category
    and it still exists (see event_links)."""
    links = event_links([alert.event for alert in alerts], categories)
    return [
        WaitingAlert(
            alert, alert.event.client_id, names[alert.event.client_id], *links[alert.event.id]
        )
        for alert in alerts
    ]


def urgent_alerts_waiting(clinician: User) -> list[WaitingAlert]:
    """Urgent alerts this clinician has not acknowledged, from people who still share
    safety with them: for the clinician's Today. A fixed number of queries."""
    shares = [s for s in live_shares(clinician) if "safety" in s.categories]
    if not shares:
        return []
    alerts = [
        a
        for a in waiting_alerts(clinician, [s.client_id for s in shares])
        if a.event.level == "urgent"
    ]
    if not alerts:
        return []
    labels = labels_for(clinician, shares)
    names = {s.client_id: display_name(s, labels[s.client_id])[0] for s in shares}
    return with_sources(alerts, names, {s.client_id: frozenset(s.categories) for s in shares})


def _measure_words(line: MeasureLine, day: Callable[[datetime], str]) -> tuple[str, str]:
    """A questionnaire line as (its name, what it says), in words."""
    title = line.name if line.scale is None else f"{line.name} ({line.scale})"
    if line.value is None:
        score_words = _("no score")
    elif line.band:
        score_words = _("%(score)s, %(band)s") % {
            "score": number_words(line.value),
            "band": line.band,
        }
    else:
        score_words = number_words(line.value)
    said = _("%(score)s (%(when)s).") % {"score": score_words, "when": day(line.when)}
    if line.category == "baseline":
        change = _("Their first score so far.")
    elif line.category == "not_established":
        change = _("Reliable change is not established for this score.")
    elif line.category == "no_score" or line.baseline is None or line.baseline_when is None:
        change = ""
    else:
        since = {"first": number_words(line.baseline), "when": day(line.baseline_when)}
        if line.category == "improved":
            change = _("A reliable improvement since their first score (%(first)s, %(when)s).")
        elif line.category == "deteriorated":
            change = _("A reliable deterioration since their first score (%(first)s, %(when)s).")
        else:
            change = _("No reliable change since their first score (%(first)s, %(when)s).")
        change = change % since
    return title, f"{said} {change}".strip()


def describe(rows: Sequence[Row]) -> None:
    """Each row's facts in words, worked out in Python once per page (a caseload of 50
    drawn through template tags row by row cost more than reading its data)."""
    not_shared = _("not shared")
    none_yet = _("none yet")
    labels = (
        _("Last activity"),
        _("Practice this week"),
        _("Latest circles"),
    )

    # Each day's words worked out once a page: 50 people's rows name the same few days.
    day = Days("j M Y", escaped=False)
    day_of_month = Days("j M", escaped=False)

    for row in rows:
        if not row.shares_activity:
            last = not_shared
        elif row.last_activity:
            last = day(row.last_activity)
        else:
            last = _("nothing yet")
        if row.minutes_this_week is None:
            minutes = not_shared
        else:
            minutes = ngettext("%(count)d minute", "%(count)d minutes", row.minutes_this_week) % {
                "count": row.minutes_this_week
            }
        if not row.shares_checkins:
            circles = not_shared
        elif row.circles:
            circles = _(
                "threat %(threat)s, drive %(drive)s, soothing %(soothing)s (out of 10, %(when)s)"
            ) % {
                "threat": NONE if row.circles.threat is None else row.circles.threat,
                "drive": NONE if row.circles.drive is None else row.circles.drive,
                "soothing": NONE if row.circles.soothing is None else row.circles.soothing,
                "when": day_of_month(row.circles.at),
            }
        else:
            circles = none_yet
        row.facts = list(zip(labels, (last, minutes, circles), strict=True))
        if row.measures is None:
            row.measures_note = not_shared
        elif not row.measures:
            row.measures_note = none_yet
        row.measure_words = [_measure_words(line, day) for line in row.measures or ()]


def as_context(rows: Sequence[Row]) -> dict[str, Any]:
    """What the template needs besides the rows."""
    describe(rows)
    return {
        "rows": rows,
        "attention": [row for row in rows if row.needs_attention],
        "others": [row for row in rows if not row.needs_attention],
        "alerts": with_sources(
            sorted(
                (alert for row in rows for alert in row.alerts),
                key=lambda alert: (alert.event.level != "urgent", -alert.event.at.timestamp()),
            ),
            {row.client_id: row.name for row in rows},
            {row.client_id: row.categories for row in rows},
        ),
        "quiet_days": QUIET_AFTER.days,
        "backdraft_times": rules.REPEAT_TIMES,
        "backdraft_days": rules.REPEAT_WINDOW.days,
    }
