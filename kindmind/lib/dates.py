"""Two date formats that long lists show on every row, made without Django's formatter.

`django.utils.dateformat` looks up the weekday and month names as lazy translations on
every call, and each lookup asks for the active language through asgiref's context-local
storage: on a page of 30 rows that was a large share of the page's time. Here the names
are translated once per language and process (the catalogues do not change while a
process runs), and the result is the same text Django's `date` filter gives (tested).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.translation import get_language, override


@lru_cache(maxsize=16)
def _names(language: str | None) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    with override(language):
        return (
            {n: str(name) for n, name in WEEKDAYS.items()},
            {n: str(name) for n, name in MONTHS.items()},
            {n: str(name).title() for n, name in MONTHS_3.items()},
        )


class DateWords:
    """The formats for the language active when it is made: make one per request."""

    def __init__(self) -> None:
        self.weekdays, self.months, self.months_3 = _names(get_language())

    def day_and_time(self, at: datetime) -> str:
        """Django's "l j F, H:i": "Friday 4 December, 09:05"."""
        return (
            f"{self.weekdays[at.weekday()]} {at.day} {self.months[at.month]}, "
            f"{at.hour:02d}:{at.minute:02d}"
        )

    def short_date_and_time(self, at: datetime) -> str:
        """Django's "j M Y, H:i": "4 Dec 2026, 09:05"."""
        return f"{at.day} {self.months_3[at.month]} {at.year:04d}, {at.hour:02d}:{at.minute:02d}"
