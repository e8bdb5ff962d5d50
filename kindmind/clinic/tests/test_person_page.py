"""A person's page for the clinician: it opens on any category shared, shows each shared
thing over time and listed, says "Not shared" for the rest, names the person only when
they share their name, audits every reading, and exports only what is shared."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_checkin, make_critic_entry, make_measure_response, make_user
from kindmind.accounts import actions
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.critic.models import Text
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician(client_user: User) -> User:
    """A clinician the person shares check-ins and questionnaires with, not their name."""
    found = make_user("limited.clinician@example.org", role=User.Role.CLINICIAN)
    actions.share_with_clinician(
        client=client_user, clinician=found, categories=["checkins", "measures"], by=client_user
    )
    return found


@pytest.fixture
def as_clinician(clinician: User) -> Client:
    browser = Client()
    browser.force_login(clinician)
    return browser


def page(client_user: User, part: str = "") -> str:
    return f"/clinic/clients/{client_user.id}/{part}"


def test_the_page_opens_without_the_name_shared_and_calls_them_this_person(
    client_user: User, as_clinician: Client
) -> None:
    client_user.display_name = "Robin"
    client_user.save()
    response = as_clinician.get(page(client_user))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This person: everything shared" in body
    assert "Robin" not in body and "client@example.org" not in body
    # Each category not shared says so plainly.
    assert body.count("Not shared") == 4  # practice, critic work, safety plan, formulation
    assert "Your viewing of these pages is recorded" in body


def test_the_page_names_the_person_when_they_share_their_name(
    client_user: User, as_sharing_clinician: Client
) -> None:
    client_user.display_name = "Sam"
    client_user.save()
    body = as_sharing_clinician.get(page(client_user)).content.decode()
    assert "Sam: everything shared" in body
    assert "Not shared" not in body
    checkins = as_sharing_clinician.get(page(client_user, "checkins/")).content.decode()
    assert "Sam&#x27;s check-ins" in checkins or "Sam's check-ins" in checkins


def test_each_shared_section_opens_and_each_other_is_a_404(
    client_user: User, as_clinician: Client
) -> None:
    for part in ("checkins/", "checkins/trend/", "questionnaires/", "sessions/"):
        assert as_clinician.get(page(client_user, part)).status_code == 200, part
    for part in ("practice/", "critic/", "safety/"):
        assert as_clinician.get(page(client_user, part)).status_code == 404, part


def test_nothing_opens_for_the_unrelated_clinician_or_another_client(
    client_user: User, as_unrelated_clinician: Client, as_client: Client
) -> None:
    other = make_user("other.person@example.org")
    other_browser = Client()
    other_browser.force_login(other)
    for part in ("", "checkins/", "questionnaires/", "sessions/"):
        assert as_unrelated_clinician.get(page(client_user, part)).status_code == 404
        assert other_browser.get(page(client_user, part)).status_code == 404
        # The person themselves reads their own pages, not the clinician's view of them.
        assert as_client.get(page(client_user, part)).status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_revoked_share_closes_every_page_at_once(
    client_user: User, clinician: User, as_clinician: Client
) -> None:
    assert as_clinician.get(page(client_user, "checkins/")).status_code == 200
    actions.revoke_share(share=Share.objects.get(clinician=clinician), by=client_user)
    for part in ("", "checkins/", "questionnaires/", "sessions/"):
        assert as_clinician.get(page(client_user, part)).status_code == 404


def test_every_reading_is_audited_with_what_was_read(
    client_user: User, clinician: User, as_clinician: Client
) -> None:
    as_clinician.get(page(client_user))
    as_clinician.get(page(client_user, "checkins/"))
    as_clinician.get(page(client_user, "questionnaires/"))
    rows = list(
        AuditEvent.objects.filter(action="view", actor_id=clinician.id)
        .order_by("id")
        .values_list("subject_id", "object_type")
    )
    assert rows == [
        (client_user.id, "accounts.user"),
        (client_user.id, "checkins.checkin"),
        (client_user.id, "measures.response"),
    ]


def test_the_check_in_list_is_paginated_without_a_query_per_row(
    client_user: User, as_clinician: Client
) -> None:
    for _ in range(35):
        make_checkin(client_user)
    as_clinician.get(page(client_user, "checkins/"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        first = as_clinician.get(page(client_user, "checkins/"))
    for _ in range(20):
        make_checkin(client_user)
    with CaptureQueriesContext(connection) as more:
        as_clinician.get(page(client_user, "checkins/"))
    assert len(few) == len(more)
    body = first.content.decode()
    assert body.count('class="history__item"') == 30
    assert "Page 1 of 2" in body
    # Each row opens the check-in itself, which the clinician may read.
    assert as_clinician.get(page(client_user, "checkins/") + "?page=2").status_code == 200


def test_a_check_in_opened_from_the_list_speaks_about_the_person(
    client_user: User, as_clinician: Client
) -> None:
    checkin = make_checkin(client_user)
    body = as_clinician.get(f"/checkins/{checkin.id}/").content.decode()
    assert "This person&#x27;s three circles" in body or "This person's three circles" in body
    assert "Your three circles" not in body


def test_the_trend_and_questionnaires_show_the_persons_data(
    client_user: User, as_clinician: Client
) -> None:
    make_checkin(client_user, at=timezone.now() - timedelta(days=3))
    trend = as_clinician.get(page(client_user, "checkins/trend/?weeks=26")).content.decode()
    assert "trend__series--threat" in trend
    assert "the numbers you gave" not in trend
    make_measure_response(client_user, completed_at=timezone.now() - timedelta(days=30))
    make_measure_response(
        client_user, answers=[3, 3, 3, 3, 3, 3, 3, 3, 0], completed_at=timezone.now()
    )
    body = as_clinician.get(page(client_user, "questionnaires/")).content.decode()
    assert "progress-chart__svg" in body
    assert "Since their starting point" in body
    assert "your starting point" not in body.lower()


def test_the_practice_log_shows_when_a_practice_felt_too_much(
    client_user: User, as_sharing_clinician: Client
) -> None:
    make_practice_session(client_user, seconds=120, backdraft=True, stirred=True)
    make_practice_session(client_user, seconds=300)
    body = as_sharing_clinician.get(page(client_user, "practice/")).content.decode()
    assert "it felt too much (backdraft)" in body
    assert body.count('class="row"') == 2
    assert "you stopped" not in body


def test_critic_entries_are_listed_and_earlier_versions_need_their_own_share(
    client_user: User, as_sharing_clinician: Client
) -> None:
    entry = make_critic_entry(client_user, kind="letter")
    Text.objects.create(
        entry=entry,
        field="letter_body",
        body="a kind letter",
        version=1,
        sitting=uuid.uuid4(),
        rev=1,
        saved_at=timezone.now(),
    )
    body = as_sharing_clinician.get(page(client_user, "critic/")).content.decode()
    assert f"/critic/{entry.id}/" in body
    assert "also shares earlier versions" in body
    letter = as_sharing_clinician.get(f"/critic/{entry.id}/").content.decode()
    assert "letter to themselves" in letter and "A letter to you" not in letter
    assert "from their compassionate self" in letter and "All your entries" not in letter
    critic_entry = make_critic_entry(client_user)
    detail = as_sharing_clinician.get(f"/critic/{critic_entry.id}/").content.decode()
    assert "Each question is shown as kindmind asked it of" in detail
    assert "All your entries" not in detail
    share = Share.objects.get(client=client_user)
    share.categories = [c for c in share.categories if c != "critic_versions"]
    share.save()
    body = as_sharing_clinician.get(page(client_user, "critic/")).content.decode()
    assert "Earlier versions are not shared" in body
    assert as_sharing_clinician.get(f"/critic/{entry.id}/versions/").status_code == 404


def _export(browser: Client, client_user: User) -> zipfile.ZipFile:
    response = browser.post(page(client_user, "export/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_only_the_shared_categories_and_is_audited(
    client_user: User, clinician: User, as_clinician: Client
) -> None:
    make_checkin(client_user, note="held words")
    make_measure_response(client_user)
    make_critic_entry(client_user)
    make_practice_session(client_user, seconds=60)
    archive = _export(as_clinician, client_user)
    names = set(archive.namelist())
    assert names == {
        "README.txt",
        "csv/check-ins.csv",
        "csv/questionnaire-plans.csv",
        "csv/questionnaire-answers.csv",
        "measures-fhir-r4.json",
    }
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/check-ins.csv").decode("utf-8-sig"))))
    assert [r["note"] for r in rows] == ["held words"]
    bundle = json.loads(archive.read("measures-fhir-r4.json"))
    assert bundle["resourceType"] == "Bundle"
    assert "client@example.org" not in archive.read("README.txt").decode()
    event = AuditEvent.objects.get(action="export")
    assert (event.actor_id, event.subject_id, event.object_type) == (
        clinician.id,
        client_user.id,
        "clinic.export",
    )
    # A GET downloads nothing.
    assert as_clinician.get(page(client_user, "export/")).status_code == 405


def test_the_export_with_everything_shared_leaves_out_practice_ratings(
    client_user: User, as_sharing_clinician: Client
) -> None:
    make_practice_session(client_user, seconds=60)
    archive = _export(as_sharing_clinician, client_user)
    assert "csv/profile.csv" in archive.namelist()
    assert "csv/critic-earlier-versions.csv" in archive.namelist()
    header = archive.read("csv/practice-sessions.csv").decode("utf-8-sig").splitlines()[0]
    assert "backdraft" in header
    assert "distress" not in header and "calm" not in header


def test_the_unrelated_clinician_cannot_export(
    client_user: User, as_unrelated_clinician: Client
) -> None:
    assert as_unrelated_clinician.post(page(client_user, "export/")).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_safety_and_reminder_pages_keep_a_name_that_is_not_shared(
    client_user: User, clinician: User, as_clinician: Client
) -> None:
    """The older pages about one person name them as every clinician page does: the
    clinician's label (here none yet: "this person"), never their name or address."""
    client_user.display_name = "Robin"
    client_user.save()
    share = Share.objects.get(client=client_user, clinician=clinician)
    share.categories = ["checkins", "safety"]
    share.save(update_fields=["categories"])
    for part in ("safety/", "suggest-reminder/"):
        body = as_clinician.get(page(client_user, part)).content.decode()
        assert "Robin" not in body and "client@example.org" not in body, part
    share.categories = ["profile", "safety"]
    share.save(update_fields=["categories"])
    assert "Safety: Robin" in as_clinician.get(page(client_user, "safety/")).content.decode()
