"""Noticing risk in what a person saves (PRODUCT.md principle 2).

Every feature that saves free text calls `screen()` (or `screen_once()`) after saving,
and follows the next step it returns: the words are always saved first, so nothing a
person wrote is lost whatever the answer. Only the level, the kind of place and the time
are recorded (kindmind.safety.actions.record_safety_event); the words never leave their
own row. Each place has its own `source`, named in words for clinicians in
kindmind.safety.models.PLACES.

The places that screen, and what they read:

- a check-in, new or edited: its note and other feelings ("checkins.checkin");
- a step of the critic work, on the step's own submit (Next, Back, or "save and stop"),
  only that step's words ("critic.critic", "critic.letter", "critic.selves"). Through
  `screen_once()`: moving back and forth through the steps does not ask again about
  words already asked about;
- the same words as autosave keeps them while the person types, through
  `notice_typing()`: quietly, with no card (a card mid-sentence would be jarring), but
  the event is recorded and a clinician the person shares safety alerts with is told.
  Words kept only by autosave, on a page that was then closed and never sent, are not
  missed that way. The card comes when the step is sent, without a second event for
  what was already recorded;
- the small kind thing after a practice, when it is first saved ("practice.kind_action");
- the compassionate other and compassionate self builders: the answers a save changed
  ("practice.builder_other", "practice.builder_self"). Unchanged answers were read when
  they were saved, so saving another answer does not ask again.
- the kind sentence a person writes in quick help when the critic is loud
  ("quickhelp.sentence"), whether or not they keep it: read once, when it is sent.
  Signed out, nothing is recorded, but risky words still lead to the Help page.
- a week's reflection in the 8-week course, when a save changes it ("course.reflection").

Not screened, on purpose:

- the personal safety plan: it describes warning signs and hard moments by design, and
  writing it is itself the safe thing to do; a card there would answer a plan with alarm;
- the name a person asks to be called (accounts): a name, not an account of how they are;
- questionnaires have no free text; their risk item is handled in kindmind.measures.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from django.urls import reverse

from kindmind.accounts.models import User
from kindmind.language import analyse
from kindmind.lib.http import AuthedRequest
from kindmind.safety.actions import record_safety_event

ORDER = {"none": 0, "concern": 1, "urgent": 2}
# Words already asked about in this browser session (see screen_once): markers only.
ASKED_KEY = "safety_asked_about"
ASKED_LIMIT = 200
# The highest level already recorded while typing, per place (see notice_typing).
NOTICED_KEY = "safety_noticed_typing"


def crisis_level(texts: Iterable[str]) -> str:
    """The most urgent crisis level over the texts ("none", "concern" or "urgent")."""
    level = "none"
    for text in texts:
        if text and text.strip():
            found = analyse(text)["crisis"]["level"]
            if ORDER[found] > ORDER[level]:
                level = found
    return level


def _screen(
    *,
    client: User,
    texts: Iterable[str],
    source: str,
    told: str,
    source_id: uuid.UUID | None = None,
) -> str:
    level = crisis_level(texts)
    if ORDER[level] > ORDER[told]:
        record_safety_event(client=client, level=level, source=source, source_id=source_id)
    return level


def _next_step(level: str, then: str) -> str | None:
    if level == "none":
        return None
    query = urlencode({"next": then})
    if level == "urgent":
        return f"{reverse('safety:urgent')}?{query}"
    return f"{reverse('safety:check')}?{query}"


def screen(
    *,
    client: User,
    texts: Iterable[str],
    source: str,
    then: str,
    source_id: uuid.UUID | None = None,
) -> str | None:
    """Check what was just saved. Returns where to send the person instead of `then`,
    or None when nothing was noticed. `source_id` names the saved thing (its id only),
    for the clinician's link to it."""
    level = _screen(client=client, texts=texts, source=source, told="none", source_id=source_id)
    return _next_step(level, then)


def _noticed(request: AuthedRequest) -> dict[str, str]:
    kept = request.session.get(NOTICED_KEY)
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, str) and v in ORDER}


def _remember(
    request: AuthedRequest, noticed: dict[str, str], places: Iterable[str], level: str
) -> None:
    """Keep `level` for each of `places` in `noticed` (as `_noticed` just read it)."""
    for place in places:
        if ORDER[level] > ORDER[noticed.get(place, "none")]:
            noticed.pop(place, None)
            noticed[place] = level
    request.session[NOTICED_KEY] = dict(list(noticed.items())[-ASKED_LIMIT:])


def notice_typing(
    request: AuthedRequest,
    *,
    place: str,
    text: str,
    source: str,
    source_id: uuid.UUID | None = None,
) -> None:
    """Read words autosave has just kept, and record what is noticed, without a card.

    `place` names the one text being typed (its row, e.g. "critic.text:41"), never
    anything of the words. Each place is recorded once per session at each level it
    reaches: the next keystrokes of the same sentence do not tell the clinician again,
    but words that become more urgent do."""
    level = crisis_level([text])
    noticed = _noticed(request)
    if ORDER[level] > ORDER[noticed.get(place, "none")]:
        record_safety_event(client=request.user, level=level, source=source, source_id=source_id)
        _remember(request, noticed, [place], level)


def screen_once(
    request: AuthedRequest,
    *,
    texts: Mapping[str, str],
    source: str,
    then: str,
    source_id: uuid.UUID | None = None,
) -> str | None:
    """`screen()` for a place whose saved words come back through a full save again and
    again, unchanged: a step of a guided flow that the person moves back and forth through.

    `texts` maps a marker to the words. A marker names one saved version of one text
    (its place, then a colon and its version number, e.g. "critic.text:41:3"), never
    anything of the words.
    Words whose marker already led to a card in this browser session are not read again:
    asking twice about the same words, and telling the clinician twice, would nag. Words
    changed since carry a new marker and are read again; so are words sent from a new
    session (after signing in again), which is asked about once more.

    What `notice_typing()` already recorded for these places in this session is not
    recorded again: the card still comes, but the clinician is told once.
    """
    asked = [m for m in request.session.get(ASKED_KEY, []) if isinstance(m, str)]
    fresh = {marker: words for marker, words in texts.items() if marker not in asked}
    places = {marker.rpartition(":")[0] for marker in fresh}
    noticed = _noticed(request)
    told = min((noticed.get(p, "none") for p in places), key=ORDER.__getitem__, default="none")
    level = _screen(
        client=request.user, texts=fresh.values(), source=source, told=told, source_id=source_id
    )
    step = _next_step(level, then)
    if step:
        _remember(request, noticed, places, level)
        asked = [m for m in asked if m not in fresh] + list(fresh)
        request.session[ASKED_KEY] = asked[-ASKED_LIMIT:]
    return step
