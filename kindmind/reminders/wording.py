"""What a reminder says, by kind: warm, short, and never about what was not done.

Each kind names the page its notification opens. Homework and the course week add a
line here (and to Reminder.Kind) when those features exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Words:
    title: Promise
    body: Promise
    path: str


WORDS: dict[str, Words] = {
    "practice": Words(
        title=_("A few kind minutes"),
        body=_("If now is a good moment, a short practice is here for you."),
        path="/practice/",
    ),
    "checkin": Words(
        title=_("A gentle check-in"),
        body=_("How are things for you right now? A check-in takes a minute, whenever suits you."),
        path="/checkins/new/",
    ),
    "questionnaire": Words(
        title=_("A questionnaire you planned"),
        body=_("It is ready when you are, at your own pace."),
        path="/measures/",
    ),
}
