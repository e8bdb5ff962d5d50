from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kindmind.accounts.access import get_own_object
from kindmind.accounts.models import Departure, Share
from kindmind.lib.http import AuthedRequest
from kindmind.safety.actions import undelivered_alerts


@login_required
@require_GET
def clients(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_clinician:
        raise Http404
    shares = (
        Share.objects.filter(clinician=request.user, revoked_at__isnull=True)
        .select_related("client")
        .order_by("created_at")
    )
    return render(
        request,
        "clinic/clients.html",
        {
            "shares": shares,
            "undelivered": undelivered_alerts(request.user),
            # Clients who deleted their account while sharing: said, not silently gone.
            "departures": Departure.objects.filter(clinician=request.user).order_by("-left_at"),
        },
    )


@login_required
@require_POST
def dismiss_departure(request: AuthedRequest, departure_id: str) -> HttpResponse:
    departure = get_own_object(request.user, Departure, departure_id)
    departure.delete()
    messages.success(request, _("Done. That note is no longer shown."))
    return redirect("clinic:clients")
