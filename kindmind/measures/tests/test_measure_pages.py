"""Questionnaires through HTTP: answering one, the risk path, plans, Today's card, the
response page and who may see it. Progress and export have their own modules."""

from __future__ import annotations

import logging
import re
import shutil
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_measure_response, make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, User
from kindmind.measures.models import Response, Schedule
from kindmind.measures.scoring import score
from kindmind.safety.models import SafetyEvent

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"
PACKS = Path(__file__).parent / "packs"


def answers_form(answers: Sequence[int | None], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"item_{n}": "" if a is None else str(a) for n, a in enumerate(answers, start=1)
    }
    data["item_count"] = str(len(answers))
    data["submission_id"] = str(uuid.uuid4())
    data.update(overrides)
    return data


PHQ9_LOW = [1, 1, 2, 0, 1, 1, 0, 0, 0]


@pytest.fixture
def with_fscrs_pack(settings: Any, tmp_path: Path) -> None:
    """A deployer's data directory holding the placeholder FSCRS pack."""
    (tmp_path / "instrument-packs").mkdir()
    shutil.copy(PACKS / "fscrs.json", tmp_path / "instrument-packs" / "fscrs.json")
    settings.DATA_DIR = tmp_path


# --- Answering ---------------------------------------------------------------------------


def test_the_phq9_form_has_one_labelled_group_per_question(as_client: Client) -> None:
    html = as_client.get("/measures/answer/phq9/").content.decode()
    assert html.count('<fieldset class="measure__item') == 10  # nine items and the difficulty
    assert "Little interest or pleasure in doing things" in html
    assert html.count('type="radio"') == 9 * 4 + 4
    assert "Over the last 2 weeks" in html
    assert 'name="submission_id"' in html
    assert "data-measure-stepper" in html
    assert "measure-stepper.js" in html


@time_machine.travel(NOW, tick=False)
def test_completing_a_phq9_stores_the_score_the_core_computes(
    as_client: Client, client_user: User
) -> None:
    response = as_client.post(
        "/measures/answer/phq9/", answers_form(PHQ9_LOW, extra_difficulty="1")
    )
    saved = Response.objects.get()
    assert response["Location"] == f"/measures/responses/{saved.id}/"
    assert saved.client == client_user
    assert saved.answers == PHQ9_LOW
    assert saved.unscored == {"difficulty": 1}
    assert saved.result == score("phq9", PHQ9_LOW).as_json()
    assert saved.result["total"] == 6
    assert saved.timezone == "Europe/London"
    assert saved.wording.startswith("built-in: PHQ-9")
    page = as_client.get(response["Location"]).content.decode()
    assert "Thank you. Your answers are saved." in page
    assert "6 out of 27" in page
    assert "<dd>Mild</dd>" in page
    assert "Bands are the ones the questionnaire's authors published." in page
    assert "This is your starting point" in page
    event = AuditEvent.objects.get(action="create", object_type="measures.response")
    assert event.object_id == str(saved.id)


def test_sending_the_same_form_twice_saves_it_once(as_client: Client) -> None:
    data = answers_form(PHQ9_LOW)
    first = as_client.post("/measures/answer/phq9/", data)
    second = as_client.post("/measures/answer/phq9/", data)
    assert Response.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert AuditEvent.objects.filter(object_type="measures.response").count() == 1


