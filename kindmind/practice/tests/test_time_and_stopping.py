"""What the practice log counts, and what is suggested after "I need to stop".

The time a practice logs is measured by the server, from when it started to when the
person finished or stopped (within sane bounds), not only its completed steps; a short
practice that ended with "I need to stop" stays in the log. After stopping, the page
promises shorter, eyes-open practices, and every suggestion keeps that promise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.practice import rules
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import PracticeSession
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"
BREATHING = "soothing-rhythm-breathing"


def started(client_user: User, seconds_ago: float, **fields: Any) -> PracticeSession:
    return make_practice_session(
        client_user, started_at=timezone.now() - timedelta(seconds=seconds_ago), **fields
    )


@time_machine.travel(NOW, tick=False)
def test_a_finish_logs_the_time_actually_spent_not_only_whole_steps(
    as_client: Client, client_user: User
) -> None:
    # 22 seconds in: the first step (15 s) is done, the second (10 s) is not.
    session = started(client_user, 22)
    as_client.post(f"/practice/sessions/{session.id}/finish/", {"steps_done": 1, "seconds": 15})
    session.refresh_from_db()
    assert (session.seconds, session.steps_done, session.ended_at) == (22, 1, timezone.now())


@time_machine.travel(NOW, tick=False)
def test_a_finish_without_javascript_logs_the_time_from_start_to_finish(
    as_client: Client, client_user: User
) -> None:
    session = started(client_user, 140)
    script = PRACTICES[BREATHING].versions["short"]
    as_client.post(
        f"/practice/sessions/{session.id}/finish/",
        {"steps_done": len(script.steps), "seconds": script.seconds},
    )
    session.refresh_from_db()
    assert session.seconds == 140


@time_machine.travel(NOW, tick=False)
def test_the_time_logged_is_clamped_to_sane_bounds(as_client: Client, client_user: User) -> None:
    # Left open for a day, then finished: never more than the practice and some pauses.
    session = started(client_user, 24 * 3600)
    as_client.post(f"/practice/sessions/{session.id}/stop/")
    session.refresh_from_db()
    script = PRACTICES[BREATHING].versions["short"]
    assert session.seconds == script.seconds + rules.PAUSE_ROOM_SECONDS
    # A start "in the future" (a clock that moved) logs nothing odd.
    later = started(client_user, -60)
    as_client.post(f"/practice/sessions/{later.id}/stop/")
    later.refresh_from_db()
    assert later.seconds == 0 and not later.is_open


@time_machine.travel(NOW, tick=False)
def test_a_short_practice_that_ended_in_i_need_to_stop_stays_in_the_log(
    as_client: Client, client_user: User
) -> None:
    session = started(client_user, 5)
    response = as_client.post(
        f"/practice/sessions/{session.id}/stop/", {"steps_done": 0, "seconds": 0}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.seconds, session.needed_to_stop) == (5, True)
    log = as_client.get("/practice/log/").content.decode()
    assert "you stopped to look after yourself" in log
    assert "5 seconds" in log


@time_machine.travel(NOW, tick=False)
def test_a_stop_in_the_very_first_second_is_still_in_the_log(
    as_client: Client, client_user: User
) -> None:
    session = started(client_user, 0)
    as_client.post(f"/practice/sessions/{session.id}/stop/")
    log = as_client.get("/practice/log/").content.decode()
    assert "you stopped to look after yourself" in log


def _keeps_the_promise(suggestion: rules.Suggestion) -> None:
    practice = PRACTICES[suggestion.practice]
    assert suggestion.version == "short", suggestion
    assert practice.versions["short"].minutes <= 3, suggestion
    assert suggestion.eyes_open, suggestion
    assert practice.kind != "imagery", suggestion
    assert practice.intensity != "deep", suggestion


@pytest.mark.parametrize("slug", sorted(PRACTICES))
@time_machine.travel(NOW, tick=False)
def test_after_i_need_to_stop_every_suggestion_is_short_eyes_open_and_not_imagery(
    as_client: Client, client_user: User, slug: str
) -> None:
    session = started(client_user, 30, practice=slug)
    response = as_client.post(f"/practice/sessions/{session.id}/stop/")
    html = as_client.get(response["Location"]).content.decode()
    assert "suggests shorter practices with your eyes open" in html
    situation = rules.Situation(
        now=timezone.now(),
        history=[
            rules.PastPractice(slug, timezone.now(), seconds=30, needed_to_stop=True),
        ],
    )
    found = rules.suggest(situation, PRACTICES)
    assert found
    for suggestion in found:
        _keeps_the_promise(suggestion)
    # The page shows the same: no imagery practice, nothing longer than a few minutes.
    for practice in PRACTICES.values():
        if practice.kind == "imagery" or practice.intensity == "deep":
            assert f"/practice/library/{practice.slug}/?" not in html, practice.slug


@pytest.mark.parametrize("slug", sorted(PRACTICES))
def test_after_backdraft_with_time_to_spare_the_promise_still_holds(slug: str) -> None:
    now = timezone.now()
    for minutes in (None, 2, 5, 10):
        situation = rules.Situation(
            now=now,
            history=[rules.PastPractice(slug, now - timedelta(hours=1), 60, backdraft=True)],
            minutes_available=minutes,
            builders=frozenset({"other", "self"}),
            programme_week=5,
        )
        for suggestion in rules.suggest(situation, PRACTICES):
            _keeps_the_promise(suggestion)


def test_a_stop_more_than_a_week_ago_no_longer_holds_suggestions_back() -> None:
    now = timezone.now()
    situation = rules.Situation(
        now=now,
        history=[rules.PastPractice(BREATHING, now - timedelta(days=8), 30, needed_to_stop=True)],
    )
    assert not rules.going_gently(situation)


@time_machine.travel(NOW, tick=False)
def test_a_short_practice_that_stirred_something_difficult_stays_in_the_log(
    as_client: Client, client_user: User
) -> None:
    session = started(client_user, 4)
    as_client.post(
        f"/practice/sessions/{session.id}/finish/",
        {"steps_done": 0, "seconds": 0, "stirred": "on"},
    )
    session.refresh_from_db()
    assert (session.seconds, session.backdraft) == (4, True)
    log = as_client.get("/practice/log/").content.decode()
    assert "4 seconds" in log
