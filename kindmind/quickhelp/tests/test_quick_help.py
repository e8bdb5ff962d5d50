"""Quick help when the critic is loud, through its URLs, as a person would use it: four
short pages that need no JavaScript, the person's own kind words first when they have
some (never anyone else's), nothing kept for someone signed out, and a written sentence
read for risk like every other place where people write."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from conftest import make_critic_entry, make_user
from kindmind.accounts.models import AuditEvent, User
from kindmind.critic.models import Entry, Text
from kindmind.practice.models import CompassionateSelf
from kindmind.quickhelp.models import KeptSentence
from kindmind.quickhelp.sentences import OURS
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import CONCERN, URGENT, assert_sent_to_safety, the_event

pytestmark = pytest.mark.django_db

NEXT = "/quick-help/next/"
OUR_FIRST = str(OURS[0])


def write_reply(client: User, body: str, *, kind: str = Entry.Kind.CRITIC) -> Entry:
    entry = make_critic_entry(client, kind=kind)
    Text.objects.create(
        entry=entry,
        field="reply",
        body=body,
        version=1,
        sitting=uuid.uuid4(),
        rev=1,
        saved_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    return entry


def every_sentence(browser: Client) -> str:
    """Every sentence the words page offers, following "Another sentence" all the way."""
    pages = [browser.get("/quick-help/words/", {"s": s}).content.decode() for s in range(20)]
    return "\n".join(pages)


def send(browser: Client, sentence: str, *, keep: bool = False, **extra: Any) -> Any:
    data = {"sentence": sentence, "submission_id": str(uuid.uuid4()), **extra}
    if keep:
        data["keep"] = "on"
    return browser.post("/quick-help/words/", data)


def test_the_whole_path_works_signed_out_and_keeps_nothing(client: Client) -> None:
    ground = client.get("/quick-help/").content.decode()
    assert "Step 1 of 4" in ground and "feet" in ground
    assert 'href="/quick-help/breathe/"' in ground

    breathe = client.get("/quick-help/breathe/").content.decode()
    # The breathing pacer, set for three whole breaths at the soothing rhythm (5 in, 6 out).
    assert "data-pacer" in breathe and 'data-in="5"' in breathe and 'data-out="6"' in breathe
    assert 'data-minutes="0.5500"' in breathe
    assert "3 breaths like this are enough" in breathe
    assert 'href="/quick-help/words/"' in breathe

    words = client.get("/quick-help/words/").content.decode()
    assert OUR_FIRST in words and "A sentence from kindmind" in words
    # Nothing to keep without an account: no box that promises it.
    assert 'name="keep"' not in words

    response = send(client, "I am doing my best today.", keep=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "I am doing my best today." in html and "isn't kept here" in html
    assert "See who can help" in html
    assert not KeptSentence.objects.exists()
    assert not SafetyEvent.objects.exists()


def test_going_on_without_writing_leads_to_the_choices(as_client: Client) -> None:
    response = send(as_client, "   ")
    assert response.status_code == 302 and response["Location"] == NEXT
    html = as_client.get(NEXT).content.decode()
    for choice in ("Answer the critic", "Choose a practice", "Open my safety plan"):
        assert choice in html
    assert 'href="/critic/new/critic/"' in html and 'href="/help/plan/"' in html
    assert not KeptSentence.objects.exists()


def test_with_no_words_of_their_own_a_person_is_offered_kindminds(as_client: Client) -> None:
    html = as_client.get("/quick-help/words/").content.decode()
    assert OUR_FIRST in html and "A sentence from kindmind" in html
    assert 'name="keep"' in html


def test_their_own_compassionate_reply_comes_first_as_one_sentence(
    as_client: Client, client_user: User
) -> None:
    write_reply(client_user, "It makes sense that you feel tired.   You gave so much today.")
    html = as_client.get("/quick-help/words/").content.decode()
    assert "It makes sense that you feel tired." in html
    assert "You gave so much today." not in html
    assert "From a compassionate reply you wrote, 2 March 2026" in html
    assert OUR_FIRST not in html
    # kindmind's own sentences follow theirs.
    assert OUR_FIRST in as_client.get("/quick-help/words/", {"s": 1}).content.decode()


def test_a_long_reply_is_cut_at_a_word(as_client: Client, client_user: User) -> None:
    write_reply(client_user, "kind " * 100)
    html = as_client.get("/quick-help/words/").content.decode()
    assert "kind kind…" in html
    assert "kind " * 60 not in html


def test_their_compassionate_self_is_offered_and_its_voice_carries_the_sentence(
    as_client: Client, client_user: User
) -> None:
    CompassionateSelf.objects.create(
        client=client_user, qualities="steady and patient", voice="low and unhurried"
    )
    html = as_client.get("/quick-help/words/").content.decode()
    assert "The part of me that is “steady and patient” is here too" in html
    assert "From how you described your compassionate self" in html
    assert "“low and unhurried”" in html


def test_another_persons_words_are_never_offered(as_client: Client, client_user: User) -> None:
    other = make_user("someone.else@example.org")
    write_reply(other, "Their private reply.")
    CompassionateSelf.objects.create(client=other, qualities="their own qualities", voice="theirs")
    KeptSentence.objects.create(
        client=other, text="Their kept sentence.", submission_id=uuid.uuid4()
    )
    everything = every_sentence(as_client)
    assert OUR_FIRST in everything
    for theirs in ("Their private reply", "their own qualities", "Their kept sentence", "theirs"):
        assert theirs not in everything


def test_a_sentence_kept_once_is_offered_first_next_time(
    as_client: Client, client_user: User
) -> None:
    submission = str(uuid.uuid4())
    for _ in range(2):  # the same form sent twice keeps one sentence
        response = send(as_client, "I can be gentle with me.", keep=True, submission_id=submission)
        assert response.status_code == 302 and response["Location"] == NEXT
    kept = KeptSentence.objects.get()
    assert (kept.client, kept.text) == (client_user, "I can be gentle with me.")
    audit = AuditEvent.objects.get(action="create", object_id=str(kept.id))
    assert "gentle" not in str(audit.__dict__)
    assert "Kept. Only you can see it" in as_client.get(NEXT).content.decode()

    words = as_client.get("/quick-help/words/").content.decode()
    assert "I can be gentle with me." in words and "A sentence you kept" in words
    listed = as_client.get("/quick-help/kept/").content.decode()
    assert "I can be gentle with me." in listed


def test_a_sentence_not_kept_is_shown_back_and_not_saved(as_client: Client) -> None:
    response = send(as_client, "This will pass.")
    assert response.status_code == 200
    assert "This will pass." in response.content.decode()
    assert not KeptSentence.objects.exists()


def test_taking_a_sentence_puts_it_in_the_box(as_client: Client) -> None:
    html = as_client.get("/quick-help/words/", {"s": 0, "take": 1}).content.decode()
    box = html[html.index("<textarea") : html.index("</textarea>")]
    assert OUR_FIRST.replace("'", "&#x27;") in box


@pytest.mark.parametrize(
    ("sentence", "extra", "says"),
    [
        ("x" * 501, {}, "Room for up to 500 characters"),
        ("a\x00b", {}, "can&#x27;t be saved as text"),
        ("", {"keep": "on"}, "Write a sentence here to keep it"),
        ("Something kind.", {"submission_id": "not-an-id"}, "arrived incomplete"),
    ],
)
def test_bad_input_is_met_kindly_and_nothing_is_lost_or_saved(
    as_client: Client, sentence: str, extra: dict[str, str], says: str
) -> None:
    data = {"sentence": sentence, "submission_id": str(uuid.uuid4()), **extra}
    response = as_client.post("/quick-help/words/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert says in html and "Nothing has been lost" in html
    if sentence and "\x00" not in sentence:
        assert sentence in html
    assert not KeptSentence.objects.exists()
    assert not SafetyEvent.objects.exists()


def test_a_kept_sentence_with_urgent_words_leads_to_help_and_is_kept(
    as_client: Client, client_user: User
) -> None:
    response = send(as_client, URGENT, keep=True)
    assert_sent_to_safety(response["Location"], level="urgent", then=NEXT)
    the_event(source="quickhelp.sentence", level="urgent")
    assert KeptSentence.objects.get().text == URGENT
    # The safety step comes alone, with no cheerful note above it.
    assert "Kept." not in as_client.get(response["Location"]).content.decode()


def test_a_sentence_not_kept_is_still_read_for_risk(as_client: Client) -> None:
    response = send(as_client, CONCERN)
    assert_sent_to_safety(response["Location"], level="concern", then=NEXT)
    the_event(source="quickhelp.sentence", level="concern")
    assert not KeptSentence.objects.exists()


def test_signed_out_risky_words_lead_to_the_help_page_and_nothing_is_recorded(
    client: Client,
) -> None:
    response = send(client, URGENT)
    assert response.status_code == 302 and response["Location"] == "/help/"
    assert not SafetyEvent.objects.exists() and not KeptSentence.objects.exists()


def test_only_the_owner_can_let_a_kept_sentence_go(
    client_user: User, as_client: Client, as_sharing_clinician: Client
) -> None:
    kept = KeptSentence.objects.create(
        client=client_user, text="Mine to keep.", submission_id=uuid.uuid4()
    )
    url = f"/quick-help/kept/{kept.id}/let-go/"
    stranger = Client()
    stranger.force_login(make_user("stranger@example.org"))
    assert stranger.post(url).status_code == 404
    assert as_sharing_clinician.post(url).status_code == 404
    # Nobody else has a page of them, not even the clinician they share everything with.
    assert as_sharing_clinician.get("/quick-help/kept/").status_code == 404
    assert "Mine to keep." not in stranger.get("/quick-help/kept/").content.decode()
    assert KeptSentence.objects.filter(id=kept.id).exists()

    response = as_client.post(url)
    assert response.status_code == 302 and response["Location"] == "/quick-help/kept/"
    assert not KeptSentence.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(kept.id)).exists()


def test_a_clinician_gets_the_path_with_kindminds_sentences_and_nothing_kept(
    as_sharing_clinician: Client, client_user: User
) -> None:
    write_reply(client_user, "A reply of the client's.")
    html = every_sentence(as_sharing_clinician)
    assert OUR_FIRST in html and "A reply of the client" not in html
    assert 'name="keep"' not in html
    assert send(as_sharing_clinician, "Kind words.", keep=True).status_code == 200
    assert not KeptSentence.objects.exists()


def test_quick_help_is_one_tap_from_today_and_from_every_page(
    as_client: Client, client: Client
) -> None:
    today = as_client.get("/today/").content.decode()
    assert today.count('href="/quick-help/"') == 2  # the navigation and Today itself
    assert "My critic is loud" in today
    for page in ("/", "/learn/", "/help/"):
        assert 'href="/quick-help/"' in client.get(page).content.decode()
