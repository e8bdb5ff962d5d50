"""The words for each rule's reason (kindmind.practice.rules.Reason), and for the pacer's
presets. Every suggestion is shown with why it is suggested."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindmind.practice.rules import Reason, Suggestion

REASONS: dict[Reason, Promise] = {
    Reason.GROUND_AFTER_BACKDRAFT: gettext_lazy(
        "A practice stirred something difficult lately. Grounding comes first: eyes open, "
        "feet on the floor."
    ),
    Reason.KIND_ACTION_AFTER_BACKDRAFT: gettext_lazy(
        "After something difficult, a small kind action is often safer than a practice in "
        "your head."
    ),
    Reason.FLOW_OUT_FIRST: gettext_lazy(
        "Wishing others well is usually the gentlest way back into compassion, before "
        "turning it toward yourself."
    ),
    Reason.SETTLE_HIGH_DISTRESS: gettext_lazy(
        "Your last rating showed a lot of distress. Something short and settling, with "
        "your eyes open."
    ),
    Reason.FIRST_STEP: gettext_lazy(
        "A good first practice: slow breathing is the doorway to the others."
    ),
    Reason.BUILDER_READY: gettext_lazy(
        "You have described this in your own words, and this practice brings them in."
    ),
    Reason.NEXT_IN_SEQUENCE: gettext_lazy(
        "The next step in building a compassionate mind, and one you haven't tried lately."
    ),
    Reason.EVERYDAY: gettext_lazy(
        "A short everyday skill: it turns attention toward what helps, a little at a time."
    ),
    Reason.DOORWAY: gettext_lazy(
        "Slow breathing helps almost any day, and only takes a few minutes."
    ),
    Reason.SHORT_FOR_NOW: gettext_lazy("The short version, to go gently for now."),
    Reason.FITS_YOUR_TIME: gettext_lazy("It fits the time you have."),
}


def reason_words(reason: Reason, suggestion: Suggestion) -> str:
    if reason is Reason.PROGRAMME_WEEK:
        return _("This week's practice in your course (week %(week)s).") % {
            "week": suggestion.programme_week
        }
    return str(REASONS[reason])


def preset_words(slug: str) -> tuple[str, str]:
    """A preset's name and what it is for."""
    words = {
        "soothing": (_("Soothing rhythm"), _("In for 5, out for 6: about 5½ breaths a minute.")),
        "gentle-start": (_("Gentle start"), _("In for 4, out for 6: 6 breaths a minute.")),
        "with-pauses": (
            _("With pauses"),
            _("In for 4, a short pause, out for 5, a short pause: about 5½ a minute."),
        ),
        "slower": (_("Slower"), _("In for 5, out for 7: 5 breaths a minute.")),
        "very-slow": (_("Very slow"), _("In for 6, out for 8: about 4 breaths a minute.")),
    }
    return words.get(slug, (slug, ""))
