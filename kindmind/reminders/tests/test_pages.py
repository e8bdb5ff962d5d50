"""Settings > Reminders through its addresses: add, change, remove, pause in one tap,
quiet hours, this device's notifications; a clinician's suggestion, which starts only
when accepted; and what /healthz says about the loop."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_user
from kindmind.accounts.models import AuditEvent, User
from kindmind.reminders import push
from kindmind.reminders.delivery import beat
from kindmind.reminders.models import PushSubscription, Reminder, ReminderSettings
from kindmind.reminders.tests.conftest import make_reminder

pytestmark = pytest.mark.django_db

GOOD = {"kind": "checkin", "at": "08:15", "days": ["0", "2", "4"], "by_push": "on"}


def test_settings_links_to_reminders(as_client: Client) -> None:
    page = as_client.get("/account/settings/").content.decode()
    assert 'href="/reminders/"' in page


def test_a_person_adds_a_reminder(as_client: Client, client_user: User) -> None:
    response = as_client.post("/reminders/new/", {**GOOD, "by_email": "on"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(client=client_user)
    assert (reminder.kind, reminder.at, reminder.days) == ("checkin", dt.time(8, 15), [0, 2, 4])
    assert reminder.by_push and reminder.by_email
    assert reminder.status == "active"
    page = as_client.get("/reminders/").content.decode()
    assert "A check-in" in page
    assert "08:15" in page
    assert "Monday, Wednesday, Friday" in page
    assert "notification + email" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": []}, "Please choose at least one day."),
        ({"days": ["9"]}, "Please choose days from the list."),
        ({"at": "25:99"}, "Please give a time such as 07:30."),
        ({"kind": "homework"}, "Please choose one of the kinds shown."),
        ({"by_push": ""}, "Please choose how the reminder reaches you"),
    ],
)
def test_a_reminder_with_a_mistake_is_refused_kindly_and_keeps_what_was_typed(
    as_client: Client, change: dict[str, Any], message: str
) -> None:
    response = as_client.post("/reminders/new/", {**GOOD, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing has been lost" in page
    assert not Reminder.objects.exists()


def test_a_time_inside_quiet_hours_is_refused_with_the_reason(
    as_client: Client, client_user: User
) -> None:
    as_client.post("/reminders/quiet-hours/", {"quiet_from": "22:00", "quiet_until": "07:00"})
    response = as_client.post("/reminders/new/", {**GOOD, "at": "06:30"})
    assert response.status_code == 400
    assert "inside your quiet hours" in response.content.decode()
    assert as_client.post("/reminders/new/", {**GOOD, "at": "07:00"}).status_code == 302


def test_quiet_hours_need_both_times(as_client: Client, client_user: User) -> None:
    response = as_client.post("/reminders/quiet-hours/", {"quiet_from": "22:00"})
    assert response.status_code == 400
    assert "Please give both times" in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_a_person_changes_and_removes_a_reminder(as_client: Client, client_user: User) -> None:
    reminder = make_reminder(client_user)
    response = as_client.post(f"/reminders/{reminder.id}/edit/", {**GOOD, "at": "21:00"})
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.at == dt.time(21, 0)
    assert as_client.post(f"/reminders/{reminder.id}/delete/").status_code == 302
    assert not Reminder.objects.exists()


def test_nobody_else_can_see_change_or_remove_a_reminder(
    client_user: User, as_sharing_clinician: Client, as_unrelated_clinician: Client
) -> None:
    reminder = make_reminder(client_user)
    other = Client()
    other.force_login(make_user("someone.else@example.org"))
    for browser in (as_sharing_clinician, as_unrelated_clinician, other):
        assert browser.get(f"/reminders/{reminder.id}/edit/").status_code == 404
        assert browser.post(f"/reminders/{reminder.id}/edit/", GOOD).status_code == 404
        assert browser.post(f"/reminders/{reminder.id}/delete/").status_code == 404
        assert browser.post(f"/reminders/{reminder.id}/accept/").status_code == 404
    assert Reminder.objects.get().at == dt.time(7, 30)


def test_clinicians_have_no_reminders_page_of_their_own(as_sharing_clinician: Client) -> None:
    assert as_sharing_clinician.get("/reminders/").status_code == 404


@time_machine.travel(dt.datetime(2026, 6, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_pause_all_for_a_week_in_one_tap(as_client: Client, client_user: User) -> None:
    response = as_client.post("/reminders/pause/", {"pause": "week"}, follow=True)
    assert "Reminders are resting for a week" in response.content.decode()
    prefs = ReminderSettings.objects.get(client=client_user)
    assert prefs.paused_until == dt.datetime(2026, 6, 9, 9, 0, tzinfo=dt.UTC)
    page = as_client.get("/reminders/").content.decode()
    assert "Reminders are resting until Tuesday 9 June." in page
    assert "Turn reminders back on" in page


def test_pause_until_turned_back_on_and_back_on(as_client: Client, client_user: User) -> None:
    as_client.post("/reminders/pause/", {"pause": "until_resumed"})
    assert ReminderSettings.objects.get().is_paused()
    page = as_client.get("/reminders/").content.decode()
    assert "Reminders are resting until you turn them back on." in page
    response = as_client.post("/reminders/resume/", follow=True)
    assert "Reminders are back on." in response.content.decode()
    assert not ReminderSettings.objects.get().is_paused()


def test_a_pause_without_a_length_changes_nothing(as_client: Client) -> None:
    assert as_client.post("/reminders/pause/", {"pause": "forever"}).status_code == 400
    assert not ReminderSettings.objects.exists()


SUBSCRIPTION = {
    "endpoint": "https://push.example.net/send/abc123",
    "keys": {"p256dh": "BPublicKeyOfTheBrowser", "auth": "secret16bytes"},
}


def test_this_device_subscribes_and_unsubscribes(as_client: Client, client_user: User) -> None:
    response = as_client.post(
        "/reminders/push/subscribe/", json.dumps(SUBSCRIPTION), content_type="application/json"
    )
    assert response.status_code == 200
    saved = PushSubscription.objects.get()
    assert (saved.client, saved.endpoint, saved.auth) == (
        client_user,
        SUBSCRIPTION["endpoint"],
        "secret16bytes",
    )
    # Subscribing again (a page reload) keeps one row.
    as_client.post(
        "/reminders/push/subscribe/", json.dumps(SUBSCRIPTION), content_type="application/json"
    )
    assert PushSubscription.objects.count() == 1
    response = as_client.post(
        "/reminders/push/unsubscribe/",
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.net/send/abc",
        "https://127.0.0.1/send",
        "https://localhost/send",
        "https://[::1]/send",
        "https://10.0.0.8/send",
        "https://intranet/send",
        "javascript:alert(1)",
    ],
)
def test_an_endpoint_that_is_not_a_push_service_on_the_internet_is_refused(
    as_client: Client, endpoint: str
) -> None:
    body = {**SUBSCRIPTION, "endpoint": endpoint}
    response = as_client.post(
        "/reminders/push/subscribe/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_the_page_offers_this_sites_vapid_public_key(as_client: Client) -> None:
    page = as_client.get("/reminders/").content.decode()
    assert f'data-key="{push.public_key()}"' in page
    # An uncompressed P-256 point: 65 bytes, 87 characters of base64url.
    assert len(push.public_key()) == 87


def test_vapid_keys_are_made_once_in_the_data_directory_readable_by_kindmind_only(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KINDMIND_VAPID_PRIVATE_KEY")
    settings.DATA_DIR = tmp_path
    push.vapid.cache_clear()
    first = push.public_key()
    key_file = tmp_path / "vapid_private_key.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    push.vapid.cache_clear()
    assert push.public_key() == first
    # Several servers share one key from the environment instead.
    monkeypatch.setenv("KINDMIND_VAPID_PRIVATE_KEY_FILE", str(key_file))
    push.vapid.cache_clear()
    assert push.public_key() == first


def test_a_clinician_suggests_a_reminder_which_waits_for_acceptance(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client, as_client: Client
) -> None:
    detail = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert f"/clinic/clients/{client_user.id}/suggest-reminder/" in detail
    response = as_sharing_clinician.post(
        f"/clinic/clients/{client_user.id}/suggest-reminder/", GOOD
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.client, reminder.status, reminder.suggested_by) == (
        client_user,
        "suggested",
        sharing_clinician,
    )
    created = AuditEvent.objects.get(action="create", object_type="reminders.reminder")
    assert (created.actor_id, created.subject_id) == (sharing_clinician.id, client_user.id)
    page = as_client.get("/reminders/").content.decode()
    assert "Suggested for you" in page
    assert "These start only if you accept them." in page
    as_client.post(f"/reminders/{reminder.id}/accept/")
    reminder.refresh_from_db()
    assert reminder.status == "active"


def test_a_suggestion_can_be_set_aside(
    client_user: User, sharing_clinician: User, as_client: Client
) -> None:
    reminder = make_reminder(client_user, status="suggested", suggested_by=sharing_clinician)
    response = as_client.post(f"/reminders/{reminder.id}/delete/", follow=True)
    assert "That suggestion is set aside." in response.content.decode()
    assert not Reminder.objects.exists()


def test_only_a_clinician_who_is_shared_with_can_suggest(
    client_user: User, as_unrelated_clinician: Client, as_client: Client
) -> None:
    url = f"/clinic/clients/{client_user.id}/suggest-reminder/"
    assert as_unrelated_clinician.post(url, GOOD).status_code == 404
    assert as_client.post(url, GOOD).status_code == 404
    assert not Reminder.objects.exists()


def test_healthz_reports_when_the_loop_last_ran_and_stays_200_when_it_is_old(
    client: Client,
) -> None:
    long_ago = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC)
    beat(long_ago)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["reminders_loop_last_run"] == "2026-01-01T06:00:00+00:00"


def test_the_command_runs_one_round_and_says_what_it_did(
    client_user: User, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    make_reminder(client_user)
    with time_machine.travel(dt.datetime(2026, 6, 2, 7, 31, tzinfo=client_user.zone), tick=False):
        call_command("reminders", "--once")
    assert "1 sent" in capsys.readouterr().out
