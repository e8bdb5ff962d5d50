"""The row helpers say exactly what the template tags and filters they replace said."""

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from kindmind.lib.rows import Days, Numbers, url_for_each

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def rendered(source: str, **context: object) -> str:
    return Template("{% load i18n %}" + source).render(Context(context))


def test_each_rows_link_is_the_one_the_url_tag_makes() -> None:
    link = url_for_each("checkins:detail")
    for value in (uuid.uuid4(), str(uuid.uuid4()), 7):
        assert link(value) == reverse("checkins:detail", args=[value])


@pytest.mark.parametrize("arg", [1, 2, "-1"])
def test_numbers_read_as_floatformat_writes_them_rounding_halves_up(arg: str | int) -> None:
    number = Numbers(arg)
    values = [0, 7, 7.0, 2.25, 2.35, 6.05, 6.15, 1 / 3, 2 / 3, 9.999, 10.0, -1.96, 4.5]
    for value in values * 2:  # the second time from what was worked out the first
        assert number(value) == rendered("{{ v|floatformat:a }}", v=value, a=arg)


def test_dates_read_as_the_date_filter_writes_them_in_the_persons_own_timezone() -> None:
    # 23:30 on a Sunday in UTC is already Monday morning in Tokyo.
    moment = datetime(2026, 11, 15, 23, 30, tzinfo=UTC)
    in_tokyo = moment.astimezone(ZoneInfo("Asia/Tokyo"))
    with timezone.override(ZoneInfo("Asia/Tokyo")), translation.override("en"):
        for value in (moment, in_tokyo):
            expected = rendered('{{ v|date:"D j M, H:i" }}', v=value)
            assert Days("D j M, H:i")(value) == expected == "Mon 16 Nov, 08:30"
            assert Days("j M Y")(value) == rendered('{{ v|date:"j M Y" }}', v=value)
        assert Days("j M Y")(moment) == "16 Nov 2026"
        assert Days("j M Y")(date(2026, 1, 5)) == "5 Jan 2026"
        assert Days("l j F, H:i")(moment) == "Monday 16 November, 08:30"


# Every pattern the list pages use, with and without the time.
PATTERNS = ["D j M, H:i", "l j F, H:i", "j M Y, H:i", "j M Y", "j M"]


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, ZoneInfo("Asia/Tokyo"), ZoneInfo("America/St_Johns")]),
    ),
    st.sampled_from(["Europe/London", "Asia/Kolkata", "Pacific/Chatham"]),
    st.sampled_from(["en", "de"]),
)
def test_any_moment_reads_as_the_date_filter_writes_it(
    at: datetime, zone: str, language: str
) -> None:
    with timezone.override(ZoneInfo(zone)), translation.override(language):
        for pattern in PATTERNS:
            made = Days(pattern, escaped=False)
            assert made(at) == dateformat.format(timezone.localtime(at), pattern)
            assert made(at) == made(at)  # the second time from what was worked out


def test_a_pattern_with_the_time_anywhere_but_at_the_end_is_refused() -> None:
    for pattern in ("H:i j M", "j M Y g a", "c"):
        with pytest.raises(ValueError, match="only a day"):
            Days(pattern)
    with pytest.raises(TypeError, match="no time"):
        Days("j M, H:i")(date(2026, 1, 5))
