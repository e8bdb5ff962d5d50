"""Questionnaires: the list, answering one, planning them, progress and export.

Scores are never computed here: `actions.record_response` stores what
`scoring.score` says at completion, and the progress page reads those stored results
through the pure `progress` and `charts` modules.
"""

from __future__ import annotations

import csv
import json
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kindmind.accounts.access import get_client_object, get_own_object
from kindmind.clinic.naming import naming_for
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import person_page
from kindmind.lib.rows import joined
from kindmind.measures import actions, change, charts, drawing, keys, progress
from kindmind.measures.catalogue import (
    CATEGORY_LABELS,
    availability,
    available_wording,
    band_label,
    scale_label,
    short_name,
)
from kindmind.measures.drawing import number_words as _number
from kindmind.measures.export import fhir_bundle
from kindmind.measures.forms import MeasureForm, ScheduleForm
from kindmind.measures.models import Response, Schedule
from kindmind.safety.actions import record_safety_event

EXPORT_NAME = "kindmind-questionnaires"


def _clients_only(request: AuthedRequest) -> None:
    # Questionnaires are a client's own; a clinician account answers none.
    if not request.user.is_client:
        raise Http404


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    today = timezone.localdate()
    schedules = {s.instrument: s for s in Schedule.objects.filter(client=request.user, active=True)}
    answered = {
        row["instrument"]: row
        for row in Response.objects.filter(client=request.user)
        .values("instrument")
        .annotate(count=Count("id"), last=Max("completed_at"))
    }
    available, unavailable = [], []
    for instrument_id, found in availability().items():
        instrument = keys.INSTRUMENTS[instrument_id]
        if not found.available:
            unavailable.append({"name": instrument.name, "reason": found.reason})
            continue
        schedule = schedules.get(instrument_id)
        available.append(
            {
                "id": instrument_id,
                "short": short_name(instrument_id),
                "name": instrument.name,
                "items": instrument.items,
                "schedule": schedule,
                "due": schedule is not None and schedule.is_due(today),
                "count": answered.get(instrument_id, {}).get("count", 0),
                "last": answered.get(instrument_id, {}).get("last"),
            }
        )
    context = {
        "available": available,
        "due": [row for row in available if row["due"]],
        "unavailable": unavailable,
        "has_answers": bool(answered),
    }
    return render(request, "measures/index.html", context)


