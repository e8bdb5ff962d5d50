"""Long lists drawn without per-row template work.

A page that lists a year of someone's data (a table row per week, a link per check-in, a
marker per questionnaire) spent most of its time in the template language resolving the
same few lookups, filters and `{% url %}` tags row after row. These helpers work each
row's words out in Python with the very functions the template filters use, so the page
reads exactly as before while the work done per row is a few string joins.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language


def joined(rows: Iterable[SafeString]) -> SafeString:
    """Rows already escaped, as one string: the template then draws a whole table with
    one lookup instead of one a row."""
    return SafeString("".join(rows))


# What a page shows where there is no value: an en dash, as the templates write it.
NONE = "\u2013"

# Not a character a URL converter would leave unquoted in an id, nor one in any of ours.
_MARK = "kindmind-row-id"


def url_for_each(viewname: str) -> Callable[[object], str]:
    """The URL of `viewname` for each id, reversing once: the same as
    `{% url viewname id %}` for ids that need no quoting (UUIDs, numbers)."""
    head, tail = reverse(viewname, args=[_MARK]).split(_MARK)
    return lambda value: f"{head}{value}{tail}"


class Numbers:
    """`value|floatformat:arg` for the values of one page."""

    def __init__(self, arg: str | int) -> None:
        self._arg = arg
        self._language = get_language()

    def __call__(self, value: float) -> str:
        return _floatformat(value, self._arg, self._language)


@lru_cache(maxsize=4096)
def _floatformat(value: float, arg: str | int, language: str | None) -> str:
    # Worked out once for each distinct value, argument and language (the words follow
    # the active language): ratings are 0-10 and weekly means take few distinct values.
    return str(floatformat(value, arg))


# Format characters of Django's `date` filter that read the time of day or the zone.
_TIME_CHARACTERS = set("aAfgGhHiIsuvePOTZcrU")


class Days:
    """`value|date:pattern` for the values of one page, for a pattern of the day ("j M
    Y") or of the day followed by its hour and minute ("D j M, H:i"): the timezone and
    language looked up once, each day's words worked out once (the weekday and month
    names go through translation, which on a list of 30 rows was a large share of the
    page), the hour and minute added as digits. An aware datetime is shown in the active
    timezone, as the template language does before the filter. Escaped for HTML unless
    `escaped=False`, for words that go on into a template, which escapes them itself."""

    def __init__(self, pattern: str, *, escaped: bool = True) -> None:
        self._with_time = pattern.endswith("H:i")
        self._pattern = pattern[:-3] if self._with_time else pattern
        if _TIME_CHARACTERS & set(self._pattern):
            raise ValueError(f"{pattern!r}: only a day, or a day then H:i")
        self._zone = get_current_timezone()
        self._language = get_language()
        self._escaped = escaped

    def __call__(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            local = value.astimezone(self._zone)
            words = _day_words(local.date(), self._pattern, self._language, self._escaped)
            return f"{words}{local.hour:02d}:{local.minute:02d}" if self._with_time else words
        if self._with_time:
            raise TypeError(f"a day has no time to show: {value!r}")
        return _day_words(value, self._pattern, self._language, self._escaped)


@lru_cache(maxsize=4096)
def _day_words(day: date, pattern: str, language: str | None, escaped: bool) -> str:
    words = str(dateformat.format(day, pattern))
    return html.escape(words) if escaped else words
