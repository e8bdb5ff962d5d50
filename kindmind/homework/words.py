"""What a piece of homework is called, where it opens, and how often it asks, in words."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindmind.homework.models import Homework
from kindmind.homework.progress import EACH_DAY, Status
from kindmind.measures import keys
from kindmind.measures.catalogue import short_name
from kindmind.practice.library import PRACTICES


def title(homework: Homework, own_titles: dict[str, str] | None = None) -> str:
    """`own_titles`: the titles of clinicians' own practices by slug (`own.titles`)."""
    if homework.kind == Homework.Kind.PRACTICE:
        practice = PRACTICES.get(homework.target)
        if practice is not None:
            return practice.title
        return (own_titles or {}).get(homework.target) or _("A practice")
    if homework.kind == Homework.Kind.MEASURE:
        return (
            short_name(homework.target)
            if homework.target in keys.INSTRUMENTS
            else _("A questionnaire")
        )
    if homework.kind == Homework.Kind.LETTER:
        return _("A compassionate letter")
    return _("When the critic shows up")


def link(homework: Homework) -> str:
    """Where the person does it: the practice, a new critic entry or letter, the form."""
    if homework.kind == Homework.Kind.PRACTICE:
        return reverse("practice:detail", args=[homework.target])
    if homework.kind == Homework.Kind.MEASURE:
        return reverse("measures:answer", args=[homework.target])
    return reverse("critic:start", args=[homework.kind])


def how_often(homework: Homework) -> str:
    times = homework.times_a_week
    if times is None:
        return _("once")
    if times == EACH_DAY:
        return _("each day")
    return ngettext("one day a week", "%(count)s days a week", times) % {"count": times}


def until(homework: Homework) -> str:
    return date_format(homework.until, "j F")


def span(homework: Homework) -> str:
    """How often and until when, as one short sentence: "Each day, until 20 December." """
    day = until(homework)
    times = homework.times_a_week
    if times is None:
        return _("Once, any day until %(day)s.") % {"day": day}
    if times == EACH_DAY:
        return _("Each day, until %(day)s.") % {"day": day}
    return ngettext(
        "One day a week, until %(day)s.", "%(count)s days a week, until %(day)s.", times
    ) % {"count": times, "day": day}


def for_person(status: Status, homework: Homework) -> str:
    """What the person reads about what they have done: only ever what is there."""
    if status.days_in_period == 0:
        return ""
    if homework.times_a_week is None:
        return _("Done. Thank you.")
    if homework.times_a_week == EACH_DAY:
        return _("Done today. Thank you.")
    return ngettext(
        "You've come to it on %(count)s day this week.",
        "You've come to it on %(count)s days this week.",
        status.days_in_period,
    ) % {"count": status.days_in_period}


def for_clinician(status: Status, homework: Homework, today: date) -> str:
    """What the clinician reads: plain counts, no judgement."""
    if homework.times_a_week is None:
        if status.last_done is not None:
            return _("Done on %(day)s.") % {"day": date_format(status.last_done, "j F")}
        return _("Not done yet.")
    if homework.times_a_week == EACH_DAY:
        period = _("Today: done.") if status.days_in_period else _("Today: not yet.")
    else:
        period = _("This week: %(done)s of %(wanted)s days.") % {
            "done": status.days_in_period,
            "wanted": status.wanted,
        }
    total = ngettext("%(count)s day in all.", "%(count)s days in all.", status.days_in_all) % {
        "count": status.days_in_all
    }
    return f"{period} {total}"
