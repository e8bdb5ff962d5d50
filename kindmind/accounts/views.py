from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db.models import Sum
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts import actions, archive, backends, confirm, deletion
from kindmind.accounts.access import get_own_object
from kindmind.accounts.forms import (
    ArchiveForm,
    CategoriesForm,
    DeleteAccountForm,
    InvitationCodeForm,
    ProfileForm,
    ShareForm,
    SignUpForm,
    SignupLinkAgainForm,
)
from kindmind.accounts.invitation_views import AFTER_SIGNUP_KEY
from kindmind.accounts.models import Share, User
from kindmind.lib import ratelimit
from kindmind.lib.http import AuthedRequest


def paused(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Too many tries in a short time (kindmind.lib.ratelimit): the same form again, with
    everything typed still in it, a kind word at the top, and 429."""
    form = context["form"]
    minutes = settings.RATE_LIMIT_WINDOW_MINUTES
    form.add_error(
        None,
        ngettext(
            "There have been a lot of tries here in a short time, so to keep accounts safe "
            "this is paused for a little while. Please try again in about %(minutes)d "
            "minute.",
            "There have been a lot of tries here in a short time, so to keep accounts safe "
            "this is paused for a little while. Please try again in about %(minutes)d "
            "minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return render(request, template, {**context, "paused": True}, status=429)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """An address that already has an account gets no error saying so (that would tell
    anyone who has an account here): the owner is emailed instead, and the page says to
    check email. A new address is signed straight in where no mail server is set up;
    where one is (settings.SIGNUP_CONFIRMS_BY_EMAIL), its account waits, closed, for the
    link emailed to it, and the page is the very same "Check your email"."""
    after = _after_signup(request)
    if request.user.is_authenticated:
        return redirect(after or "front:today")
    # Someone on their way to accept an invitation is not signing up as a clinician.
    form = SignUpForm(request.POST or None, offer_clinician=not after)
    context = {"form": form, "next": after}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not ratelimit.allow(request, "signup", email):
            return paused(request, "accounts/signup.html", context)
        if after:
            # Kept in the session, so that the emailed sign-up link brings them back.
            request.session[AFTER_SIGNUP_KEY] = after
        confirming = bool(settings.SIGNUP_CONFIRMS_BY_EMAIL)
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                user = actions.create_account(
                    email=email,
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                    timezone_name=form.cleaned_data["timezone"],
                    country=form.cleaned_data["country"],
                    awaiting_confirmation=confirming,
                    role=form.role,
                )
            except IntegrityError:  # the same address, a moment earlier (a double submit)
                existing = User.objects.filter(email__iexact=email).first()
            else:
                if confirming:
                    confirm.send_link(user)
                    return redirect("accounts:signup_sent")
                login(request, user, backend=backends.PATH)
                return redirect(request.session.pop(AFTER_SIGNUP_KEY, None) or "front:today")
        if existing is not None and existing.awaiting_confirmation:
            # Signed up before and never confirmed: these newer answers replace the old
            # ones (so someone who typed this address first cannot keep its owner out),
            # and a new link goes out; the old one stops working with the old password.
            actions.renew_pending_account(
                user=existing,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                timezone_name=form.cleaned_data["timezone"],
                country=form.cleaned_data["country"],
                role=form.role,
            )
            confirm.send_link(existing)
        elif existing is not None:
            tell_owner_of_signup_attempt(existing)
        return redirect("accounts:signup_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", context, status=status)


def _after_signup(request: HttpRequest) -> str:
    """Where to go once signed up: an address on this site given as `next` (an
    invitation's page sends people here with one), else nowhere in particular."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else ""


def tell_owner_of_signup_attempt(owner: User) -> None:
    """Someone tried to make an account with an address that has one: tell its owner, who
    may simply have forgotten, how to get back in. A mail server that is down must not
    turn the page into an error (that would tell the visitor the address is in use)."""
    send_mail(
        subject=_("kindmind: someone tried to create an account with your address"),
        message=render_to_string(
            "accounts/email/signup_existing.txt", {"site_root": settings.SITE_ROOT}
        ),
        from_email=None,
        recipient_list=[owner.email],
        fail_silently=True,
    )


@require_GET
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The emailed sign-up link: opens the account, signs its owner in and welcomes them
    on Today. A link that is old, used or mistyped gets a kind page that can send a new
    one. The link's path is hidden in the access log (kindmind.lib.accesslog)."""
    try:
        user_id = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.filter(pk=user_id, awaiting_confirmation=True).first()
    except (ValueError, TypeError, OverflowError, ValidationError):
        user = None
    if user is None or not confirm.signup_tokens.check_token(user, token):
        if request.user.is_authenticated:  # opened a second time, already in
            return redirect("front:today")
        return render(
            request,
            "accounts/signup_link_old.html",
            {"form": SignupLinkAgainForm(), "hours": settings.SIGNUP_CONFIRM_TIMEOUT // 3600},
            status=400,
        )
    actions.confirm_account(user=user)
    login(request, user, backend=backends.PATH)
    after = request.session.pop(AFTER_SIGNUP_KEY, None)
    if after:  # on their way to accept an invitation when they signed up
        return redirect(after)
    name = user.display_name
    messages.success(
        request,
        _("Welcome to kindmind, %(name)s. Your account is ready, and this is your space.")
        % {"name": name}
        if name
        else _("Welcome to kindmind. Your account is ready, and this is your space."),
    )
    return redirect("front:today")


@require_http_methods(["GET", "POST"])
def signup_link_again(request: HttpRequest) -> HttpResponse:
    """Send a new sign-up link. The same "Check your email" answer for every address,
    whether it waits for a link, has an open account or has none: only an account that is
    still waiting is sent one."""
    form = SignupLinkAgainForm(request.POST or None, initial={"email": request.GET.get("email")})
    context = {"form": form, "hours": settings.SIGNUP_CONFIRM_TIMEOUT // 3600}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not ratelimit.allow(request, "signup_link_again", email):
            return paused(request, "accounts/signup_link_old.html", context)
        waiting = User.objects.filter(email__iexact=email, awaiting_confirmation=True).first()
        if waiting is not None:
            confirm.send_link(waiting)
        return redirect("accounts:signup_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup_link_old.html", context, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


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
    context = {"form": form, "can_import": user.is_client and not archive.holds_anything(user)}
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def export_everything(request: AuthedRequest) -> HttpResponse:
    """Everything the person has written, as one ZIP (kindmind.accounts.archive). A POST,
    so that no link or prefetch can start a download of someone's words; never cached;
    audited without content. Only ever the signed-in person's own things."""
    user = request.user
    if request.method == "GET" or not user.is_client:
        return redirect(f"{reverse('accounts:settings')}#everything")
    now = timezone.now()
    response = HttpResponse(archive.build(user, now=now), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.filename(user, now)}"'
    response["Cache-Control"] = "no-store, private"
    archive.audit_export(user)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_everything(request: AuthedRequest) -> HttpResponse:
    """Bring an archive from another kindmind into this account, while it holds nothing
    written yet. All or nothing: a refusal says why kindly and changes nothing."""
    user = request.user
    if not user.is_client:
        return redirect("accounts:settings")
    posted = request.method == "POST"
    form = ArchiveForm(request.POST, request.FILES) if posted else ArchiveForm()
    refused = ""
    if posted:
        if archive.holds_anything(user):
            refused = archive.not_empty().message
        elif form.is_valid():
            upload = form.cleaned_data["archive"]
            try:
                if upload.size > archive.MAX_UPLOAD_BYTES:
                    raise archive.Refused(
                        _(
                            "This file is larger than kindmind can take in at once (%(mb)d "
                            "MB), so it hasn't been opened. Nothing has changed here."
                        )
                        % {"mb": archive.MAX_UPLOAD_BYTES // (1024 * 1024)}
                    )
                archive.import_archive(user=user, upload=upload)
            except archive.Refused as refusal:
                refused = refusal.message
            else:
                messages.success(
                    request,
                    _(
                        "Your archive has come in. Everything you wrote is here now, with "
                        "the days you wrote it."
                    ),
                )
                return redirect("front:today")
    context = {
        "form": form,
        "refused": refused,
        "holds_anything": archive.holds_anything(user),
        "max_mb": archive.MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "accounts/import.html", context, status=400 if posted else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthedRequest) -> HttpResponse:
    """Delete my account: what goes and what stays, said plainly, then the password once
    more. Everything of theirs is deleted for real (kindmind.accounts.deletion) and they
    are signed out, to the welcome page, which says it is done."""
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    context = {
        "form": form,
        "export_url": _export_url(),
        "shares": Share.objects.filter(client=user, revoked_at__isnull=True).count(),
        # Said to anyone who shares or has shared with a clinician, never whether notes
        # exist: that would tell the person about the clinician's private notes.
        "clinicians_keep_notes": deletion.clinician_notes_rule() == "keep"
        and Share.objects.filter(client=user).exists(),
    }
    if request.method == "POST":
        if not ratelimit.allow(request, "delete_account", str(user.id)):
            form = DeleteAccountForm(user, request.POST, check=False)
            return paused(request, "accounts/delete.html", {**context, "form": form})
        if form.is_valid():
            deletion.delete_account(user.id)
            logout(request)
            return redirect(f"{reverse('front:home')}?account-deleted")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", context, status=status)


def _export_url() -> str | None:
    """The page that gives a person a copy of everything, where it exists."""
    try:
        return reverse("accounts:export")
    except NoReverseMatch:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.is_client:
        return redirect("clinic:clients")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "sharing", str(user.id)):
            return paused(request, "accounts/sharing.html", _sharing_context(user, form))
        # The same answer whether or not the address is a clinician's account, so that
        # this form cannot be used to find out who has one. A share is made only with a
        # real, active clinician; the list above shows only real shares.
        clinician = User.objects.filter(
            email__iexact=form.cleaned_data["clinician_email"],
            role=User.Role.CLINICIAN,
            is_active=True,
        ).first()
        if clinician is not None:
            actions.share_with_clinician(
                client=user,
                clinician=clinician,
                categories=form.cleaned_data["categories"],
                by=user,
            )
        messages.success(
            request,
            _(
                "Thank you. If that address belongs to a clinician's kindmind account, they "
                "can now see what you chose, and they are listed under \u201cWho you share "
                "with\u201d. If they are not there, it may be worth checking the address "
                "with them. You can change or stop sharing here at any time."
            ),
        )
        return redirect("accounts:sharing")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sharing.html", _sharing_context(user, form), status=status)


LOOKS_ON_SHARING_PAGE = 10


def _sharing_context(
    user: User,
    form: ShareForm,
    *,
    code_form: InvitationCodeForm | None = None,
    change_forms: dict[Any, CategoriesForm] | None = None,
) -> dict[str, Any]:
    from kindmind.accounts.invitation_views import looks, shared_words

    shares = (
        Share.objects.filter(client=user, revoked_at__isnull=True)
        .select_related("clinician")
        .order_by("created_at")
    )
    change_forms = change_forms or {}
    listed = []
    for share in shares:
        covered, left_out = shared_words(share.categories)
        change = change_forms.get(share.id) or CategoriesForm(
            prefix=str(share.id), initial={"categories": share.categories}
        )
        listed.append(
            {
                "share": share,
                "name": share.clinician.display_name or share.clinician.email,
                "covered": covered,
                "left_out": left_out,
                "change_form": change,
                "open": share.id in change_forms,
            }
        )
    return {
        "form": form,
        "code_form": code_form or InvitationCodeForm(),
        "shares": listed,
        **looks(user, limit=LOOKS_ON_SHARING_PAGE),
    }


def sharing_page(
    request: AuthedRequest,
    *,
    code_form: InvitationCodeForm | None = None,
    change_forms: dict[Any, CategoriesForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The Sharing page as it stands, with a form from another view that needs another
    look (a mistyped code, a change with nothing ticked)."""
    context = _sharing_context(
        request.user, ShareForm(), code_form=code_form, change_forms=change_forms
    )
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


def network_signin_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this network address within the cool-off, whatever addresses
    were tried: django-axes keeps one row per address and network address, and counts each
    pair against AXES_FAILURE_LIMIT; their sum here catches a few passwords tried on many
    addresses (password spraying)."""
    total = AccessAttempt.objects.filter(
        ip_address=ratelimit.network_address(request),
        attempt_time__gte=timezone.now() - get_cool_off(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class LoginView(_BadRequestWhenInvalid, auth_views.LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if network_signin_failures(request) >= settings.SIGNIN_NETWORK_FAILURE_LIMIT:
            # The same kind pause page as django-axes shows for one address.
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(_BadRequestWhenInvalid, auth_views.PasswordChangeView):
    pass


class PasswordResetView(_BadRequestWhenInvalid, auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # Counted whether or not the address has an account, so a pause tells nothing.
        if not ratelimit.allow(self.request, "password_reset", form.cleaned_data["email"]):
            return paused(self.request, str(self.template_name), self.get_context_data(form=form))
        return super().form_valid(form)


class PasswordResetConfirmView(_BadRequestWhenInvalid, auth_views.PasswordResetConfirmView):
    pass
