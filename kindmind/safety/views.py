from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kindmind.accounts.access import get_client_object
from kindmind.accounts.models import Share, User
from kindmind.clinic.caseload import event_links
from kindmind.clinic.naming import client_display_name
from kindmind.lib.http import AuthedRequest
from kindmind.safety import actions
from kindmind.safety.forms import SECTIONS, SafetyPlanForm
from kindmind.safety.models import PLAN_SECTIONS, SafetyAlert, SafetyEvent, SafetyPlan
from kindmind.safety.resources import ELSEWHERE, Directory, Shown, choose_region, load


@cache
def directory() -> Directory:
    """Read once per worker; a deployer's change takes effect at the next restart."""
    return load(settings.CRISIS_SERVICES_FILE)


def shown_for(request: HttpRequest) -> Shown:
    """Which crisis services this request is shown (resources.choose_region): a country
    picked on the page, the person's own, the deployer's, the browser's, or anywhere."""
    user = request.user
    return choose_region(
        directory(),
        asked=request.GET.get("country"),
        chosen=user.country if isinstance(user, User) else None,
        default=settings.DEFAULT_COUNTRY,
        accept_language=request.headers.get("Accept-Language"),
    )


def _where(request: HttpRequest) -> dict[str, Any]:
    found = directory()
    shown = shown_for(request)
    return {
        "region": shown.region,
        "why": shown.why,
        "others": sorted(
            (r for r in found.countries.values() if r.code != shown.region.code),
            key=lambda r: r.name,
        ),
        "elsewhere": ELSEWHERE,
    }


def quiet_other_messages(request: HttpRequest) -> dict[str, Any]:
    """A safety step replaces every other message: "Thank you for checking in." must not
    sit above a crisis page. Reading the queued messages marks them as shown, so they are
    not carried to the next page either; the page gets none to show. Use the result as
    part of the page's context."""
    for _message in messages.get_messages(request):
        pass
    return {"messages": ()}


# The sections where a person writes down people and services to contact: phone
# numbers there become tap-to-call links (elsewhere a number is likelier something else).
CONTACT_SECTIONS = frozenset({"people_and_places", "people_to_ask", "professionals"})


def _sections(plan: SafetyPlan | None) -> list[tuple[str, str, bool]]:
    """(label, the person's words, whether numbers in them are call links) per section."""
    if plan is None:
        return []
    return [
        (str(label), getattr(plan, name), name in CONTACT_SECTIONS)
        for name, label, _hint in SECTIONS
    ]


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: help must never sit behind a password."""
    plan = None
    if isinstance(request.user, User):
        plan = SafetyPlan.objects.filter(client=request.user).first()
    # Arriving from a questionnaire whose risk question was answered: a gentler first
    # sentence, and this page is the safety step, so it replaces the "saved" message (the
    # page says the answers are saved). Only this fixed word is in the address.
    from_measure = request.GET.get("from") == "measure"
    context = {
        **(quiet_other_messages(request) if from_measure else {}),
        **_where(request),
        "from_measure": from_measure,
        "plan": plan if plan and not plan.is_empty else None,
        "plan_sections": _sections(plan),
    }
    return render(request, "safety/help.html", context)


@login_required
@require_GET
def plan(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_client:
        raise Http404
    own = SafetyPlan.objects.filter(client=request.user).first()
    return render(
        request,
        "safety/plan.html",
        {"plan": own if own and not own.is_empty else None, "plan_sections": _sections(own)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_client:
        raise Http404
    own = SafetyPlan.objects.filter(client=request.user).first()
    initial = {name: getattr(own, name) for name in PLAN_SECTIONS} if own else {}
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_safety_plan(client=request.user, sections=form.cleaned_data, by=request.user)
        messages.success(request, _("Your safety plan is saved. It is here whenever you need it."))
        return redirect("safety:plan")
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/plan_edit.html", {"form": form}, status=status)


def _live_share(clinician: User, client: User) -> Share | None:
    return Share.objects.filter(client=client, clinician=clinician, revoked_at__isnull=True).first()


@login_required
@require_GET
def client_safety(request: AuthedRequest, client_id: str) -> HttpResponse:
    """A clinician's view of a client's safety plan and alerts, when shared."""
    client = get_client_object(
        request.user, User.objects.filter(role=User.Role.CLIENT), client_id, category="safety"
    )
    own = SafetyPlan.objects.filter(client=client).first()
    events = list(SafetyEvent.objects.filter(client=client).order_by("-at")[:50])
    # What became of the email to this clinician about each event, as it really was.
    alerts = {
        alert.event_id: alert
        for alert in SafetyAlert.objects.filter(clinician=request.user, event__in=events)
    }
    actions.mark_alerts_seen(clinician=request.user, client=client)
    share = _live_share(request.user, client)
    # Each event linked to what raised it, where they share that too.
    links = event_links(events, {client.pk: frozenset(share.categories if share else ())})
    return render(
        request,
        "safety/client_safety.html",
        {
            "client": client,
            # Their name only while they share it; otherwise the clinician's label for them.
            "name": client_display_name(request.user, client, share),
            "plan_sections": _sections(own),
            "events": [(event, alerts.get(event.id), *links[event.id]) for event in events],
        },
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() reads anything else without a slash or a dot
    # ("0", "today") as the name of a view, and a name it cannot find is a 500.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def check(request: AuthedRequest) -> HttpResponse:
    """The warm question after something heavy was written: asked directly, kindly."""
    then = _safe_next(request, reverse("front:today"))
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "yes":
            return redirect(f"{reverse('safety:urgent')}?{urlencode({'next': then})}")
        if answer == "unsure":
            return redirect("safety:help")
        if answer == "no":
            messages.info(request, _("Thank you for telling me. What you wrote is saved."))
            return redirect(then)
        return render(
            request,
            "safety/check.html",
            {**quiet_other_messages(request), "next": then, "missing": True},
            status=400,
        )
    return render(request, "safety/check.html", {**quiet_other_messages(request), "next": then})


@login_required
@require_http_methods(["GET", "POST"])
def urgent(request: AuthedRequest) -> HttpResponse:
    """Help first: the person's own plan, crisis services, grounding. Leaving takes a
    deliberate acknowledgement, never one stray tap."""
    then = _safe_next(request, reverse("front:today"))
    if request.method == "POST" and request.POST.get("safe_to_continue") == "yes":
        return redirect(then)
    own = SafetyPlan.objects.filter(client=request.user).first()
    context = {
        **quiet_other_messages(request),
        **_where(request),
        "plan": own if own and not own.is_empty else None,
        "plan_sections": _sections(own),
        "next": then,
        "missing": request.method == "POST",
    }
    return render(
        request, "safety/urgent.html", context, status=400 if request.method == "POST" else 200
    )
