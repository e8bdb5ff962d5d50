"""The course as data: eight weeks in CONTENT.md's order, every page and practice they
name really there, soothing rhythm breathing every week, and the same week's practice as
the suggestion rule reads."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from kindmind.course.weeks import WEEKS, CourseError, check
from kindmind.practice.rules import DOORWAY, PROGRAMME_WEEKS

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def test_the_course_as_shipped_passes_its_own_check() -> None:
    check(WEEKS)
    assert [w.number for w in WEEKS] == list(range(1, 9))


def test_every_week_has_soothing_rhythm_breathing_and_its_own_practice_from_the_rule() -> None:
    for week in WEEKS:
        assert week.home_practices[0] == DOORWAY
        assert week.own_practice == PROGRAMME_WEEKS[week.number]
        assert week.own_practice in week.home_practices


def test_every_page_of_the_app_a_week_links_to_exists() -> None:
    for week in WEEKS:
        for tool in week.tools:
            assert reverse(tool.url_name, args=tool.args)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"read": ("no-such-page",)}, "week 2: no learning page 'no-such-page'"),
        ({"practise": ("no-such-practice",)}, "week 2: no practice 'no-such-practice'"),
        ({"reflection": " "}, "week 2: a theme and a reflection are needed"),
        ({"introduction": ()}, "week 2: an introduction is needed"),
    ],
)
def test_a_week_naming_something_missing_is_refused_with_its_name(
    change: dict[str, object], message: str
) -> None:
    weeks = list(WEEKS)
    weeks[1] = dataclasses.replace(weeks[1], **change)  # type: ignore[arg-type]
    with pytest.raises(CourseError, match=message):
        check(weeks)


def test_weeks_out_of_order_or_missing_are_refused() -> None:
    with pytest.raises(CourseError, match="weeks 1 to 8"):
        check(WEEKS[:7])
    with pytest.raises(CourseError, match="weeks 1 to 8"):
        check((WEEKS[1], WEEKS[0], *WEEKS[2:]))
