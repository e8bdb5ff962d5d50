from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kindmind.accounts import actions
from kindmind.accounts.access import CATEGORIES, get_own_object
from kindmind.accounts.forms import ProfileForm, ShareForm, SignUpForm
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.lib.http import AuthedRequest


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("front:today")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.create_account(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
            timezone_name=form.cleaned_data["timezone"],
            country=form.cleaned_data["country"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("front:today")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "timezone": user.timezone,
            "country": user.country,
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.update_profile(
            user=user,
            display_name=form.cleaned_data["display_name"],
            timezone_name=form.cleaned_data["timezone"],
            country=form.cleaned_data["country"],
            by=user,
        )
        messages.success(request, _("Saved. Thank you."))
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.is_client:
        return redirect("clinic:clients")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.share_with_clinician(
            client=user,
            clinician=form.cleaned_data["clinician_email"],
            categories=form.cleaned_data["categories"],
            by=user,
        )
        messages.success(
            request, _("Sharing is set up. You can change or stop it here at any time.")
        )
        return redirect("accounts:sharing")
    shares = (
        Share.objects.filter(client=user, revoked_at__isnull=True)
        .select_related("clinician")
        .order_by("created_at")
    )
    recent_views = AuditEvent.objects.filter(
        subject_id=user.id, action=AuditEvent.Action.VIEW
    ).order_by("-at")[:20]
    viewer_ids = {e.actor_id for e in recent_views if e.actor_id}
    viewers = {u.id: u for u in User.objects.filter(id__in=viewer_ids)}
    context = {
        "form": form,
        "shares": [(share, [CATEGORIES.get(c, c) for c in share.categories]) for share in shares],
        "recent_views": [
            (event, viewers.get(event.actor_id) if event.actor_id else None)
            for event in recent_views
        ],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sharing.html", context, status=status)


@login_required
@require_POST
def stop_sharing(request: AuthedRequest, share_id: str) -> HttpResponse:
    share = get_own_object(request.user, Share, share_id)
    actions.revoke_share(share=share, by=request.user)
    messages.success(request, _("Sharing has stopped. They can no longer see your data."))
    return redirect("accounts:sharing")


class _BadRequestWhenInvalid:
    """Django's auth views answer a form with mistakes with 200; we answer 400, like
    every other kindmind form, so that scripts and tests can tell."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(_BadRequestWhenInvalid, auth_views.LoginView):
    pass


class PasswordChangeView(_BadRequestWhenInvalid, auth_views.PasswordChangeView):
    pass


class PasswordResetView(_BadRequestWhenInvalid, auth_views.PasswordResetView):
    pass


class PasswordResetConfirmView(_BadRequestWhenInvalid, auth_views.PasswordResetConfirmView):
    pass