def _not_here(request: AuthedRequest, instrument: str) -> HttpResponse:
    """An instrument that is unknown, or whose wording may not be shown here."""
    found = availability().get(instrument)
    context = {
        "name": keys.INSTRUMENTS[instrument].name if instrument in keys.INSTRUMENTS else None,
        "reason": found.reason if found is not None else None,
    }
    status = 400 if request.method == "POST" else 404
    return render(request, "measures/unavailable.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthedRequest, instrument: str) -> HttpResponse:
    _clients_only(request)
    wording = available_wording(instrument) if instrument in keys.INSTRUMENTS else None
    if wording is None:
        return _not_here(request, instrument)
    form = MeasureForm(
        request.POST or None, wording=wording, initial={"submission_id": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        response, created = actions.record_response(
            client=request.user,
            wording=wording,
            answers=form.answers(),
            unscored=form.unscored(),
            submission_id=form.cleaned_data["submission_id"],
            by=request.user,
        )
        if created:
            messages.success(request, _("Thank you. Your answers are saved."))
            if response.has_risk_item:
                # The level, the questionnaire and the time: never the answers.
                record_safety_event(
                    client=request.user,
                    level="concern",
                    source=f"measures.{instrument}",
                    source_id=response.id,
                )
        if response.has_risk_item:
            # Nothing of the answers goes into the address, or into any log.
            return redirect(f"{reverse('safety:help')}?from=measure")
        return redirect("measures:response", response.id)
    if "submission_id" in form.errors:
        # Give the re-shown form a fresh one-time id, so that it can be sent again.
        fresh = cast(QueryDict, form.data).copy()
        fresh["submission_id"] = str(uuid.uuid4())
        form.data = fresh
    context = {
        "form": form,
        "wording": wording,
        "short": short_name(instrument),
        "may_leave_empty": form.may_leave_empty(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "measures/answer.html", context, status=status)


def _entries(responses: list[Response]) -> list[progress.Entry]:
    return [progress.Entry(str(r.id), r.local_at, r.result) for r in responses]


@login_required
@require_GET
def response_detail(request: AuthedRequest, response_id: str) -> HttpResponse:
    response = get_client_object(request.user, Response, response_id, category="measures")
    instrument = keys.get(response.instrument)
    same = list(
        Response.objects.filter(
            client_id=response.client_id, instrument=response.instrument
        ).order_by("completed_at")
    )
    point = progress.compared_with_baseline(instrument.id, _entries(same), str(response.id))
    wording = available_wording(instrument.id)
    labels = {r.value: r.label for r in wording.responses} if wording else {}
    items = []
    for number, value in enumerate(response.answers, start=1):
        text = wording.items[number - 1] if wording else _("Question %(n)s") % {"n": number}
        chosen = labels.get(value, str(value)) if value is not None else None
        items.append({"number": number, "text": text, "answer": chosen})
    scale = instrument.total or instrument.subscales[0]
    high = change.score_range(instrument, scale)[1]
    subscales = [
        {"label": scale_label(name), "value": _number(value)}
        for name, value in response.result.get("subscales", {}).items()
    ]
    context = {
        "response": response,
        "short": short_name(instrument.id),
        "name": instrument.name,
        "has_total": instrument.total is not None,
        "total": _number(response.result.get("total")),
        "high": _number(high),
        "band": band_label(response.result.get("band")),
        "subscales": subscales,
        "flags": response.flags,
        "point": point,
        "category": CATEGORY_LABELS[point.category],
        "rci": point.change.rci if point.change else None,
        "items": items,
        "is_owner": response.client_id == request.user.id,
    }
    if response.client_id != request.user.id:
        context.update(naming_for(request.user, response.client_id))
    return render(request, "measures/response.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    today = timezone.localdate()
    choices = [
        (instrument_id, keys.INSTRUMENTS[instrument_id].name)
        for instrument_id, found in availability().items()
        if found.available
    ]
    chosen = request.GET.get("instrument", "")
    if chosen not in dict(choices):
        chosen = ""
    initial: dict[str, Any] = {"instrument": chosen, "every_days": 14, "first_due": today}
    current = (
        Schedule.objects.filter(client=request.user, instrument=chosen, active=True).first()
        if chosen
        else None
    )
    if current is not None:
        initial.update(every_days=current.every_days, first_due=current.next_due)
    form = ScheduleForm(request.POST or None, choices=choices, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_schedule(
            client=request.user,
            instrument=form.cleaned_data["instrument"],
            every_days=form.cleaned_data["every_days"],
            first_due=form.cleaned_data["first_due"],
            by=request.user,
        )
        messages.success(request, _("Your plan is saved. You can change it at any time."))
        return redirect("measures:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "measures/schedule.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: AuthedRequest, schedule_id: str) -> HttpResponse:
    found = get_own_object(request.user, Schedule.objects.filter(active=True), schedule_id)
    if request.method == "POST":
        actions.stop_schedule(schedule=found, by=request.user)
        messages.success(request, _("That plan is stopped. Your answers so far are kept."))
        return redirect("measures:index")
    return render(
        request, "measures/stop.html", {"schedule": found, "short": short_name(found.instrument)}
    )


@login_required
@require_GET
@person_page
def progress_page(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    return render(request, "measures/progress.html", progress_context(request.user))


def progress_context(client: Any) -> dict[str, Any]:
    """Each questionnaire `client` answered, drawn over time with its tables: for their
    own Progress page, and for a clinician they share their questionnaires with."""
    # Only what the page reads: the answers themselves are not needed to draw scores.
    by_instrument = progress.by_instrument(
        Response.objects.filter(client=client)
        .order_by("completed_at")
        .values_list("id", "instrument", "completed_at", "timezone", "result")
    )
    blocks = []
    for instrument_id in keys.INSTRUMENTS:
        if instrument_id not in by_instrument:
            continue
        all_series = progress.series(instrument_id, by_instrument[instrument_id])
        drawn = charts.chart(all_series)
        several = len(all_series) > 1
        blocks.append(
            {
                "id": instrument_id,
                "short": short_name(instrument_id),
                "name": keys.INSTRUMENTS[instrument_id].name,
                "chart": drawn,
                "lines": [
                    {
                        "line": line,
                        "label": scale_label(line.scale),
                        "markers": drawing.markers(line, several),
                    }
                    for line in drawn.lines
                ],
                "bands": [{"band": band, "label": band_label(band.label)} for band in drawn.bands],
                "tables": [
                    {
                        "label": scale_label(found.scale),
                        "is_total": found.scale is None,
                        "rows": joined(drawing.table_rows(found)),
                        "source": found.source,
                    }
                    for found in all_series
                ],
                "several": several,
            }
        )
    frame = {
        "width": charts.WIDTH,
        "height": charts.HEIGHT,
        "left": charts.LEFT,
        "right": charts.RIGHT,
        "plot_width": charts.RIGHT - charts.LEFT,
        "label_x": charts.BAND_LABEL_X,
        "x_label_y": charts.X_LABEL_Y,
    }
    return {"blocks": blocks, "frame": frame}


# --- Export: the person's own answers and scores, nobody else's --------------------------


def _own(request: AuthedRequest) -> list[Response]:
    _clients_only(request)
    return list(Response.objects.filter(client=request.user).order_by("completed_at"))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _as_json(response: Response) -> dict[str, Any]:
    return {
        "id": str(response.id),
        "instrument": response.instrument,
        "completed_at": response.local_at.isoformat(timespec="seconds"),
        "timezone": response.timezone,
        "answers": response.answers,
        "unscored": response.unscored,
        "result": response.result,
        "wording": response.wording,
    }


@login_required
@require_GET
def export_csv(request: AuthedRequest) -> HttpResponse:
    responses = _own(request)
    items = max((len(r.answers) for r in responses), default=0)
    out = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(out)
    writer.writerow(
        [
            "response_id",
            "instrument",
            "completed_at",
            "timezone",
            "complete",
            "total",
            "band",
            "subscales",
            "flags",
            "unscored",
            *(f"item_{n}" for n in range(1, items + 1)),
        ]
    )
    for r in responses:
        result = r.result
        writer.writerow(
            [
                r.id,
                r.instrument,
                r.local_at.isoformat(timespec="seconds"),
                r.timezone,
                "yes" if result.get("complete") else "no",
                "" if result.get("total") is None else result["total"],
                result.get("band") or "",
                "; ".join(
                    f"{name}={'' if value is None else value}"
                    for name, value in result.get("subscales", {}).items()
                ),
                "; ".join(r.flags),
                "; ".join(f"{key}={value}" for key, value in r.unscored.items()),
                *("" if a is None else a for a in r.answers),
                *([""] * (items - len(r.answers))),
            ]
        )
    return _attachment(out, f"{EXPORT_NAME}.csv")


@login_required
@require_GET
def export_json(request: AuthedRequest) -> HttpResponse:
    responses = _own(request)
    schedules = Schedule.objects.filter(client=request.user).order_by("created_at")
    document = {
        "format": "kindmind-questionnaires/1",
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "responses": [_as_json(r) for r in responses],
        "schedules": [
            {
                "id": str(s.id),
                "instrument": s.instrument,
                "every_days": s.every_days,
                "next_due": s.next_due.isoformat(),
                "active": s.active,
            }
            for s in schedules
        ],
    }
    out = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(out, f"{EXPORT_NAME}.json")


@login_required
@require_GET
def export_fhir(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    document = fhir_bundle(request.user, timestamp=timezone.localtime())
    out = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/fhir+json; charset=utf-8",
    )
    return _attachment(out, f"{EXPORT_NAME}.fhir.json")
