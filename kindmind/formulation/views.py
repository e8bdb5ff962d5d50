"""The formulation, for the person (at /formulation/) and for a clinician they share it
with (at /clinic/clients/<client_id>/formulation/). Both read and change the same
formulation through the same pages; only the words around it differ ("you" for the
person, their name for the clinician)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import (
    get_client_for_shared_draft,
    get_client_for_shared_edit,
    shares_with,
)
from kindmind.accounts.models import User
from kindmind.drafts import actions as drafts
from kindmind.drafts import views as draft_views
from kindmind.drafts.models import Draft
from kindmind.formulation import diagram
from kindmind.formulation.actions import (
    Outcome,
    combine,
    empty_texts,
    save_formulation,
    version_texts,
)
from kindmind.formulation.forms import MINE, FormulationForm
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import BY_NAME, NAMES, PARTS, SECTIONS
from kindmind.lib.http import AuthedRequest
from kindmind.safety.screening import screen_once

CATEGORY = "formulation"
SOURCE = "formulation"
# Each writer's unsent words (kindmind.drafts), one draft per section.
PLACE = "formulation"
# A form sent after the session ended, kept in the new (encrypted) session, which signing
# in carries over, until the writer is back on the page: {"path", "base", "words"}.
KEPT_WHILE_SIGNED_OUT = "formulation_kept"
KEEP_AT_MOST = 64_000


@dataclass(frozen=True)
class Reader:
    """Who is reading, about whom, and where their pages are."""

    client: User
    user: User
    # The client's name as this reader may see it ("" for the person themself).
    name: str
    home: str
    edit: str
    versions: str
    autosave: str

    @property
    def is_owner(self) -> bool:
        return self.client.id == self.user.id


def _own(request: AuthedRequest) -> Reader:
    # A formulation is a client's own; a clinician account has none.
    if not request.user.is_client:
        raise Http404
    return Reader(
        client=request.user,
        user=request.user,
        name="",
        home=reverse("formulation:index"),
        edit=reverse("formulation:edit"),
        versions=reverse("formulation:versions"),
        autosave=reverse("formulation:autosave"),
    )


def _client_name(client: User, clinician: User) -> str:
    """The client's name, when they share it ("Name and timezone"); else plain words."""
    if client.display_name and shares_with(
        client_id=client.id, clinician=clinician, category="profile"
    ):
        return client.display_name
    return _("This person")


def _shared(request: AuthedRequest, client_id: str) -> Reader:
    """A clinician's way in: the one access rule, with its one named exception for work
    made together (a 404 unless the client shares their formulation with them now)."""
    if not request.user.is_clinician:
        raise Http404
    client = get_client_for_shared_edit(request.user, client_id, category=CATEGORY)
    args = [client.id]
    return Reader(
        client=client,
        user=request.user,
        name=_client_name(client, request.user),
        home=reverse("formulation_clinic:index", args=args),
        edit=reverse("formulation_clinic:edit", args=args),
        versions=reverse("formulation_clinic:versions", args=args),
        autosave=reverse("formulation_clinic:autosave", args=args),
    )


def _current(formulation: Formulation | None) -> FormulationVersion | None:
    if formulation is None or not formulation.current:
        return None
    return FormulationVersion.objects.filter(
        formulation=formulation, number=formulation.current
    ).first()


def _authors(reader: Reader, versions: list[FormulationVersion]) -> dict[int, str]:
    """Who saved each version, in words for this reader (one query for all of them)."""
    ids = {v.author_id for v in versions if not v.by_owner and v.author_id}
    known = {u.id: u for u in User.objects.filter(id__in=ids)} if ids else {}
    out: dict[int, str] = {}
    for v in versions:
        if v.author_id == reader.user.id or (v.by_owner and reader.is_owner):
            # Mid-sentence: "Saved by you, 6 December".
            out[v.pk] = _("you")
        elif v.by_owner:
            out[v.pk] = reader.name
        elif reader.is_owner and v.author_id in known:
            clinician = known[v.author_id]
            out[v.pk] = clinician.display_name or clinician.email
        elif reader.is_owner:
            out[v.pk] = _("A clinician")
        else:
            out[v.pk] = _("Another clinician")
    return out


def _diagram_words() -> diagram.Words:
    return diagram.Words(
        empty=_("Still to explore"),
        more=_("More in the words below"),
        back=_("and this feeds the threat again"),
    )


