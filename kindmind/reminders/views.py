from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kindmind.accounts.access import get_client_object, get_own_object
from kindmind.accounts.models import Share, User
from kindmind.clinic.naming import client_display_name
from kindmind.lib.http import AuthedRequest
from kindmind.reminders import actions, push
from kindmind.reminders.delivery import email_available
from kindmind.reminders.forms import DAYS, KIND_LABELS, PauseForm, QuietHoursForm, ReminderForm
from kindmind.reminders.models import PushSubscription, Reminder

DAY_NAMES = dict(DAYS)


def _client_only(request: AuthedRequest) -> None:
    if not request.user.is_client:
        raise Http404


def describe(reminder: Reminder) -> dict[str, Any]:
    """A reminder in words for its list: what, when, which days, how."""
    days = reminder.days
    if len(days) == 7:
        when = _("Every day")
    elif sorted(days) == [0, 1, 2, 3, 4]:
        when = _("Weekdays")
    elif sorted(days) == [5, 6]:
        when = _("Weekends")
    else:
        when = ", ".join(str(DAY_NAMES[str(d)]) for d in sorted(days))
    how = []
    if reminder.by_push:
        how.append(_("notification"))
    if reminder.by_email:
        how.append(_("email"))
    return {
        "reminder": reminder,
        "what": KIND_LABELS.get(reminder.kind, reminder.kind),
        "when": when,
        "how": " + ".join(how),
    }


def _form(request: AuthedRequest, **kwargs: Any) -> ReminderForm:
    prefs = actions.settings_for(request.user)
    return ReminderForm(
        request.POST if request.method == "POST" else None,
        quiet=(prefs.quiet_from, prefs.quiet_until),
        email_available=email_available(),
        **kwargs,
    )


