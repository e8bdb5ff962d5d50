from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import get_client_object, get_own_object, shares_with
from kindmind.checkins.emotions import system_of
from kindmind.checkins.models import CheckIn
from kindmind.clinic.naming import naming_for
from kindmind.critic import actions, search, tone
from kindmind.critic.charts import BeliefPoint, belief_chart
from kindmind.critic.drafts import Outcome
from kindmind.critic.forms import AutosaveForm, SearchForm, StartForm, StepForm
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.steps import (
    CRITIC_AIMS,
    CRITIC_FEARS,
    FLOWS,
    TEXT_LIMIT,
    TITLE_FIELD,
    Field,
    Flow,
    Step,
    choice_labels,
)
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import person_page
from kindmind.lib.rows import Days, url_for_each
from kindmind.safety.screening import notice_typing, screen_once

CATEGORY = "critic_work"
# Words a person has since changed or replaced are theirs alone unless they also share
# these (a clinician otherwise reads what each entry says now).
VERSIONS_CATEGORIES = (CATEGORY, "critic_versions")
KEPT_SESSION_KEY = "critic_kept_words"
# How much a signed-out visitor's form may leave in their anonymous session, in bytes:
# a few paragraphs typed after a session ended. Anyone can send such a form, and each
# one that is kept is a row in the database until it expires.
KEPT_LIMIT_BYTES = 8 * 1024
ENTRIES_PAGE = 30
SEARCH_RESULTS = 50
TITLE_LENGTH = 80

CONFLICT = gettext_lazy(
    "This was also changed in another window or on another device. Both versions are "
    "kept: the newest is shown, and the other is under “Earlier versions”."
)
SIGNED_OUT = gettext_lazy(
    "You've been signed out. Your words are kept on this device: sign in to save them."
)


def _clients_only(request: AuthedRequest) -> None:
    # Critic work is a client's own; a clinician account has none.
    if not request.user.is_client:
        raise Http404


def _flow(entry: Entry) -> Flow:
    return FLOWS[entry.kind]


def entry_title(entry: Entry, texts: dict[str, str]) -> str:
    """The first line of an entry's first answer, or the name of its kind."""
    first = texts.get(TITLE_FIELD[entry.kind], "").strip().split("\n", 1)[0].strip()
    if not first:
        return str(_flow(entry).title)
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"


def _texts(entry: Entry) -> dict[str, Text]:
    return {t.field: t for t in Text.objects.filter(entry=entry)}


# ---- My entries -----------------------------------------------------------------------


# A stand-in id: an entry's address is made by putting its own id in its place, rather
# than resolving the address again for every row of the list.
def _entry_rows(entries: list[Entry]) -> list[dict[str, str]]:
    """One page of "Your entries", each row's words and address made here, once: a
    `{% url %}`, a date filter and a display lookup per row were most of the page."""
    titles: dict[Any, dict[str, str]] = defaultdict(dict)
    for entry_id, field, body in Text.objects.filter(
        entry__in=[e.id for e in entries], field__in=TITLE_FIELD.values()
    ).values_list("entry_id", "field", "body"):
        titles[entry_id][field] = body
    detail = url_for_each("critic:detail")
    kinds = {kind: str(label) for kind, label in Entry.Kind.choices}
    # In the reader's timezone; the template escapes the words.
    dates = Days("j M Y, H:i", escaped=False)
    rows = []
    for entry in entries:
        rows.append(
            {
                "url": detail(entry.id),
                "title": entry_title(entry, titles[entry.id]),
                "kind": kinds.get(entry.kind, entry.kind),
                "at": dates(entry.created_at),
            }
        )
    return rows


