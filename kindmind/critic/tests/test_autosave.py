"""The autosave endpoint through HTTP: what it saves, its ordering and conflict rules
(kindmind.critic.drafts), an expired session, CSRF in a beacon's body, and who may use it."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from kindmind.accounts.models import AuditEvent, User
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.steps import TEXT_LIMIT
from kindmind.critic.tests.conftest import make_entry

pytestmark = pytest.mark.django_db

PAGE = uuid.UUID(int=7)
OTHER_PAGE = uuid.UUID(int=8)


def save(
    browser: Client,
    entry: Entry,
    text: str,
    *,
    field: str = "critic_words",
    base: int = 0,
    sitting: uuid.UUID = PAGE,
    rev: int = 1,
    **extra: Any,
) -> Any:
    data = {
        "field": field,
        "text": text,
        "base_version": str(base),
        "sitting": str(sitting),
        "rev": str(rev),
        **extra,
    }
    return browser.post(f"/critic/{entry.id}/save/", data, HTTP_ACCEPT="application/json")


def current(entry: Entry, field: str = "critic_words") -> Text:
    return Text.objects.get(entry=entry, field=field)


def test_typing_saves_and_says_which_version_is_now_current(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    first = save(as_client, entry, "You never")
    assert first.status_code == 200
    assert first.json() == {"status": "created", "version": 1, "hints_html": ""}
    second = save(as_client, entry, "You never learn.", base=1, rev=2)
    assert second.json()["status"] == "saved"
    assert second.json()["version"] == 2
    text = current(entry)
    assert (text.body, text.version, text.rev) == ("You never learn.", 2, 2)
    assert not TextVersion.objects.exists(), "one person typing in one box is one version"
    assert first["Cache-Control"].startswith("max-age=0")


def test_a_late_older_save_from_the_same_page_never_replaces_newer_words(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    save(as_client, entry, "newest words", rev=5)
    late = save(as_client, entry, "older wor", rev=3)
    assert late.status_code == 200
    assert late.json() == {"status": "late", "version": 1, "hints_html": ""}
    assert current(entry).body == "newest words"
    kept = TextVersion.objects.get()
    assert (kept.body, kept.reason) == ("older wor", "late")


def test_a_stale_page_saving_after_a_newer_one_keeps_both_and_is_told(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    save(as_client, entry, "first words", sitting=PAGE)  # version 1, both pages saw it
    save(as_client, entry, "the newer words", base=1, sitting=PAGE, rev=2)  # version 2
    stale = save(as_client, entry, "first words, and more", base=1, sitting=OTHER_PAGE, rev=2)
    answer = stale.json()
    assert answer["status"] == "conflict"
    assert answer["version"] == 3
    assert "Both versions are kept" in answer["message"]
    # Newest by the server's clock is shown; the words it replaced are kept, not lost.
    assert current(entry).body == "first words, and more"
    kept = TextVersion.objects.get()
    assert (kept.body, kept.reason, kept.version) == ("the newer words", "conflict", 2)
    versions = as_client.get(f"/critic/{entry.id}/versions/").content.decode()
    assert "the newer words" in versions
    assert "Changed in two places at once" in versions
    # The stale page, now told version 3, carries on normally.
    again = save(as_client, entry, "first words, and more again", base=3, sitting=OTHER_PAGE, rev=3)
    assert again.json()["status"] == "saved"
    assert TextVersion.objects.count() == 1


def test_the_same_words_again_change_nothing(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    save(as_client, entry, "same")
    for answer in (
        save(as_client, entry, "same", rev=2),
        save(as_client, entry, "same", sitting=OTHER_PAGE),
        save(as_client, entry, "same\r\n".strip(), base=1, rev=3),
    ):
        assert answer.json()["status"] == "unchanged"
    assert current(entry).version == 1


def test_coming_back_to_an_answer_later_keeps_its_earlier_words(
    client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "letter")
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        client.force_login(client_user)
        save(client, entry, "Dear me, first.", field="letter_body")
    with time_machine.travel("2026-11-19 09:00Z", tick=False):
        client.force_login(client_user)
        answer = save(
            client, entry, "Dear me, second.", field="letter_body", base=1, sitting=OTHER_PAGE
        )
    assert answer.json()["status"] == "saved"
    assert current(entry, "letter_body").body == "Dear me, second."
    kept = TextVersion.objects.get()
    assert (kept.body, kept.reason) == ("Dear me, first.", "earlier")


def test_an_expired_session_gets_a_small_answer_not_a_redirect_and_nothing_is_saved(
    client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    response = save(client, entry, "typed while signed out")
    assert response.status_code == 401
    assert response.json()["status"] == "signed_out"
    assert "Your words are kept on this device" in response.json()["message"]
    assert not Text.objects.exists()


def test_a_session_that_ends_mid_typing(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    assert save(as_client, entry, "before").status_code == 200
    as_client.cookies.clear()  # what an idle timeout or a deleted session row amounts to
    response = save(as_client, entry, "before and after", base=1, rev=2)
    assert response.status_code == 401
    assert current(entry).body == "before"


def test_a_beacon_carries_its_csrf_token_in_the_body(
    csrf_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    csrf_client.force_login(client_user)
    page = csrf_client.get(f"/critic/{entry.id}/step/words/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    refused = save(csrf_client, entry, "no token")
    assert refused.status_code == 403
    assert not Text.objects.exists()
    # sendBeacon cannot set headers: the token travels with the words.
    accepted = save(csrf_client, entry, "with token", csrfmiddlewaretoken=token)
    assert accepted.status_code == 200
    assert current(entry).body == "with token"


def test_only_the_owner_may_save(
    client_user: User, as_sharing_clinician: Client, as_unrelated_clinician: Client
) -> None:
    entry = make_entry(client_user, critic_words="mine")
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    for browser in (as_sharing_clinician, as_unrelated_clinician, as_other):
        assert save(browser, entry, "not yours", base=1).status_code == 404
    assert current(entry).body == "mine"
    assert save(as_other, Entry(id=uuid.uuid4()), "x").status_code == 404


def test_autosave_takes_posts_only(as_client: Client, client_user: User) -> None:
    entry = make_entry(client_user)
    assert as_client.get(f"/critic/{entry.id}/save/").status_code == 405


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"field": "belief_before"}, "isn't part of this entry"),
        ({"field": "letter_body"}, "isn't part of this entry"),
        ({"field": ""}, "This field is required."),
        ({"text": "x" * (TEXT_LIMIT + 1)}, "longer than 20,000 characters"),
        ({"base_version": "-1"}, "greater than or equal to 0"),
        ({"base_version": "soon"}, "Enter a whole number."),
        ({"sitting": "not-a-uuid"}, "Enter a valid UUID."),
        ({"rev": "1e9"}, "Enter a whole number."),
    ],
)
def test_bad_autosaves_get_a_small_kind_answer_and_save_nothing(
    as_client: Client, client_user: User, overrides: dict[str, str], message: str
) -> None:
    entry = make_entry(client_user)
    data = {"field": "critic_words", "text": "words", "base_version": "0", "sitting": str(PAGE)}
    data["rev"] = "1"
    data.update(overrides)
    response = as_client.post(f"/critic/{entry.id}/save/", data)
    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert message in response.json()["message"]
    assert not Text.objects.exists()


def test_invalid_utf8_and_markup_are_saved_as_plain_text(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    body = f"field=critic_words&base_version=0&sitting={PAGE}&rev=1&text=%FF<b>hi</b>%C3%28"
    response = as_client.post(
        f"/critic/{entry.id}/save/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert current(entry).body == "\ufffd<b>hi</b>\ufffd("
    page = as_client.get(f"/critic/{entry.id}/").content.decode()
    assert "&lt;b&gt;hi&lt;/b&gt;" in page


def test_a_sitting_is_audited_once_however_often_it_saves(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    for rev in range(1, 11):
        save(as_client, entry, "word " * rev, base=rev - 1, rev=rev)
    save(as_client, entry, "another page", base=10, sitting=OTHER_PAGE)
    changes = AuditEvent.objects.filter(action="change", object_id=str(entry.id))
    assert changes.count() == 2
    for event in changes:
        assert "word" not in str(event.__dict__)


def test_an_autosave_costs_the_same_queries_however_long_the_entry(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, **{f"f{i}": "x" for i in range(3)})
    save(as_client, entry, "warm up")
    with CaptureQueriesContext(connection) as few:
        save(as_client, entry, "warm up and on", base=1, rev=2)
    big = make_entry(client_user, **{f"f{i}": "x" * 1000 for i in range(40)})
    save(as_client, big, "warm up")
    with CaptureQueriesContext(connection) as many:
        save(as_client, big, "warm up and on", base=1, rev=2)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.usefixtures("with_language")
def test_with_the_language_module_the_answer_carries_gentle_hints(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    words = save(as_client, entry, "I was late. You always fail, you <idiot>.").json()
    assert "trying to protect you from something they fear" in words["hints_html"]
    assert "idiot" not in words["hints_html"], "the critic's words are not repeated back"
    cold = save(as_client, entry, "You should just stop it and move on with things.", field="reply")
    assert "Logic alone often doesn't soothe" in cold.json()["hints_html"]
    warm = save(
        as_client,
        entry,
        "It makes sense that you feel shaken. I'm here with you.",
        field="reply",
        base=1,
        rev=2,
    )
    assert warm.json()["hints_html"].strip() == "", "a kind reply clears the suggestion"
    other = save(as_client, entry, "What happened.", field="what_happened")
    assert "hints_html" not in other.json()


def test_without_the_language_module_the_answer_has_no_hints(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    answer = save(as_client, entry, "You always fail, you idiot.")
    assert json.loads(answer.content)["hints_html"].strip() == ""


def test_two_first_saves_that_race_both_keep_their_words(
    as_client: Client, client_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The moment of the race: another request has created the field's first words after
    # this one looked and found none. (The entry's row lock normally prevents it; an
    # in-memory or non-serialising database may not.)
    entry = make_entry(client_user)
    real_filter = Text.objects.filter
    looked: list[bool] = []

    def filter_as_if_before_the_other_request(*args: Any, **kwargs: Any) -> Any:
        if not looked:
            looked.append(True)
            Text.objects.create(
                entry=entry,
                field="critic_words",
                body="You never",
                version=1,
                sitting=OTHER_PAGE,
                rev=1,
                saved_at=entry.created_at,
            )
            return real_filter(pk=None)  # what this request saw: nothing yet
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Text.objects, "filter", filter_as_if_before_the_other_request)
    response = save(as_client, entry, "You never get anything right")
    assert response.status_code == 200
    monkeypatch.undo()
    words = {current(entry).body} | {
        v.body for v in TextVersion.objects.filter(entry=entry, field="critic_words")
    }
    assert "You never get anything right" in words
    assert "You never" in words
