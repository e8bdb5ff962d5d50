from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kindmind.accounts.access import get_client_object, get_own_object
from kindmind.checkins import actions
from kindmind.checkins.charts import circle_parts, trend
from kindmind.checkins.circles import (
    Circles,
    in_week,
    observations,
    rated_points,
    week_start,
    weekly_trend,
)
from kindmind.checkins.emotions import system_of
from kindmind.checkins.forms import CheckInForm
from kindmind.checkins.listing import history_rows, trend_markers, trend_rows
from kindmind.checkins.models import CheckIn
from kindmind.checkins.suggest import next_step
from kindmind.clinic.naming import naming_for
from kindmind.lib.badrequest import bad_request_page
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import keep, one_time_ids, person_page
from kindmind.lib.rows import joined
from kindmind.practice.library import PRACTICES
from kindmind.safety.screening import screen

TREND_WEEKS = (12, 26, 52)
HISTORY_PAGE = 30


# The free-text fields of a check-in: read for risk when saved.
WORDS = ("note", "other_feelings")
# The cookie that marks a check-in as just saved: its page then offers one next step,
# once. Moving on (or reloading) lets the offer go. A signed cookie sent only to that
# check-in's page, holding its id and nothing else, rather than a mark in the session: a
# session mark was one more write to the database on every check-in saved.
JUST_SAVED = "km_just_saved"
JUST_SAVED_FOR = 10 * 60  # seconds: ample for the redirect, however slow the connection


def _clients_only(request: AuthedRequest) -> None:
    # Check-ins are a client's own; a clinician account has none.
    if not request.user.is_client:
        raise Http404


