from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kindmind.checkins.charts import circle_parts
from kindmind.checkins.circles import Circles
from kindmind.checkins.models import CheckIn
from kindmind.clinic.caseload import WaitingAlert, urgent_alerts_waiting
from kindmind.course.progress import Place, place_of
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import person_page
from kindmind.measures.models import due_schedules
from kindmind.reminders.actions import notes_for
from kindmind.reminders.delivery import last_beat


def part_of_day(hour: int) -> str:
    """Which greeting fits the reader's local hour."""
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 18:
        return "afternoon"
    if 18 <= hour < 23:
        return "evening"
    # Late at night a plain hello: no comment on the hour.
    return "night"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("front:today")
    return render(request, "front/welcome.html")


@login_required
@require_GET
@person_page
def today(request: AuthedRequest) -> HttpResponse:
    now = timezone.localtime()
    last = None
    due_measures = []
    reminder_notes: list[tuple[str, Any, str]] = []
    urgent_alerts: list[WaitingAlert] = []
    course_place: Place | None = None
    if request.user.is_clinician:
        # Urgent safety alerts the clinician has not acknowledged yet (kindmind.clinic).
        urgent_alerts = urgent_alerts_waiting(request.user)
    if request.user.is_client:
        # The last circles the person drew: a check-in in words only has none to show.
        last = (
            CheckIn.objects.filter(client=request.user)
            .exclude(threat=None, drive=None, soothing=None)
            .order_by("-at")
            # Only what the circles and their caption show: the note stays unread (and
            # undecrypted).
            .only("at", "timezone", "threat", "drive", "soothing")
            .first()
        )
        due_measures = due_schedules(request.user, now.date())
        reminder_notes = notes_for(request.user)
        # Where the person is in the course: for the course card and the practice
        # suggestions both, read once.
        course_place = place_of(request.user, now)
    context = {
        "now": now,
        "part_of_day": part_of_day(now.hour),
        "last_checkin": last,
        "last_parts": circle_parts(Circles.of(last)) if last else None,
        "due_measures": due_measures,
        "reminder_notes": reminder_notes,
        "urgent_alerts": urgent_alerts,
        "course_place": course_place,
    }
    return render(request, "front/today.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not. For load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "reminders_loop_last_run": reminders_last_run()}
    )


def reminders_last_run() -> str | None:
    """When a reminders loop last finished a round, for whoever watches the deployment.
    Shown, never judged: a loop that has not run (or not lately) leaves /healthz at 200,
    since the web side works without it (docs/reminders.md)."""
    try:
        when = last_beat()
    except DatabaseError:
        return None
    return when.isoformat() if when else None


def unavailable_page() -> HttpResponse:
    """The 503 page. Rendered without a request: it must not need the database."""
    return HttpResponse(render_to_string("503.html"), status=503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is a 503, anything else a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return unavailable_page()
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token: often a page left open a long time."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)