@login_required
@require_http_methods(["GET"])
def index(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    return _index(request, QuietHoursForm(initial=_quiet_initial(request.user)))


def _quiet_initial(user: User) -> dict[str, Any]:
    prefs = actions.settings_for(user)
    return {"quiet_from": prefs.quiet_from, "quiet_until": prefs.quiet_until}


def _index(request: AuthedRequest, quiet_form: QuietHoursForm, status: int = 200) -> HttpResponse:
    user = request.user
    prefs = actions.settings_for(user)
    reminders = Reminder.objects.filter(client=user).select_related("suggested_by")
    return render(
        request,
        "reminders/index.html",
        {
            "active": [describe(r) for r in reminders if r.status == Reminder.Status.ACTIVE],
            "suggested": [describe(r) for r in reminders if r.status == Reminder.Status.SUGGESTED],
            "prefs": prefs,
            "paused": prefs.is_paused(timezone.now()),
            "quiet_form": quiet_form,
            "notes": actions.notes_for(user),
            "vapid_public_key": push.public_key(),
            "has_devices": PushSubscription.objects.filter(client=user).exists(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    form = _form(request, initial={"days": [str(d) for d in range(7)], "by_push": True})
    if request.method == "POST" and form.is_valid():
        actions.create_reminder(client=request.user, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Your reminder is set."))
        return redirect("reminders:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "reminders/form.html", {"form": form, "editing": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, reminder_id: str) -> HttpResponse:
    # A suggestion may be changed before it is accepted; it stays a suggestion.
    reminder = get_own_object(request.user, Reminder, reminder_id)
    form = _form(
        request,
        initial={
            "kind": reminder.kind,
            "at": reminder.at,
            "days": [str(d) for d in reminder.days],
            "by_push": reminder.by_push,
            "by_email": reminder.by_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.update_reminder(reminder=reminder, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Saved. Thank you."))
        return redirect("reminders:index")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reminders/form.html", {"form": form, "editing": reminder}, status=status
    )


@login_required
@require_POST
def delete(request: AuthedRequest, reminder_id: str) -> HttpResponse:
    reminder = get_own_object(request.user, Reminder, reminder_id)
    suggested = reminder.status == Reminder.Status.SUGGESTED
    actions.delete_reminder(reminder=reminder, by=request.user)
    messages.success(
        request,
        _("Thank you. That suggestion is set aside.") if suggested else _("That reminder is gone."),
    )
    return redirect("reminders:index")


@login_required
@require_POST
def accept(request: AuthedRequest, reminder_id: str) -> HttpResponse:
    reminder = get_own_object(
        request.user, Reminder.objects.filter(status=Reminder.Status.SUGGESTED), reminder_id
    )
    actions.accept_reminder(reminder=reminder, by=request.user)
    messages.success(request, _("Your reminder is set. You can change it whenever you like."))
    return redirect("reminders:index")


@login_required
@require_POST
def pause(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how long to pause for."))
        return _index(request, QuietHoursForm(initial=_quiet_initial(request.user)), status=400)
    actions.pause(client=request.user, how=form.cleaned_data["pause"])
    messages.success(
        request,
        _("Reminders are resting for a week. They start again by themselves.")
        if form.cleaned_data["pause"] == "week"
        else _("Reminders are resting until you turn them back on."),
    )
    return redirect("reminders:index")


@login_required
@require_POST
def resume(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    actions.resume(client=request.user)
    messages.success(request, _("Reminders are back on."))
    return redirect("reminders:index")


@login_required
@require_POST
def quiet(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    form = QuietHoursForm(request.POST)
    if not form.is_valid():
        return _index(request, form, status=400)
    actions.set_quiet_hours(
        client=request.user,
        quiet_from=form.cleaned_data["quiet_from"],
        quiet_until=form.cleaned_data["quiet_until"],
    )
    messages.success(request, _("Saved. Thank you."))
    return redirect("reminders:index")


def _json_body(request: AuthedRequest) -> dict[str, Any] | None:
    if len(request.body) > 8192:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str) or not value or len(value) > limit or "\x00" in value:
        return None
    return value


@login_required
@require_POST
def push_subscribe(request: AuthedRequest) -> HttpResponse:
    """The page's script sends the browser's PushSubscription here as JSON."""
    _client_only(request)
    data = _json_body(request) or {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint = _text(data.get("endpoint"), 2000)
    p256dh = _text(keys.get("p256dh"), 200) if keys else None
    auth = _text(keys.get("auth"), 100) if keys else None
    if not endpoint or not p256dh or not auth or not push.acceptable_endpoint(endpoint):
        return JsonResponse(
            {"ok": False, "message": _("This browser's notification details didn't arrive whole.")},
            status=400,
        )
    PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"client": request.user, "p256dh": p256dh, "auth": auth}
    )
    return JsonResponse({"ok": True})


@login_required
@require_POST
def push_unsubscribe(request: AuthedRequest) -> HttpResponse:
    _client_only(request)
    endpoint = _text((_json_body(request) or {}).get("endpoint"), 2000)
    if not endpoint:
        return JsonResponse({"ok": False}, status=400)
    PushSubscription.objects.filter(client=request.user, endpoint=endpoint).delete()
    return JsonResponse({"ok": True})


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: AuthedRequest, client_id: str) -> HttpResponse:
    """A clinician suggests a reminder to a client who shares with them. The client sees
    it on their reminders page; it never starts before they accept it."""
    if not request.user.is_clinician:
        raise Http404
    client = get_client_object(
        request.user, User.objects.filter(role=User.Role.CLIENT), client_id, category=None
    )
    form = ReminderForm(
        request.POST if request.method == "POST" else None,
        initial={"days": [str(d) for d in range(7)], "by_push": True},
        email_available=email_available(),
        for_clinician=True,
    )
    if request.method == "POST" and form.is_valid():
        actions.suggest_reminder(client=client, data=form.cleaned_data, by=request.user)
        messages.success(
            request,
            _(
                "Thank you. They will see your suggestion and can accept it, change it or "
                "set it aside."
            ),
        )
        return redirect("clinic:client_detail", client_id=client.id)
    status = 400 if request.method == "POST" else 200
    share = Share.objects.filter(
        client=client, clinician=request.user, revoked_at__isnull=True
    ).first()
    # Their name only while they share it; otherwise the clinician's label for them.
    name = client_display_name(request.user, client, share)
    return render(
        request,
        "reminders/suggest.html",
        {"form": form, "client": client, "name": name},
        status=status,
    )