def _around(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC bounds wide enough to hold every check-in whose own local date lies in
    [start, end), whichever timezone it was made in (offsets reach +-14 hours)."""
    lo = datetime.combine(start - timedelta(days=1), time.min, tzinfo=UTC)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    return lo, hi


@login_required
@require_http_methods(["GET", "POST"])
@person_page
def new(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    once = uuid.uuid4()
    form = CheckInForm(request.POST or None, initial={"submission_id": once})
    if request.method == "POST" and form.is_valid():
        checkin, created = actions.record_checkin(
            client=request.user,
            data=form.cleaned_data,
            submission_id=form.cleaned_data["submission_id"],
            by=request.user,
        )
        then = reverse("checkins:detail", args=[checkin.id])
        if created:
            messages.success(request, _("Thank you for checking in."))
            safety_step = screen(
                client=request.user,
                texts=[checkin.note, checkin.other_feelings],
                source="checkins.checkin",
                then=then,
                source_id=checkin.id,
            )
            if safety_step:
                # A safety step comes first, and alone: no practice is offered on top.
                return redirect(safety_step)
            response = redirect(then)
            response.set_signed_cookie(
                JUST_SAVED,
                str(checkin.id),
                salt=JUST_SAVED,
                max_age=JUST_SAVED_FOR,
                path=then,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        return redirect(then)
    if "submission_id" in form.errors:
        # Give the re-shown form a fresh one-time id, so that it can be sent again.
        fresh = cast(QueryDict, form.data).copy()
        fresh["submission_id"] = str(uuid.uuid4())
        form.data = fresh
    status = 400 if request.method == "POST" else 200
    # A kept copy of the empty form is served with a new one-time id each time.
    return one_time_ids(render(request, "checkins/new.html", {"form": form}, status=status), once)


@login_required
@require_GET
def detail(request: AuthedRequest, checkin_id: str) -> HttpResponse:
    def opening() -> CheckIn:
        return get_client_object(request.user, CheckIn, checkin_id, category="checkins")

    def draw(checkin: CheckIn) -> HttpResponse:
        words = system_of()
        is_owner = checkin.client_id == request.user.id
        suggestion = None
        just_saved = is_owner and request.get_signed_cookie(
            JUST_SAVED, default=None, salt=JUST_SAVED, max_age=JUST_SAVED_FOR
        ) == str(checkin.id)
        if just_saved:
            found = next_step(checkin.threat, checkin.soothing)
            if found and found.practice in PRACTICES:
                suggestion = {"reason": found.reason, "practice": PRACTICES[found.practice]}
        context = {
            "checkin": checkin,
            "parts": circle_parts(Circles.of(checkin)) if checkin.is_rated else None,
            "emotions": [(w, words.get(w, "")) for w in checkin.emotions],
            "is_owner": is_owner,
            "suggestion": suggestion,
            **({} if is_owner else naming_for(request.user, checkin.client_id)),
        }
        response = render(request, "checkins/detail.html", context)
        if just_saved:
            # Offered once: a page that ends the cookie is not kept, so the next reading
            # is drawn without the offer.
            response.delete_cookie(JUST_SAVED, path=request.path, samesite="Lax")
        return response

    return keep(request, "checkins.detail", opening, draw)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, checkin_id: str) -> HttpResponse:
    checkin = get_own_object(request.user, CheckIn, checkin_id)
    initial = {f: getattr(checkin, f) for f in actions.FIELDS}
    form = CheckInForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        before = {f: getattr(checkin, f) for f in WORDS}
        actions.update_checkin(checkin=checkin, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Your check-in is updated."))
        then = reverse("checkins:detail", args=[checkin.id])
        # Only words this edit changed: the rest were read when they were saved, and
        # asking (and telling a clinician) again about the same words would nag.
        changed = [getattr(checkin, f) for f in WORDS if getattr(checkin, f) != before[f]]
        safety_step = screen(
            client=request.user,
            texts=changed,
            source="checkins.checkin",
            then=then,
            source_id=checkin.id,
        )
        return redirect(safety_step or then)
    status = 400 if request.method == "POST" else 200
    return render(request, "checkins/edit.html", {"form": form, "checkin": checkin}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, checkin_id: str) -> HttpResponse:
    checkin = get_own_object(request.user, CheckIn, checkin_id)
    if request.method == "POST":
        actions.delete_checkin(checkin=checkin, by=request.user)
        messages.success(request, _("That check-in is deleted."))
        return redirect("checkins:history")
    return render(request, "checkins/delete.html", {"checkin": checkin})


@login_required
@require_GET
@person_page
def history(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    # Only the columns a row shows: whole rows would also decrypt every note.
    checkins = (
        CheckIn.objects.filter(client=request.user)
        .order_by("-at")
        .values_list("id", "at", "threat", "drive", "soothing")
    )
    page = Paginator(checkins, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "checkins/history.html", {"page": page, "rows": history_rows(page.object_list)}
    )


# The weeks a person can page through: wide enough for any life, narrow enough that the
# days around a week (and their times in any timezone) stay within what dates can hold.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def _parse_day(raw: str | None, default: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


@login_required
@require_GET
def week(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    today = timezone.localdate()
    day = _parse_day(request.GET.get("start"), today)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return bad_request_page(request)
    start = week_start(day)
    end = start + timedelta(days=7)
    lo, hi = _around(start, end)
    nearby = list(CheckIn.objects.filter(client=request.user, at__gte=lo, at__lt=hi))
    items = in_week(nearby, start)
    average = Circles.average(items)
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        todays = [i for i in items if i.local_date == day]
        days.append((day, len(todays)))
    context = {
        "start": start,
        "end": end - timedelta(days=1),
        "count": len(items),
        "rated": sum(1 for i in items if not Circles.of(i).is_empty),
        "average": average,
        "parts": circle_parts(average) if average else None,
        "days": days,
        "previous": start - timedelta(days=7),
        "next": start + timedelta(days=7) if end <= today else None,
    }
    return render(request, "checkins/week.html", context)


@login_required
@require_GET
@person_page
def trend_page(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    context = trend_context(request.user, request.GET.get("weeks"))
    return render(request, "checkins/trend.html", context)


def trend_context(client: Any, asked: str | None) -> dict[str, Any]:
    """The weekly means of `client`'s check-ins over the weeks asked for (12, 26 or 52),
    as a chart and a table: for their own Over time page, and for a clinician they share
    their check-ins with."""
    try:
        weeks = int(asked or 12)
    except ValueError:
        weeks = 12
    if weeks not in TREND_WEEKS:
        weeks = 12
    today = timezone.localdate()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    lo, hi = _around(first, today + timedelta(days=1))
    # Five columns, not whole rows, and each timezone converted once: a year holds about
    # 1,100 check-ins, and full rows with per-access conversion were most of this page's time.
    items = rated_points(
        CheckIn.objects.filter(client=client, at__gte=lo, at__lt=hi).values_list(
            "at", "timezone", "threat", "drive", "soothing"
        )
    )
    points = weekly_trend(items, today, weeks)
    chart = trend(points, label_every={12: 4, 26: 8, 52: 17}[weeks])
    return {
        "weeks": weeks,
        "choices": TREND_WEEKS,
        "rows": joined(trend_rows(points)),
        "chart": chart,
        "lines": [
            {"system": line.system, "segments": line.segments, "markup": trend_markers(line)}
            for line in chart.lines
        ],
        "has_data": any(p.count for p in points),
        "observations": observations(items, today),
    }
