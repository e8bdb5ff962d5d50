"""The progress report through HTTP: only the person's own data, the period and parts they
choose, words that state a change plainly and gently, and a fixed number of queries for a
year of data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.report import parts
from kindmind.report.tests.factories import (
    NOW,
    a_year_of_everything,
    checkins,
    phq9_course,
    practices,
)

pytestmark = pytest.mark.django_db

URL = "/report/"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def page(browser: Client, **params: Any) -> str:
    response = browser.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def table_cells(html: str, caption: str) -> list[list[str]]:
    start = html.index(f">{caption}</caption>")
    table = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/signin/?next=/report/")


def test_a_clinician_has_no_report_of_their_own(
    as_sharing_clinician: Client, client_user: User
) -> None:
    phq9_course(client_user, [19, 4])
    assert as_sharing_clinician.get(URL).status_code == 404


def test_scores_bands_and_reliable_change_since_the_first_score_of_the_period(
    as_client: Client, client_user: User
) -> None:
    # 19 is 17 weeks back, outside the default 3 months: the period starts at 16.
    phq9_course(client_user, [19, 16, 4, 24])
    html = page(as_client)
    assert "Patient Health Questionnaire-9 (PHQ-9)" in html
    cells = table_cells(html, "PHQ-9 total in this period")
    assert [c[1:] for c in cells] == [
        ["16", "Moderately severe", "\N{EN DASH}", "First score in this period"],
        ["4", "Minimal", "-4.93", "Reliable improvement"],
        ["24", "Severe", "3.29", "Reliable change, the harder way"],
    ]
    assert "First score in this period: 16 (Moderately severe), on " in html
    assert "Latest: 24 (Severe), on 8 Jun 2026." in html
    assert "Since the first score in this period: a reliable change the harder way." in html
    assert "Reliable change uses these published figures: Reliability r = .84" in html
    assert html.count('class="band band--') == 5


def test_a_longer_period_compares_with_an_earlier_first_score(
    as_client: Client, client_user: User
) -> None:
    phq9_course(client_user, [19, 16, 4])
    html = page(as_client, period="6m")
    cells = table_cells(html, "PHQ-9 total in this period")
    assert [c[1:] for c in cells] == [
        ["19", "Moderately severe", "\N{EN DASH}", "First score in this period"],
        ["16", "Moderately severe", "-1.23", "No reliable change"],
        ["4", "Minimal", "-6.17", "Reliable improvement"],
    ]
    assert "Since the first score in this period: a reliable improvement." in html
    assert "From 22 December 2025 to 15 June 2026" in html


def test_everything_starts_on_the_monday_of_the_first_thing_recorded(
    as_client: Client, client_user: User
) -> None:
    phq9_course(client_user, [19, 4], weeks_apart=100)
    html = page(as_client, period="all")
    # The first PHQ-9 was on Monday 8 July 2024.
    assert "From 8 July 2024 to 15 June 2026" in html
    assert "Since the first score in this period: a reliable improvement." in html


def test_one_score_in_the_period_is_shown_without_a_comparison(
    as_client: Client, client_user: User
) -> None:
    phq9_course(client_user, [16])
    html = page(as_client)
    assert "One score in this period: 16 (Moderately severe), on 8 Jun 2026." in html
    assert "With one score there is nothing to compare yet." in html


def test_a_change_the_harder_way_is_said_once_and_gently(
    as_client: Client, client_user: User
) -> None:
    phq9_course(client_user, [4, 16, 24], weeks_apart=2)
    html = page(as_client).lower()
    assert "worse" not in html
    assert "worsening" not in html
    assert html.count("since the first score in this period: a reliable change the harder") == 1
    assert "say nothing about you as a person" in html
    assert ">harder</text>" in html  # the chart's word beside each such score


def test_only_the_persons_own_data_is_in_the_report(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    other = make_user("someone.else@example.org")
    phq9_course(other, [24, 4])
    practices(other, [NOW - timedelta(days=2)], seconds=1800)
    checkins(other, [NOW - timedelta(days=2)], 9, 9, 9)
    phq9_course(client_user, [16])
    html = page(as_client)
    assert "(Severe)" not in html and "(Minimal)" not in html
    assert "No practice is logged in this period." in html
    assert "No ratings of the three circles in this period." in html


def test_the_parts_chosen_are_the_parts_shown(as_client: Client, client_user: User) -> None:
    phq9_course(client_user, [16, 4])
    practices(client_user, [NOW - timedelta(days=2)])
    checkins(client_user, [NOW - timedelta(days=2)], 5, 5, 5)
    html = page(as_client, parts=["practice", "circles"])
    assert 'id="part-measures"' not in html
    assert 'id="part-practice"' in html and 'id="part-circles"' in html
    assert 'name="parts" value="measures">' in html  # offered, not ticked
    html = page(as_client, parts="measures")
    assert 'id="part-measures"' in html
    assert 'id="part-practice"' not in html and 'id="part-circles"' not in html


@pytest.mark.parametrize(
    "params",
    [
        {"period": "forever"},
        {"period": ["3m", "nonsense", ""]},
        {"period": "<script>", "parts": ["<b>", "\x00"]},
        {"parts": "formulation-that-is-not-here"},
        {"period": "9" * 300},
    ],
)
def test_choices_it_cannot_read_give_the_default_report_calmly(
    as_client: Client, client_user: User, params: dict[str, Any]
) -> None:
    phq9_course(client_user, [16, 4])
    html = page(as_client, **params)
    assert 'value="3m" checked' in html
    for part in parts.BUILT_IN:
        assert f'id="part-{part}"' in html
    assert "<script>" not in html.split("</head>")[1].split("<footer")[0].replace("<script src", "")


def test_practice_minutes_each_week_and_the_counts(as_client: Client, client_user: User) -> None:
    this_week = NOW - timedelta(hours=2)
    practices(client_user, [this_week, this_week - timedelta(hours=1)], seconds=610)
    practices(client_user, [NOW - timedelta(weeks=3)], seconds=30, needed_to_stop=True)
    html = page(as_client)
    assert "In this period: 22 minutes of practice, over 3 practices." in html
    assert "Soothing Rhythm Breathing: 3 times" in html or "3 times</li>" in html
    assert "Once, you stopped a practice to look after yourself." in html
    # The weeks with practice, oldest first; the picture has all 13 weeks.
    assert table_cells(html, "Practice each week") == [
        ["25 May 2026", "1", "1"],
        ["15 Jun 2026", "21", "2"],
    ]
    assert html.count('class="report-bars__bar"') == 2


def test_the_three_circles_weekly_averages(as_client: Client, client_user: User) -> None:
    checkins(client_user, [NOW - timedelta(hours=1), NOW - timedelta(hours=3)], 6, 2, 3)
    checkins(client_user, [NOW - timedelta(hours=5)], 3, 5, 6)
    html = page(as_client)
    assert "from the numbers you gave in 3 check-ins" in html
    assert table_cells(html, "Weekly averages, from the numbers you gave") == [
        ["15 Jun 2026", "5.0", "3.0", "4.0", "3"]
    ]
    assert html.count("<polyline ") == 3


def test_a_name_is_shown_only_when_the_person_has_one(as_client: Client, client_user: User) -> None:
    assert "<h1>Your progress report</h1>" in page(as_client)
    client_user.display_name = "Robin"
    client_user.save(update_fields=["display_name"])
    assert "<h1>Progress report for Robin</h1>" in page(as_client)


def test_a_year_of_data_costs_the_same_fixed_queries_as_a_little(
    as_client: Client, client_user: User
) -> None:
    phq9_course(client_user, [16])
    as_client.get(URL)
    with CaptureQueriesContext(connection) as little:
        page(as_client, period="1y")
    a_year_of_everything(client_user)
    with CaptureQueriesContext(connection) as year:
        html = page(as_client, period="1y")
    assert "Generalized Anxiety Disorder" in html
    # The session with its person, and one read each for questionnaires, check-ins,
    # practice.
    assert len(little.captured_queries) == len(year.captured_queries) == 4
    with CaptureQueriesContext(connection) as everything:
        page(as_client, period="all")
    assert len(everything.captured_queries) == 4


def test_a_part_another_app_adds_is_offered_and_shown_when_chosen(
    as_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, ...]] = []

    def nothing_yet(user: User, first: object, last: object) -> None:
        seen.append((user.email, first, last))

    monkeypatch.setattr(
        parts,
        "EXTRA_PARTS",
        [parts.ExtraPart("formulation", "Your formulation", "unused.html", nothing_yet)],
    )
    html = page(as_client)
    assert 'name="parts" value="formulation">' in html  # offered, off unless chosen
    assert 'id="part-formulation"' not in html
    html = page(as_client, parts=["measures", "formulation"])
    assert '<h2 id="part-formulation">Your formulation</h2>' in html
    assert "Nothing to show here for this period." in html
    assert seen and seen[0][0] == "client@example.org"


def test_the_progress_page_leads_to_the_report(as_client: Client, client_user: User) -> None:
    # Before any questionnaire too: the report also holds practice and the three circles.
    assert 'href="/report/"' in as_client.get("/measures/progress/").content.decode()
    phq9_course(client_user, [16])
    assert 'href="/report/"' in as_client.get("/measures/progress/").content.decode()


def test_someone_just_starting_gets_a_kind_word_for_each_part(as_client: Client) -> None:
    html = page(as_client, period="all")
    assert "From 15 June 2026 to 15 June 2026" in html
    assert "No questionnaires were answered in this period." in html
    assert "No practice is logged in this period. Whenever you'd like, even one minute" in html
    assert "No ratings of the three circles in this period." in html


def test_printing_needs_no_script_the_button_only_helps(as_client: Client) -> None:
    html = page(as_client)
    # The button is shown by app.js (an external file: the CSP allows no inline script);
    # without it, the browser's own Print is named instead.
    assert '<button type="button" class="button" data-print hidden>' in html
    assert "Your browser&#x27;s own Print works too." in html or "Your browser's own Print" in html
    assert "window.print" not in html
