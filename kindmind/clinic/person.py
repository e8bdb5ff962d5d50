"""A person's page for the clinician they share with, and a page for each thing shared.

Every view here opens the person through `open_person`, which is the one access rule
(kindmind.accounts.access.get_client_object): a 404 for anyone but a clinician the
person shares with, and for a category they do not share; one audit row for each page
read, naming what was read. The pages reuse the person's own list and chart code, so a
clinician sees what the person sees, in words that speak about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kindmind.accounts.access import CATEGORIES, Categories, get_client_object
from kindmind.accounts.models import Share, User
from kindmind.checkins.listing import history_rows
from kindmind.checkins.models import CheckIn
from kindmind.checkins.views import HISTORY_PAGE, trend_context
from kindmind.clinic import export
from kindmind.clinic.naming import naming
from kindmind.critic.models import Entry
from kindmind.critic.views import ENTRIES_PAGE, _entry_rows
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import keep
from kindmind.measures.models import Response
from kindmind.measures.views import progress_context
from kindmind.practice.models import PracticeSession
from kindmind.practice.views import LOG_LENGTH, _log_row, _LogWords, log_sessions

CLIENTS = User.objects.filter(role=User.Role.CLIENT)

# The order the person's page lists what can be shared, each with where it is read.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("checkins", "clinic:person_checkins"),
    ("practice", "clinic:person_practice"),
    ("critic_work", "clinic:person_critic"),
    ("measures", "clinic:person_measures"),
    ("safety", "clinic:client_safety"),
    ("formulation", "formulation_clinic:index"),
)


@dataclass(frozen=True)
class Person:
    """A person as one clinician's pages see them: their account, the live share between
    them, and what the pages call them."""

    client: User
    share: Share
    name: str
    Name: str

    def shares(self, category: str) -> bool:
        return category in self.share.categories

    def context(self) -> dict[str, Any]:
        return {"client": self.client, "share": self.share, "name": self.name, "Name": self.Name}


def open_person(
    request: AuthedRequest, client_id: str, *, category: Categories | None, reading: str
) -> Person:
    """The person `client_id` for the clinician asking, through the one access rule, with
    the reading audited as `reading` (a kind of object: what the page shows of theirs).

    `category=None` asks only that they share something, whatever it is."""
    if not request.user.is_clinician:
        raise Http404
    client = get_client_object(
        request.user, CLIENTS, client_id, category=category, audit_as=reading
    )
    share = Share.objects.filter(
        client=client, clinician=request.user, revoked_at__isnull=True
    ).first()
    if share is None or not share.categories:
        # Revoked between the rule's question and this one: nothing is shared now.
        raise Http404
    return Person(client, share, **naming(request.user, client, share))


@login_required
@require_GET
def client_detail(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(request, client_id, category=None, reading="accounts.user")

    def draw(person: Person) -> HttpResponse:
        client = person.client
        sections = []
        for category, viewname in SECTIONS:
            sections.append(
                {
                    "category": category,
                    "label": CATEGORIES[category],
                    "shared": person.shares(category),
                    "viewname": viewname,
                }
            )
        counts: dict[str, int] = {}
        if person.shares("checkins"):
            counts["checkins"] = CheckIn.objects.filter(client=client).count()
        if person.shares("critic_work"):
            counts["critic_work"] = Entry.objects.filter(client=client).count()
        if person.shares("measures"):
            counts["measures"] = Response.objects.filter(client=client).count()
        if person.shares("practice"):
            counts["practice"] = log_sessions(client).count()
        for section in sections:
            section["count"] = counts.get(str(section["category"]))
        context = {
            **person.context(),
            "sections": sections,
            "shares_profile": person.shares("profile"),
            "shares_versions": person.shares("critic_versions"),
            "categories": [CATEGORIES.get(c, c) for c in person.share.categories],
        }
        return render(request, "clinic/client_detail.html", context)

    return keep(request, "clinic.person.client_detail", opening, draw)


@login_required
@require_GET
def checkins(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(request, client_id, category="checkins", reading="checkins.checkin")

    def draw(person: Person) -> HttpResponse:
        # Only the columns a row shows: whole rows would also decrypt every note.
        listed = (
            CheckIn.objects.filter(client=person.client)
            .order_by("-at")
            .values_list("id", "at", "threat", "drive", "soothing")
        )
        page = Paginator(listed, HISTORY_PAGE).get_page(request.GET.get("page"))
        context = {**person.context(), "page": page, "rows": history_rows(page.object_list)}
        return render(request, "clinic/person/checkins.html", context)

    return keep(request, "clinic.person.checkins", opening, draw)


@login_required
@require_GET
def checkins_trend(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(request, client_id, category="checkins", reading="checkins.checkin")

    def draw(person: Person) -> HttpResponse:
        context = {**person.context(), **trend_context(person.client, request.GET.get("weeks"))}
        return render(request, "clinic/person/trend.html", context)

    return keep(request, "clinic.person.checkins_trend", opening, draw)


@login_required
@require_GET
def practice(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(
            request, client_id, category="practice", reading="practice.practicesession"
        )

    def draw(person: Person) -> HttpResponse:
        page = Paginator(log_sessions(person.client), LOG_LENGTH).get_page(request.GET.get("page"))
        words = _LogWords(about=person.name)
        sessions: list[PracticeSession] = list(page.object_list)
        rows = [{"row": _log_row(s, words), "too_much": s.backdraft} for s in sessions]
        context = {**person.context(), "page": page, "rows": rows}
        return render(request, "clinic/person/practice.html", context)

    return keep(request, "clinic.person.practice", opening, draw)


@login_required
@require_GET
def critic(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(request, client_id, category="critic_work", reading="critic.entry")

    def draw(person: Person) -> HttpResponse:
        page = Paginator(
            Entry.objects.filter(client=person.client)
            .order_by("-created_at", "-id")
            .only("id", "kind", "created_at"),
            ENTRIES_PAGE,
        ).get_page(request.GET.get("page"))
        context = {
            **person.context(),
            "page": page,
            "rows": _entry_rows(list(page.object_list)),
            "shares_versions": person.shares("critic_versions"),
        }
        return render(request, "clinic/person/critic.html", context)

    return keep(request, "clinic.person.critic", opening, draw)


@login_required
@require_GET
def measures(request: AuthedRequest, client_id: str) -> HttpResponse:
    def opening() -> Person:
        return open_person(request, client_id, category="measures", reading="measures.response")

    def draw(person: Person) -> HttpResponse:
        context = {**person.context(), **progress_context(person.client)}
        return render(request, "clinic/person/measures.html", context)

    return keep(request, "clinic.person.measures", opening, draw)


@login_required
@require_POST
def export_shared(request: AuthedRequest, client_id: str) -> HttpResponse:
    """What the person shares, as a ZIP of CSV files (and their questionnaires as a FHIR
    bundle when they share those), audited as an export."""
    person = open_person(request, client_id, category=None, reading="clinic.export")
    now = timezone.now()
    body = export.build(person.client, person.share, by=request.user, now=now)
    out = HttpResponse(body, content_type="application/zip")
    out["Content-Disposition"] = f'attachment; filename="{export.filename(now)}"'
    return out
