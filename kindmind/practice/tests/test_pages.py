"""The practice page with its suggestions, the log, the builders, the breathing pacer page
and the card on Today, through HTTP."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kindmind.accounts.models import AuditEvent, User
from kindmind.practice.library import ORDER, PRACTICES
from kindmind.practice.models import CompassionateOther, CompassionateSelf
from kindmind.practice.tests.factories import make_logged

pytestmark = pytest.mark.django_db

# PRODUCT.md principle 1: never these, anywhere a person reads about their practice.
NEVER = re.compile(r"you (missed|failed|should)|streak|badge", re.I)
NOW = "2026-11-18 12:00Z"  # a Wednesday


def test_the_practice_page_lists_the_library_and_suggests_with_reasons(
    as_client: Client,
) -> None:
    html = as_client.get("/practice/").content.decode()
    for slug in ORDER:
        assert f"/practice/library/{slug}/" in html
        assert PRACTICES[slug].title.replace("'", "&#x27;") in html
    suggestions = html[html.index('class="suggestions"') :]
    assert "A good first practice: slow breathing is the doorway to the others." in suggestions
    assert suggestions.count('class="suggestion__why"') == 3
    assert not NEVER.search(html)


def test_the_time_you_have_changes_the_suggestions(as_client: Client, client_user: User) -> None:
    now = timezone.now()
    for slug in ("soothing-rhythm-breathing", "friendly-face-warm-voice", "safe-place"):
        make_logged(client_user, now - timedelta(days=1), practice=slug)
    two = as_client.get("/practice/?minutes=2").content.decode()
    assert "It fits the time you have." in two
    assert re.findall(r"About (\d+) min", two) and all(
        int(m) <= 2 for m in re.findall(r"About (\d+) min", two)
    )
    ten = as_client.get("/practice/?minutes=10").content.decode()
    assert "Compassionate colour" in ten[ten.index('class="suggestions"') :]
    # Anything else is ignored, kindly.
    assert as_client.get("/practice/?minutes=banana").status_code == 200
    assert as_client.get("/practice/?minutes=7").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_log_shows_this_weeks_minutes_and_appreciates_effort(
    as_client: Client, client_user: User
) -> None:
    now = timezone.now()
    make_logged(client_user, now - timedelta(hours=3), seconds=120)
    make_logged(client_user, now - timedelta(days=1), practice="grounding", seconds=60)
    make_logged(client_user, now - timedelta(days=1, hours=2), seconds=25, steps_done=2)
    # Last week's does not count toward this week.
    make_logged(client_user, now - timedelta(days=8), seconds=300)
    html = as_client.get("/practice/log/").content.decode()
    assert "4 minutes of practice, 3 practices." in html
    assert "Each one took effort" in html
    assert "part of it" in html
    assert "Welcome back" not in html
    assert not NEVER.search(html)


@time_machine.travel(NOW, tick=False)
def test_a_gap_brings_a_warm_welcome_back_never_a_missed_count(
    as_client: Client, client_user: User
) -> None:
    make_logged(client_user, timezone.now() - timedelta(days=12))
    for url in ("/practice/", "/practice/log/"):
        html = as_client.get(url).content.decode()
        assert "Welcome back. It's good to see you." in html
        assert not NEVER.search(html)
    log = as_client.get("/practice/log/").content.decode()
    assert "Nothing yet this week, and that's fine." in log


@time_machine.travel(NOW, tick=False)
def test_the_week_follows_the_persons_own_calendar(client: Client) -> None:
    from conftest import make_user

    person = make_user("auckland@example.org", timezone_name="Pacific/Auckland")
    # Monday 00:30 in Auckland is Sunday 11:30 UTC: this week there, last week in UTC.
    make_logged(person, timezone.now().replace(day=15, hour=11, minute=30), seconds=180)
    client.force_login(person)
    assert "3 minutes of practice" in client.get("/practice/log/").content.decode()


def test_the_compassionate_other_is_described_privately_and_woven_in(
    as_client: Client, client_user: User
) -> None:
    page = as_client.get("/practice/builders/compassionate-other/").content.decode()
    assert "Only you can see this" in page
    response = as_client.post(
        "/practice/builders/compassionate-other/",
        {"revision": "0", "what": "a wise old dog", "voice": "calm and low", "colour": "amber"},
    )
    assert response.status_code == 302
    other = CompassionateOther.objects.get(client=client_user)
    assert (other.what, other.voice, other.colour, other.revision) == (
        "a wise old dog",
        "calm and low",
        "amber",
        1,
    )
    assert AuditEvent.objects.filter(object_type="practice.compassionateother").count() == 1
    index = as_client.get("/practice/").content.decode()
    assert 'Your ideal compassionate other</a> <span class="muted">· described' in index


def test_the_compassionate_self_keeps_posture_and_voice(
    as_client: Client, client_user: User
) -> None:
    as_client.post(
        "/practice/builders/compassionate-self/",
        {
            "revision": "0",
            "qualities": "patient and steady",
            "posture": "shoulders soft",
            "voice": "slow",
        },
    )
    saved = CompassionateSelf.objects.get(client=client_user)
    assert (saved.qualities, saved.posture, saved.voice) == (
        "patient and steady",
        "shoulders soft",
        "slow",
    )
    as_client.post(
        "/practice/builders/compassionate-self/",
        {
            "revision": "1",
            "qualities": "patient",
            "posture": "",
            "face": "a half smile",
            "voice": "slow",
        },
    )
    saved.refresh_from_db()
    assert (saved.qualities, saved.posture, saved.face, saved.revision) == (
        "patient",
        "",
        "a half smile",
        2,
    )


def test_an_older_builder_form_does_not_overwrite_a_newer_one(
    as_client: Client, client_user: User
) -> None:
    CompassionateOther.objects.create(client=client_user, what="the sea", revision=3)
    response = as_client.post(
        "/practice/builders/compassionate-other/",
        {"revision": "2", "what": "a lighthouse"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This changed somewhere else since you opened it." in html
    assert "a lighthouse" in html
    assert 'name="revision" value="3"' in html
    assert CompassionateOther.objects.get().what == "the sea"


def test_an_empty_first_builder_saves_nothing(as_client: Client) -> None:
    as_client.post("/practice/builders/compassionate-other/", {"revision": "0"})
    assert not CompassionateOther.objects.exists()
    assert not AuditEvent.objects.filter(object_type="practice.compassionateother").exists()


def test_a_builder_answer_too_long_is_explained(as_client: Client) -> None:
    response = as_client.post(
        "/practice/builders/compassionate-other/", {"revision": "0", "what": "x" * 301}
    )
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()


def test_the_pacer_page_offers_unhurried_rhythms_and_a_text_only_version(
    as_client: Client,
) -> None:
    html = as_client.get("/practice/breathe/").content.decode()
    assert 'data-in="5"' in html and 'data-out="6"' in html and 'data-minutes="5"' in html
    assert (
        "Breathe in slowly for about 5 seconds. Breathe out, a little slower, for about 6" in html
    )
    assert "that is about 27 breaths" in html
    for name in ("Soothing rhythm", "Gentle start", "With pauses", "Slower", "Very slow"):
        assert name in html
    paused = as_client.get("/practice/breathe/?preset=with-pauses").content.decode()
    assert 'data-hold-in="1"' in paused and "Rest for 1 seconds after breathing in" in paused


def test_the_pacer_takes_free_settings_of_long_breaths(as_client: Client) -> None:
    html = as_client.get(
        "/practice/breathe/?breathe_in=7.5&hold_in=0&breathe_out=10&hold_out=2&minutes=10"
    ).content.decode()
    assert 'data-in="7.5"' in html and 'data-out="10"' in html and 'data-hold-out="2"' in html
    assert 'data-minutes="10"' in html


@pytest.mark.parametrize(
    "query",
    [
        "breathe_in=0.5&hold_in=0&breathe_out=6&hold_out=0&minutes=5",
        "breathe_in=5&hold_in=0&breathe_out=6&hold_out=0&minutes=500",
        "breathe_in=fast&hold_in=0&breathe_out=6&hold_out=0&minutes=5",
        "breathe_in=5",
    ],
)
def test_a_pacer_setting_out_of_range_is_explained_and_the_default_used(
    as_client: Client, query: str
) -> None:
    response = as_client.get(f"/practice/breathe/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Something needs another look." in html
    assert 'data-in="5"' in html and 'data-out="6"' in html


def test_today_has_a_practise_card_with_its_reason(as_client: Client) -> None:
    html = as_client.get("/today/").content.decode()
    assert 'id="practise-today"' in html
    assert "Soothing rhythm breathing" in html
    assert "A good first practice" in html
    assert "/practice/library/soothing-rhythm-breathing/?version=short" in html


@time_machine.travel(NOW, tick=False)
def test_todays_card_counts_the_same_week_as_the_log(as_client: Client, client_user: User) -> None:
    from kindmind.practice import summary

    now = timezone.now()
    make_logged(client_user, now - timedelta(hours=2), seconds=130)
    # Monday 00:30, the week's first minutes; Sunday 23:30 is last week's.
    monday = now.replace(hour=0, minute=30) - timedelta(days=2)
    make_logged(client_user, monday, seconds=45)
    make_logged(client_user, monday - timedelta(hours=1), seconds=600)
    # Opened and left at once: no time given, not counted.
    make_logged(client_user, now - timedelta(hours=1), seconds=0, steps_done=0)
    week = summary.this_week(client_user)
    assert (week.minutes, week.practices) == (3, 2)
    html = as_client.get("/today/").content.decode()
    assert "This week you've given 3 minutes to practice." in html


def test_today_has_no_practise_card_for_a_clinician(as_unrelated_clinician: Client) -> None:
    assert 'id="practise-today"' not in as_unrelated_clinician.get("/today/").content.decode()


def test_the_log_takes_the_same_few_queries_however_long_it_is(
    as_client: Client, client_user: User, django_assert_max_num_queries: Any
) -> None:
    now = timezone.now()
    for hours in range(30):
        make_logged(client_user, now - timedelta(hours=hours + 1))
    # Session, user, last practice, the week, the count for the pages, the list, kind
    # actions, the session save.
    with django_assert_max_num_queries(10):
        html = as_client.get("/practice/log/").content.decode()
    assert html.count('class="row"') == 20


@time_machine.travel(NOW, tick=False)
def test_every_practice_stays_in_the_log_a_page_at_a_time(
    as_client: Client, client_user: User
) -> None:
    now = timezone.now()
    for days in range(45):
        make_logged(client_user, now - timedelta(days=days, hours=1), seconds=60 + days)
    first = as_client.get("/practice/log/").content.decode()
    assert first.count('class="row"') == 20
    assert "Page 1 of 3" in first and 'href="?page=2">Older</a>' in first
    assert "Newer" not in first
    # The oldest, 44 days ago, is on the last page, with the way back to newer ones.
    last = as_client.get("/practice/log/?page=3").content.decode()
    assert last.count('class="row"') == 5
    assert "1 minute 44 seconds" in last
    assert "Page 3 of 3" in last and 'href="?page=2">Newer</a>' in last
    seen = set()
    for n in (1, 2, 3):
        html = as_client.get(f"/practice/log/?page={n}").content.decode()
        seen.update(re.findall(r'<time datetime="([^"]+)"', html))
    assert len(seen) == 45
    # The week and the kind words stay on every page.
    assert "minutes of practice" in last


@pytest.mark.parametrize("page", ["0", "-1", "99", "banana", "2.5", "", "%00"])
def test_a_log_page_that_does_not_exist_shows_a_real_one(
    as_client: Client, client_user: User, page: str
) -> None:
    now = timezone.now()
    for days in range(25):
        make_logged(client_user, now - timedelta(days=days, hours=1))
    response = as_client.get(f"/practice/log/?page={page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="row"') in (20, 5)
    assert re.search(r"Page [12] of 2", html)


def test_the_client_nav_has_practice(as_client: Client) -> None:
    html = as_client.get("/practice/").content.decode()
    assert '<a href="/practice/" aria-current="page">Practice</a>' in html