def _layouts(texts: dict[str, str]) -> dict[str, diagram.Layout]:
    parts = diagram.parts_from(
        texts,
        sections=[(s.name, s.part, str(s.short), str(s.label)) for s in SECTIONS],
        titles={part: str(title) for part, title in PARTS.items()},
    )
    words = _diagram_words()
    return {"wide": diagram.wide(parts, words), "tall": diagram.tall(parts, words)}


def _base(reader: Reader) -> dict[str, Any]:
    return {"reader": reader, "is_owner": reader.is_owner, "name": reader.name}


def _show(request: AuthedRequest, reader: Reader) -> HttpResponse:
    formulation = Formulation.objects.filter(client=reader.client).first()
    current = _current(formulation)
    texts = current.texts() if current else empty_texts()
    set_aside = bool(
        formulation
        and formulation.latest > formulation.current
        and FormulationVersion.objects.filter(
            formulation=formulation, number=formulation.latest, kind="set_aside"
        ).exists()
    )
    context = {
        **_base(reader),
        "current": current,
        "author": _authors(reader, [current])[current.pk] if current else "",
        "layouts": _layouts(texts),
        "parts": [
            {
                "title": PARTS[part],
                "sections": [
                    {"section": s, "text": texts[s.name]} for s in SECTIONS if s.part == part
                ],
            }
            for part in PARTS
        ],
        "has_versions": bool(formulation and formulation.latest),
        "set_aside": set_aside,
        # Words this reader typed and did not save yet (kindmind.drafts).
        "has_draft": Draft.objects.filter(
            writer=request.user, client=reader.client, place=PLACE
        ).exists(),
    }
    return render(request, "formulation/show.html", context)


def _clash_rows(
    form: FormulationForm,
    clashes: tuple[str, ...],
    theirs: dict[str, str],
) -> list[dict[str, Any]]:
    return [
        {
            "section": section,
            "bound": form[section.name],
            "pick": form[f"pick__{section.name}"],
            "clash": section.name in clashes,
            "theirs": theirs.get(section.name, ""),
        }
        for section in SECTIONS
    ]


def _bring_back_kept(request: AuthedRequest, reader: Reader) -> None:
    """Words this browser sent to this page after its session ended (kept by
    `_signed_out`) become the writer's drafts now that we know who they are, once."""
    kept = request.session.get(KEPT_WHILE_SIGNED_OUT)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return
    del request.session[KEPT_WHILE_SIGNED_OUT]
    words = kept.get("words")
    base = kept.get("base")
    if not isinstance(words, dict):
        return
    sitting = uuid.uuid4()
    now = timezone.now()
    for name, text in words.items():
        if name in NAMES and isinstance(text, str):
            drafts.keep(
                writer=request.user,
                client=reader.client,
                place=PLACE,
                typed=drafts.Typed(
                    field=name,
                    text=text,
                    base=base if isinstance(base, int) else 0,
                    sitting=sitting,
                    rev=1,
                ),
                now=now,
            )


@dataclass
class _Opening:
    """What the edit page starts with: the saved words, or the writer's own unsent words
    over them (kindmind.drafts), and any part both they and someone else changed since."""

    initial: dict[str, Any]
    clashes: tuple[str, ...] = ()
    theirs: dict[str, str] = field(default_factory=dict)
    restored_at: datetime | None = None


def _opening(
    request: AuthedRequest,
    reader: Reader,
    formulation: Formulation | None,
    current: FormulationVersion | None,
) -> _Opening:
    number = current.number if current else 0
    saved = current.texts() if current else empty_texts()
    kept: list[Draft] = drafts.kept(writer=request.user, client=reader.client, place=PLACE)
    # Words the saved formulation already holds have nothing left to bring back (an
    # autosave that arrived just after the form it was typed in was saved).
    spent = [d for d in kept if d.field not in NAMES or d.text == saved[d.field]]
    if spent:
        Draft.objects.filter(pk__in=[d.pk for d in spent]).delete()
        kept = [d for d in kept if d not in spent]
    if not kept:
        return _Opening(initial={**saved, "base_version": number})
    latest = formulation.latest if formulation else 0
    # The version the writer's page showed when they typed; one that cannot have been
    # shown (the formulation was deleted and begun again) counts as the current one.
    base = min(d.base for d in kept)
    if base > latest or formulation is None:
        base = number
    shown = saved if base == number or formulation is None else version_texts(formulation, base)
    mine = {**shown, **{d.field: d.text for d in kept if d.field in NAMES}}
    restored_at = max(d.saved_at for d in kept)
    if base == number:
        return _Opening(initial={**mine, "base_version": number}, restored_at=restored_at)
    # Someone saved since the writer typed: combine as a save would (actions.combine),
    # and where both changed the same part, show both, as after a save at the same time.
    combined, clashes = combine(shown, saved, mine)
    initial: dict[str, Any] = {**combined, "base_version": number}
    initial.update({f"pick__{name}": MINE for name in clashes})
    return _Opening(initial=initial, clashes=clashes, theirs=saved, restored_at=restored_at)


