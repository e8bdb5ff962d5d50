"""The list date formats give exactly what Django's date filter gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import dateformat
from hypothesis import given
from hypothesis import strategies as st

from kindmind.lib.dates import DateWords

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


@given(st.datetimes(timezones=st.just(UTC)))
def test_the_same_words_as_djangos_date_filter(at: datetime) -> None:
    words = DateWords()
    assert words.day_and_time(at) == dateformat.format(at, "l j F, H:i")
    assert words.short_date_and_time(at) == dateformat.format(at, "j M Y, H:i")


def test_a_known_day() -> None:
    at = datetime(2026, 12, 4, 9, 5, tzinfo=UTC)
    assert DateWords().day_and_time(at) == "Friday 4 December, 09:05"
    assert DateWords().short_date_and_time(at) == "4 Dec 2026, 09:05"
