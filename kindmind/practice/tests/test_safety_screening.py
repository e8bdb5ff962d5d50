"""Risk noticed in what a person writes around practice (kindmind.safety.screening): the
small kind thing after a practice, and the compassionate other and self builders. The
words are saved first; the person goes on where they were once they have seen the card."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.practice.models import CompassionateOther, CompassionateSelf, KindAction
from kindmind.practice.tests.factories import make_practice_session
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import (
    CONCERN,
    EVERYDAY,
    LEVELS,
    URGENT,
    assert_sent_to_safety,
    the_event,
)

pytestmark = pytest.mark.django_db

OTHER = "/practice/builders/compassionate-other/"
SELF = "/practice/builders/compassionate-self/"


def kind_thing(browser: Client, url: str, action: str, submission: str | None = None) -> str:
    response = browser.post(
        url,
        {"need": "comforted", "action": action, "submission_id": submission or str(uuid.uuid4())},
    )
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize("words", [URGENT, CONCERN])
def test_a_heavy_kind_thing_is_saved_then_met_with_the_safety_page(
    as_client: Client, client_user: User, words: str
) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now(), backdraft=True)
    after = f"/practice/sessions/{session.id}/after/"
    where = kind_thing(as_client, after, words)
    assert_sent_to_safety(where, level=LEVELS[words], then=after)
    assert KindAction.objects.get().action == words, "what they wrote is kept"
    event = the_event(source="practice.kind_action", level=LEVELS[words])
    assert event.client_id == client_user.id


def test_an_everyday_kind_thing_goes_straight_back(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now())
    after = f"/practice/sessions/{session.id}/after/"
    assert kind_thing(as_client, after, EVERYDAY) == after
    assert KindAction.objects.get().action == EVERYDAY
    assert not SafetyEvent.objects.exists()


def test_a_kind_thing_sent_twice_is_asked_about_once(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now())
    after = f"/practice/sessions/{session.id}/after/"
    submission = str(uuid.uuid4())
    assert_sent_to_safety(
        kind_thing(as_client, after, CONCERN, submission), level="concern", then=after
    )
    assert kind_thing(as_client, after, CONCERN, submission) == after
    assert KindAction.objects.count() == 1
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1


def test_choosing_a_need_alone_reads_nothing(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user, ended_at=timezone.now())
    after = f"/practice/sessions/{session.id}/after/"
    assert kind_thing(as_client, after, "") == after
    assert not SafetyEvent.objects.exists()


@pytest.mark.parametrize("words", [URGENT, CONCERN])
@pytest.mark.parametrize(
    ("url", "field", "model", "source"),
    [
        (OTHER, "what", CompassionateOther, "practice.builder_other"),
        (OTHER, "senses", CompassionateOther, "practice.builder_other"),
        (SELF, "qualities", CompassionateSelf, "practice.builder_self"),
        (SELF, "voice", CompassionateSelf, "practice.builder_self"),
    ],
)
def test_heavy_words_in_a_builder_are_saved_then_met_with_the_safety_page(
    as_client: Client,
    client_user: User,
    words: str,
    url: str,
    field: str,
    model: type[CompassionateOther] | type[CompassionateSelf],
    source: str,
) -> None:
    response = as_client.post(url, {"revision": "0", field: words})
    assert response.status_code == 302
    assert_sent_to_safety(response["Location"], level=LEVELS[words], then=url)
    assert getattr(model.objects.get(client=client_user), field) == words
    the_event(source=source, level=LEVELS[words])


@pytest.mark.parametrize("url", [OTHER, SELF])
def test_everyday_words_in_a_builder_go_straight_back(as_client: Client, url: str) -> None:
    response = as_client.post(url, {"revision": "0", "voice": EVERYDAY})
    assert response["Location"] == url
    assert not SafetyEvent.objects.exists()


def test_a_builder_asks_again_only_about_words_a_save_changed(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    first = as_client.post(OTHER, {"revision": "0", "what": CONCERN})
    assert_sent_to_safety(first["Location"], level="concern", then=OTHER)
    # Another answer added, the heavy one unchanged: saved, and no second card or email.
    second = as_client.post(OTHER, {"revision": "1", "what": CONCERN, "voice": "slow, low"})
    assert second["Location"] == OTHER
    assert CompassionateOther.objects.get().voice == "slow, low"
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1
    # The heavy answer itself changed: read again.
    third = as_client.post(OTHER, {"revision": "2", "what": URGENT, "voice": "slow, low"})
    assert_sent_to_safety(third["Location"], level="urgent", then=OTHER)
    assert sorted(SafetyEvent.objects.values_list("level", flat=True)) == ["concern", "urgent"]


def test_a_builder_form_that_is_not_saved_reads_nothing(
    as_client: Client, client_user: User
) -> None:
    CompassionateSelf.objects.create(client=client_user, qualities="patient", revision=3)
    stale = as_client.post(SELF, {"revision": "2", "qualities": URGENT})
    assert stale.status_code == 409, "based on an older save: shown again, not saved"
    assert CompassionateSelf.objects.get().qualities == "patient"
    assert not SafetyEvent.objects.exists()
