"""A clinician's own session notes when the person deletes their account
(settings.DELETION_CLINICIAN_NOTES, docs/decisions/0009-deletion.md): under "keep" they
stay with the clinician who wrote them, read-only, from the "has left" entry, with no
name or address of the person; under "delete" they go with the account. The person is
told in general words, never whether notes exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from conftest import PASSWORD, make_checkin
from kindmind.accounts.models import Departure, Share, User
from kindmind.casenotes.models import SessionNote
from kindmind.checkins.models import CheckIn

pytestmark = pytest.mark.django_db

WORDS = "worked on the soothing rhythm"
NAME = "Robin"


def write_note(browser: Client, client_user: User, note: str = WORDS, day: str = "12") -> None:
    response = browser.post(
        f"/clinic/clients/{client_user.id}/sessions/",
        {"held_on": f"2026-01-{day}", "minutes": "50", "kind": "video", "note": note},
    )
    assert response.status_code == 302


def leave(as_client: Client) -> None:
    assert as_client.post("/account/delete/", {"password": PASSWORD}).status_code == 302


def kept_url(departure: Departure) -> str:
    return f"/clinic/departures/{departure.id}/sessions/"


@pytest.fixture
def named(as_client: Client) -> None:
    as_client.post("/account/settings/", {"display_name": NAME, "timezone": "UTC"})


@override_settings(DELETION_CLINICIAN_NOTES="keep")
def test_kept_notes_survive_and_only_their_writer_reads_them_without_the_name(
    named: None,
    client_user: User,
    as_client: Client,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
) -> None:
    make_checkin(client_user, note="my own words")
    write_note(as_sharing_clinician, client_user)
    write_note(as_sharing_clinician, client_user, note="second session", day="19")
    email = client_user.email
    leave(as_client)

    assert not User.objects.filter(email=email).exists()
    assert not CheckIn.objects.exists()
    departure = Departure.objects.get()
    assert SessionNote.objects.filter(departure=departure, client=None).count() == 2

    clients = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "Your 2 session notes, kept" in clients
    assert kept_url(departure) in clients
    page = as_sharing_clinician.get(kept_url(departure))
    assert page.status_code == 200
    body = page.content.decode()
    assert WORDS in body and "second session" in body
    assert body.index("second session") < body.index(WORDS), "newest first"
    assert "These are your own notes" in body and "set to keep" in body
    assert NAME not in body and email not in body and "my own words" not in body
    # Read-only: no way to change or delete a note from here.
    for note in SessionNote.objects.all():
        assert str(note.id) not in body

    assert as_unrelated_clinician.get(kept_url(departure)).status_code == 404
    assert as_unrelated_clinician.get("/clinic/departures/not-an-id/sessions/").status_code == 404


@override_settings(DELETION_CLINICIAN_NOTES="keep")
def test_a_clinician_who_no_longer_shared_keeps_their_notes_too(
    client_user: User, as_client: Client, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    write_note(as_sharing_clinician, client_user)
    share = Share.objects.get(client=client_user)
    as_client.post(f"/account/sharing/{share.id}/stop/")
    assert not Share.objects.filter(client=client_user, revoked_at__isnull=True).exists()
    leave(as_client)

    departure = Departure.objects.get(clinician=sharing_clinician)
    assert departure.shared_since == share.created_at
    assert WORDS in as_sharing_clinician.get(kept_url(departure)).content.decode()


@override_settings(DELETION_CLINICIAN_NOTES="delete")
def test_under_delete_the_notes_go_with_the_account(
    client_user: User, as_client: Client, as_sharing_clinician: Client
) -> None:
    write_note(as_sharing_clinician, client_user)
    leave(as_client)
    assert not SessionNote.objects.exists()
    departure = Departure.objects.get()
    clients = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "session note" not in clients
    # Dismissing needs no confirmation when nothing was kept.
    response = as_sharing_clinician.post(f"/clinic/departures/{departure.id}/dismiss/")
    assert response.status_code == 302
    assert not Departure.objects.exists()


@override_settings(DELETION_CLINICIAN_NOTES="keep")
def test_dismissing_warns_first_and_deletes_kept_notes_only_when_confirmed(
    client_user: User,
    as_client: Client,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
) -> None:
    write_note(as_sharing_clinician, client_user)
    leave(as_client)
    departure = Departure.objects.get()
    url = f"/clinic/departures/{departure.id}/dismiss/"

    warning = as_sharing_clinician.post(url)
    assert warning.status_code == 200
    text = warning.content.decode()
    assert "Dismissing this entry deletes that note for good" in text
    assert 'name="delete_kept_notes" value="yes"' in text
    assert Departure.objects.exists() and SessionNote.objects.count() == 1

    assert as_unrelated_clinician.post(url, {"delete_kept_notes": "yes"}).status_code == 404
    assert SessionNote.objects.count() == 1

    done = as_sharing_clinician.post(url, {"delete_kept_notes": "yes"}, follow=True)
    assert "your notes kept with it are deleted" in done.content.decode()
    assert not Departure.objects.exists() and not SessionNote.objects.exists()
    assert as_sharing_clinician.get(kept_url(departure)).status_code == 404


@pytest.mark.parametrize("rule", ["keep", "delete"])
def test_the_deletion_page_says_what_becomes_of_a_clinicians_own_notes(
    rule: str, client_user: User, as_client: Client, sharing_clinician: User
) -> None:
    sentence = "notes a clinician may have written themselves about your sessions"
    with override_settings(DELETION_CLINICIAN_NOTES=rule):
        # The same words whether or not any notes exist: they never reveal them.
        without = as_client.get("/account/delete/").content.decode()
        SessionNote.objects.create(
            clinician=sharing_clinician, client=client_user, held_on="2026-01-05", note="x"
        )
        with_notes = as_client.get("/account/delete/").content.decode()
    assert (sentence in without) is (sentence in with_notes) is (rule == "keep")
    if rule == "keep":
        assert "stay with the clinician who wrote them" in without
        assert "Everything you wrote yourself is still deleted" in without


@override_settings(DELETION_CLINICIAN_NOTES="keep")
def test_someone_who_never_shared_is_not_told_about_clinicians_notes(as_client: Client) -> None:
    page = as_client.get("/account/delete/").content.decode()
    assert "notes a clinician may have written" not in page


@pytest.mark.parametrize("rule", ["keep", "delete"])
def test_the_notes_page_tells_the_clinician_what_this_kindmind_does(
    rule: str, client_user: User, as_sharing_clinician: Client
) -> None:
    with override_settings(DELETION_CLINICIAN_NOTES=rule):
        body: Any = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/sessions/")
    text = body.content.decode()
    if rule == "keep":
        assert "this kindmind is set to keep your notes" in text
        assert "entry on your Clients page" in text
    else:
        assert "this kindmind is set to delete your notes with it" in text
