"""Saving the formulation: one transaction each, audited inside, `by=` whoever saves.

Two people may have the formulation open at once (the person at home, their clinician
in the clinic). Every save carries the number of the version its page showed
(`based_on`). The rules, which the tests in test_saving.py hold:

1. A save based on the current version becomes the next version.
2. Words equal to the current ones change nothing.
3. A save based on an older version is compared, section by section, with what was
   saved since. Sections only one side changed are combined: nobody's words are lost
   and nobody needs to choose.
4. If both sides changed the same section differently, the later save is *not* put
   over the earlier one. It is kept whole as a "set aside" version, the current version
   stays as it was, and the page shows both side by side so the writer can choose or
   merge, then save again.

Audit rows carry kinds and ids, never words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import NAMES


class Outcome(enum.StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    COMBINED = "combined"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    formulation: Formulation
    # The version current after the save.
    current: FormulationVersion | None
    # On a conflict: the incoming words, kept as a set-aside version, and the sections
    # both sides changed.
    set_aside: FormulationVersion | None = None
    clashes: tuple[str, ...] = field(default_factory=tuple)
    # On a conflict: every section as the writer may now save it (the other side's
    # changes where only they changed it, the writer's where they did).
    combined: dict[str, str] = field(default_factory=dict)


def empty_texts() -> dict[str, str]:
    return dict.fromkeys(NAMES, "")


def normalise(text: str) -> str:
    """Browsers send CRLF in form posts: one text, one spelling."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def version_texts(formulation: Formulation, number: int) -> dict[str, str]:
    """The words of one version (all empty for 0, or a number that names none)."""
    if number <= 0:
        return empty_texts()
    found = FormulationVersion.objects.filter(formulation=formulation, number=number).first()
    return found.texts() if found else empty_texts()


def combine(
    base: dict[str, str], theirs: dict[str, str], mine: dict[str, str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Rule 3: each section from whichever side changed it. Returns the combined words
    and the sections both sides changed differently (rule 4)."""
    combined: dict[str, str] = {}
    clashes: list[str] = []
    for name in NAMES:
        old, other, own = base.get(name, ""), theirs.get(name, ""), mine.get(name, "")
        if own in (other, old):
            combined[name] = other
        elif other == old:
            combined[name] = own
        else:
            combined[name] = own
            clashes.append(name)
    return combined, tuple(clashes)


def _locked(client: User, by: User) -> Formulation:
    formulation, created = Formulation.objects.get_or_create(client=client)
    if created:
        audit_object(by=by, obj=formulation, action=AuditEvent.Action.CREATE)
    # One writer at a time, across workers (PostgreSQL row lock; SQLite's immediate
    # transactions already serialise writers).
    return Formulation.objects.select_for_update().get(pk=formulation.pk)


def _add_version(
    formulation: Formulation,
    texts: dict[str, str],
    *,
    based_on: int,
    kind: str,
    by: User,
    now: datetime,
) -> FormulationVersion:
    number = formulation.latest + 1
    version = FormulationVersion.objects.create(
        formulation=formulation,
        number=number,
        based_on=based_on,
        kind=kind,
        by_owner=by.id == formulation.client_id,
        author_id=by.id,
        saved_at=now,
        **{name: texts[name] for name in NAMES},
    )
    formulation.latest = number
    fields = ["latest", "updated_at"]
    if kind == FormulationVersion.Kind.SAVED:
        formulation.current = number
        fields.append("current")
    formulation.updated_at = now
    formulation.save(update_fields=fields)
    audit_object(by=by, obj=formulation, action=AuditEvent.Action.CHANGE)
    return version


@transaction.atomic
def save_formulation(*, client: User, texts: dict[str, str], based_on: int, by: User) -> Result:
    """Save the whole formulation as `by` wrote it, on a page that showed version
    `based_on`. The caller has checked that `by` may (the person, or a clinician the
    person shares the formulation with)."""
    mine = {name: normalise(texts.get(name, "")) for name in NAMES}
    formulation = _locked(client, by)
    now = timezone.now()
    current = (
        FormulationVersion.objects.filter(
            formulation=formulation, number=formulation.current
        ).first()
        if formulation.current
        else None
    )
    theirs = current.texts() if current else empty_texts()
    if based_on == formulation.current:
        if mine == theirs:
            return Result(Outcome.UNCHANGED, formulation, current)
        saved = _add_version(formulation, mine, based_on=based_on, kind="saved", by=by, now=now)
        return Result(Outcome.SAVED, formulation, saved)
    combined, clashes = combine(version_texts(formulation, based_on), theirs, mine)
    if clashes:
        kept = _add_version(formulation, mine, based_on=based_on, kind="set_aside", by=by, now=now)
        return Result(
            Outcome.CONFLICT,
            formulation,
            current,
            set_aside=kept,
            clashes=clashes,
            combined=combined,
        )
    if combined == theirs:
        return Result(Outcome.UNCHANGED, formulation, current)
    saved = _add_version(formulation, combined, based_on=based_on, kind="saved", by=by, now=now)
    return Result(Outcome.COMBINED, formulation, saved)
