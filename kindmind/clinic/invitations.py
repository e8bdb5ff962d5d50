"""A clinician's invitations: made, sent or shown, listed while they wait, withdrawn.

The code itself is stored nowhere but as a hash (kindmind.accounts.invitations): it is
shown to the clinician once, on the page they land on after making it, carried there in
their session and removed from it as the page is drawn.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kindmind.accounts import invitations
from kindmind.accounts.access import get_own_object
from kindmind.accounts.models import Invitation, User
from kindmind.lib import ratelimit
from kindmind.lib.http import AuthedRequest

# The code just made, until the page that shows it once is drawn.
SHOW_ONCE_KEY = "clinic_invitation_shown"


class EmailInvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Their email address"),
        max_length=254,
        help_text=gettext_lazy("They'll get a link, and a code they can type instead."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": gettext_lazy("Please type the address to send the invitation to."),
            "invalid": gettext_lazy(
                "That address doesn't look complete. Please check it, for example name@example.org."
            ),
        },
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()


def email_available() -> bool:
    """Console email only prints: an invitation "sent" there would reach nobody."""
    return settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend"


def _clinician(request: AuthedRequest) -> User:
    if not request.user.is_clinician:
        raise Http404
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def invitations_page(request: AuthedRequest) -> HttpResponse:
    clinician = _clinician(request)
    email_form = EmailInvitationForm(request.POST if "send" in request.POST else None)
    problem = ""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        if not ratelimit.allow(request, "invitation_send", str(clinician.id)):
            status = 429
            problem = _(
                "You've made a lot of invitations in a short time, so this is paused for a "
                "little while to keep accounts safe. Please try again in about %(minutes)d "
                "minutes."
            ) % {"minutes": settings.RATE_LIMIT_WINDOW_MINUTES}
        elif "send" in request.POST:
            if not email_available():
                problem = _("Email isn't set up on this kindmind, so please make a code instead.")
            elif email_form.is_valid():
                made = invitations.create(
                    clinician=clinician, email=email_form.cleaned_data["email"]
                )
                if invitations.send(made):
                    messages.success(
                        request,
                        _(
                            "Sent to %(email)s. You'll see them in your Clients list once "
                            "they accept."
                        )
                        % {"email": made.invitation.email},
                    )
                else:
                    request.session[SHOW_ONCE_KEY] = {"code": made.code, "unsent": True}
                return redirect("clinic:invitations")
        elif "code" in request.POST:
            made = invitations.create(clinician=clinician)
            request.session[SHOW_ONCE_KEY] = {"code": made.code, "unsent": False}
            return redirect("clinic:invitations")
    shown = request.session.pop(SHOW_ONCE_KEY, None) if request.method == "GET" else None
    fresh = None
    if isinstance(shown, dict) and isinstance(shown.get("code"), str):
        code = shown["code"]
        fresh = {
            "code": invitations.shown(code),
            "link": invitations.link_for(code),
            "unsent": bool(shown.get("unsent")),
        }
    return render(
        request,
        "clinic/invitations/list.html",
        {
            "email_form": email_form,
            "email_available": email_available(),
            "problem": problem,
            "fresh": fresh,
            "pending": invitations.pending(clinician),
            "days": settings.INVITATION_DAYS,
        },
        status=status,
    )


@login_required
@require_POST
def revoke(request: AuthedRequest, invitation_id: str) -> HttpResponse:
    """Withdraw one of the clinician's own invitations (anyone else's is a 404)."""
    invitation = get_own_object(request.user, Invitation, invitation_id)
    after = invitations.revoke(invitation=invitation, by=request.user)
    if after.state() == Invitation.State.REVOKED:
        messages.success(request, _("Withdrawn. That invitation no longer works."))
    else:
        messages.info(request, _("That invitation was no longer waiting, so nothing changed."))
    return redirect("clinic:invitations")