def _edit(request: AuthedRequest, reader: Reader) -> HttpResponse:
    formulation = Formulation.objects.filter(client=reader.client).first()
    current = _current(formulation)
    latest = formulation.latest if formulation else 0
    clinician_view = not reader.is_owner
    clashes: tuple[str, ...] = ()
    theirs: dict[str, str] = {}
    conflict: dict[str, Any] | None = None
    restored_at: datetime | None = None
    status = 200
    if request.method == "POST" and "let_go" in request.POST:
        # The writer chose the saved words over their unsent ones.
        drafts.let_go(writer=request.user, client=reader.client, place=PLACE)
        messages.info(request, _("The boxes show the saved formulation again."))
        return redirect(reader.edit)
    if request.method == "POST":
        form = FormulationForm(request.POST, latest=latest, clinician_view=clinician_view)
        if form.is_valid():
            base = form.cleaned_data["base_version"]
            shown = (
                FormulationVersion.objects.filter(formulation=formulation, number=base).first()
                if formulation and base
                else None
            )
            result = save_formulation(
                client=reader.client,
                texts=form.texts(shown.texts() if shown else empty_texts()),
                based_on=base,
                by=request.user,
            )
            # The words are in a version now (saved, combined, or set aside beside the
            # other writer's): the drafts they were typed into can go.
            drafts.let_go(writer=request.user, client=reader.client, place=PLACE)
            if result.outcome != Outcome.CONFLICT:
                messages.success(
                    request,
                    {
                        Outcome.SAVED: _("Saved. Every version is kept."),
                        Outcome.COMBINED: _(
                            "Saved. Someone else saved other parts while you were writing: "
                            "both sets of changes are in, and every version is kept."
                        ),
                        Outcome.UNCHANGED: _(
                            "Nothing had changed, so there was nothing new to save."
                        ),
                    }[result.outcome],
                )
                then = reader.home
                if reader.is_owner and result.current is not None:
                    marker = f"{SOURCE}.{result.formulation.pk}"
                    then = (
                        screen_once(
                            request,
                            texts={
                                f"{marker}.{name}:{result.current.number}": text
                                for name, text in result.current.texts().items()
                            },
                            source=SOURCE,
                            then=then,
                            source_id=result.formulation.pk,
                        )
                        or then
                    )
                return redirect(then)
            # Both changed the same parts: nothing is put over the other's words. The
            # form comes back with the writer's words, beside the other's, to choose.
            current = result.current
            assert result.set_aside is not None
            theirs = current.texts() if current else empty_texts()
            clashes = result.clashes
            initial: dict[str, Any] = dict(result.combined)
            initial["base_version"] = current.number if current else 0
            initial.update({f"pick__{name}": MINE for name in clashes})
            form = FormulationForm(
                initial=initial, latest=result.formulation.latest, clinician_view=clinician_view
            )
            conflict = _conflict(request, reader, current, drafted=False)
            status = 409
        else:
            status = 400
    else:
        _bring_back_kept(request, reader)
        opening = _opening(request, reader, formulation, current)
        clashes, theirs, restored_at = opening.clashes, opening.theirs, opening.restored_at
        form = FormulationForm(
            initial=opening.initial, latest=latest, clinician_view=clinician_view
        )
        if clashes:
            conflict = _conflict(request, reader, current, drafted=True)
    context = {
        **_base(reader),
        "form": form,
        "rows": _clash_rows(form, clashes, theirs),
        "conflict": conflict,
        "restored_at": restored_at,
        # Something saved to go back to, instead of the unsent words.
        "has_saved": current is not None,
        "base_version": form["base_version"].value(),
        "signin_url": reverse("accounts:signin") + "?" + urlencode({"next": reader.edit}),
    }
    return render(request, "formulation/edit.html", context, status=status)


