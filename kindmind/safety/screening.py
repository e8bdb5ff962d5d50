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
  only that step's words ("critic.critic", "critic.letter", "critic.selves"). Not the
  autosave while typing: a card mid-sentence would be jarring. The words autosave kept
  are read when the step is sent. Through `screen_once()`: moving back and forth through
  the steps does not ask again about words already asked about;
- the small kind thing after a practice, when it is first saved ("practice.kind_action");
- the compassionate other and compassionate self builders: the answers a save changed
  ("practice.builder_other", "practice.builder_self"). Unchanged answers were read when
  they were saved, so saving another answer does not ask again.

Not screened, on purpose:

- the personal safety plan: it describes warning signs and hard moments by design, and
  writing it is itself the safe thing to do; a card there would answer a plan with alarm;
- the name a person asks to be called (accounts): a name, not an account of how they are;
- questionnaires have no free text; their risk item is handled in kindmind.measures.
"""

from __future__ import annotations

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


def crisis_level(texts: Iterable[str]) -> str:
    """The most urgent crisis level over the texts ("none", "concern" or "urgent")."""
    level = "none"
    for text in texts:
        if text and text.strip():
            found = analyse(text)["crisis"]["level"]
            if ORDER[found] > ORDER[level]:
                level = found
    return level


def screen(*, client: User, texts: Iterable[str], source: str, then: str) -> str | None:
    """Check what was just saved. Returns where to send the person instead of `then`,
    or None when nothing was noticed."""
    level = crisis_level(texts)
    if level == "none":
        return None
    record_safety_event(client=client, level=level, source=source)
    query = urlencode({"next": then})
    if level == "urgent":
        return f"{reverse('safety:urgent')}?{query}"
    return f"{reverse('safety:check')}?{query}"


def screen_once(
    request: AuthedRequest, *, texts: Mapping[str, str], source: str, then: str
) -> str | None:
    """`screen()` for a place whose saved words come back through a full save again and
    again, unchanged: a step of a guided flow that the person moves back and forth through.

    `texts` maps a marker to the words. A marker names one saved version of one text
    (its row and version number, e.g. "critic.text:41:3"), never anything of the words.
    Words whose marker already led to a card in this browser session are not read again:
    asking twice about the same words, and telling the clinician twice, would nag. Words
    changed since carry a new marker and are read again; so are words sent from a new
    session (after signing in again), which is asked about once more.
    """
    asked = [m for m in request.session.get(ASKED_KEY, []) if isinstance(m, str)]
    fresh = {marker: words for marker, words in texts.items() if marker not in asked}
    step = screen(client=request.user, texts=fresh.values(), source=source, then=then)
    if step:
        asked = [m for m in asked if m not in fresh] + list(fresh)
        request.session[ASKED_KEY] = asked[-ASKED_LIMIT:]
    return step
