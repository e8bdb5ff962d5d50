"""Taking the 8-week course alone: weeks open a week apart and never early, nothing closes,
reflections are kept (encrypted, private), and Today and the practice suggestions know
the person's week."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from kindmind.accounts.models import User
from kindmind.course.models import Enrolment, Reflection
from kindmind.course.weeks import BY_NUMBER
from kindmind.drafts.models import Draft
from kindmind.practice import summary
from kindmind.practice.rules import Reason

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def travel(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


@pytest.fixture(autouse=True)
def _stay_signed_in(settings: Any) -> None:
    # The course spans weeks; an idle sign-in ends after an hour. These tests are about
    # the weeks, so the sign-in outlasts them.
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600


def start(browser: Client) -> None:
    with travel(START):
        response = browser.post("/course/start/")
    assert response.status_code == 302
    assert response["Location"] == "/course/week/1/"


def test_week_one_opens_at_once_and_the_others_are_not_open_yet(as_client: Client) -> None:
    start(as_client)
    with travel(START + dt.timedelta(minutes=1)):
        week1 = html.unescape(as_client.get("/course/week/1/").content.decode())
        week2 = as_client.get("/course/week/2/")
    assert str(BY_NUMBER[1].reflection) in week1
    assert week2.status_code == 200
    page = html.unescape(week2.content.decode())
    assert "This week isn't open yet" in page
    # When it opens, and none of its content before then.
    assert "Monday 9 March" in page
    assert str(BY_NUMBER[2].reflection) not in page
    assert "Home practice this week" not in page


def test_each_week_opens_seven_days_after_the_last_and_never_a_moment_earlier(
    as_client: Client,
) -> None:
    start(as_client)
    for number in range(2, 9):
        opens = START + dt.timedelta(days=7 * (number - 1))
        with travel(opens - dt.timedelta(seconds=1)):
            early = html.unescape(as_client.get(f"/course/week/{number}/").content.decode())
        with travel(opens):
            on_time = html.unescape(as_client.get(f"/course/week/{number}/").content.decode())
        assert "This week isn't open yet" in early, number
        assert str(BY_NUMBER[number].reflection) not in early
        assert str(BY_NUMBER[number].reflection) in on_time, number


def test_going_slower_loses_nothing_every_open_week_stays_open(as_client: Client) -> None:
    start(as_client)
    # Half a year without a visit: every week is open, and nothing speaks of being behind.
    with travel(START + dt.timedelta(days=180)):
        page = html.unescape(as_client.get("/course/").content.decode())
        for number in range(1, 9):
            assert as_client.get(f"/course/week/{number}/").status_code == 200
    assert "Not open yet" not in page
    assert "Every week is open" in page
    for word in ("behind", "overdue", "missed", "too late", "catch up"):
        assert word not in page.lower()


def test_starting_twice_changes_nothing(as_client: Client, client_user: User) -> None:
    start(as_client)
    with travel(START + dt.timedelta(days=10)):
        as_client.post("/course/start/")
    enrolment = Enrolment.objects.get(client=client_user)
    assert enrolment.started_at == START


def test_a_reflection_is_saved_encrypted_and_shown_again(
    as_client: Client, client_user: User
) -> None:
    start(as_client)
    with travel(START + dt.timedelta(hours=1)):
        response = as_client.post("/course/week/1/", {"text": "It speaks to me sharply."})
        assert response.status_code == 302
        assert response["Location"] == "/course/week/1/#reflection"
        page = html.unescape(as_client.get("/course/week/1/").content.decode())
    assert "It speaks to me sharply." in page
    assert "Only you can see it" in page
    assert Reflection.objects.get(client=client_user, week=1).text == "It speaks to me sharply."
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM course_reflection")
        (stored,) = cursor.fetchone()
    assert "sharply" not in stored


def test_a_reflection_too_long_keeps_every_word_in_the_box_and_saves_nothing(
    as_client: Client, client_user: User
) -> None:
    start(as_client)
    words = "kind " * 900
    with travel(START + dt.timedelta(hours=1)):
        response = as_client.post("/course/week/1/", {"text": words})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Nothing has been lost" in page
    assert words.strip() in page
    assert not Reflection.objects.filter(client=client_user).exists()


def test_a_reflection_for_a_week_not_open_yet_is_not_kept(
    as_client: Client, client_user: User
) -> None:
    start(as_client)
    with travel(START + dt.timedelta(days=3)):
        response = as_client.post("/course/week/2/", {"text": "early words"})
    assert response.status_code == 403
    assert not Reflection.objects.filter(client=client_user).exists()


def test_a_week_before_starting_says_how_to_begin(as_client: Client) -> None:
    page = html.unescape(as_client.get("/course/week/1/").content.decode())
    assert "Week 1 opens as soon as you start the course" in page
    assert as_client.post("/course/week/1/", {"text": "x"}).status_code == 403


def test_weeks_outside_the_course_are_not_found(as_client: Client) -> None:
    start(as_client)
    for number in (0, 9, 10**30):
        assert as_client.get(f"/course/week/{number}/").status_code == 404


def test_nobody_else_reads_a_reflection(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    start(as_client)
    with travel(START + dt.timedelta(hours=1)):
        as_client.post("/course/week/1/", {"text": "private words here"})
        # A clinician the person shares everything with reads the week, not the words.
        page = html.unescape(as_sharing_clinician.get("/course/week/1/").content.decode())
        assert as_sharing_clinician.post("/course/week/1/", {"text": "x"}).status_code == 404
    assert "private words here" not in page
    assert Reflection.objects.get(client=client_user).text == "private words here"


def test_today_shows_the_current_week_and_the_practice_of_that_week(
    as_client: Client, client_user: User
) -> None:
    before = html.unescape(as_client.get("/today/").content.decode())
    assert "Your course" not in before
    start(as_client)
    with travel(START + dt.timedelta(days=15)):
        page = html.unescape(as_client.get("/today/").content.decode())
        found = summary.suggestions(client_user)
    assert "Your course: week 3" in page
    assert str(BY_NUMBER[3].theme) in page
    assert 'href="/course/week/3/"' in page
    # The programme-week rule: week 3's practice, the safe place, is suggested for the week.
    week_rule = [s for s in found if Reason.PROGRAMME_WEEK in s.reasons]
    assert week_rule and week_rule[0].practice == "safe-place"
    assert week_rule[0].programme_week == 3
    # Today's practice card reads the same place in the course as its course card.
    assert found[0] is week_rule[0]
    assert "This week's practice in your course (week 3)." in page


def test_a_reflection_sent_after_the_sign_in_ended_comes_back_after_signing_in(
    client_user: User,
) -> None:
    browser = Client()
    browser.force_login(client_user)
    start(browser)
    browser.logout()
    with travel(START + dt.timedelta(hours=2)):
        response = browser.post("/course/week/1/", {"text": "words typed while away"})
        assert response.status_code == 302
        assert response["Location"].startswith("/account/signin/")
        browser.force_login(client_user)
        page = html.unescape(browser.get("/course/week/1/").content.decode())
    assert "words typed while away" in page
    assert "press Save to keep it" in page
    assert not Reflection.objects.filter(client=client_user).exists()


def typing(text: str, *, rev: int = 1, sitting: str = "") -> dict[str, Any]:
    """One autosave of the reflection box, as autosave.js sends it."""
    return {
        "field": "text",
        "text": text,
        "base_version": 0,
        "sitting": sitting or "9b0c2a8e-3f4b-4f7e-8a55-1d2c3b4a5f60",
        "rev": rev,
    }


def test_a_reflection_is_kept_as_it_is_typed_and_back_in_the_box_until_saved(
    as_client: Client, client_user: User
) -> None:
    start(as_client)
    with travel(START + dt.timedelta(hours=1)):
        answer = as_client.post("/course/week/1/save/", typing("half a thought", rev=2))
        assert answer.status_code == 200 and answer.json()["status"] == "saved"
        # The tab closed: the words are back when the week opens again.
        page = html.unescape(as_client.get("/course/week/1/").content.decode())
        assert "half a thought</textarea>" in page
        assert "are back in the box" in page
        assert not Reflection.objects.filter(client=client_user).exists()
        as_client.post("/course/week/1/", {"text": "half a thought, finished"})
        again = html.unescape(as_client.get("/course/week/1/").content.decode())
    assert Reflection.objects.get(client=client_user).text == "half a thought, finished"
    assert "half a thought, finished</textarea>" in again
    assert "are back in the box" not in again


def test_typing_in_a_week_not_open_or_by_someone_else_keeps_nothing(
    as_client: Client, as_sharing_clinician: Client, client: Client, client_user: User
) -> None:
    assert as_client.post("/course/week/1/save/", typing("x")).status_code == 404
    start(as_client)
    with travel(START + dt.timedelta(days=3)):
        assert as_client.post("/course/week/2/save/", typing("early")).status_code == 404
        assert as_client.post("/course/week/9/save/", typing("none")).status_code == 404
        assert as_sharing_clinician.post("/course/week/1/save/", typing("x")).status_code == 404
        signed_out = client.post("/course/week/1/save/", typing("x"))
        assert signed_out.status_code == 401
        bad = as_client.post("/course/week/1/save/", {**typing("x"), "field": "name"})
        assert bad.status_code == 400
    assert not Draft.objects.exists()
