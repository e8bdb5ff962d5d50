"""The formulation, for the person (at /formulation/) and for a clinician they share it
with (at /clinic/clients/<client_id>/formulation/). Both read and change the same
formulation through the same pages; only the words around it differ ("you" for the
person, their name for the clinician)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kindmind.accounts.access import get_client_for_shared_edit, shares_with
from kindmind.accounts.models import User
from kindmind.formulation import diagram
from kindmind.formulation.actions import Outcome, empty_texts, save_formulation
from kindmind.formulation.forms import MINE, FormulationForm
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import BY_NAME, PARTS, SECTIONS
from kindmind.lib.http import AuthedRequest
from kindmind.safety.screening import screen_once

CATEGORY = "formulation"
SOURCE = "formulation"


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


def _edit(request: AuthedRequest, reader: Reader) -> HttpResponse:
    formulation = Formulation.objects.filter(client=reader.client).first()
    current = _current(formulation)
    latest = formulation.latest if formulation else 0
    clinician_view = not reader.is_owner
    clashes: tuple[str, ...] = ()
    theirs: dict[str, str] = {}
    conflict: dict[str, Any] | None = None
    status = 200
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
            conflict = {
                "author": _authors(reader, [current])[current.pk] if current else "",
                "at": current.saved_at if current else None,
                "is_self": current is not None and current.author_id == request.user.id,
            }
            status = 409
        else:
            status = 400
    else:
        initial = dict(current.texts()) if current else {}
        initial["base_version"] = current.number if current else 0
        form = FormulationForm(initial=initial, latest=latest, clinician_view=clinician_view)
    context = {
        **_base(reader),
        "form": form,
        "rows": _clash_rows(form, clashes, theirs),
        "conflict": conflict,
    }
    return render(request, "formulation/edit.html", context, status=status)


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
    """A form sent after the session ended: nothing can be saved (we don't know who is
    asking), so the words come back on the page, as typed, to copy before signing in.
    Nothing is looked up or kept."""
    if request.method != "POST":
        return redirect_to_login(request.path)
    typed = [
        (section, value.replace("\x00", ""))
        for section in SECTIONS
        if isinstance(value := request.POST.get(section.name, ""), str) and value.strip()
    ]
    if not typed:
        return redirect_to_login(request.path)
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
