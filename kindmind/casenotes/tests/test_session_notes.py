"""A clinician's own sessions and notes: written under the person's page, read and
changed only by the clinician who wrote them, never by the person or another clinician,
never in the person's own archive, and stored encrypted."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from conftest import make_user
from kindmind.accounts import actions
from kindmind.accounts.models import Share, User
from kindmind.casenotes.models import SessionNote

pytestmark = pytest.mark.django_db

WORDS = "talked about the critic at work"


def notes_url(client_user: User) -> str:
    return f"/clinic/clients/{client_user.id}/sessions/"


def write(browser: Client, client_user: User, **fields: str) -> Any:
    data = {"held_on": "2026-01-12", "minutes": "50", "kind": "video", "note": WORDS}
    data.update(fields)
    return browser.post(notes_url(client_user), data)


def test_the_clinician_records_a_session_and_reads_it_back(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    response = write(as_sharing_clinician, client_user)
    assert response.status_code == 302
    note = SessionNote.objects.get()
    assert (note.clinician, note.client, note.minutes, note.kind) == (
        sharing_clinician,
        client_user,
        50,
        "video",
    )
    body = as_sharing_clinician.get(notes_url(client_user)).content.decode()
    assert WORDS in body and "By video" in body and "50 minutes" in body


def test_the_note_is_encrypted_in_the_database(
    client_user: User, as_sharing_clinician: Client
) -> None:
    write(as_sharing_clinician, client_user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM casenotes_sessionnote")
        (stored,) = cursor.fetchone()
    assert WORDS not in stored
    assert SessionNote._meta.get_field("note").name in SessionNote.personal_fields


def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    client_user: User, as_sharing_clinician: Client
) -> None:
    response = write(as_sharing_clinician, client_user, held_on="next tuesday", minutes="-3")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please give a date such as 2026-03-14." in body
    assert "Please give a length between 1 and 600 minutes." in body
    assert WORDS in body
    response = write(as_sharing_clinician, client_user, held_on="2999-01-01")
    assert "Please give the date of a session already held." in response.content.decode()
    assert not SessionNote.objects.exists()


def test_only_the_clinician_who_wrote_it_sees_changes_or_deletes_it(
    client_user: User,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
    as_client: Client,
) -> None:
    write(as_sharing_clinician, client_user)
    note = SessionNote.objects.get()
    # A second clinician the person also shares with sees none of the first one's notes.
    colleague = make_user("colleague@example.org", role=User.Role.CLINICIAN)
    actions.share_with_clinician(
        client=client_user, clinician=colleague, categories=["checkins"], by=client_user
    )
    as_colleague = Client()
    as_colleague.force_login(colleague)
    assert WORDS not in as_colleague.get(notes_url(client_user)).content.decode()
    edit = f"{notes_url(client_user)}{note.id}/"
    for browser in (as_colleague, as_unrelated_clinician, as_client):
        assert browser.get(edit).status_code == 404
        assert browser.post(edit, {"held_on": "2026-01-01", "note": "x"}).status_code == 404
        assert browser.post(f"{edit}delete/").status_code == 404
    note.refresh_from_db()
    assert note.note == WORDS
    assert (
        as_sharing_clinician.post(edit, {"held_on": "2026-01-13", "note": "changed"}).status_code
        == 302
    )
    note.refresh_from_db()
    assert (str(note.held_on), note.note, note.minutes) == ("2026-01-13", "changed", None)
    assert as_sharing_clinician.post(f"{edit}delete/").status_code == 302
    assert not SessionNote.objects.exists()


def test_the_person_never_sees_the_notes_anywhere(
    client_user: User, as_sharing_clinician: Client, as_client: Client
) -> None:
    write(as_sharing_clinician, client_user)
    for url in ("/today/", "/account/sharing/", "/account/settings/"):
        assert WORDS not in as_client.get(url).content.decode()
    assert as_client.get(notes_url(client_user)).status_code == 404
    archive = as_client.post("/account/export/")
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        for name in z.namelist():
            assert WORDS not in z.read(name).decode("utf-8", "replace"), name


@override_settings(DELETION_CLINICIAN_NOTES="delete")
def test_notes_are_kept_but_closed_when_sharing_stops_and_go_with_the_account(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    """Under the "delete" setting; "keep" is in test_kept_after_leaving.py."""
    write(as_sharing_clinician, client_user)
    share = Share.objects.get(client=client_user)
    actions.revoke_share(share=share, by=client_user)
    assert as_sharing_clinician.get(notes_url(client_user)).status_code == 404
    assert SessionNote.objects.count() == 1
    actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["checkins"], by=client_user
    )
    assert WORDS in as_sharing_clinician.get(notes_url(client_user)).content.decode()
    from kindmind.accounts.deletion import delete_account

    delete_account(client_user.id)
    assert not SessionNote.objects.exists()
