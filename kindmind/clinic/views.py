from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import get_client_object, get_own_object, shares_with
from kindmind.accounts.models import Departure, Share, User
from kindmind.clinic import caseload
from kindmind.clinic.forms import LabelForm
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import keep
from kindmind.safety.actions import acknowledge_alert as acknowledge
from kindmind.safety.models import SafetyAlert


def _clinicians_only(request: AuthedRequest) -> None:
    if not request.user.is_clinician:
        raise Http404


@login_required
@require_GET
def clients(request: AuthedRequest) -> HttpResponse:
    """The caseload: everyone who shares with this clinician, what needs attention first
    (kindmind.clinic.caseload)."""
    _clinicians_only(request)

    def opening() -> list[caseload.ReadShare]:
        # Every reading is recorded, whether the page is drawn or kept.
        shares = caseload.shares_to_audit(request.user)
        caseload.audit_reading(request.user, shares)
        return shares

    def draw(shares: list[caseload.ReadShare]) -> HttpResponse:
        rows = caseload.caseload(request.user, shares=shares)
        departures = list(
            Departure.objects.filter(clinician=request.user)
            .annotate(kept=Count("kept_notes"))
            .order_by("-left_at")
        )
        return render(
            request,
            "clinic/clients.html",
            {
                **caseload.as_context(rows),
                # Clients who deleted their account while sharing: said, not silently
                # gone; with how many of the clinician's own session notes were kept.
                "departures": departures,
                "any_kept": any(departure.kept for departure in departures),
            },
        )

    return keep(request, "clinic.clients", opening, draw)


@login_required
@require_http_methods(["GET", "POST"])
def client_label(request: AuthedRequest, client_id: str) -> HttpResponse:
    """The clinician's own label for one person who shares with them."""
    _clinicians_only(request)
    client = get_client_object(
        request.user, User.objects.filter(role=User.Role.CLIENT), client_id, category=None
    )
    share = Share.objects.select_related("client").get(
        client=client, clinician=request.user, revoked_at__isnull=True
    )
    label = caseload.labels_for(request.user, [share])[client.id]
    name, shows_name = caseload.display_name(share, label)
    context = {"client": client, "name": name, "shows_name": shows_name, "number": label.number}
    if request.method == "POST":
        form = LabelForm(request.POST)
        if "label" not in request.POST:
            # A form that lost its only box: clearing the label is an empty box, sent.
            form.add_error(None, _("The label box did not arrive. Please try once more."))
        elif form.is_valid():
            label.label = form.cleaned_data["label"]
            label.updated_at = timezone.now()
            label.save(update_fields=["label", "updated_at"])
            if label.label:
                messages.success(request, _("Saved. Only you see this label."))
            else:
                messages.success(request, _("Done. This person is shown by their number again."))
            return redirect("clinic:clients")
        return render(request, "clinic/label.html", {**context, "form": form}, status=400)
    form = LabelForm(initial={"label": label.label})
    return render(request, "clinic/label.html", {**context, "form": form})


@login_required
@require_POST
def acknowledge_alert(request: AuthedRequest, alert_id: str) -> HttpResponse:
    """The clinician has read a safety alert. Their own alert only, while the person still
    shares safety with them; a second press changes nothing."""
    _clinicians_only(request)
    try:
        pk = uuid.UUID(alert_id)
    except ValueError:
        raise Http404 from None
    alert = (
        SafetyAlert.objects.filter(pk=pk, clinician=request.user).select_related("event").first()
    )
    if alert is None or not shares_with(
        client_id=alert.event.client_id, clinician=request.user, category="safety"
    ):
        raise Http404
    if acknowledge(alert=alert, by=request.user):
        messages.success(
            request,
            _("Thank you. The alert is acknowledged; it stays listed on their Safety page."),
        )
    else:
        when = timezone.localtime(alert.acknowledged_at) if alert.acknowledged_at else None
        messages.info(
            request,
            _("That alert was already acknowledged (%(when)s). Nothing else changed.")
            % {"when": formats.date_format(when, "j F Y, H:i") if when else ""},
        )
    if request.POST.get("back") == "today":
        return redirect("front:today")
    return redirect("clinic:clients")


@login_required
@require_POST
def dismiss_departure(request: AuthedRequest, departure_id: str) -> HttpResponse:
    """The clinician has read that someone left. Where their own session notes about that
    person were kept, dismissing would delete them too: a page first says so, and only
    the confirming press (`delete_kept_notes`) deletes them."""
    departure = get_own_object(request.user, Departure, departure_id)
    kept = departure.kept_notes.count()
    if kept and request.POST.get("delete_kept_notes") != "yes":
        return render(
            request, "clinic/dismiss_departure.html", {"departure": departure, "kept": kept}
        )
    departure.delete()
    if kept:
        messages.success(request, _("Done. That entry and your notes kept with it are deleted."))
    else:
        messages.success(request, _("Done. That note is no longer shown."))
    return redirect("clinic:clients")
