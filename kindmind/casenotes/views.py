"""A clinician's record of sessions held with a person, and their own notes.

Each page opens the person through the clinician's person page's access rule
(kindmind.clinic.person.open_person: a 404 unless the person shares something with this
clinician, the reading audited), and each note through `get_own_object`, so that only
the clinician who wrote a note ever reads, changes or deletes it.

Notes kept after the person deleted their account (the "keep" setting,
kindmind.accounts.deletion) are read from the "has left" entry on the clinician's
Clients page: `kept` opens that entry through `get_own_object` (a 404 for anyone but
the clinician it was left for) and lists their notes, read-only.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kindmind.accounts.access import get_own_object
from kindmind.accounts.deletion import clinician_notes_rule
from kindmind.accounts.models import Departure
from kindmind.casenotes.forms import SessionNoteForm
from kindmind.casenotes.models import SessionNote
from kindmind.clinic.person import Person, open_person
from kindmind.lib.http import AuthedRequest
from kindmind.measures.actions import session_held

NOTES_PAGE = 20
# A session recorded within this many days of being held counts as just held.
RECENT_SESSION = timedelta(days=7)
# What the audit row says was read: the person's page, never that notes exist.
READING = "accounts.user"


def _note(request: AuthedRequest, person: Person, note_id: str) -> SessionNote:
    note = get_own_object(request.user, SessionNote, note_id)
    if note.client_id != person.client.id:
        raise Http404
    return note


@login_required
@require_http_methods(["GET", "POST"])
def index(request: AuthedRequest, client_id: str) -> HttpResponse:
    person = open_person(request, client_id, category=None, reading=READING)
    initial = {"held_on": timezone.localdate()}
    form = SessionNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        SessionNote.objects.create(clinician=request.user, client=person.client, **values)
        ready = 0
        if values["held_on"] >= timezone.localdate() - RECENT_SESSION:
            # A session just held (not an old one written up later): the questionnaires
            # this clinician planned "at each session" are ready for the person again.
            ready = session_held(clinician=request.user, client=person.client)
        if ready:
            messages.success(
                request,
                _(
                    "The session is saved. The questionnaires you planned for each session "
                    "are ready on their Today page."
                ),
            )
        else:
            messages.success(request, _("The session is saved."))
        return redirect("casenotes:index", client_id=person.client.id)
    notes = SessionNote.objects.filter(clinician=request.user, client=person.client).order_by(
        "-held_on", "-created_at"
    )
    page = Paginator(notes, NOTES_PAGE).get_page(request.GET.get("page"))
    context = {
        **person.context(),
        "form": form,
        "page": page,
        "keeps_notes": clinician_notes_rule() == "keep",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "casenotes/index.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def kept(request: AuthedRequest, departure_id: str) -> HttpResponse:
    """The clinician's own notes about someone who has since deleted their account,
    kept under the service's setting: read-only, with no name or address of the person
    (none is kept)."""
    departure = get_own_object(request.user, Departure, departure_id)
    notes = SessionNote.objects.filter(departure=departure, clinician=request.user).order_by(
        "-held_on", "-created_at"
    )
    page = Paginator(notes, NOTES_PAGE).get_page(request.GET.get("page"))
    return render(request, "casenotes/kept.html", {"departure": departure, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, client_id: str, note_id: str) -> HttpResponse:
    person = open_person(request, client_id, category=None, reading=READING)
    note = _note(request, person, note_id)
    initial = {
        "held_on": note.held_on,
        "minutes": note.minutes,
        "kind": note.kind,
        "note": note.note,
    }
    form = SessionNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for field, value in form.values().items():
            setattr(note, field, value)
        note.save()
        messages.success(request, _("The session is updated."))
        return redirect("casenotes:index", client_id=person.client.id)
    context = {**person.context(), "form": form, "note": note}
    status = 400 if request.method == "POST" else 200
    return render(request, "casenotes/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, client_id: str, note_id: str) -> HttpResponse:
    person = open_person(request, client_id, category=None, reading=READING)
    note = _note(request, person, note_id)
    if request.method == "POST":
        note.delete()
        messages.success(request, _("That session and its note are deleted."))
        return redirect("casenotes:index", client_id=person.client.id)
    return render(request, "casenotes/delete.html", {**person.context(), "note": note})
