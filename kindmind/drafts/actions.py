"""Keeping, reading and letting go of drafts. No audit rows: a draft is the writer's
own unsent words, read only by the writer, on the page they typed them on; the record
it becomes is audited when the form is sent.

The rules, which test_drafts.py holds:

1. The first words typed in a box make its draft; an empty box with no draft keeps
   nothing.
2. Later words replace the draft: the same page typing on, or another page of the same
   writer (a second tab, a phone after the laptop). The newest words typed are the
   draft; the record itself is only changed by sending the form, with its own rules.
3. A page's older words arriving late (a slow request, or the beacon sent as the page
   closed, overtaken by a newer save) never replace that page's newer words.
4. Emptying a box keeps the empty draft: it says the writer cleared what the record holds.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from kindmind.accounts.models import User
from kindmind.drafts.models import Draft


class Outcome(enum.StrEnum):
    KEPT = "saved"
    UNCHANGED = "unchanged"
    LATE = "late"


@dataclass(frozen=True)
class Typed:
    field: str
    text: str
    base: int
    sitting: uuid.UUID
    rev: int


def keep(*, writer: User, client: User, place: str, typed: Typed, now: datetime) -> Outcome:
    """Keep what a page has in one box now (rules 1-4)."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                draft = (
                    Draft.objects.select_for_update()
                    .filter(writer=writer, client=client, place=place, field=typed.field)
                    .first()
                )
                if draft is None:
                    if not typed.text:
                        return Outcome.UNCHANGED
                    Draft.objects.create(
                        writer=writer,
                        client=client,
                        place=place,
                        field=typed.field,
                        text=typed.text,
                        base=typed.base,
                        sitting=typed.sitting,
                        rev=typed.rev,
                        saved_at=now,
                    )
                    return Outcome.KEPT
                if draft.sitting == typed.sitting and typed.rev < draft.rev:
                    return Outcome.LATE
                if draft.text == typed.text and draft.base == typed.base:
                    return Outcome.UNCHANGED
                draft.text = typed.text
                draft.base = typed.base
                draft.sitting = typed.sitting
                draft.rev = typed.rev
                draft.saved_at = now
                draft.save(update_fields=["text", "base", "sitting", "rev", "saved_at"])
                return Outcome.KEPT
        except IntegrityError:
            # Two first saves of one box at once (two tabs): the other made the row;
            # this one now replaces it under rule 2.
            if attempt:
                raise
    raise AssertionError("unreachable")


def kept(*, writer: User, client: User, place: str) -> list[Draft]:
    """The writer's drafts for one form, oldest first."""
    return list(
        Draft.objects.filter(writer=writer, client=client, place=place).order_by("saved_at")
    )


def let_go(*, writer: User, client: User, place: str) -> int:
    """The form was sent (or the writer chose the saved words): its drafts go."""
    deleted, _ = Draft.objects.filter(writer=writer, client=client, place=place).delete()
    return deleted
