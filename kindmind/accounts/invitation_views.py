"""The person's side of a clinician's invitation, and of changing what one clinician sees.

An invitation's page is open to anyone holding its code (the code is the secret, and
every lookup is counted by kindmind.lib.ratelimit, so guessing gets nowhere): signed out,
it says who invites them and offers to sign in or create an account, then brings them
back; signed in, it asks what to share, category by category, in plain words. A code that
is unknown, used, lapsed or withdrawn gets a kind page that says which, and what to do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts import actions, invitations
from kindmind.accounts.access import CATEGORIES, CATEGORY_CHOICES, get_own_object
from kindmind.accounts.forms import CategoriesForm, InvitationCodeForm
from kindmind.accounts.models import AuditEvent, Invitation, Share, User
from kindmind.lib import ratelimit
from kindmind.lib.http import AuthedRequest

# Where sign-up sends a person once their account is open, when they came from an
# invitation (kept in their session, so an emailed sign-up link brings them back too).
AFTER_SIGNUP_KEY = "after_signup"


def _problem(request: HttpRequest, reason: str, clinician: User | None = None) -> HttpResponse:
    status = {"unknown": 404, "paused": 429, "clinician": 400}.get(reason, 410)
    context = {
        "reason": reason,
        "name": (clinician.display_name or clinician.email) if clinician else "",
        "days": settings.INVITATION_DAYS,
        "minutes": settings.RATE_LIMIT_WINDOW_MINUTES,
        "code_form": InvitationCodeForm(),
    }
    return render(request, "accounts/invitation_problem.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    user = request.user
    about = str(user.pk) if user.is_authenticated else ratelimit.network_address(request)
    if not ratelimit.allow(request, "invitation_code", about):
        return _problem(request, "paused")
    found = invitations.find(token)
    if found is None:
        return _problem(request, "unknown")
    clinician = found.clinician
    state = found.state()
    if state == Invitation.State.USED and user.is_authenticated and found.used_by_id == user.pk:
        messages.info(
            request,
            _("You have already accepted this invitation. Here is what you share, with whom."),
        )
        return redirect("accounts:sharing")
    if state != Invitation.State.PENDING:
        return _problem(request, state, clinician)
    if not user.is_authenticated:
        request.session[AFTER_SIGNUP_KEY] = request.path
        query = urlencode({"next": request.path})
        return render(
            request,
            "accounts/invitation_signed_out.html",
            {
                "name": clinician.display_name or clinician.email,
                "signin_url": f"{reverse('accounts:signin')}?{query}",
                "signup_url": f"{reverse('accounts:signup')}?{query}",
            },
        )
    assert isinstance(user, User)
    if not user.is_client:
        return _problem(request, "clinician", clinician)
    share = invitations.current_share(user, clinician)
    initial = share.categories if share else list(invitations.DEFAULT_CATEGORIES)
    form = CategoriesForm(
        request.POST if request.method == "POST" else None, initial={"categories": initial}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitations.accept(
                invitation=found, person=user, categories=form.cleaned_data["categories"]
            )
        except invitations.NotAccepted as refusal:
            return _problem(request, refusal.reason, clinician)
        request.session.pop(AFTER_SIGNUP_KEY, None)
        messages.success(
            request,
            _(
                "Thank you. %(name)s can now see what you chose, and nothing else. You can "
                "change it or stop at any time, here."
            )
            % {"name": clinician.display_name or clinician.email},
        )
        return redirect("accounts:sharing")
    context = {
        "clinician": clinician,
        "name": clinician.display_name or clinician.email,
        "form": form,
        "share": share,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_accept.html", context, status=status)


@login_required
@require_POST
def invitation_code(request: AuthedRequest) -> HttpResponse:
    """The code typed on the Sharing page: on to its invitation, or the page again with a
    kind word about what a code looks like."""
    if not request.user.is_client:
        return redirect("clinic:clients")
    form = InvitationCodeForm(request.POST)
    if form.is_valid():
        return redirect("accounts:invitation", invitations.shown(form.cleaned_data["code"]))
    from kindmind.accounts.views import sharing_page

    return sharing_page(request, code_form=form, status=400)


@login_required
@require_POST
def change_sharing(request: AuthedRequest, share_id: str) -> HttpResponse:
    """Change what one clinician may see. It applies from their very next request."""
    share = get_own_object(request.user, Share, share_id)
    if share.revoked_at is not None:
        return redirect("accounts:sharing")
    form = CategoriesForm(request.POST, prefix=str(share.id))
    if not form.is_valid():
        from kindmind.accounts.views import sharing_page

        return sharing_page(request, change_forms={share.id: form}, status=400)
    actions.share_with_clinician(
        client=request.user,
        clinician=share.clinician,
        categories=form.cleaned_data["categories"],
        by=request.user,
    )
    who = share.clinician.display_name or share.clinician.email
    messages.success(request, _("Saved. %(name)s now sees only what is ticked.") % {"name": who})
    return redirect("accounts:sharing")


def shared_words(categories: list[str]) -> tuple[list[Any], list[Any]]:
    """What a share covers and what it leaves out, in the sharing form's plain words and in
    the categories' short names."""
    covered = [CATEGORY_CHOICES[c] for c in CATEGORIES if c in categories]
    left_out = [CATEGORIES[c] for c in CATEGORIES if c not in categories]
    return covered, left_out


VIEWS_PER_PAGE = 50


def looks(user: User, limit: int | None = None, page: str | None = None) -> dict[str, Any]:
    """The clinicians' readings of the person's data, newest first: who, what, when."""
    events = AuditEvent.objects.filter(subject_id=user.id, action=AuditEvent.Action.VIEW).order_by(
        "-at", "-id"
    )
    if limit is not None:
        rows = list(events[: limit + 1])
        more, rows = len(rows) > limit, rows[:limit]
        pager = None
    else:
        pager = Paginator(events, VIEWS_PER_PAGE).get_page(page)
        rows, more = list(pager.object_list), False
    viewers = {u.id: u for u in User.objects.filter(id__in={e.actor_id for e in rows})}
    listed = []
    for event in rows:
        viewer = viewers.get(event.actor_id) if event.actor_id else None
        who = (viewer.display_name or viewer.email) if viewer else _("A clinician")
        listed.append(
            {
                "who": who,
                "what": invitations.looked_at(event),
                "when": event.at,
                "times": event.times,
            }
        )
    return {"looks": listed, "more_looks": more, "page": pager}


@login_required
@require_GET
def sharing_looks(request: AuthedRequest) -> HttpResponse:
    """Every time a clinician read something of the person's, a page at a time."""
    if not request.user.is_client:
        return redirect("clinic:clients")
    return render(
        request, "accounts/sharing_looks.html", looks(request.user, page=request.GET.get("page"))
    )
