from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindmind.accounts.access import CATEGORIES, get_client_object
from kindmind.accounts.models import Share, User
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
        {"shares": shares, "undelivered": undelivered_alerts(request.user)},
    )


@login_required
@require_GET
def client_detail(request: AuthedRequest, client_id: str) -> HttpResponse:
    client = get_client_object(
        request.user,
        User.objects.filter(role=User.Role.CLIENT),
        client_id,
        category="profile",
    )
    share = Share.objects.filter(
        client=client, clinician=request.user, revoked_at__isnull=True
    ).first()
    categories = [CATEGORIES.get(c, c) for c in share.categories] if share else []
    return render(
        request,
        "clinic/client_detail.html",
        {"client": client, "share": share, "categories": categories},
    )
