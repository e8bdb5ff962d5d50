"""The progress report: the person's own questionnaires, practice and three circles over
a period they choose, on one page made to be printed or saved as PDF.

Only the signed-in person's own data is read (never through a share: a clinician who
wants a client's progress has the client's pages, and a clinician has no report of
their own). Unknown choices in the address fall back to the defaults, calmly.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kindmind.checkins.circles import week_start
from kindmind.lib.http import AuthedRequest
from kindmind.report import build, parts
from kindmind.report.build import DEFAULT_PERIOD, PERIOD_LABELS, PERIODS, Period


@login_required
@require_GET
def report(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.is_client:
        raise Http404
    key = request.GET.get("period", DEFAULT_PERIOD)
    if key not in PERIODS:
        key = DEFAULT_PERIOD
    chosen = parts.chosen(request.GET.getlist("parts"))
    today = timezone.localdate(timezone=user.zone)
    since = build.fixed_first(key, today)

    responses = build.read_responses(user, since) if "measures" in chosen else []
    checkins = build.read_checkins(user, since) if "circles" in chosen else []
    practice = build.read_practice(user, since) if "practice" in chosen else []
    if since is None:
        found = build.earliest(responses, checkins, practice, user)
        since = week_start(min(found or today, today))
    period = Period(key, since, today)

    context: dict[str, object] = {
        "period": period,
        "periods": [(k, PERIOD_LABELS[k]) for k in PERIODS],
        "parts": list(parts.choices().items()),
        "chosen": chosen,
        "name": user.display_name.strip(),
        "today": today,
        "frame": build.MEASURE_FRAME,
    }
    if "measures" in chosen:
        context["measures"] = build.measure_blocks(responses)
    if "practice" in chosen:
        practice_part = build.practice_part(practice, period)
        practice_part["words"] = build.practice_words(practice_part)
        context["practice"] = practice_part
    if "circles" in chosen:
        context["circles"] = build.circles_part(checkins, period)
    # Parts other apps add (kindmind.report.parts): the formulation, when it joins.
    extras = []
    for extra in parts.EXTRA_PARTS:
        if extra.key in chosen:
            extras.append(
                {
                    "key": extra.key,
                    "label": extra.label,
                    "template": extra.template,
                    "context": extra.context(user, period.first, period.last),
                }
            )
    context["extras"] = extras
    return render(request, "report/report.html", context)
