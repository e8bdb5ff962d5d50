"""Quick help when the critic is loud: four short pages, each with a plain link or button
to the next, so that it works the same without JavaScript.

1. ground: feet, eyes, hands (about 20 seconds);
2. breathe: three slow breaths with the breathing pacer (about 33 seconds);
3. words: one kind sentence, the person's own when they have some, or one to write;
4. next: the full critic work, a practice, or the safety plan.

Open to everyone: signed out (or as a clinician) it offers kindmind's own sentences and
keeps nothing. A person's written sentence is read for risk like every other place where
people write (kindmind.safety.screening).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import get_own_object
from kindmind.accounts.models import User
from kindmind.lib.http import AuthedRequest
from kindmind.practice.pacer import DEFAULT
from kindmind.quickhelp import actions, sentences
from kindmind.quickhelp.forms import SentenceForm
from kindmind.quickhelp.models import KeptSentence
from kindmind.safety.screening import crisis_level, screen

SOURCE = "quickhelp.sentence"
# Three slow breaths at the soothing rhythm: about half a minute.
BREATHS = 3


def _client(request: HttpRequest) -> User | None:
    """The signed-in client, who may keep sentences; None for anyone else."""
    user = request.user
    return user if isinstance(user, User) and user.is_client else None


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "quickhelp/ground.html", {"step": 1})


@require_GET
def breathe(request: HttpRequest) -> HttpResponse:
    seconds = BREATHS * DEFAULT.cycle
    context = {
        "step": 2,
        "pattern": DEFAULT,
        "breaths": BREATHS,
        # The pacer reads minutes; three whole breaths, written the same in every language.
        "minutes": f"{seconds / 60:.4f}",
    }
    return render(request, "quickhelp/breathe.html", context)


def _which(request: HttpRequest, count: int) -> int:
    try:
        return int(request.GET.get("s", "0")) % count
    except ValueError:
        return 0


def _words_page(request: HttpRequest, form: SentenceForm, status: int = 200) -> HttpResponse:
    offered = sentences.for_person(request.user)
    at = _which(request, len(offered))
    own = sentences.own_self(request.user) if _client(request) else None
    if request.method == "GET" and request.GET.get("take") and not form.is_bound:
        # "Take this one as mine": the sentence goes into the box, to keep or change.
        form.initial["sentence"] = offered[at].text
    context: dict[str, Any] = {
        "step": 3,
        "form": form,
        "sentence": offered[at],
        "sentence_at": at,
        "another": (at + 1) % len(offered),
        "voice": own.voice.strip() if own else "",
        "can_keep": _client(request) is not None,
    }
    return render(request, "quickhelp/words.html", context, status=status)


def _next_page(request: HttpRequest, written: str = "") -> HttpResponse:
    client = _client(request)
    context = {
        "step": 4,
        "written": written,
        "client": client,
        "has_kept": client is not None and KeptSentence.objects.filter(client=client).exists(),
    }
    return render(request, "quickhelp/next.html", context)


@require_http_methods(["GET", "POST"])
def words(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _words_page(request, SentenceForm(initial={"submission_id": uuid.uuid4()}))
    form = SentenceForm(request.POST)
    if not form.is_valid():
        if "submission_id" in form.errors:
            # A fresh one-time id, so that the form can be sent again as it is.
            fresh = cast(QueryDict, form.data).copy()
            fresh["submission_id"] = str(uuid.uuid4())
            form.data = fresh
        return _words_page(request, form, status=400)
    text = form.cleaned_data["sentence"].strip()
    then = reverse("quickhelp:next")
    if not text:
        return redirect(then)
    client = _client(request)
    if client is None:
        # Nothing is kept or recorded for someone signed out: help comes first all the same.
        if crisis_level([text]) != "none":
            return redirect("safety:help")
        return _next_page(request, written=text)
    if form.cleaned_data["keep"]:
        created = actions.keep_sentence(
            client=client, text=text, submission_id=form.cleaned_data["submission_id"]
        )[1]
        if not created:
            # The same form sent twice: kept (and read) once already.
            return redirect(then)
    safety_step = screen(client=client, texts=[text], source=SOURCE, then=then)
    if safety_step:
        # The safety step comes alone, with no cheerful note above it.
        return redirect(safety_step)
    if form.cleaned_data["keep"]:
        messages.success(request, _("Kept. Only you can see it, under “Sentences you kept”."))
        return redirect(then)
    return _next_page(request, written=text)


@require_GET
def next_step(request: HttpRequest) -> HttpResponse:
    return _next_page(request)


def _clients_only(request: AuthedRequest) -> None:
    if not request.user.is_client:
        raise Http404


@login_required
@require_GET
def kept(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    return render(request, "quickhelp/kept.html", {"kept": sentences.kept(request.user)})


@login_required
@require_POST
def let_go(request: AuthedRequest, sentence_id: str) -> HttpResponse:
    kept = get_own_object(request.user, KeptSentence, sentence_id)
    actions.let_go(kept=kept, by=request.user)
    messages.success(request, _("That sentence is no longer kept."))
    return redirect("quickhelp:kept")
