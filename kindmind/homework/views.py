"""A clinician's homework and questionnaire pages for one person who shares with them.

Every page fetches the person through the one access rule (`get_client_object`, audited);
anyone else, or a person who does not share with this clinician, gets a 404. Whether
homework was done, and what questionnaires scored, show only in the categories the
person shares.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import get_client_object
from kindmind.accounts.models import Share, User
from kindmind.clinic.naming import client_display_name
from kindmind.homework import actions, own
from kindmind.homework.forms import DEFAULT_DAYS, AssignForm, OwnPracticeForm, PlanMeasureForm
from kindmind.homework.models import Homework, OwnPractice
from kindmind.homework.today import homework_due_for
from kindmind.lib.http import AuthedRequest
from kindmind.measures import actions as measure_actions
from kindmind.measures import keys, progress
from kindmind.measures.catalogue import (
    CATEGORY_LABELS,
    availability,
    band_label,
    scale_label,
    short_name,
)
from kindmind.measures.models import AT_NEXT_SESSION, Response, Schedule
from kindmind.practice.library import in_order

CLIENTS = User.objects.filter(role=User.Role.CLIENT)


def _person(request: AuthedRequest, client_id: str) -> tuple[User, set[str]]:
    """The person, through the access rule, and the categories they share with this
    clinician now."""
    if not request.user.is_clinician:
        raise Http404
    client = get_client_object(request.user, CLIENTS, client_id, category=None)
    categories: set[str] = set()
    for found in Share.objects.filter(
        client=client, clinician=request.user, revoked_at__isnull=True
    ).values_list("categories", flat=True):
        categories |= set(found)
    return client, categories


def _name(clinician: User, client: User, categories: set[str]) -> str:
    """The person's name when they share it; otherwise what every clinician page calls
    them (kindmind.clinic.naming): the clinician's label, never their address."""
    if "profile" in categories and client.display_name:
        return client.display_name
    return client_display_name(clinician, client, None)


def _instruments() -> list[tuple[str, str]]:
    return [
        (instrument_id, keys.INSTRUMENTS[instrument_id].name)
        for instrument_id, found in availability().items()
        if found.available
    ]


def _practice_choices(clinician: User) -> list[tuple[str, str]]:
    """The library, then the clinician's own practices."""
    choices = [(p.slug, p.title) for p in in_order()]
    for found in OwnPractice.objects.filter(clinician=clinician).order_by("title"):
        choices.append((own.slug_of(found), _("%(title)s (your own)") % {"title": found.title}))
    return choices


def _local_today(client: User) -> date:
    return timezone.now().astimezone(client.zone).date()


def _scores(client: User) -> list[dict[str, Any]]:
    """Each instrument the person answered: the latest score on each of its series, its
    band and its change since the first, with the source of every figure."""
    by_instrument: dict[str, list[progress.Entry]] = {}
    for response_id, instrument, completed_at, zone, result in (
        Response.objects.filter(client=client)
        .order_by("completed_at")
        .values_list("id", "instrument", "completed_at", "timezone", "result")
    ):
        by_instrument.setdefault(instrument, []).append(
            progress.Entry(str(response_id), completed_at.astimezone(ZoneInfo(zone)), result)
        )
    blocks = []
    for instrument_id, entries in by_instrument.items():
        if instrument_id not in keys.INSTRUMENTS:
            continue
        key = keys.INSTRUMENTS[instrument_id]
        rows = []
        for series in progress.series(instrument_id, entries):
            known = [p for p in series.points if p.value is not None]
            latest = known[-1] if known else None
            baseline = series.baseline
            rows.append(
                {
                    "label": scale_label(series.scale),
                    "baseline": baseline,
                    "latest": latest,
                    "band": band_label(latest.band) if latest else "",
                    "baseline_band": band_label(baseline.band) if baseline else "",
                    "category": CATEGORY_LABELS[latest.category] if latest else "",
                    "change": latest.change if latest else None,
                    "source": series.source,
                    "reason": series.reason,
                    "answered": len(series.points),
                }
            )
        blocks.append(
            {
                "short": short_name(instrument_id),
                "name": key.name,
                "key_source": key.key_source,
                "rows": rows,
            }
        )
    return blocks


