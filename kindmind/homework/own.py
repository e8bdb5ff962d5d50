"""A clinician's own practices, in the library's file format, for their own people.

Each is checked by the library's own parser (`kindmind.practice.library.parse`), the
same that checks the built-in files, and played by the same player. Its slug in the
practice app is "own-" and its id: unique, and never the same as a built-in practice's.
Only a person who shares with that clinician now may open it; a practice session already
begun plays to its end whatever happens to the share.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from functools import lru_cache

from django.utils.translation import gettext as _

from kindmind.accounts.models import Share
from kindmind.homework.models import OwnPractice
from kindmind.practice.library import Practice, PracticeError, parse

PREFIX = "own-"
# A practice file is small: the longest built-in one is a few kilobytes.
MAX_BYTES = 100_000


class NotAPractice(ValueError):
    """What a clinician sent is not a practice in the format; the message says why, kindly."""


def slug_of(own: OwnPractice) -> str:
    return f"{PREFIX}{own.id.hex}"


def read(text: str) -> tuple[Practice, object]:
    """The practice in a clinician's text, and the JSON it came from, or NotAPractice."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise NotAPractice(_("This is larger than a practice file can be (100 KB)."))
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotAPractice(
            _(
                "This isn't quite in the practice format yet: the JSON stops making sense at "
                "line %(line)s, column %(column)s. A missing comma or quote is the usual reason."
            )
            % {"line": error.lineno, "column": error.colno}
        ) from None
    try:
        practice = parse(raw, "practice")
    except PracticeError as error:
        raise NotAPractice(
            _("Nearly there. One thing doesn't fit the practice format: %(detail)s.")
            % {"detail": str(error).removeprefix("practice").lstrip(": ")}
        ) from None
    return practice, raw


def checked(own: OwnPractice) -> Practice | None:
    """The stored practice, checked again by the parser, under its "own-" slug."""
    try:
        practice = parse(own.source, "stored")
    except PracticeError:
        return None
    return dataclasses.replace(practice, slug=slug_of(own))


@lru_cache(maxsize=512)
def _stored(own_id: uuid.UUID) -> tuple[uuid.UUID, Practice] | None:
    """An own practice's clinician and checked practice, read once per process: an own
    practice never changes once added."""
    own = OwnPractice.objects.filter(pk=own_id).first()
    practice = checked(own) if own is not None else None
    if own is None or practice is None:
        return None
    return own.clinician_id, practice


def find(slug: str, user: object | None) -> Practice | None:
    """The library's finder for own practices (registered in apps.py)."""
    if not slug.startswith(PREFIX):
        return None
    try:
        own_id = uuid.UUID(hex=slug.removeprefix(PREFIX))
    except ValueError:
        return None
    found = _stored(own_id)
    if found is None:
        return None
    clinician_id, practice = found
    if (
        user is not None
        and not Share.objects.filter(
            client_id=getattr(user, "id", None), clinician_id=clinician_id, revoked_at__isnull=True
        ).exists()
    ):
        return None
    return practice


def titles(slugs: set[str]) -> dict[str, str]:
    """The titles of own practices by slug, in one query."""
    ids = []
    for slug in slugs:
        if slug.startswith(PREFIX):
            try:
                ids.append(uuid.UUID(hex=slug.removeprefix(PREFIX)))
            except ValueError:
                continue
    if not ids:
        return {}
    return {
        f"{PREFIX}{own_id.hex}": title
        for own_id, title in OwnPractice.objects.filter(pk__in=ids).values_list("id", "title")
    }
