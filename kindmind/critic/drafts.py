"""The ordering and conflict rules of autosave, as plain Python (no Django).

Every free-text answer has one *current* text on the server, with a version number the
server raises on each accepted save. Pages send what they have with three things beside
the words:

- `base_version`: the version the page last heard of from the server;
- `sitting`: a random id for one page load (or one rendered form without JavaScript);
- `rev`: that sitting's own counter, raised on every keystroke batch, so a sitting's
  later words always carry a higher number than its earlier ones.

The rules, which `decide` applies and the tests in test_drafts.py hold:

1. The first save of a field creates it (an empty answer stores nothing).
2. The same sitting carrying on (rev at least the stored one) replaces the text in place:
   one person typing in one box is one version, however many times it saves.
3. The same sitting's older words arriving late (a lower rev, e.g. a slow request or a
   page-hide beacon overtaken by a newer save) never replace newer words: they are kept
   beside them as a "late" copy.
4. Another sitting that saw the current version (base_version equal) replaces it. If the
   current text is older than `EARLIER_GAP`, it is kept as an "earlier" version first:
   coming back to a letter another day keeps what it said before.
   Words saved *on purpose* (a step's form sent: "Save this version", "Next") are kept
   as an "earlier" version whenever anything replaces them, however soon and whichever
   sitting: only autosaves, which nobody chose to keep, fold into the next words.
5. Another sitting that did *not* see the current version (a second window, another
   device, words restored after signing in again) is a conflict. Both are kept: the
   newest by server time is shown, and the text it replaced is kept as a "conflict" copy,
   and the page is told.
6. Words equal to the current text change nothing.

Nothing is ever silently overwritten: a text leaves the current slot only by rule 2 (its
own sitting typed on), or rule 4 within the gap (its reader chose to change it), and
never, once it was saved on purpose.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

# Rule 4: how old the current words must be before a change keeps them as an earlier
# version. Long enough that reloading a page mid-letter doesn't pile up copies, short
# enough that "the letter I wrote last week" is always kept.
EARLIER_GAP = timedelta(minutes=30)


class Outcome(enum.StrEnum):
    CREATED = "created"
    SAVED = "saved"
    UNCHANGED = "unchanged"
    LATE = "late"
    CONFLICT = "conflict"


class Keep(enum.StrEnum):
    """Why a text that is no longer current was kept."""

    EARLIER = "earlier"
    CONFLICT = "conflict"
    LATE = "late"


@dataclass(frozen=True)
class Current:
    text: str
    version: int
    sitting: uuid.UUID
    rev: int
    saved_at: datetime
    # Saved on purpose (a step's form was sent), not only by autosave: rule 4.
    deliberate: bool = False


@dataclass(frozen=True)
class Incoming:
    text: str
    base_version: int
    sitting: uuid.UUID
    rev: int


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    # Whether the incoming words become the current text.
    replace: bool
    # What to keep as a version, and whose words they are: the current text's (it is
    # being replaced) or the incoming one's (it arrived too late to be shown).
    keep: Keep | None = None
    keep_incoming: bool = False


def normalise(text: str) -> str:
    """Browsers send CRLF in form posts and LF from scripts: one text, one spelling."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decide(current: Current | None, incoming: Incoming, now: datetime) -> Decision:
    if current is None:
        if not incoming.text:
            # A skipped question stores nothing.
            return Decision(Outcome.UNCHANGED, replace=False)
        return Decision(Outcome.CREATED, replace=True)
    if incoming.text == current.text:
        return Decision(Outcome.UNCHANGED, replace=False)
    saved_on_purpose = current.deliberate and bool(current.text.strip())
    if incoming.sitting == current.sitting:
        if incoming.rev < current.rev:
            return Decision(Outcome.LATE, replace=False, keep=Keep.LATE, keep_incoming=True)
        return Decision(
            Outcome.SAVED, replace=True, keep=Keep.EARLIER if saved_on_purpose else None
        )
    if incoming.base_version == current.version:
        old_enough = now - current.saved_at >= EARLIER_GAP and bool(current.text.strip())
        keep = Keep.EARLIER if old_enough or saved_on_purpose else None
        return Decision(Outcome.SAVED, replace=True, keep=keep)
    if not current.text.strip():
        # Nothing to lose on the other side: an ordinary save.
        return Decision(Outcome.SAVED, replace=True)
    return Decision(Outcome.CONFLICT, replace=True, keep=Keep.CONFLICT)
