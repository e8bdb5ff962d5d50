"""The one autosave answer every drafted form shares. The pages that use it check who
may write first (the person's own record, or a clinician's shared one) and pass the
writer, whose record it is, and which boxes the form has."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kindmind.accounts.models import User
from kindmind.drafts.actions import Outcome, Typed, keep
from kindmind.drafts.forms import TypedForm
from kindmind.lib.http import AuthedRequest
from kindmind.safety.screening import notice_typing

SIGNED_OUT = gettext_lazy(
    "You've been signed out. Your words are kept on this device: sign in to save them."
)


def signed_out() -> JsonResponse:
    """Always JSON, never a redirect: the page keeps the words on the device and says so."""
    return JsonResponse({"status": "signed_out", "message": str(SIGNED_OUT)}, status=401)


def autosave(
    request: AuthedRequest,
    *,
    client: User,
    place: str,
    allowed: tuple[str, ...],
    source: str | None,
) -> JsonResponse:
    """Keep one box's words as the writer types. `source`, for the person's own words,
    names where they were typed for the safety net, which reads them quietly (no card:
    that comes when the form is sent); None when a clinician is writing."""
    form = TypedForm(request.POST, allowed=allowed)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return JsonResponse({"status": "invalid", "message": message}, status=400)
    data = form.cleaned_data
    typed = Typed(
        field=data["field"],
        text=data["text"],
        base=data["base_version"],
        sitting=data["sitting"],
        rev=data["rev"],
    )
    outcome = keep(writer=request.user, client=client, place=place, typed=typed, now=timezone.now())
    if outcome == Outcome.KEPT and source is not None and typed.text.strip():
        notice_typing(request, place=f"{place}:{typed.field}", text=typed.text, source=source)
    # The page's version is the record's, which typing does not change.
    return JsonResponse({"status": str(outcome), "version": typed.base})