@login_required
@require_GET
@person_page
def index(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    own = Entry.objects.filter(client=request.user)
    context: dict[str, Any] = {"form": form, "query": query, "flows": list(FLOWS.values())}
    if query:
        context["results"], context["found"] = _search(request.user, own, query)
    else:
        page = Paginator(
            own.order_by("-created_at", "-id").only("id", "kind", "created_at"), ENTRIES_PAGE
        ).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = _entry_rows(list(page.object_list))
    rated = own.filter(kind=Entry.Kind.CRITIC).filter(
        Q(belief_before__isnull=False) | Q(belief_after__isnull=False)
    )
    points = [
        BeliefPoint(timezone.localdate(at), before, after)
        for at, before, after in rated.order_by("created_at").values_list(
            "created_at", "belief_before", "belief_after"
        )
    ]
    context["chart"] = belief_chart(points)
    context["points"] = points
    return render(request, "critic/index.html", context)


def _checkin_title(note: str, other_feelings: str) -> str:
    """A check-in is named by the first line of its note, or its own feelings."""
    for words in (note, other_feelings):
        first = words.strip().split("\n", 1)[0].strip()
        if first:
            return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"
    return _("Check-in")


def _first_snippet(bodies: Any, term: str) -> search.Snippet | None:
    for body in bodies:
        found = search.snippet(body, term)
        if found:
            return found
    return None


def _search(user: Any, own: Any, query: str) -> tuple[list[dict[str, Any]], int]:
    """Everything this person wrote whose words hold every term of the query
    (search.py): critic entries and letters, and check-ins' notes and feelings in their
    own words. The newest SEARCH_RESULTS of them, and how many there are in all.

    Only this person's own objects are ever loaded, the same way their own lists load
    them, so nobody else's words can match. Three queries, however many there are."""
    terms = search.terms(query)
    by_entry: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    for entry_id, field, body in Text.objects.filter(entry__in=own).values_list(
        "entry_id", "field", "body"
    ):
        by_entry[entry_id].append((field, body))
    found_entries = {
        entry_id
        for entry_id, texts in by_entry.items()
        if search.matches((body for _, body in texts), terms)
    }
    # What matched, newest first: (when, entry or check-in). Titles, snippets and links
    # are made for the shown ones only.
    found: list[tuple[Any, Entry | CheckIn]] = []
    if found_entries:
        found += [(entry.created_at, entry) for entry in own.filter(id__in=found_entries)]
    checkins = CheckIn.objects.filter(client=user).only(
        "id", "at", "timezone", "note", "other_feelings"
    )
    found += [
        (checkin.at, checkin)
        for checkin in checkins
        if search.matches((checkin.note, checkin.other_feelings), terms)
    ]
    found.sort(key=lambda pair: pair[0], reverse=True)
    results = []
    for at, item in found[:SEARCH_RESULTS]:
        if isinstance(item, Entry):
            texts = dict(by_entry[item.id])
            results.append(
                {
                    "url": reverse("critic:detail", args=[item.id]),
                    "kind": item.get_kind_display(),
                    "title": entry_title(item, texts),
                    "at": at,
                    "snippet": _first_snippet(texts.values(), terms[0]),
                }
            )
        else:
            words = (item.note, item.other_feelings)
            results.append(
                {
                    "url": reverse("checkins:detail", args=[item.id]),
                    "kind": _("Check-in"),
                    "title": _checkin_title(*words),
                    "at": at,
                    "snippet": _first_snippet(words, terms[0]),
                }
            )
    return results, len(found)


# ---- Starting, and the steps ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest, kind: str) -> HttpResponse:
    _clients_only(request)
    flow = FLOWS.get(kind)
    if flow is None:
        raise Http404
    form = StartForm(request.POST or None, initial={"submission_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        entry = actions.start_entry(
            client=request.user,
            kind=kind,
            submission_id=form.cleaned_data["submission_id"],
            by=request.user,
        )
        return redirect("critic:step", entry.id, flow.steps[0].slug)
    status = 400 if request.method == "POST" else 200
    if status == 400:
        form = StartForm(initial={"submission_id": uuid.uuid4()})
        messages.info(request, _("That didn't quite arrive. Please press Begin once more."))
    return render(request, "critic/start.html", {"flow": flow, "form": form}, status=status)


def _quote(flow: Flow, name: str, texts: dict[str, Text]) -> dict[str, Any] | None:
    body = texts[name].body if name in texts else ""
    if not body.strip():
        return None
    return {"name": name, "label": flow.quote_label(name), "body": body}


def _critic_seen(entry: Entry, texts: dict[str, Text]) -> dict[str, Any]:
    """What the person noticed about the critic, for answering it: what it may be trying
    to do for them and what it may fear (CONTENT.md, "Working with the critic"), and its
    words, shown plainly."""

    def body(name: str) -> str:
        words = texts[name].body if name in texts else ""
        return words if words.strip() else ""

    return {
        "words": body("critic_words"),
        "aims": choice_labels(entry.critic_aims, CRITIC_AIMS),
        "function": body("critic_function"),
        "fears": choice_labels(entry.critic_fear_choices, CRITIC_FEARS),
        "fears_text": body("critic_fears"),
    }


def _initial(spec: Step, entry: Entry, texts: dict[str, Text]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for field in spec.fields:
        if field.kind == "text":
            initial[field.name] = texts[field.name].body if field.name in texts else ""
        else:
            initial[field.name] = getattr(entry, field.name)
    return initial


def _hints(field: Field, text: str) -> dict[str, Any] | None:
    """What the hint region under a text box shows (None: this box has none)."""
    if field.name == "critic_words":
        # Harsh words are met with what critics are for, never with a label, and are not
        # repeated back to the person.
        return {"harsh": tone.sounds_harsh(text) if text.strip() else False}
    if field.name == "reply":
        return {"reply_hint": tone.reply_hint(text)}
    return None


def _step_text_fields(slug: str) -> dict[str, Field]:
    """The text boxes a step with this name has, in any flow (who is asking, and so which
    entry this is, is not known yet)."""
    fields: dict[str, Field] = {}
    for flow in FLOWS.values():
        spec = flow.step(slug)
        if spec is not None:
            fields.update((f.name, f) for f in spec.text_fields)
    return fields


def _keep_while_signed_out(
    request: HttpRequest, entry_id: str, step: str
) -> list[tuple[Field, str]] | None:
    """A form sent after the session ended (without JavaScript, nothing else kept its
    words): hold the words in the new, anonymous session, which signing in carries over,
    until the person is back on this page. Nothing is looked up or saved: we don't yet
    know who is asking.

    Anyone can send such a form, so only what a person really typed is kept: the step's
    own text boxes, those not empty, KEPT_LIMIT_BYTES in all. Words too long for that are
    returned instead, to be shown back to the person (never dropped quietly); None when
    everything typed is kept or there was nothing to keep."""
    try:
        path = reverse("critic:step", args=[uuid.UUID(entry_id), step])
    except ValueError:
        return None
    if path != request.path:
        return None
    fields = _step_text_fields(step)
    typed = [
        (field, value)
        for name, field in fields.items()
        if isinstance(value := request.POST.get(name, ""), str) and value.strip()
    ]
    if not typed:
        return None
    size = len(path) + sum(len(f.name) + len(v.encode(errors="replace")) for f, v in typed)
    if size > KEPT_LIMIT_BYTES:
        return typed
    request.session[KEPT_SESSION_KEY] = {"path": path, "words": {f.name: v for f, v in typed}}
    return None


def _kept_for(request: AuthedRequest) -> dict[str, str]:
    kept = request.session.get(KEPT_SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return {}
    del request.session[KEPT_SESSION_KEY]
    words = kept.get("words")
    return words if isinstance(words, dict) else {}


def _screen_step(request: AuthedRequest, entry: Entry, spec: Step, then: str) -> str | None:
    """Read the step's words for risk once the step is sent (kindmind.safety.screening).

    Only this step's answers, as they now stand: what the form just saved, or what
    autosave kept while the person typed (then the form changes nothing, but the words
    are no less theirs). Each version of an answer is asked about once per session, so
    going back and forth through the steps does not bring the same card again. Autosave
    itself shows no card (one in the middle of a sentence would be jarring): it only
    records what it noticed (see autosave below)."""
    names = [f.name for f in spec.text_fields]
    if not names:
        return None
    saved = Text.objects.filter(entry=entry, field__in=names).only("id", "version", "body")
    return screen_once(
        request,
        texts={f"critic.text:{t.pk}:{t.version}": t.body for t in saved},
        source=f"critic.{entry.kind}",
        then=then,
        source_id=entry.id,
    )


@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, entry_id: str, step: str) -> HttpResponse:
    if not request.user.is_authenticated:
        too_long = (
            _keep_while_signed_out(request, entry_id, step) if request.method == "POST" else None
        )
        if too_long:
            signin = reverse("accounts:signin") + "?" + urlencode({"next": request.path})
            context = {"words": too_long, "signin_url": signin}
            return render(request, "critic/signed_out_words.html", context)
        return redirect_to_login(request.path)
    return _step_page(cast(AuthedRequest, request), entry_id, step)


def _step_page(request: AuthedRequest, entry_id: str, step: str) -> HttpResponse:
    entry = get_own_object(request.user, Entry, entry_id)
    flow = _flow(entry)
    spec = flow.step(step)
    if spec is None:
        raise Http404
    texts = _texts(entry)
    versions = {name: t.version for name, t in texts.items()}
    index = flow.index(step)
    if request.method == "POST":
        form = StepForm(request.POST, step=spec, entry=entry, versions=versions)
        if form.is_valid():
            results = actions.save_step(
                entry=entry,
                step=step,
                texts=form.texts(),
                values=form.values(),
                sitting=form.cleaned_data["sitting"],
                by=request.user,
            )
            if any(r.outcome == Outcome.CONFLICT for r in results.values()):
                messages.info(request, CONFLICT)
            go = request.POST.get("go", "next")
            if go == "back" and index > 0:
                then = reverse("critic:step", args=[entry.id, flow.steps[index - 1].slug])
            elif go == "stop":
                messages.success(request, _("Saved. You can carry on whenever you like."))
                then = reverse("critic:detail", args=[entry.id])
            elif index + 1 < len(flow.steps):
                then = reverse("critic:step", args=[entry.id, flow.steps[index + 1].slug])
            else:
                if entry.kind == Entry.Kind.LETTER:
                    messages.success(
                        request, _("Your letter is saved. Every version you save is kept.")
                    )
                else:
                    messages.success(request, _("Thank you for giving this your time."))
                then = reverse("critic:detail", args=[entry.id])
            return redirect(_screen_step(request, entry, spec, then) or then)
    else:
        initial = _initial(spec, entry, texts)
        kept = _kept_for(request)
        restored = {f.name: kept[f.name] for f in spec.text_fields if kept.get(f.name)}
        if restored:
            initial.update(restored)
            messages.info(
                request,
                _(
                    "You were signed out before your words were saved. Here they are "
                    "again: press Next to save them."
                ),
            )
        form = StepForm(step=spec, entry=entry, versions=versions, initial=initial)
    rows = []
    for field in spec.fields:
        current = str(form[field.name].value() or "") if field.kind == "text" else ""
        row: dict[str, Any] = {
            "spec": field,
            "bound": form[field.name],
            "quotes": [q for q in (_quote(flow, n, texts) for n in field.quotes) if q],
        }
        if field.kind == "text":
            row["base"] = form[f"base__{field.name}"]
            row["rev"] = form[f"rev__{field.name}"]
            row["hints"] = _hints(field, current)
        rows.append(row)
    context = {
        "entry": entry,
        "flow": flow,
        "spec": spec,
        "form": form,
        "rows": rows,
        "quotes": [q for q in (_quote(flow, n, texts) for n in spec.quotes) if q],
        "critic": _critic_seen(entry, texts) if spec.shows_critic else None,
        "number": index + 1,
        "total": len(flow.steps),
        "is_first": index == 0,
        "is_last": index + 1 == len(flow.steps),
        "has_text": bool(spec.text_fields),
        "limit": TEXT_LIMIT,
        "signin_url": reverse("accounts:signin") + "?" + urlencode({"next": request.path}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "critic/step.html", context, status=status)


@never_cache
@require_POST
def autosave(request: HttpRequest, entry_id: str) -> HttpResponse:
    """Save one answer as the person types. Always answers JSON, never a redirect: a
    page whose session has ended must keep its words (the script keeps them on the
    device and says so)."""
    if not request.user.is_authenticated:
        return JsonResponse({"status": "signed_out", "message": str(SIGNED_OUT)}, status=401)
    # The entry is read once, locked, in the save's own transaction: whose it is and its
    # kind are checked on that same row (one query fewer on every keystroke's save).
    with transaction.atomic():
        entry = get_own_object(request.user, Entry.objects.select_for_update(), entry_id)
        flow = _flow(entry)
        form = AutosaveForm(request.POST, allowed=flow.text_fields)
        if not form.is_valid():
            message = next(iter(form.errors.values()))[0]
            return JsonResponse({"status": "invalid", "message": message}, status=400)
        data = form.cleaned_data
        saved = actions.autosave_locked_text(
            entry=entry,
            field=data["field"],
            text=data["text"],
            base_version=data["base_version"],
            sitting=data["sitting"],
            rev=data["rev"],
            by=request.user,
        )
    answer: dict[str, Any] = {"status": str(saved.outcome), "version": saved.version}
    # Words kept only by autosave may never be sent (the page closed), so they are read
    # here too: quietly, recorded and told to a sharing clinician, with no card. The card
    # comes when the step is sent (_screen_step).
    if saved.text_id is not None and saved.outcome in (
        Outcome.CREATED,
        Outcome.SAVED,
        Outcome.CONFLICT,
    ):
        notice_typing(
            cast(AuthedRequest, request),
            place=f"critic.text:{saved.text_id}",
            text=data["text"],
            source=f"critic.{entry.kind}",
            source_id=entry.id,
        )
    if saved.outcome == Outcome.CONFLICT:
        answer["message"] = str(CONFLICT)
    spec = next(f for s in flow.steps for f in s.text_fields if f.name == data["field"])
    hints = _hints(spec, data["text"])
    if hints is not None:
        answer["hints_html"] = render_to_string(
            "critic/_hints.html", hints, request=request
        ).strip()
    return JsonResponse(answer)


# ---- Reading, versions, deleting ------------------------------------------------------------


def _display(field: Field, entry: Entry, texts: dict[str, Text]) -> Any:
    if field.kind == "text":
        body = texts[field.name].body if field.name in texts else ""
        return body if body.strip() else None
    value = getattr(entry, field.name)
    if field.kind == "choices":
        known = dict(field.choices)
        return [known[v] for v in value if v in known] or None
    if field.kind == "emotions":
        words = system_of()
        return [(w, words.get(w, "")) for w in value] or None
    if field.kind == "letter_from":
        return Entry.LetterFrom(value).label if value else None
    return value


@login_required
@require_GET
def detail(request: AuthedRequest, entry_id: str) -> HttpResponse:
    entry = get_client_object(request.user, Entry, entry_id, category=CATEGORY)
    flow = _flow(entry)
    texts = _texts(entry)
    sections = []
    for spec in flow.steps:
        answers = []
        for field in spec.fields:
            value = _display(field, entry, texts)
            if value is None:
                continue
            answers.append({"spec": field, "value": value})
        sections.append({"spec": spec, "answers": answers})
    context = {
        "entry": entry,
        "flow": flow,
        "title": entry_title(entry, {k: t.body for k, t in texts.items()}),
        "sections": sections,
        "answered": any(s["answers"] for s in sections),
        "is_owner": entry.client_id == request.user.id,
        "has_versions": _may_read_versions(request, entry)
        and TextVersion.objects.filter(entry=entry).exists(),
        "resume": entry.last_step or flow.steps[0].slug,
        "finished": entry.last_step == flow.steps[-1].slug,
        "letter": texts["letter_body"].body if "letter_body" in texts else "",
        "letter_about": texts["letter_about"].body if "letter_about" in texts else "",
    }
    if entry.client_id != request.user.id:
        context.update(naming_for(request.user, entry.client_id))
    template = "critic/letter.html" if entry.kind == Entry.Kind.LETTER else "critic/detail.html"
    return render(request, template, context)


def _may_read_versions(request: AuthedRequest, entry: Entry) -> bool:
    """Whether the reader of an entry may also see its earlier versions (for the link)."""
    if entry.client_id == request.user.id:
        return True
    return shares_with(
        client_id=entry.client_id, clinician=request.user, category=VERSIONS_CATEGORIES
    )


@login_required
@require_GET
def versions(request: AuthedRequest, entry_id: str) -> HttpResponse:
    entry = get_client_object(request.user, Entry, entry_id, category=VERSIONS_CATEGORIES)
    flow = _flow(entry)
    texts = _texts(entry)
    kept = [
        {"version": v, "label": flow.label(v.field)}
        for v in TextVersion.objects.filter(entry=entry).order_by("-saved_at", "-id")
    ]
    context = {
        "entry": entry,
        "flow": flow,
        "title": entry_title(entry, {k: t.body for k, t in texts.items()}),
        "kept": kept,
        "is_owner": entry.client_id == request.user.id,
    }
    if entry.client_id != request.user.id:
        context.update(naming_for(request.user, entry.client_id))
    return render(request, "critic/versions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthedRequest, entry_id: str) -> HttpResponse:
    entry = get_own_object(request.user, Entry, entry_id)
    flow = _flow(entry)
    if request.method == "POST":
        actions.delete_entry(entry=entry, by=request.user)
        messages.success(request, _("That entry is deleted, with all its versions."))
        return redirect("critic:index")
    title = entry_title(entry, {k: t.body for k, t in _texts(entry).items()})
    return render(request, "critic/delete.html", {"entry": entry, "flow": flow, "title": title})
