"""Starting, playing and finishing a practice through HTTP, and every way it can go wrong:
tampered steps and durations, ratings out of range, a form sent twice, a finish after
the session expired, leaving part-way. A practice is always logged once, with the time
the server saw from its start to its end."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from kindmind.accounts.models import AuditEvent, User
from kindmind.practice import rules
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import CompassionateOther, PracticeSession
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"
BREATHING = "soothing-rhythm-breathing"
SHORT = PRACTICES[BREATHING].versions["short"]


def start(browser: Client, slug: str = BREATHING, **overrides: Any) -> Any:
    data: dict[str, Any] = {"version": "short", "submission_id": str(uuid.uuid4())}
    data.update(overrides)
    return browser.post(f"/practice/library/{slug}/", data)


def finish_data(steps_done: object = 4, seconds: object = 120, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"steps_done": steps_done, "seconds": seconds}
    data.update(overrides)
    return data


def logged() -> list[tuple[int, int]]:
    return list(
        PracticeSession.objects.filter(ended_at__isnull=False).values_list("steps_done", "seconds")
    )


@time_machine.travel(NOW, tick=False)
def test_a_client_starts_a_practice_with_before_ratings(
    as_client: Client, client_user: User
) -> None:
    page = as_client.get(f"/practice/library/{BREATHING}/").content.decode()
    assert "Short, 2 min" in page and "Standard, 5 min" in page
    assert page.count('type="radio"') >= 3 * 12
    response = start(as_client, distress="6", calm="3", warmth="")
    session = PracticeSession.objects.get()
    assert response["Location"] == f"/practice/sessions/{session.id}/"
    assert (session.client, session.practice, session.version) == (client_user, BREATHING, "short")
    assert (session.distress_before, session.calm_before, session.warmth_before) == (6, 3, None)
    assert session.is_open and session.seconds == 0
    assert AuditEvent.objects.filter(action="create", object_id=str(session.id)).exists()


def test_pressing_start_twice_opens_one_practice(as_client: Client) -> None:
    data = {"version": "short", "submission_id": str(uuid.uuid4())}
    first = as_client.post(f"/practice/library/{BREATHING}/", data)
    second = as_client.post(f"/practice/library/{BREATHING}/", data)
    assert PracticeSession.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"distress": "11"}, "Please choose a number from 0 to 10, or leave it empty."),
        ({"calm": "-1"}, "Please choose a number from 0 to 10, or leave it empty."),
        ({"warmth": "lots"}, "Please choose a number from 0 to 10, or leave it empty."),
        ({"version": "marathon"}, "Please choose the short or the standard version."),
        ({"submission_id": "nope"}, "This form arrived incomplete."),
    ],
)
def test_a_start_form_with_a_mistake_is_explained_and_saves_nothing(
    as_client: Client, overrides: dict[str, str], message: str
) -> None:
    response = start(as_client, **{"calm": "4", **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PracticeSession.objects.exists()


def test_a_practice_without_a_standard_version_offers_only_the_short_one(
    as_client: Client,
) -> None:
    assert start(as_client, "grounding", version="standard").status_code == 400
    assert start(as_client, "grounding").status_code == 302


def test_an_unknown_practice_is_a_friendly_404(as_client: Client) -> None:
    response = as_client.get("/practice/library/juggling/")
    assert response.status_code == 404
    assert "This page isn't here" in response.content.decode()


def test_the_player_without_javascript_shows_every_step_with_its_time(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user)
    html = as_client.get(f"/practice/sessions/{session.id}/").content.decode()
    for step in SHORT.steps:
        assert step.text in html
    assert "About 15 seconds" in html and "About 1 minute 20 seconds" in html
    assert "breathe in for about 5 seconds and out for about 6" in html
    assert html.count('class="steps__item"') == 4
    # The finish form says the whole practice; the stop form knows nothing yet.
    assert re.search(r'name="steps_done" value="4"', html)
    assert re.search(r'name="seconds" value="120"', html)
    assert "I need to stop" in html and "I've finished" in html
    assert "data-pacer" in html and "pacer.js" in html and "player.js" in html


def test_the_player_weaves_in_the_persons_own_words(as_client: Client, client_user: User) -> None:
    CompassionateOther.objects.create(
        client=client_user, what="an old oak tree", voice="low and slow, like wind"
    )
    session = make_practice_session(client_user, practice="compassionate-other")
    html = as_client.get(f"/practice/sessions/{session.id}/").content.decode()
    assert "Bring to mind your compassionate image: an old oak tree." in html
    assert (
        "Let your compassionate image speak to you, in its voice: low and slow, like wind." in html
    )
    # Not described yet: the plain words.
    assert "Notice how it feels to be near it. Its colour, its warmth" in html


def test_finishing_logs_the_time_from_start_to_finish(as_client: Client, client_user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        start(as_client, distress="5")
    session = PracticeSession.objects.get()
    with time_machine.travel("2026-11-18 12:02:03Z", tick=False):
        response = as_client.post(
            f"/practice/sessions/{session.id}/finish/",
            finish_data(distress="3", calm="7", warmth="6"),
        )
        assert response["Location"] == f"/practice/sessions/{session.id}/after/"
        session.refresh_from_db()
        assert session.ended_at == timezone.now()
        page = as_client.get(response["Location"]).content.decode()
    assert (session.steps_done, session.seconds) == (4, 123)
    assert (session.distress_after, session.calm_after, session.warmth_after) == (3, 7, 6)
    assert not session.backdraft and not session.needed_to_stop
    assert "Thank you for practising. 2 minutes are in your log." in page
    assert "Thank you for practising" in page


def test_a_finish_sent_twice_is_logged_once(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user)
    url = f"/practice/sessions/{session.id}/finish/"
    as_client.post(url, finish_data(distress="2"))
    second = as_client.post(url, finish_data(distress="9"))
    assert second["Location"] == f"/practice/sessions/{session.id}/after/"
    assert logged() == [(4, 120)]
    session.refresh_from_db()
    assert session.distress_after == 2
    changes = AuditEvent.objects.filter(action="change", object_id=str(session.id))
    assert changes.count() == 1
    page = as_client.get(second["Location"]).content.decode()
    assert "already in your log. It counts once." in page


@pytest.mark.parametrize(
    "data",
    [
        finish_data(steps_done=4, seconds=600),  # a longer practice than it is
        finish_data(steps_done=4, seconds=119),
        finish_data(steps_done=9, seconds=120),  # a step that does not exist
        finish_data(steps_done=-1, seconds=0),
        finish_data(steps_done="4.5", seconds=120),
        finish_data(steps_done="", seconds=""),
        {"seconds": 120},
    ],
    ids=["long", "short-by-one", "step-9", "negative", "fraction", "empty", "no-steps"],
)
def test_a_tampered_step_or_duration_is_refused_with_a_message(
    as_client: Client, client_user: User, data: dict[str, Any]
) -> None:
    session = make_practice_session(client_user)
    response = as_client.post(f"/practice/sessions/{session.id}/finish/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "That length doesn&#x27;t match this practice, so nothing was logged" in html
        or "This form arrived incomplete" in html
    )
    session.refresh_from_db()
    assert session.is_open and session.seconds == 0
    # The practice is still there to finish.
    assert "I've finished" in html
    assert (
        as_client.post(f"/practice/sessions/{session.id}/finish/", finish_data()).status_code == 302
    )
    assert logged() == [(4, 120)]


def test_after_ratings_out_of_range_are_explained_and_kept_unlogged(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user)
    response = as_client.post(
        f"/practice/sessions/{session.id}/finish/", finish_data(distress="12", calm="4")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose a number from 0 to 10, or leave it empty." in html
    # What was tapped stays tapped.
    assert re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', html)
    session.refresh_from_db()
    assert session.is_open


@time_machine.travel(NOW, tick=False)
def test_ending_part_way_logs_the_time_and_the_steps_that_were_done(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, started_at=timezone.now() - timedelta(seconds=31))
    as_client.post(
        f"/practice/sessions/{session.id}/finish/", finish_data(steps_done=2, seconds=25)
    )
    assert logged() == [(2, 31)]
    session.refresh_from_db()
    assert not session.completed


@time_machine.travel(NOW, tick=False)
def test_leaving_mid_practice_keeps_what_was_done(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, started_at=timezone.now() - timedelta(seconds=110))
    url = f"/practice/sessions/{session.id}/progress/"
    assert as_client.post(url, {"steps_done": 1, "seconds": 15}).status_code == 204
    assert as_client.post(url, {"steps_done": 3, "seconds": 105}).status_code == 204
    # Progress never goes back, and a tampered one is refused.
    assert as_client.post(url, {"steps_done": 2, "seconds": 25}).status_code == 204
    assert as_client.post(url, {"steps_done": 3, "seconds": 999}).status_code == 400
    assert as_client.post(url, {"steps_done": 7, "seconds": 120}).status_code == 400
    session.refresh_from_db()
    assert (session.steps_done, session.seconds, session.is_open) == (3, 105, True)
    log = as_client.get("/practice/log/").content.decode()
    assert "2 minutes of practice" in log and "part of it" in log
    # Finishing later with fewer steps than were saved keeps the larger; the time is the
    # server's, from start to finish.
    as_client.post(
        f"/practice/sessions/{session.id}/finish/", finish_data(steps_done=1, seconds=15)
    )
    assert logged() == [(3, 110)]
    # After the end, progress changes nothing.
    assert as_client.post(url, {"steps_done": 4, "seconds": 120}).status_code == 204
    assert logged() == [(3, 110)]


def test_a_practice_already_logged_opens_its_after_page(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now(), seconds=120, steps_done=4)
    response = as_client.get(f"/practice/sessions/{session.id}/")
    assert response["Location"] == f"/practice/sessions/{session.id}/after/"


def test_a_finish_after_the_session_expired_is_logged_once_after_signing_in(
    client: Client, client_user: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        client.post("/account/signin/", {"username": "client@example.org", "password": PASSWORD})
        start(client, distress="4")
        session = PracticeSession.objects.get()
    # A long break: the sign-in expires (KINDMIND_SESSION_IDLE_MINUTES, 60 by default).
    with time_machine.travel("2026-11-18 14:00Z", tick=False):
        url = f"/practice/sessions/{session.id}/finish/"
        response = client.post(url, finish_data(distress="3", calm="8"))
    # Signing in again takes a while: the time logged ends when the finish was sent.
    with time_machine.travel("2026-11-18 14:05Z", tick=False):
        assert response.status_code == 302
        assert response["Location"] == f"/account/signin/?next={url}"
        session.refresh_from_db()
        assert session.is_open
        signin = client.get(response["Location"]).content.decode()
        assert "You were signed out while you practised" in signin
        back = client.post(
            response["Location"],
            {"username": "client@example.org", "password": PASSWORD},
        )
        assert back["Location"] == url
        done = client.get(url)
        assert done["Location"] == f"/practice/sessions/{session.id}/after/"
        # Coming back to the same address again logs nothing more.
        again = client.get(url)
        assert again["Location"] == f"/practice/sessions/{session.id}/"
    session.refresh_from_db()
    # Two hours open is more than a practice and its pauses: the time logged is clamped
    # to the practice's length plus room for pauses.
    spent = 120 + rules.PAUSE_ROOM_SECONDS
    assert (session.seconds, session.distress_after, session.calm_after) == (spent, 3, 8)
    assert session.ended_at == datetime(2026, 11, 18, 14, 0, tzinfo=UTC)
    assert logged() == [(4, spent)]


def test_a_finish_sent_signed_out_for_someone_elses_practice_logs_nothing(
    client: Client, client_user: User
) -> None:
    other = User.objects.create_user("other.person@example.org", PASSWORD)
    session = make_practice_session(other)
    url = f"/practice/sessions/{session.id}/finish/"
    client.post(url, finish_data())
    client.post("/account/signin/", {"username": "client@example.org", "password": PASSWORD})
    assert client.get(url).status_code == 404
    session.refresh_from_db()
    assert session.is_open


def test_each_finished_practice_is_a_separate_entry(as_client: Client, client_user: User) -> None:
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):
            start(as_client)
    with time_machine.travel("2026-11-18 12:02Z", tick=False):
        for session in PracticeSession.objects.all():
            as_client.post(f"/practice/sessions/{session.id}/finish/", finish_data())
    assert logged() == [(4, 120), (4, 120)]
    with time_machine.travel("2026-11-18 12:03Z", tick=False):
        assert "4 minutes of practice" in as_client.get("/practice/log/").content.decode()
