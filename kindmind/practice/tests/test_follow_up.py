"""After a practice: thanks when it settled; when it stirred something difficult or the
person needed to stop, backdraft named as normal, grounding first, then one small kind
thing, gentler suggestions, and after repeated backdraft a gentle page and a flag that a
clinician sees only while the person shares their practice."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.practice.models import KindAction, PracticeSession
from kindmind.practice.tests.factories import make_logged, make_practice_session

pytestmark = pytest.mark.django_db

BACKDRAFT_WORDS = "This is called backdraft. It is a normal part of this work"
GROUND = "First, let's ground"


def finish(browser: Client, session: PracticeSession, **data: str) -> str:
    script = session.script
    assert script is not None
    whole = {"steps_done": len(script.steps), "seconds": script.seconds}
    response = browser.post(f"/practice/sessions/{session.id}/finish/", {**whole, **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return browser.get(response["Location"]).content.decode()


def test_a_practice_that_settled_says_thank_you_and_appreciates_effort(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, distress_before=5)
    html = finish(as_client, session, distress="4", calm="7")
    assert "Thank you for practising" in html
    assert "Your effort counts" in html
    assert BACKDRAFT_WORDS not in html and GROUND not in html
    # The door to say it was difficult stays open.
    assert "This stirred something difficult" in html


def test_distress_rising_by_two_names_backdraft_and_grounds_first(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, practice="compassion-to-self", distress_before=3)
    html = finish(as_client, session, distress="5")
    session.refresh_from_db()
    assert session.backdraft and not session.stirred
    assert "That stirred something. That's okay." in html
    assert BACKDRAFT_WORDS in html
    assert "Your distress went up during this practice" in html
    assert html.index(GROUND) < html.index("Then, one small kind thing")
    assert "Keep your eyes open. Feel your feet on the floor." in html
    assert "Ground with guidance, 2 min" in html
    # What comes next changes: grounding, a kind action, then wishing others well.
    next_up = html[html.index("When you're ready, what next") :]
    assert next_up.index("Grounding") < next_up.index("One small kind thing")
    assert next_up.index("One small kind thing") < next_up.index("Compassion flowing out")
    assert "Compassion to yourself" not in next_up
    assert "eyes open" in next_up


def test_a_rise_of_one_is_not_backdraft(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, distress_before=3)
    html = finish(as_client, session, distress="4")
    assert BACKDRAFT_WORDS not in html
    session.refresh_from_db()
    assert not session.backdraft


def test_ticking_it_stirred_something_difficult_is_backdraft(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user)
    html = finish(as_client, session, stirred="on")
    assert BACKDRAFT_WORDS in html
    session.refresh_from_db()
    assert session.stirred and session.backdraft


def test_saying_so_afterwards_turns_the_page_to_backdraft(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user)
    finish(as_client, session)
    response = as_client.post(f"/practice/sessions/{session.id}/stirred/")
    assert response["Location"] == f"/practice/sessions/{session.id}/after/"
    html = as_client.get(response["Location"]).content.decode()
    assert BACKDRAFT_WORDS in html and GROUND in html
    assert "This stirred something difficult" not in html
    session.refresh_from_db()
    assert session.backdraft and session.seconds == 120
    # Saying it twice changes nothing more.
    as_client.post(f"/practice/sessions/{session.id}/stirred/")
    assert AuditEvent.objects.filter(action="change", object_id=str(session.id)).count() == 2


@time_machine.travel("2026-11-18 12:00Z", tick=False)
def test_i_need_to_stop_keeps_what_was_done_and_grounds_first(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, started_at=timezone.now() - timedelta(seconds=30))
    response = as_client.post(f"/practice/sessions/{session.id}/stop/")
    assert response["Location"] == f"/practice/sessions/{session.id}/after/"
    session.refresh_from_db()
    # The 30 seconds since the start are logged; without JavaScript, the steps done are
    # those that fit in them: 15 + 10.
    assert (session.steps_done, session.seconds, session.needed_to_stop) == (2, 30, True)
    assert not session.backdraft
    html = as_client.get(response["Location"]).content.decode()
    assert "You stopped. That was a kind thing to do." in html
    assert GROUND in html and "Then, one small kind thing" in html
    assert BACKDRAFT_WORDS not in html
    # Stopping twice logs once.
    as_client.post(f"/practice/sessions/{session.id}/stop/")
    assert PracticeSession.objects.get().seconds == 30


@time_machine.travel("2026-11-18 12:00Z", tick=False)
def test_i_need_to_stop_with_javascript_sends_how_far_it_got(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user, started_at=timezone.now() - timedelta(seconds=110))
    as_client.post(f"/practice/sessions/{session.id}/stop/", {"steps_done": 3, "seconds": 105})
    session.refresh_from_db()
    # The steps done come from the page; the time from the server's clock.
    assert (session.steps_done, session.seconds) == (3, 110)


def test_a_tampered_stop_is_refused_and_the_practice_stays_open(
    as_client: Client, client_user: User
) -> None:
    session = make_practice_session(client_user)
    response = as_client.post(
        f"/practice/sessions/{session.id}/stop/", {"steps_done": 3, "seconds": 3000}
    )
    assert response.status_code == 400
    assert "nothing was logged" in response.content.decode()
    session.refresh_from_db()
    assert session.is_open


def test_a_small_kind_thing_is_saved_once(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now(), backdraft=True)
    data = {
        "need": "comforted",
        "action": "A warm drink by the window",
        "submission_id": str(uuid.uuid4()),
    }
    url = f"/practice/sessions/{session.id}/after/"
    first = as_client.post(url, data)
    as_client.post(url, data)
    assert first["Location"] == url
    kind = KindAction.objects.get()
    assert (kind.client, kind.session, kind.need, kind.action) == (
        client_user,
        session,
        "comforted",
        "A warm drink by the window",
    )
    log = as_client.get("/practice/log/").content.decode()
    assert "To feel comforted" in log and "A warm drink by the window" in log


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"need": "", "action": "  "}, "Choose what you need, or write one small thing"),
        ({"need": "riches", "action": ""}, "Please choose from the list"),
        ({"need": "", "action": "x" * 301}, "at most 300 characters"),
    ],
)
def test_a_kind_thing_with_a_mistake_is_explained(
    as_client: Client, client_user: User, data: dict[str, str], message: str
) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now(), backdraft=True)
    response = as_client.post(
        f"/practice/sessions/{session.id}/after/", {**data, "submission_id": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not KindAction.objects.exists()


def test_the_kind_thing_practice_offers_to_save_it(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, practice="behavioural-self-compassion")
    html = finish(as_client, session)
    assert "Your small kind thing" in html and 'name="action"' in html


def test_repeated_backdraft_brings_the_gentle_page(as_client: Client, client_user: User) -> None:
    now = timezone.now()
    make_logged(client_user, now - timedelta(days=10), backdraft=True)
    make_logged(client_user, now - timedelta(days=3), backdraft=True)
    session = make_practice_session(client_user)
    html = finish(as_client, session, stirred="on")
    assert "Going gently" in html and "/practice/going-gently/" in html
    page = as_client.get("/practice/going-gently/").content.decode()
    assert "you are not doing it wrong" in page
    assert "Start with kindness toward others" in page


def test_two_backdrafts_or_an_old_third_bring_no_gentle_page(
    as_client: Client, client_user: User
) -> None:
    now = timezone.now()
    make_logged(client_user, now - timedelta(days=20), backdraft=True)
    make_logged(client_user, now - timedelta(days=3), backdraft=True)
    session = make_practice_session(client_user)
    html = finish(as_client, session, stirred="on")
    assert BACKDRAFT_WORDS in html
    assert "/practice/going-gently/" not in html


def repeated(client: User) -> None:
    now = timezone.now()
    for days in (1, 4, 9):
        make_logged(client, now - timedelta(days=days), backdraft=True)
    make_logged(client, now - timedelta(hours=2), seconds=300)


def test_the_clinician_sees_the_flag_when_practice_is_shared(
    client_user: User, as_sharing_clinician: Client
) -> None:
    repeated(client_user)
    html = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert "Practice has stirred difficult feelings repeatedly." in html
    assert "Backdraft 3 times in the last 14 days" in html
    # One audited viewing of the page, as for any client page.
    assert AuditEvent.objects.filter(action="view", subject_id=client_user.id).count() == 1


def test_the_clinician_sees_nothing_of_practice_when_it_is_not_shared(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    repeated(client_user)
    account_actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["profile"], by=client_user
    )
    html = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert "client-practice" not in html
    assert "stirred difficult feelings" not in html
    # And after the share is revoked, not the page at all.
    account_actions.revoke_share(share=Share.objects.get(revoked_at__isnull=True), by=client_user)
    assert as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").status_code == 404


def test_without_repeated_backdraft_there_is_no_flag(
    client_user: User, as_sharing_clinician: Client
) -> None:
    make_logged(client_user, timezone.now() - timedelta(days=1), backdraft=True)
    html = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert "client-practice" in html
    assert "stirred difficult feelings repeatedly" not in html


def test_another_clients_backdraft_never_shows(
    client_user: User, as_sharing_clinician: Client
) -> None:
    repeated(make_user("someone.else@example.org"))
    html = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert "stirred difficult feelings repeatedly" not in html
