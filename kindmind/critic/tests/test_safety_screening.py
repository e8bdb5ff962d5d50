"""Risk noticed in critic work, letters and multiple selves (kindmind.safety.screening):
a step's words are read when the step is sent, and met with the card then; while
autosave runs they are read quietly, recorded with no card. The words are saved first,
and the person goes on where they meant to once they have seen the card."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from kindmind.accounts.models import User
from kindmind.critic.models import Entry, Text
from kindmind.critic.tests.conftest import make_entry
from kindmind.critic.tests.test_autosave import save
from kindmind.critic.tests.test_flow_pages import submit, texts
from kindmind.safety.models import SafetyEvent
from kindmind.safety.screening import ASKED_KEY, NOTICED_KEY
from kindmind.safety.tests.words import (
    CONCERN,
    EVERYDAY,
    LEVELS,
    URGENT,
    assert_sent_to_safety,
    the_event,
)

pytestmark = pytest.mark.django_db


def step_url(entry: Entry, slug: str) -> str:
    return f"/critic/{entry.id}/step/{slug}/"


def detail_url(entry: Entry) -> str:
    return f"/critic/{entry.id}/"


# (kind, step, its text field, how the step is left, where the person meant to go)
PLACES: list[tuple[str, str, str, str, Any]] = [
    ("critic", "happened", "what_happened", "next", lambda e: step_url(e, "words")),
    ("critic", "words", "critic_words", "back", lambda e: step_url(e, "happened")),
    ("critic", "reply", "reply", "stop", lambda e: detail_url(e)),
    ("critic", "action", "compassionate_action", "next", lambda e: detail_url(e)),
    ("letter", "about", "letter_about", "next", lambda e: step_url(e, "from")),
    ("letter", "from", "letter_image", "next", lambda e: step_url(e, "write")),
    ("letter", "write", "letter_body", "next", lambda e: detail_url(e)),
    ("selves", "situation", "situation", "next", lambda e: step_url(e, "angry")),
    ("selves", "sad", "sad_thinks", "back", lambda e: step_url(e, "anxious")),
    ("selves", "compassionate", "compassionate_sad", "next", lambda e: detail_url(e)),
]


@pytest.mark.parametrize("words", [URGENT, CONCERN])
@pytest.mark.parametrize(("kind", "slug", "field", "go", "meant"), PLACES)
def test_heavy_words_in_a_step_are_saved_then_met_with_the_safety_page(
    as_client: Client,
    client_user: User,
    words: str,
    kind: str,
    slug: str,
    field: str,
    go: str,
    meant: Any,
) -> None:
    entry = make_entry(client_user, kind)
    response = submit(as_client, entry, slug, go=go, **{field: words})
    assert response.status_code == 302
    level = LEVELS[words]
    assert_sent_to_safety(response["Location"], level=level, then=meant(entry))
    assert texts(entry) == {field: words}, "what they wrote is kept"
    event = the_event(source=f"critic.{kind}", level=level)
    assert event.client_id == client_user.id


@pytest.mark.parametrize(("kind", "slug", "field", "go", "meant"), PLACES)
def test_everyday_words_go_straight_on(
    as_client: Client, client_user: User, kind: str, slug: str, field: str, go: str, meant: Any
) -> None:
    entry = make_entry(client_user, kind)
    response = submit(as_client, entry, slug, go=go, **{field: EVERYDAY})
    assert response["Location"] == meant(entry)
    assert texts(entry) == {field: EVERYDAY}
    assert not SafetyEvent.objects.exists()


def test_no_on_the_card_carries_on_to_the_next_step(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user, "letter")
    where = submit(as_client, entry, "about", letter_about=CONCERN)["Location"]
    card = as_client.get(where).content.decode()
    assert "Are you having thoughts of ending your life?" in card
    no = as_client.post(where, {"answer": "no", "next": step_url(entry, "from")})
    assert no["Location"] == step_url(entry, "from")
    page = as_client.get(no["Location"]).content.decode()
    assert "What you wrote is saved." in page and "Who is writing?" in page


def test_only_the_steps_own_words_are_read(as_client: Client, client_user: User) -> None:
    # Heavy words saved on another step are not this step's: they were read when sent.
    entry = make_entry(client_user, "critic", what_happened=URGENT)
    response = submit(as_client, entry, "words", critic_words=EVERYDAY)
    assert response["Location"] == step_url(entry, "believe")
    assert not SafetyEvent.objects.exists()


def test_a_step_without_words_reads_nothing(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user, "critic", critic_words=URGENT)
    response = submit(as_client, entry, "believe", belief_before="90")
    assert response["Location"] == step_url(entry, "voice")
    assert not SafetyEvent.objects.exists()


def test_autosave_shows_no_card_but_records_and_the_card_comes_when_the_step_is_sent(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    entry = make_entry(client_user, "critic")
    typed = save(as_client, entry, URGENT, field="what_happened")
    assert typed.status_code == 200, "an answer, never a redirect, while typing"
    assert typed.json()["status"] == "created"
    assert "help" not in typed.content.decode()
    assert texts(entry) == {"what_happened": URGENT}
    # Recorded and told at once: the page might be closed before it is ever sent.
    the_event(source="critic.critic", level="urgent")
    assert len(mail.outbox) == 1
    assert URGENT not in mail.outbox[0].body
    # The next keystrokes of the same words: not told again.
    more = save(as_client, entry, URGENT + " I mean it", field="what_happened", base=1, rev=2)
    assert more.json()["status"] == "saved"
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1
    # Pressing Next sends the words autosave kept: the card comes now, with no second
    # event and no second email.
    response = submit(as_client, entry, "happened", what_happened=URGENT + " I mean it")
    assert_sent_to_safety(response["Location"], level="urgent", then=step_url(entry, "words"))
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1
    assert Text.objects.get(entry=entry).version == 2, "the form itself saved nothing new"
    # What the session remembers names rows, never words.
    noticed = as_client.session[NOTICED_KEY]
    assert list(noticed.values()) == ["urgent"]
    assert all(re.fullmatch(r"critic\.text:\d+", place) for place in noticed)


def test_autosave_records_again_only_when_the_words_grow_more_urgent(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "letter")
    save(as_client, entry, EVERYDAY, field="letter_body")
    assert not SafetyEvent.objects.exists()
    save(as_client, entry, CONCERN, field="letter_body", base=1, rev=2)
    the_event(source="critic.letter", level="concern")
    save(as_client, entry, CONCERN + " again", field="letter_body", base=2, rev=3)
    assert SafetyEvent.objects.count() == 1
    save(as_client, entry, CONCERN + " " + URGENT, field="letter_body", base=3, rev=4)
    assert sorted(SafetyEvent.objects.values_list("level", flat=True)) == ["concern", "urgent"]
    # Another answer is another place: its own first notice is recorded.
    save(as_client, entry, CONCERN, field="letter_about")
    assert SafetyEvent.objects.count() == 3


def test_a_late_autosave_records_nothing(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user, "critic")
    save(as_client, entry, EVERYDAY, field="what_happened", rev=5)
    # Keystrokes from earlier in the same sitting, arriving after later ones.
    late = save(as_client, entry, URGENT, field="what_happened", base=0, rev=2)
    assert late.json()["status"] == "late"
    assert not SafetyEvent.objects.exists()


def test_a_new_session_records_what_autosave_notices_once_more(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "selves")
    save(as_client, entry, CONCERN, field="situation")
    later = Client()
    later.force_login(client_user)
    save(later, entry, CONCERN + " still", field="situation", base=1, rev=1, sitting=uuid.uuid4())
    assert SafetyEvent.objects.count() == 2


def test_the_same_words_are_asked_about_once_and_changed_words_again(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    entry = make_entry(client_user, "critic")
    first = submit(as_client, entry, "words", critic_words=CONCERN)
    assert_sent_to_safety(first["Location"], level="concern", then=step_url(entry, "believe"))
    assert len(mail.outbox) == 1
    # Back to the step and on again, the words unchanged: no second card, no second email.
    again = submit(as_client, entry, "words", critic_words=CONCERN)
    assert again["Location"] == step_url(entry, "believe")
    back = submit(as_client, entry, "words", go="back", critic_words=CONCERN)
    assert back["Location"] == step_url(entry, "happened")
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1
    # What the session remembers names rows and versions, never words.
    asked = as_client.session[ASKED_KEY]
    assert asked and all(re.fullmatch(r"critic\.text:\d+:\d+", m) for m in asked)
    # Words changed: read again, and the card comes again. The clinician was already
    # told of this level for these words in this session: no second email.
    changed = submit(as_client, entry, "words", critic_words=CONCERN + " at all")
    assert_sent_to_safety(changed["Location"], level="concern", then=step_url(entry, "believe"))
    assert SafetyEvent.objects.count() == 1 and len(mail.outbox) == 1
    # More urgent words: recorded and told.
    worse = submit(as_client, entry, "words", critic_words=URGENT)
    assert_sent_to_safety(worse["Location"], level="urgent", then=step_url(entry, "believe"))
    assert SafetyEvent.objects.count() == 2 and len(mail.outbox) == 2


def test_a_new_session_asks_once_more_about_the_same_words(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "selves")
    submit(as_client, entry, "situation", situation=CONCERN)
    later = Client()
    later.force_login(client_user)
    response = submit(later, entry, "situation", situation=CONCERN)
    assert_sent_to_safety(response["Location"], level="concern", then=step_url(entry, "angry"))
    assert SafetyEvent.objects.count() == 2


def test_a_form_that_is_not_saved_reads_nothing(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user, "letter")
    response = submit(as_client, entry, "write", letter_body=URGENT + "x" * 20_000)
    assert response.status_code == 400, "too long: the words stay in the box, unsaved"
    assert not SafetyEvent.objects.exists()


def test_nothing_written_reaches_the_logs(
    as_client: Client, client_user: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    entry = make_entry(client_user, "letter")
    submit(as_client, entry, "write", letter_body=URGENT)
    assert SafetyEvent.objects.exists()
    assert "tonight" not in caplog.text
