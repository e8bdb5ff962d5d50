"""What the screening tests of every place write, and the checks they share.

The sentences' levels are what kindmind.language gives them today; test_screening.py
checks that first, so that a change in the models shows up there, by name, rather than
as puzzling failures in every place that screens.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from kindmind.safety.models import PLACES, SafetyEvent

URGENT = "I have decided to end my life tonight"
CONCERN = "I wish I could just disappear and never wake up"
EVERYDAY = "I had a rough day at work"
LEVELS = {URGENT: "urgent", CONCERN: "concern", EVERYDAY: "none"}
# Where each level sends the person, before they go on to where they meant to go.
SAFETY_PAGE = {"urgent": "/help/urgent/", "concern": "/help/check/"}

# Words of the sentences above that must never reach an event (or anything about it).
THEIR_WORDS = ("decided", "life", "tonight", "disappear", "wake", "rough", "work")


def next_of(where: str) -> str:
    return parse_qs(urlsplit(where).query)["next"][0]


def assert_sent_to_safety(where: str, *, level: str, then: str) -> None:
    """The person was sent to the page for `level`, and will go on to `then` after it."""
    assert urlsplit(where).path == SAFETY_PAGE[level], where
    assert next_of(where) == then


def the_event(*, source: str, level: str) -> SafetyEvent:
    """The one safety event, as expected, holding nothing of what was written."""
    event = SafetyEvent.objects.get()
    assert (event.source, event.level) == (source, level)
    assert source in PLACES, "the clinician's Safety page names the place in words"
    row = str({k: v for k, v in event.__dict__.items() if not k.startswith("_")}).lower()
    for word in THEIR_WORDS:
        assert word not in row, word
    return event
