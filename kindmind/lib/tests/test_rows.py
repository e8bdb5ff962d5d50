"""The row helpers say exactly what the template tags and filters they replace said."""

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from kindmind.lib.rows import Days, Numbers, date_words, url_for_each

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
            assert date_words(value, "D j M, H:i") == expected == "Mon 16 Nov, 08:30"
            assert Days("j M Y")(value) == rendered('{{ v|date:"j M Y" }}', v=value)
        assert Days("j M Y")(moment) == "16 Nov 2026"
        assert Days("j M Y")(date(2026, 1, 5)) == "5 Jan 2026"