@login_required
@require_GET
def client_page(request: AuthedRequest, client_id: str) -> HttpResponse:
    client, categories = _person(request, client_id)
    items = homework_due_for(request.user, [client.id]).get(client.id, [])
    today = _local_today(client)
    planned = Schedule.objects.filter(client=client, planned_by=request.user, active=True)
    context = {
        "client": client,
        "name": _name(request.user, client, categories),
        "running": [i for i in items if i.homework.ended_at is None and i.homework.until >= today],
        "finished": [
            i for i in items if i.homework.ended_at is not None or i.homework.until < today
        ],
        "planned": [
            {
                "schedule": s,
                "short": short_name(s.instrument),
                "waits_for_session": s.next_due == AT_NEXT_SESSION,
            }
            for s in planned
        ],
        "measures_shared": "measures" in categories,
        "scores": _scores(client) if "measures" in categories else [],
    }
    return render(request, "homework/client.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: AuthedRequest, client_id: str) -> HttpResponse:
    client, categories = _person(request, client_id)
    today = _local_today(client)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        practices=_practice_choices(request.user),
        instruments=_instruments(),
        today=today,
        initial={
            "kind": Homework.Kind.PRACTICE,
            "how_often": "3",
            "until": today + timedelta(days=DEFAULT_DAYS),
            "practice": request.GET.get("practice", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.assign(
            client=client,
            clinician=request.user,
            kind=form.cleaned_data["kind"],
            target=form.target(),
            times_a_week=form.times_a_week(),
            until=form.cleaned_data["until"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Saved. It is on their Today page now."))
        return redirect("homework:client", client_id=client.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "homework/assign.html",
        {"form": form, "client": client, "name": _name(request.user, client, categories)},
        status=status,
    )


@login_required
@require_POST
def end(request: AuthedRequest, client_id: str, homework_id: str) -> HttpResponse:
    client, _categories = _person(request, client_id)
    homework = (
        Homework.objects.filter(client=client, clinician=request.user, pk=homework_id).first()
        if _is_uuid(homework_id)
        else None
    )
    if homework is None:
        raise Http404
    actions.end(homework=homework, by=request.user)
    messages.success(request, _("Done. It no longer shows on their Today page."))
    return redirect("homework:client", client_id=client.id)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def plan_measure(request: AuthedRequest, client_id: str) -> HttpResponse:
    """Plan a questionnaire for the person: once, every N days, or at each session. It
    waits on their Today page as any questionnaire they planned themselves would."""
    client, categories = _person(request, client_id)
    today = _local_today(client)
    form = PlanMeasureForm(
        request.POST if request.method == "POST" else None,
        choices=_instruments(),
        today=today,
        initial={"every_days": 14, "first_due": today},
    )
    # The measures form speaks to the person; here it speaks to their clinician.
    form.fields["every_days"].help_text = _(
        "Leave it empty for once. 14 is every two weeks, 28 every four weeks."
    )
    form.fields["first_due"].help_text = _(
        "Leave it empty for today. Their first answers are the starting point that later "
        "ones are compared with."
    )
    if request.method == "POST" and form.is_valid():
        measure_actions.set_schedule(
            client=client,
            instrument=form.cleaned_data["instrument"],
            every_days=form.cleaned_data["every_days"],
            first_due=form.cleaned_data["first_due"],
            by=request.user,
            planned_by=request.user,
            at_sessions=form.cleaned_data["at_sessions"],
        )
        messages.success(request, _("Planned. It waits on their Today page from that day."))
        return redirect("homework:client", client_id=client.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "homework/plan_measure.html",
        {"form": form, "client": client, "name": _name(request.user, client, categories)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_practices(request: AuthedRequest) -> HttpResponse:
    """A clinician's own practices: the ones added, and a form to add one more."""
    if not request.user.is_clinician:
        raise Http404
    form = OwnPracticeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            practice, raw = own.read(form.cleaned_data["source_text"])
        except own.NotAPractice as error:
            problem = str(error)
        else:
            if OwnPractice.objects.filter(clinician=request.user, slug=practice.slug).exists():
                problem = _(
                    "You already have a practice with the slug “%(slug)s”. Please give this "
                    "one a slug of its own."
                ) % {"slug": practice.slug}
            else:
                actions.add_own_practice(
                    clinician=request.user, slug=practice.slug, title=practice.title, source=raw
                )
                messages.success(
                    request,
                    _("Added. You can suggest “%(title)s” to the people who share with you.")
                    % {"title": practice.title},
                )
                return redirect("homework:own_practices")
    mine = []
    for found in OwnPractice.objects.filter(clinician=request.user).order_by("title"):
        practice_found = own.checked(found)
        if practice_found is not None:
            mine.append(practice_found)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "homework/own_practices.html",
        {"form": form, "problem": problem, "practices": mine},
        status=status,
    )
