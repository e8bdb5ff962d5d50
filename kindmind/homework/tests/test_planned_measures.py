"""Questionnaires planned by the clinician: the person sees them on Today and answers them
as any other; the clinician sees scores, bands and reliable change with the source of
every figure, only while the person shares questionnaires."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_measure_response, make_user
from kindmind.accounts.models import Share, User
from kindmind.measures.models import Schedule

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"


def plan(browser: Client, client: User, **overrides: str) -> Any:
    data = {"instrument": "phq9", "every_days": "14", "first_due": "2026-11-18"}
    data.update(overrides)
    return browser.post(f"/homework/clients/{client.id}/questionnaires/", data)


@time_machine.travel(NOW, tick=False)
def test_a_planned_questionnaire_waits_on_today_and_records_who_planned_it(
    as_sharing_clinician: Client, as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    response = plan(as_sharing_clinician, client_user)
    assert response.status_code == 302
    schedule = Schedule.objects.get()
    assert (schedule.client, schedule.instrument, schedule.every_days) == (client_user, "phq9", 14)
    assert schedule.planned_by == sharing_clinician
    assert schedule.next_due == date(2026, 11, 18)
    page = as_client.get("/today/").content.decode()
    assert 'href="/measures/answer/phq9/"' in page
    answers = {f"item_{n}": "1" for n in range(1, 10)}
    as_client.post(
        "/measures/answer/phq9/", {"item_count": 9, "submission_id": str(uuid.uuid4()), **answers}
    )
    schedule.refresh_from_db()
    assert schedule.next_due == date(2026, 12, 2)
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "PHQ-9: every 14 days, next ready on 2 December" in text


@time_machine.travel(NOW, tick=False)
def test_the_persons_own_change_makes_the_plan_theirs(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    plan(as_sharing_clinician, client_user)
    as_client.post(
        "/measures/schedule/", {"instrument": "phq9", "every_days": "28", "first_due": ""}
    )
    schedule = Schedule.objects.get(active=True)
    assert schedule.every_days == 28 and schedule.planned_by is None


@time_machine.travel(NOW, tick=False)
def test_the_clinician_sees_scores_bands_and_reliable_change_with_their_sources(
    as_sharing_clinician: Client, client_user: User
) -> None:
    with time_machine.travel("2026-10-01 12:00Z", tick=False):
        make_measure_response(client_user, answers=[3, 3, 2, 2, 2, 2, 2, 1, 0])
    make_measure_response(client_user, answers=[1, 1, 0, 1, 0, 0, 1, 0, 0])
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "Patient Health Questionnaire-9 (PHQ-9)" in text
    assert "17" in text and "Moderately severe" in text
    assert "Minimal" in text
    assert "Reliable improvement" in text
    assert "Jacobson and Truax (1991)" in text
    assert "Kroenke K, Spitzer RL, Williams JBW (2001)" in text


@time_machine.travel(NOW, tick=False)
def test_scores_are_not_shown_when_questionnaires_are_not_shared(
    as_sharing_clinician: Client, client_user: User, sharing_clinician: User
) -> None:
    make_measure_response(client_user)
    share = Share.objects.get(client=client_user, clinician=sharing_clinician)
    share.categories = ["practice"]
    share.save(update_fields=["categories"])
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "Questionnaires and their scores: not shared." in text
    assert "Kroenke" not in text and "PHQ-9" not in text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"instrument": "fscrs"}, "Please choose a questionnaire from the list."),
        ({"every_days": "0"}, "Please type a whole number of days from 1 to 365"),
        ({"first_due": "2020-01-01"}, "Please choose a date from today to a year from now."),
    ],
)
def test_a_plan_with_a_mistake_is_explained_and_saves_nothing(
    as_sharing_clinician: Client, client_user: User, overrides: dict[str, str], message: str
) -> None:
    response = plan(as_sharing_clinician, client_user, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Schedule.objects.exists()


def test_the_unrelated_clinician_cannot_plan(
    as_unrelated_clinician: Client, client_user: User
) -> None:
    assert plan(as_unrelated_clinician, client_user).status_code == 404
    assert not Schedule.objects.exists()


def answer_phq9(browser: Client) -> None:
    answers = {f"item_{n}": "1" for n in range(1, 10)}
    response = browser.post(
        "/measures/answer/phq9/", {"item_count": 9, "submission_id": str(uuid.uuid4()), **answers}
    )
    assert response.status_code == 302


def record_session(browser: Client, client: User, held_on: str = "2026-11-18") -> str:
    response = browser.post(
        f"/clinic/clients/{client.id}/sessions/", {"held_on": held_on}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_questionnaire_at_each_session_is_ready_again_when_a_session_is_recorded(
    as_sharing_clinician: Client, as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    assert plan(as_sharing_clinician, client_user, at_sessions="on").status_code == 302
    schedule = Schedule.objects.get()
    assert schedule.at_sessions and schedule.every_days is None
    # Ready from the first day: the first answers are the starting point.
    assert 'href="/measures/answer/phq9/"' in as_client.get("/today/").content.decode()
    answer_phq9(as_client)
    assert 'href="/measures/answer/phq9/"' not in as_client.get("/today/").content.decode()
    assert "Ready again after your next session." in as_client.get("/measures/").content.decode()
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "PHQ-9: at each session, ready again when you record the next session held" in text
    # An old session written up later does not make it ready; one just held does.
    record_session(as_sharing_clinician, client_user, held_on="2026-10-01")
    assert 'href="/measures/answer/phq9/"' not in as_client.get("/today/").content.decode()
    page = record_session(as_sharing_clinician, client_user)
    assert "The questionnaires you planned for each session are ready" in page
    assert 'href="/measures/answer/phq9/"' in as_client.get("/today/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_another_clinicians_session_leaves_the_plan_waiting(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    plan(as_sharing_clinician, client_user, at_sessions="on")
    answer_phq9(as_client)
    other = make_user("second.clinician@example.org", role=User.Role.CLINICIAN)
    Share.objects.create(client=client_user, clinician=other, categories=["measures"])
    browser = Client()
    browser.force_login(other)
    record_session(browser, client_user)
    assert 'href="/measures/answer/phq9/"' not in as_client.get("/today/").content.decode()
    # The person's own change makes the plan theirs, no longer tied to sessions.
    as_client.post("/measures/schedule/", {"instrument": "phq9", "every_days": "", "first_due": ""})
    schedule = Schedule.objects.get(active=True)
    assert not schedule.at_sessions and schedule.planned_by is None