def _conflict(
    request: AuthedRequest,
    reader: Reader,
    current: FormulationVersion | None,
    *,
    drafted: bool,
) -> dict[str, Any]:
    return {
        "author": _authors(reader, [current])[current.pk] if current else "",
        "at": current.saved_at if current else None,
        "is_self": current is not None and current.author_id == request.user.id,
        # The writer's words are unsent words brought back, not a version just saved.
        "drafted": drafted,
    }


def _versions(request: AuthedRequest, reader: Reader) -> HttpResponse:
    formulation = Formulation.objects.filter(client=reader.client).first()
    versions = (
        list(FormulationVersion.objects.filter(formulation=formulation).order_by("-number"))
        if formulation
        else []
    )
    authors = _authors(reader, versions)
    rows = [
        {
            "version": v,
            "author": authors[v.pk],
            "is_current": formulation is not None and v.number == formulation.current,
            "sections": [
                {"label": BY_NAME[name].label, "text": text}
                for name, text in v.texts().items()
                if text.strip()
            ],
        }
        for v in versions
    ]
    return render(request, "formulation/versions.html", {**_base(reader), "rows": rows})


def _signed_out(request: HttpRequest) -> HttpResponse:
    """A form sent after the session ended: nothing can be saved yet (we don't know who
    is asking), so the words are kept in the new session, which signing in carries over,
    and become the writer's drafts when they are back on the page. Words too long for a
    session come back on the page instead, as typed, to copy before signing in. Nothing
    is looked up."""
    if request.method != "POST":
        return redirect_to_login(request.path)
    typed = [
        (section, value.replace("\x00", ""))
        for section in SECTIONS
        if isinstance(value := request.POST.get(section.name, ""), str) and value.strip()
    ]
    if not typed:
        return redirect_to_login(request.path)
    if sum(len(text) for _, text in typed) <= KEEP_AT_MOST:
        # Kept until the writer signs in and is back here (`_bring_back_kept`).
        raw_base = request.POST.get("base_version", "")
        base = int(raw_base) if raw_base.isdigit() and len(raw_base) < 10 else 0
        request.session[KEPT_WHILE_SIGNED_OUT] = {
            "path": request.path,
            "base": base,
            "words": {section.name: text for section, text in typed},
        }
        return redirect_to_login(request.path)
    # More than a session should hold: shown back, to copy, rather than dropped.
    signin = reverse("accounts:signin") + "?" + urlencode({"next": request.path})
    return render(
        request, "formulation/signed_out_words.html", {"words": typed, "signin_url": signin}
    )


# ---- The person's own pages ----------------------------------------------------------------


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    return _show(request, _own(request))


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _signed_out(request)
    return _edit(cast(AuthedRequest, request), _own(cast(AuthedRequest, request)))


@login_required
@require_GET
def versions(request: AuthedRequest) -> HttpResponse:
    return _versions(request, _own(request))


@require_POST
def autosave(request: HttpRequest) -> HttpResponse:
    """The person's words, kept as they type them (kindmind.drafts)."""
    if not request.user.is_authenticated:
        return draft_views.signed_out()
    authed = cast(AuthedRequest, request)
    reader = _own(authed)
    return draft_views.autosave(
        authed, client=reader.client, place=PLACE, allowed=NAMES, source=SOURCE
    )


# ---- A clinician's pages, while the person shares their formulation ----------------------


@login_required
@require_GET
def clinic_index(request: AuthedRequest, client_id: str) -> HttpResponse:
    return _show(request, _shared(request, client_id))


@require_http_methods(["GET", "POST"])
def clinic_edit(request: HttpRequest, client_id: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _signed_out(request)
    authed = cast(AuthedRequest, request)
    return _edit(authed, _shared(authed, client_id))


@login_required
@require_GET
def clinic_versions(request: AuthedRequest, client_id: str) -> HttpResponse:
    return _versions(request, _shared(request, client_id))


@require_POST
def clinic_autosave(request: HttpRequest, client_id: str) -> HttpResponse:
    """A clinician's words, kept as they type them, while the person shares their
    formulation with them (the same rule as the page, without an audit row per
    keystroke: the page they type on was audited when it opened)."""
    if not request.user.is_authenticated:
        return draft_views.signed_out()
    authed = cast(AuthedRequest, request)
    if not authed.user.is_clinician:
        raise Http404
    client = get_client_for_shared_draft(authed.user, client_id, category=CATEGORY)
    return draft_views.autosave(authed, client=client, place=PLACE, allowed=NAMES, source=None)
