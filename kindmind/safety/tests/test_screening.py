"""Risk noticed where a person writes: a warm question for concern, help first for
urgent, and nothing recorded but the level, the place and the time."""

import logging
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from conftest import make_checkin
from kindmind.accounts.models import User
from kindmind.checkins.models import CheckIn
from kindmind.language import analyse
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import LEVELS

pytestmark = pytest.mark.django_db

HEAVY = "I wish I could disappear and never wake up"
URGENT = "I have decided to end it tonight, I have the pills ready"


def check_in(browser: Client, note: str) -> str:
    response = browser.post(
        "/checkins/new/",
        {
            "threat": "8",
            "drive": "2",
            "soothing": "1",
            "note": note,
            "submission_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    return str(response["Location"])


def next_of(where: str) -> str:
    return parse_qs(urlsplit(where).query)["next"][0]


def test_an_everyday_note_goes_straight_to_the_circles(as_client: Client) -> None:
    assert check_in(as_client, "This exam is killing me").startswith("/checkins/")
    assert not SafetyEvent.objects.exists()


def test_a_heavy_note_is_saved_then_met_with_a_direct_kind_question(
    as_client: Client, client_user: User
) -> None:
    where = check_in(as_client, HEAVY)
    assert where.startswith("/help/check/?next=")
    assert next_of(where).startswith("/checkins/")
    assert CheckIn.objects.get().note == HEAVY, "what they wrote is kept"
    page = as_client.get(where).content.decode()
    assert "Are you having thoughts of ending your life?" in page
    event = SafetyEvent.objects.get()
    assert (event.level, event.source, event.client_id) == (
        "concern",
        "checkins.checkin",
        client_user.id,
    )


def test_answering_yes_leads_to_the_urgent_page_and_no_leads_back(as_client: Client) -> None:
    where = check_in(as_client, HEAVY)
    then = next_of(where)
    yes = as_client.post("/help/check/", {"answer": "yes", "next": then})
    assert yes["Location"].startswith("/help/urgent/")
    no = as_client.post("/help/check/", {"answer": "no", "next": then})
    assert no["Location"] == then
    nothing = as_client.post("/help/check/", {"next": then})
    assert nothing.status_code == 400


def test_an_urgent_note_goes_to_help_first_and_leaving_needs_a_deliberate_tick(
    as_client: Client,
) -> None:
    where = check_in(as_client, URGENT)
    assert where.startswith("/help/urgent/?next=")
    page = as_client.get(where).content.decode()
    assert "Talk to someone now" in page and "For the next few minutes" in page
    then = next_of(where)
    stray = as_client.post("/help/urgent/", {"next": then})
    assert stray.status_code == 400, "one stray tap does not close it"
    ticked = as_client.post("/help/urgent/", {"next": then, "safe_to_continue": "yes"})
    assert ticked["Location"] == then
    assert SafetyEvent.objects.get().level == "urgent"


def test_the_next_address_cannot_lead_off_site(as_client: Client) -> None:
    response = as_client.post(
        "/help/urgent/", {"next": "https://elsewhere.example/", "safe_to_continue": "yes"}
    )
    assert response["Location"] == "/today/"


@pytest.mark.parametrize("odd", ["0", "today", "front:today", "javascript:alert(1)"])
@pytest.mark.parametrize("page", ["/help/urgent/", "/help/check/"])
def test_a_next_address_that_is_not_a_path_leads_to_today(
    as_client: Client, page: str, odd: str
) -> None:
    # Found by `kindmind bench faults` (hostile input): next=0 was a 500.
    form = {"next": odd, "safe_to_continue": "yes", "answer": "no"}
    response = as_client.post(page, form)
    assert response.status_code == 302
    assert response["Location"] == "/today/"


def test_nothing_written_reaches_the_logs_or_the_event(
    as_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    check_in(as_client, URGENT)
    assert "pills" not in "\n".join(r.getMessage() for r in caplog.records)
    assert "pills" not in str(SafetyEvent.objects.get().__dict__)


@pytest.mark.parametrize(("text", "level"), list(LEVELS.items()))
def test_the_sentences_every_place_is_tested_with_read_as_intended(text: str, level: str) -> None:
    """The place tests (critic, practice, ...) rely on these levels: see words.py."""
    assert analyse(text)["crisis"]["level"] == level


def edit_checkin(browser: Client, checkin: CheckIn, **changes: str) -> str:
    data = {"threat": "6", "drive": "3", "soothing": "2", "note": checkin.note}
    data.update(changes)
    response = browser.post(f"/checkins/{checkin.id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def test_editing_a_check_in_reads_only_the_words_the_edit_changed(
    as_client: Client, client_user: User
) -> None:
    checkin = make_checkin(client_user, note=HEAVY)
    # Only the circles change: the note was read when it was written, so no new card,
    # and no second event (each one tells a sharing clinician).
    assert edit_checkin(as_client, checkin, threat="3").startswith("/checkins/")
    assert not SafetyEvent.objects.exists()
    # New words are read, and kept whatever the answer.
    where = edit_checkin(as_client, checkin, note=URGENT)
    assert where.startswith("/help/urgent/?next=")
    assert CheckIn.objects.get().note == URGENT
    assert SafetyEvent.objects.get().level == "urgent"
