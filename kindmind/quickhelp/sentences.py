"""Where quick help's one kind sentence comes from.

The person's own words first, because a sentence in one's own voice lands better than
any we could write: sentences they kept from quick help before, then the first sentence
of their own recent compassionate replies to the critic, then the compassionate self
they described. After those, or when there are none, kindmind's own short sentences,
written in the voice of CFT's compassionate self: warm and steady, naming the difficulty
rather than denying it, never promising that all is fine.

Every object of the person's is fetched through the one access rule
(kindmind.accounts.access.get_own_object): only its owner may read it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kindmind.accounts.access import get_own_object
from kindmind.critic.models import Entry, Text
from kindmind.practice.models import CompassionateSelf
from kindmind.quickhelp.models import KeptSentence

# How many of the person's own sentences of each kind are offered, newest first.
OWN_LIMIT = 3
# A reply's first sentence is shown whole up to this length, then cut at a word.
LONGEST = 240

# kindmind's own sentences, in the first person so that a person can take one as theirs.
OURS: tuple[Promise, ...] = (
    _("This is a hard moment, and hard moments pass. I can stay on my own side while it does."),
    _("The critic is loud because part of me feels under threat. I can listen without obeying."),
    _("It makes sense that I feel this way. Anyone carrying what I carry might feel it too."),
    _("I didn't choose this tricky brain, and I can still choose a kinder voice for now."),
    _("I can notice these harsh words without believing every one of them."),
    _("May I speak to myself the way I would speak to a friend who felt like this."),
)


@dataclass(frozen=True)
class Sentence:
    text: str
    # Where it comes from: "kept", "reply", "self" or "ours".
    source: str
    # When the person wrote it (kept sentences and replies), for "you wrote this on ...".
    written: Any = None


def first_sentence(text: str) -> str:
    """The first sentence of a longer answer, whole if it is short, else cut at a word."""
    words = " ".join(text.split())
    first = re.split(r"(?<=[.!?…])\s+", words, maxsplit=1)[0]
    if len(first) <= LONGEST:
        return first
    return first[:LONGEST].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def own_self(user: Any) -> CompassionateSelf | None:
    """The person's compassionate self, as they described it, if they have."""
    found = CompassionateSelf.objects.filter(client_id=user.id).values_list("id", flat=True)
    for pk in found[:1]:
        return get_own_object(user, CompassionateSelf, pk)
    return None


def kept(user: Any, limit: int | None = None) -> list[KeptSentence]:
    """The sentences the person kept, newest first."""
    ids = KeptSentence.objects.filter(client_id=user.id).values_list("id", flat=True)
    return [get_own_object(user, KeptSentence, pk) for pk in ids[:limit]]


def replies(user: Any) -> list[Sentence]:
    """The first sentences of the person's newest compassionate replies to the critic."""
    rows = (
        Text.objects.filter(entry__client_id=user.id, entry__kind=Entry.Kind.CRITIC, field="reply")
        .exclude(body="")
        .order_by("-saved_at")
        .values_list("entry_id", flat=True)
    )
    found: list[Sentence] = []
    for entry_id in rows[: OWN_LIMIT * 2]:
        entry = get_own_object(user, Entry, entry_id)
        text = entry.texts.filter(field="reply").first()
        if text is None or not text.body.strip():
            continue
        found.append(Sentence(first_sentence(text.body), "reply", text.saved_at))
        if len(found) == OWN_LIMIT:
            break
    return found


def for_person(user: Any) -> list[Sentence]:
    """Every sentence to offer, in order: the person's own words first, then ours.
    Signed out, or a clinician: ours only."""
    found: list[Sentence] = []
    if getattr(user, "is_authenticated", False) and getattr(user, "is_client", False):
        found += [Sentence(k.text, "kept", k.created_at) for k in kept(user, OWN_LIMIT)]
        found += replies(user)
        own = own_self(user)
        if own is not None and own.qualities.strip():
            words = _("The part of me that is “%(qualities)s” is here too, and it is on my side.")
            found.append(Sentence(str(words) % {"qualities": own.qualities.strip()}, "self"))
    found += [Sentence(str(text), "ours") for text in OURS]
    return found
