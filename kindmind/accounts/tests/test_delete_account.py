"""Deleting an account: a person's words, shares and sign-in go for real, on both
databases; audit rows stay without content or a link to them; clinicians they shared
with are told that someone has left; an interrupted deletion changes nothing and a
second run finishes it."""

from __future__ import annotations

import uuid
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test import Client, RequestFactory

from conftest import PASSWORD, make_checkin, make_user
from kindmind.accounts import deletion
from kindmind.accounts.models import AuditEvent, Departure, Session, Share, User
from kindmind.accounts.tests.writing import found, raw_database, write_everywhere
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Entry
from kindmind.critic.views import KEPT_SESSION_KEY
from kindmind.lib import crypto, ratelimit
from kindmind.lib.sessions import SessionStore

pytestmark = pytest.mark.django_db


def delete(browser: Client, password: str = PASSWORD) -> Any:
    return browser.post("/account/delete/", {"password": password})


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_settings_leads_to_a_page_that_says_what_goes_and_what_stays(
    as_client: Client, sharing_clinician: User
) -> None:
    settings_page = as_client.get("/account/settings/").content.decode()
    assert 'href="/account/delete/"' in settings_page
    page = as_client.get("/account/delete/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Everything you have written or saved here" in text
    assert "the clinician you share with will no longer see anything" in text
    assert "without your name" in text
    assert "What stays" in text and "no words and no name" in text
    assert 'type="password"' in text and 'autocomplete="current-password"' in text


def test_a_wrong_password_deletes_nothing_and_says_so(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    make_checkin(client_user)
    before = counts()
    response = delete(as_client, "not the password")
    assert response.status_code == 400
    assert "nothing has been deleted" in response.content.decode()
    assert counts() == before
    assert as_client.get("/today/").status_code == 200


def test_password_tries_pause_and_a_pause_tells_nothing(
    as_client: Client, client_user: User
) -> None:
    for _ in range(5):
        assert delete(as_client, "a guess").status_code == 400
    before = counts()
    paused = delete(as_client)  # even the right password waits out the pause
    assert paused.status_code == 429
    text = paused.content.decode()
    assert "paused for a little while" in text
    assert "not this account" not in text
    assert counts() == before
    assert User.objects.filter(pk=client_user.pk).exists()


def test_deleting_removes_everything_of_theirs_and_nothing_of_anyone_else(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    write_everywhere(as_client)
    other = make_user("someone.else@example.org")
    make_checkin(other, note="another person's note")
    # Their account signed in on a second device, sign-in records under their address,
    # and words kept while signed out for one of their entries, in an anonymous session.
    phone = Client()
    phone.force_login(client_user)
    AccessLog.objects.create(username=client_user.email, ip_address="10.0.0.9", user_agent="x")
    AccessAttempt.objects.create(
        username=client_user.email.upper(), ip_address="10.0.0.9", user_agent="x",
        get_data="", post_data="", failures_since_start=1,
    )  # fmt: skip
    entry = Entry.objects.filter(client=client_user).first()
    assert entry is not None
    kept = SessionStore()
    kept[KEPT_SESSION_KEY] = {"path": f"/critic/{entry.id}/step/words/", "words": {"x": "y"}}
    kept.create()
    unrelated = SessionStore()
    unrelated["something"] = "else"
    unrelated.create()
    owned = {
        label
        for label, n in counts().items()
        if n and label.split(".")[0] in ("checkins", "critic", "safety", "quickhelp")
    }
    assert {
        "checkins.CheckIn",
        "critic.Entry",
        "critic.Text",
        "critic.TextVersion",
        "safety.SafetyPlan",
        "quickhelp.KeptSentence",
    } <= owned, owned
    audit_before = AuditEvent.objects.count()

    response = delete(as_client)
    assert response.status_code == 302
    assert response["Location"] == "/?account-deleted"
    assert "have been deleted" in as_client.get(response["Location"]).content.decode()

    assert not User.objects.filter(pk=client_user.pk).exists()
    after = counts()
    # Nothing of theirs in any app; the other person's check-in is still there.
    assert CheckIn.objects.get().client == other
    for label in owned:
        if label != "checkins.CheckIn":
            assert after[label] == 0, label
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
    assert not Session.objects.filter(session_key=kept.session_key).exists()
    assert Session.objects.filter(session_key=unrelated.session_key).exists()
    assert phone.get("/today/").status_code == 302  # signed out there too
    assert not Share.objects.filter(client_id=client_user.pk).exists()
    # The audit record stays, one row more (the deletion), pointing at nobody.
    assert AuditEvent.objects.count() == audit_before + 1
    assert not AuditEvent.objects.filter(subject_id=client_user.pk).exists()
    assert not AuditEvent.objects.filter(actor_id=client_user.pk).exists()
    last = AuditEvent.objects.latest("id")
    assert (last.action, last.object_type, last.actor_id) == ("delete", "accounts.user", None)
    assert AuditEvent.objects.filter(subject_id=last.subject_id).count() > 1
    # Signing in again is no longer possible.
    again = Client().post("/account/signin/", {"username": client_user.email, "password": PASSWORD})
    assert again.status_code == 400


def test_every_model_that_points_at_a_person_goes_with_them() -> None:
    """A new model holding a person's rows must cascade from their account (or, for
    things that are not theirs, let go of it), or deletion would leave it behind."""
    # Who suggested a reminder: a clinician leaving keeps the person's reminder.
    # Who acknowledged a safety alert: the alert itself goes with its clinician.
    let_go = {
        "practice.Recording.uploaded_by",
        "reminders.Reminder.suggested_by",
        "safety.SafetyAlert.acknowledged_by",
        # Who planned a questionnaire: a clinician leaving keeps the person's plan.
        "measures.Schedule.planned_by",
    }
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not ((field.is_relation and field.many_to_one) or field.one_to_one):
                continue
            if getattr(field, "related_model", None) is not User or field.auto_created:
                continue
            name = f"{model._meta.label}.{field.name}"
            rule = field.remote_field.on_delete  # type: ignore[union-attr]
            expected = models.SET_NULL if name in let_go else models.CASCADE
            assert rule is expected, name


def test_clinicians_who_had_shares_see_that_the_person_has_left_without_their_name(
    as_client: Client,
    client_user: User,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
) -> None:
    as_client.post("/account/settings/", {"display_name": "Robin", "timezone": "UTC"})
    assert "Robin" in as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert delete(as_client).status_code == 302

    page = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "This person has left kindmind" in page
    assert "Robin" not in page and "client@example.org" not in page
    assert "Nobody shares with you yet" in page
    departure = Departure.objects.get()
    assert "has left" not in as_unrelated_clinician.get("/clinic/clients/").content.decode()
    # Only the clinician it was left for may dismiss it.
    dismiss = f"/clinic/departures/{departure.id}/dismiss/"
    assert as_unrelated_clinician.post(dismiss).status_code == 404
    assert as_sharing_clinician.get(dismiss).status_code == 405
    assert as_sharing_clinician.post(dismiss).status_code == 302
    assert "has left" not in as_sharing_clinician.get("/clinic/clients/").content.decode()


def test_a_clinician_can_delete_their_account_too(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client, as_client: Client
) -> None:
    page = as_sharing_clinician.get("/account/delete/").content.decode()
    assert "their sharing with you ends" in page
    assert delete(as_sharing_clinician).status_code == 302
    assert not User.objects.filter(pk=sharing_clinician.pk).exists()
    assert "clinician@example.org" not in as_client.get("/account/sharing/").content.decode()


def test_an_interrupted_deletion_changes_nothing_and_a_second_run_finishes_it(
    as_client: Client,
    client_user: User,
    sharing_clinician: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_everywhere(as_client)
    before = counts()

    def crash(*args: object) -> None:
        raise ConnectionError("the database went away half-way")

    # Half-way: after the clinicians' notes were written and the sessions deleted.
    monkeypatch.setattr(deletion, "_unlink_audit", crash)
    with pytest.raises(ConnectionError):
        delete(as_client)
    assert counts() == before
    assert as_client.get("/today/").status_code == 200

    monkeypatch.undo()
    assert delete(as_client).status_code == 302
    assert not User.objects.filter(pk=client_user.pk).exists()
    assert Departure.objects.count() == 1
    assert deletion.delete_account(client_user.pk) is None  # nothing left to do


def test_an_operator_deletes_an_account_asked_for_by_email(
    client_user: User, sharing_clinician: User
) -> None:
    make_checkin(client_user)
    out = StringIO()
    call_command("deleteaccount", "CLIENT@example.org", "--yes", stdout=out)
    assert "1 clinicians will see" in out.getvalue()
    assert not User.objects.filter(pk=client_user.pk).exists()
    assert not CheckIn.objects.exists()
    with pytest.raises(CommandError, match="No account has that address"):
        call_command("deleteaccount", "client@example.org", "--yes")


def test_the_operator_types_the_address_again(
    client_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "someone@example.org")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("deleteaccount", "client@example.org")
    assert User.objects.filter(pk=client_user.pk).exists()


@pytest.fixture
def plain_cipher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encryption at rest already hides these words on disk (its own scan:
    kindmind/lib/tests/test_encryption_at_rest.py). Here the cipher is set aside, so that
    what is tested is deletion itself: the bytes go, not only become unreadable."""
    monkeypatch.setattr(crypto, "encrypt_text", lambda text: text)
    monkeypatch.setattr(crypto, "decrypt_text", lambda token: token)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("plain_cipher")
def test_no_phrase_of_theirs_survives_in_the_raw_database(client_user: User) -> None:
    """The bytes on disk (SQLite: the file and its write-ahead log) or a dump of the
    whole database (PostgreSQL) hold none of what they wrote once they have gone."""
    browser = Client()
    browser.force_login(client_user)
    phrases = [*write_everywhere(browser), client_user.email]
    raw = raw_database()
    assert found(phrases, raw) == phrases  # there to be found, so the test can fail

    assert delete(browser).status_code == 302
    assert found(phrases, raw_database()) == []
    assert not User.objects.filter(pk=client_user.pk).exists()
    assert uuid.UUID(str(AuditEvent.objects.latest("id").subject_id))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("safeguard", ["secure_delete", "checkpoint"])
@pytest.mark.usefixtures("plain_cipher")
def test_on_sqlite_each_safeguard_is_needed(
    client_user: User, monkeypatch: pytest.MonkeyPatch, safeguard: str
) -> None:
    """Without zeroing freed space (secure_delete, which some SQLite builds leave off)
    or without emptying the write-ahead log afterwards, the deleted words are still in
    the files: so the scan above can see them, and both safeguards are needed."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own files")
    browser = Client()
    browser.force_login(client_user)
    phrases = write_everywhere(browser)
    if safeguard == "secure_delete":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete=OFF")
    else:
        monkeypatch.setattr(deletion, "flush_sqlite_log", lambda: None)
    assert delete(browser).status_code == 302
    assert found(phrases, raw_database()) == phrases


def test_the_counts_kept_about_their_address_go_too(as_client: Client, client_user: User) -> None:
    """Rate-limit counts are kept about an address (as a keyed hash): after deletion the
    address starts afresh, as an address nobody has used."""
    request = RequestFactory().post("/account/password/reset/")
    for _ in range(3):
        assert ratelimit.allow(request, "password_reset", client_user.email)
    assert not ratelimit.allow(request, "password_reset", client_user.email)
    assert delete(as_client).status_code == 302
    assert ratelimit.allow(request, "password_reset", client_user.email)