def test_a_risk_answer_leads_gently_to_help_and_logs_no_answer(
    as_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = [0, 0, 0, 0, 0, 0, 0, 0, 1]
    response = as_client.post("/measures/answer/phq9/", answers_form(answers))
    assert response["Location"] == "/help/?from=measure"
    saved = Response.objects.get()
    assert saved.result["flags"] == ["risk_item"]
    safety_event = SafetyEvent.objects.get()
    assert (safety_event.level, safety_event.source) == ("concern", "measures.phq9")
    # Its id only, so that a clinician the person shares questionnaires with can open it.
    assert safety_event.source_id == saved.id
    help_page = as_client.get(response["Location"]).content.decode()
    assert "One of your answers spoke of thoughts of harming yourself" in help_page
    assert "You don't have to get through this alone" not in help_page
    assert "Thank you. Your answers are saved." in help_page
    # The answers are nowhere but in the saved response: not in logs, not in the audit.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "item_" not in logged
    assert "risk" not in logged
    event = AuditEvent.objects.get(object_type="measures.response")
    assert "risk" not in str(vars(event))
    # The response page offers help too.
    page = as_client.get(f"/measures/responses/{saved.id}/").content.decode()
    assert "See help you can reach now" in page


def test_the_help_page_keeps_its_own_first_words_otherwise(client: Client) -> None:
    html = client.get("/help/?from=elsewhere").content.decode()
    assert "You don't have to get through this alone" in html


def test_a_missing_answer_is_asked_for_kindly_and_every_other_answer_stays(
    as_client: Client,
) -> None:
    answers: list[int | None] = [3, 2, 1, None, 0, 1, 2, 3, 0]
    response = as_client.post("/measures/answer/phq9/", answers_form(answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This one still needs an answer. Choose whichever fits best." in html
    assert "Nothing has been lost: every answer you chose is still here." in html
    assert 'href="#q-4"' in html
    for number, value in enumerate(answers, start=1):
        if value is not None:
            assert re.search(
                rf'value="{value}"[^>]*id="id_item_{number}_{value}"[^>]*checked', html
            )
    assert not Response.objects.exists()


def test_the_core10_allows_one_empty_answer_and_prorates(as_client: Client) -> None:
    answers: list[int | None] = [2, 2, 2, 2, 2, None, 2, 2, 2, 2]
    as_client.post("/measures/answer/core10/", answers_form(answers))
    saved = Response.objects.get()
    assert saved.result["flags"] == ["prorated"]
    assert saved.result["complete"] is False
    page = as_client.get(f"/measures/responses/{saved.id}/").content.decode()
    assert "the total is estimated from the others" in page


def test_the_core10_asks_again_when_two_answers_are_empty(as_client: Client) -> None:
    answers: list[int | None] = [2, 2, None, 2, 2, None, 2, 2, 2, 2]
    response = as_client.post("/measures/answer/core10/", answers_form(answers))
    assert response.status_code == 400
    assert "can leave one question empty, but not more" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("path", "overrides", "message"),
    [
        ("phq9", {"item_3": "4"}, "Please choose one of the answers shown."),
        ("phq9", {"item_3": "-1"}, "Please choose one of the answers shown."),
        ("phq9", {"item_3": "two"}, "Please choose one of the answers shown."),
        ("phq9", {"extra_difficulty": "9"}, "Please choose one of the answers shown."),
        ("phq9", {"item_count": "10"}, "doesn&#x27;t match the questionnaire"),
        ("phq9", {"item_count": ""}, "doesn&#x27;t match the questionnaire"),
        ("phq9", {"item_10": "1"}, "doesn&#x27;t match the questionnaire"),
        ("phq9", {"item_0": "1"}, "doesn&#x27;t match the questionnaire"),
        ("phq9", {"submission_id": "again"}, "This form arrived incomplete."),
        ("not-a-questionnaire", {}, "We don't know a questionnaire by that name."),
        ("fscrs", {}, "can't be shown on this kindmind yet"),
    ],
)
def test_bad_answers_get_a_kind_400_and_save_nothing(
    as_client: Client, path: str, overrides: dict[str, str], message: str
) -> None:
    response = as_client.post(f"/measures/answer/{path}/", answers_form(PHQ9_LOW, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists()
    assert not AuditEvent.objects.filter(object_type="measures.response").exists()


def test_an_instrument_without_licensed_wording_is_not_offered(as_client: Client) -> None:
    assert as_client.get("/measures/answer/fscrs/").status_code == 404
    html = as_client.get("/measures/").content.decode()
    assert "Not available here" in html
    assert "Forms of Self-Criticising/Attacking and Self-Reassuring Scale (FSCRS)" in html
    assert "This questionnaire isn't available here yet." in html
    assert 'href="/measures/answer/fscrs/"' not in html


def test_a_licensed_pack_makes_its_questionnaire_available(
    as_client: Client, with_fscrs_pack: None
) -> None:
    html = as_client.get("/measures/").content.decode()
    assert 'href="/measures/answer/fscrs/"' in html
    form = as_client.get("/measures/answer/fscrs/").content.decode()
    assert "Placeholder item 22" in form
    answers = [1] * 22
    as_client.post("/measures/answer/fscrs/", answers_form(answers))
    saved = Response.objects.get()
    assert saved.result["total"] is None
    assert saved.result["subscales"] == {"inadequate_self": 9, "hated_self": 5, "reassured_self": 8}
    assert saved.result["flags"] == ["risk_item"]


def test_nobody_answers_in_another_persons_name(as_client: Client, client_user: User) -> None:
    other = make_user("other.client@example.org")
    as_client.post(
        "/measures/answer/phq9/", answers_form(PHQ9_LOW, client=str(other.id), client_id="x")
    )
    assert Response.objects.get().client == client_user


def test_clinician_accounts_have_no_questionnaire_pages(as_unrelated_clinician: Client) -> None:
    for path in (
        "/measures/",
        "/measures/answer/phq9/",
        "/measures/schedule/",
        "/measures/progress/",
        "/measures/export.csv",
        "/measures/export.json",
        "/measures/export.fhir.json",
    ):
        assert as_unrelated_clinician.get(path).status_code == 404, path


# --- Plans -------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_planning_a_questionnaire_every_two_weeks(as_client: Client, client_user: User) -> None:
    response = as_client.post(
        "/measures/schedule/", {"instrument": "gad7", "every_days": "14", "first_due": ""}
    )
    assert response["Location"] == "/measures/"
    plan = Schedule.objects.get()
    assert (plan.instrument, plan.every_days, plan.next_due, plan.active) == (
        "gad7",
        14,
        date(2026, 11, 18),
        True,
    )
    html = as_client.get("/measures/").content.decode()
    assert "Your plan is saved." in html
    assert "Planned every 14 days." in html
    assert "Ready now." in html
    assert AuditEvent.objects.filter(action="create", object_type="measures.schedule").exists()


@time_machine.travel(NOW, tick=False)
def test_changing_a_plan_updates_it_rather_than_adding_another(as_client: Client) -> None:
    as_client.post("/measures/schedule/", {"instrument": "phq9", "every_days": "14"})
    as_client.post(
        "/measures/schedule/", {"instrument": "phq9", "every_days": "", "first_due": "2026-12-01"}
    )
    plan = Schedule.objects.get()
    assert (plan.every_days, plan.next_due) == (None, date(2026, 12, 1))
    form = as_client.get("/measures/schedule/?instrument=phq9").content.decode()
    assert 'value="2026-12-01"' in form


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"instrument": "phq9", "every_days": "0"}, "from 1 to 365"),
        ({"instrument": "phq9", "every_days": "100000"}, "from 1 to 365"),
        ({"instrument": "phq9", "every_days": "fortnightly"}, "from 1 to 365"),
        ({"instrument": "phq9", "every_days": "7.5"}, "from 1 to 365"),
        ({"instrument": "nothing", "every_days": "7"}, "Please choose a questionnaire"),
        ({"instrument": "fscrs", "every_days": "7"}, "Please choose a questionnaire"),
        ({"every_days": "7"}, "Please choose a questionnaire"),
        ({"instrument": "phq9", "first_due": "2026-11-17"}, "from today to a year from now"),
        ({"instrument": "phq9", "first_due": "2028-01-01"}, "from today to a year from now"),
        ({"instrument": "phq9", "first_due": "soon"}, "from today to a year from now"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_plan_gets_a_kind_400_and_saves_nothing(
    as_client: Client, data: dict[str, str], message: str
) -> None:
    response = as_client.post("/measures/schedule/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Schedule.objects.exists()


def test_answering_moves_a_repeating_plan_on_and_ends_a_one_off(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-18 23:30Z", tick=False):
        # 23:30 in London on the 18th: the person's own date.
        as_client.post("/measures/schedule/", {"instrument": "phq9", "every_days": "14"})
        as_client.post("/measures/schedule/", {"instrument": "gad7", "every_days": ""})
        as_client.post("/measures/answer/phq9/", answers_form(PHQ9_LOW))
        as_client.post("/measures/answer/gad7/", answers_form([0] * 7))
    phq9 = Schedule.objects.get(instrument="phq9")
    assert (phq9.next_due, phq9.active) == (date(2026, 12, 2), True)
    assert not Schedule.objects.get(instrument="gad7").active


def test_today_shows_a_ready_questionnaire_and_only_then(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        assert "questionnaire is ready" not in as_client.get("/today/").content.decode()
        Schedule.objects.create(
            client=client_user, instrument="phq9", every_days=14, next_due=date(2026, 11, 19)
        )
        assert "questionnaire is ready" not in as_client.get("/today/").content.decode()
    with time_machine.travel("2026-11-19 09:00Z", tick=False):
        as_client.force_login(client_user)
        html = as_client.get("/today/").content.decode()
        assert "A questionnaire is ready" in html
        assert 'href="/measures/answer/phq9/"' in html
        assert "Answer the PHQ-9" in html


def test_stopping_a_plan_asks_first_and_keeps_the_answers(
    as_client: Client, client_user: User
) -> None:
    make_measure_response(client_user)
    plan = Schedule.objects.create(
        client=client_user, instrument="phq9", every_days=7, next_due=date(2026, 1, 1)
    )
    assert (
        "Stop planning the PHQ-9?"
        in as_client.get(f"/measures/schedules/{plan.id}/stop/").content.decode()
    )
    response = as_client.post(f"/measures/schedules/{plan.id}/stop/")
    assert response["Location"] == "/measures/"
    plan.refresh_from_db()
    assert not plan.active
    assert Response.objects.count() == 1
    assert as_client.get(f"/measures/schedules/{plan.id}/stop/").status_code == 404


def test_only_the_owner_may_stop_a_plan(
    client_user: User, as_sharing_clinician: Client, as_unrelated_clinician: Client
) -> None:
    plan = Schedule.objects.create(
        client=client_user, instrument="phq9", every_days=7, next_due=date(2026, 1, 1)
    )
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    for browser in (as_sharing_clinician, as_unrelated_clinician, as_other):
        assert browser.get(f"/measures/schedules/{plan.id}/stop/").status_code == 404
        assert browser.post(f"/measures/schedules/{plan.id}/stop/").status_code == 404
    plan.refresh_from_db()
    assert plan.active


# --- The response page and sharing --------------------------------------------------------


def test_the_sharing_clinician_reads_a_response_only_while_questionnaires_are_shared(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    saved = make_measure_response(client_user)
    page = as_sharing_clinician.get(f"/measures/responses/{saved.id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Little interest or pleasure in doing things" in html
    assert "/measures/progress/" not in html, "no owner links for a reader"
    account_actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["checkins"], by=client_user
    )
    assert as_sharing_clinician.get(f"/measures/responses/{saved.id}/").status_code == 404


def test_the_sharing_page_offers_questionnaires_as_a_category(as_client: Client) -> None:
    assert "Questionnaires and their scores" in as_client.get("/account/sharing/").content.decode()


def test_a_later_response_is_compared_with_the_first(as_client: Client, client_user: User) -> None:
    first = make_measure_response(client_user, answers=[3, 3, 3, 2, 2, 2, 2, 2, 0])
    first.completed_at -= timedelta(days=28)
    first.save(update_fields=["completed_at"])
    later = make_measure_response(client_user, answers=[1, 1, 1, 0, 0, 1, 0, 0, 0])
    html = as_client.get(f"/measures/responses/{later.id}/").content.decode()
    assert "Reliable improvement" in html
    assert "Reliable change index (Jacobson and Truax, 1991): -6.17" in html
