"""The loop's faults, one round at a time in this process (the real concurrent loops are
in test_loops.py): a refusing SMTP server, a gone push subscription, a person who
changes timezone, a pause, quiet hours, a loop that stopped mid-claim or mid-send."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.measures.models import Schedule
from kindmind.reminders import actions, delivery
from kindmind.reminders.delivery import run_round
from kindmind.reminders.models import Delivery, LoopHeartbeat, PushSubscription, Reminder
from kindmind.reminders.tests.conftest import make_reminder as _make_reminder
from kindmind.reminders.tests.servers import BrowserKeys, PushService, SMTPServer

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A Tuesday in June: London is on summer time (UTC+1).
MORNING = dt.datetime(2026, 6, 2, 7, 30, tzinfo=LONDON)


def make_reminder(client: User, **fields: Any) -> Reminder:
    """A reminder that started an hour before the first morning of these tests."""
    fields.setdefault("starts_at", MORNING - dt.timedelta(hours=1))
    return _make_reminder(client, **fields)  # type: ignore[no-any-return]


def at(moment: dt.datetime) -> Any:
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield server


@pytest.fixture
def push_service() -> Iterator[PushService]:
    with PushService() as service:
        yield service


def subscribe(client: User, service: PushService, name: str, keys: BrowserKeys) -> Any:
    # Straight into the table: the page refuses loopback endpoints (see test_pages.py).
    return PushSubscription.objects.create(
        client=client, endpoint=f"{service.base}/{name}", p256dh=keys.p256dh, auth=keys.auth
    )


@pytest.mark.enable_socket
def test_an_email_reminder_goes_through_smtp_once_with_kind_words(
    client_user: User, smtp: SMTPServer
) -> None:
    make_reminder(client_user, kind="checkin")
    for minutes in (0, 1, 2):
        with at(MORNING + dt.timedelta(minutes=minutes)):
            run_round()
    assert smtp.inbox.per_recipient() == {client_user.email: 1}
    message = smtp.inbox.messages[0][1]
    assert message["Subject"] == "A gentle check-in"
    body = message.get_payload(decode=True).decode()
    assert "http://127.0.0.1:8000/checkins/new/" in body
    assert "pause reminders" in body
    for word in ("missed", "overdue", "forgot", "should", "streak"):
        assert word not in body.lower()
    assert LoopHeartbeat.objects.get().last_run_at == MORNING + dt.timedelta(minutes=2)


@pytest.mark.enable_socket
def test_a_refusing_smtp_server_is_retried_with_back_off_then_the_person_is_told(
    client_user: User, smtp: SMTPServer, as_client: Client
) -> None:
    make_reminder(client_user)
    smtp.inbox.refuse = True
    tries = []
    for minute in range(75):
        with at(MORNING + dt.timedelta(minutes=minute)):
            before = Delivery.objects.get().attempts if Delivery.objects.exists() else 0
            run_round()
            if Delivery.objects.get().attempts > before:
                tries.append(minute)
    row = Delivery.objects.get()
    # At once, then after 1, 2, 5, 10 and 20 minutes: the last within the hour.
    assert tries == [0, 1, 3, 8, 18, 38]
    assert row.state == "failed"
    assert row.reason == "email-refused"
    assert smtp.inbox.messages == []
    with at(MORNING + dt.timedelta(hours=2)):
        page = as_client.get("/reminders/").content.decode()
        today = as_client.get("/today/").content.decode()
    assert "A reminder couldn't reach you by email on Tuesday 2 June" in page
    assert "You might check the address in Settings." in page
    assert "couldn't reach you by email" in today
    for word in ("missed", "overdue", "failed"):
        assert word not in page.lower()


@pytest.mark.enable_socket
def test_a_server_that_comes_back_gets_the_reminder_once_and_no_note_is_shown(
    client_user: User, smtp: SMTPServer, as_client: Client
) -> None:
    make_reminder(client_user)
    smtp.inbox.refuse = True
    with at(MORNING):
        run_round()
    smtp.inbox.refuse = False
    for minute in range(1, 10):
        with at(MORNING + dt.timedelta(minutes=minute)):
            run_round()
    assert smtp.inbox.per_recipient() == {client_user.email: 1}
    assert Delivery.objects.get().state == "sent"
    with at(MORNING + dt.timedelta(hours=2)):
        assert "couldn't reach you" not in as_client.get("/reminders/").content.decode()


@pytest.mark.enable_socket
def test_a_push_reminder_reaches_every_device_encrypted_and_signed(
    client_user: User, push_service: PushService
) -> None:
    keys = BrowserKeys()
    subscribe(client_user, push_service, "phone", keys)
    subscribe(client_user, push_service, "laptop", keys)
    make_reminder(client_user, by_email=False, by_push=True)
    with at(MORNING):
        run_round()
    assert push_service.per_path() == {"/phone": 1, "/laptop": 1}
    _path, headers, body = push_service.received[0]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert int(headers["ttl"]) == 3600
    payload = json.loads(keys.decrypt(body))
    assert payload == {
        "title": "A few kind minutes",
        "body": "If now is a good moment, a short practice is here for you.",
        "url": "http://127.0.0.1:8000/practice/",
    }
    assert Delivery.objects.get().state == "sent"


@pytest.mark.enable_socket
@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_dropped_and_the_others_still_get_it(
    client_user: User, push_service: PushService, status: int
) -> None:
    keys = BrowserKeys()
    subscribe(client_user, push_service, "gone", keys)
    subscribe(client_user, push_service, "here", keys)
    push_service.status["/gone"] = status
    make_reminder(client_user, by_email=False, by_push=True)
    with at(MORNING):
        run_round()
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        f"{push_service.base}/here"
    ]
    assert Delivery.objects.get().state == "sent"


@pytest.mark.enable_socket
def test_when_the_only_device_is_gone_the_person_is_told_without_retrying(
    client_user: User, push_service: PushService, as_client: Client
) -> None:
    subscribe(client_user, push_service, "gone", BrowserKeys())
    push_service.status["/gone"] = 410
    make_reminder(client_user, by_email=False, by_push=True)
    for minute in range(5):
        with at(MORNING + dt.timedelta(minutes=minute)):
            run_round()
    assert push_service.per_path() == {"/gone": 1}
    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get().state == "failed"
    with at(MORNING + dt.timedelta(hours=2)):
        page = as_client.get("/reminders/").content.decode()
    assert "couldn't reach you as a notification on Tuesday 2 June" in page


@pytest.mark.enable_socket
def test_a_push_service_that_errors_is_retried(
    client_user: User, push_service: PushService
) -> None:
    subscribe(client_user, push_service, "busy", BrowserKeys())
    push_service.status["/busy"] = 503
    make_reminder(client_user, by_email=False, by_push=True)
    with at(MORNING):
        run_round()
    assert Delivery.objects.get().state == "due"
    push_service.status["/busy"] = 201
    with at(MORNING + dt.timedelta(minutes=1)):
        run_round()
    assert push_service.per_path() == {"/busy": 2}
    assert Delivery.objects.get().state == "sent"


def test_a_person_who_moves_timezone_between_planning_and_sending_gets_it_at_their_new_0730(
    client_user: User,
) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
    assert Delivery.objects.get().state == "due"
    # Before the loop sends it, they fly to New York.
    client_user.timezone = "America/New_York"
    client_user.save()
    with at(MORNING + dt.timedelta(minutes=1)):
        run_round()
    assert mail.outbox == []
    new_york = ZoneInfo("America/New_York")
    row = Delivery.objects.get()
    assert row.state == "due"
    assert row.due_at == dt.datetime(2026, 6, 2, 7, 30, tzinfo=new_york)
    for minutes in (0, 1, 30):
        with at(dt.datetime(2026, 6, 2, 7, 30, tzinfo=new_york) + dt.timedelta(minutes=minutes)):
            run_round()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().state == "sent"


def test_a_person_who_moves_timezone_before_it_is_planned_gets_it_at_their_new_0730(
    client_user: User,
) -> None:
    make_reminder(client_user)
    client_user.timezone = "Pacific/Auckland"
    client_user.save()
    with at(MORNING):
        run_round()
    assert mail.outbox == []
    auckland = dt.datetime(2026, 6, 3, 7, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    with at(auckland):
        run_round()
    assert len(mail.outbox) == 1


def test_a_reminder_more_than_an_hour_late_is_let_go(client_user: User) -> None:
    make_reminder(client_user)
    # The loop was down all morning.
    with at(MORNING + dt.timedelta(hours=1, minutes=1)):
        run_round()
    assert mail.outbox == []
    assert Delivery.objects.get().state == "skipped_late"
    # Within the hour it would still have gone.
    Delivery.objects.all().delete()
    with at(MORNING + dt.timedelta(minutes=59)):
        run_round()
    assert len(mail.outbox) == 1


def test_a_loop_that_stopped_after_claiming_but_before_sending_is_sent_once_after_restart(
    client_user: User,
) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
        _token, rows = delivery.claim(timezone.now(), 10)
    assert [r.state for r in rows] == ["claimed"]
    # That loop died here. Until its lease runs out, nobody else sends the row.
    with at(MORNING + dt.timedelta(minutes=1)):
        run_round()
    assert mail.outbox == []
    with at(MORNING + delivery.CLAIM_LEASE + dt.timedelta(seconds=1)):
        run_round()
    assert len(mail.outbox) == 1
    for minute in range(5, 10):
        with at(MORNING + dt.timedelta(minutes=minute)):
            run_round()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().state == "sent"


def test_a_loop_that_stopped_after_claiming_is_let_go_when_it_is_late_by_then(
    client_user: User,
) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
        delivery.claim(timezone.now(), 10)
    with at(MORNING + dt.timedelta(hours=2)):
        run_round()
    assert mail.outbox == []
    assert Delivery.objects.get().state == "skipped_late"


def test_a_row_left_mid_send_is_never_sent_again(client_user: User) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
        token, rows = delivery.claim(timezone.now(), 10)
        assert delivery._start_sending(rows[0], token)
    # The loop died in the middle of talking to the mail server: it may or may not have
    # gone. Whatever happens next, it is not sent a second time.
    for minutes in (1, 2, 3, 30, 59):
        with at(MORNING + dt.timedelta(minutes=minutes)):
            run_round()
    assert mail.outbox == []
    row = Delivery.objects.get()
    assert row.state == "unsure"
    assert row.reason == "loop-stopped-while-sending"


def test_a_late_answer_from_a_loop_whose_send_lease_ran_out_is_still_recorded(
    client_user: User,
) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
        token, rows = delivery.claim(timezone.now(), 10)
        assert delivery._start_sending(rows[0], token)
    with at(MORNING + delivery.SEND_LEASE + dt.timedelta(seconds=1)):
        delivery.reap(timezone.now())
        assert Delivery.objects.get().state == "unsure"
        # The slow send did finish: its loop records it.
        assert delivery._finish(rows[0], token, "sent")
    assert Delivery.objects.get().state == "sent"


def test_paused_for_a_week_nothing_is_sent_and_nothing_is_saved_up(client_user: User) -> None:
    make_reminder(client_user)
    with at(MORNING - dt.timedelta(hours=1)):
        actions.pause(client=client_user, how="week")
    for day in range(8):
        with at(MORNING + dt.timedelta(days=day)):
            run_round()
    # The pause ended at 06:30 on the eighth day: that day's 07:30 comes as usual.
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().local_date == dt.date(2026, 6, 9)


def test_paused_until_turned_back_on_then_resumed(client_user: User) -> None:
    make_reminder(client_user)
    with at(MORNING - dt.timedelta(days=1)):
        actions.pause(client=client_user, how="until_resumed")
    with at(MORNING):
        run_round()
    assert mail.outbox == []
    # Turned back on at 07:45: the 07:30 that passed while paused is not sent late.
    with at(MORNING + dt.timedelta(minutes=15)):
        actions.resume(client=client_user)
        run_round()
    assert mail.outbox == []
    with at(MORNING + dt.timedelta(days=1)):
        run_round()
    assert len(mail.outbox) == 1


def test_a_pause_after_planning_stops_the_row_before_it_is_sent(client_user: User) -> None:
    make_reminder(client_user)
    with at(MORNING):
        delivery.plan(timezone.now())
        actions.pause(client=client_user, how="week")
        run_round()
    assert mail.outbox == []
    assert Delivery.objects.get().state == "skipped_paused"


def test_quiet_hours_hold_back_a_reminder_that_would_land_in_them(client_user: User) -> None:
    # 01:30 in the gap of 29 March comes at 02:00: inside quiet hours from 02:00.
    make_reminder(client_user, at=dt.time(1, 30), starts_at=dt.datetime(2026, 3, 29, tzinfo=LONDON))
    actions.set_quiet_hours(client=client_user, quiet_from=dt.time(2, 0), quiet_until=dt.time(6, 0))
    with at(dt.datetime(2026, 3, 29, 2, 0, tzinfo=LONDON)):
        run_round()
    assert mail.outbox == []
    assert Delivery.objects.get().state == "skipped_quiet"


def test_a_suggested_reminder_never_starts_before_it_is_accepted(
    client_user: User, sharing_clinician: User
) -> None:
    reminder = make_reminder(
        client_user, status=Reminder.Status.SUGGESTED, suggested_by=sharing_clinician
    )
    with at(MORNING):
        run_round()
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    with at(MORNING + dt.timedelta(hours=3)):
        actions.accept_reminder(reminder=reminder, by=client_user)
    with at(MORNING + dt.timedelta(days=1)):
        run_round()
    assert len(mail.outbox) == 1


def test_a_questionnaire_reminder_comes_only_on_a_day_one_is_ready(client_user: User) -> None:
    make_reminder(client_user, kind="questionnaire")
    Schedule.objects.create(
        client=client_user, instrument="phq9", every_days=14, next_due=dt.date(2026, 6, 3)
    )
    with at(MORNING):
        run_round()
    assert mail.outbox == []
    assert Delivery.objects.get().state == "skipped_nothing_due"
    with at(MORNING + dt.timedelta(days=1)):
        run_round()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A questionnaire you planned"


def test_email_reminders_need_a_mail_server(client_user: User, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    make_reminder(client_user)
    with at(MORNING):
        run_round()
    assert Delivery.objects.get().state == "failed"
    assert Delivery.objects.get().reason == "no-mail-server"


def test_a_reminder_made_after_its_time_today_starts_tomorrow(client_user: User) -> None:
    with at(MORNING + dt.timedelta(minutes=10)):
        make_reminder(client_user, starts_at=timezone.now())
        run_round()
    assert mail.outbox == []
    with at(MORNING + dt.timedelta(days=1)):
        run_round()
    assert len(mail.outbox) == 1


def test_only_the_chosen_days(client_user: User) -> None:
    # Tuesday 2 June: only Mondays and Wednesdays chosen.
    make_reminder(client_user, days=[0, 2])
    for day in range(7):
        with at(MORNING + dt.timedelta(days=day)):
            run_round()
    assert [d.local_date.weekday() for d in Delivery.objects.order_by("local_date")] == [2, 0]
    assert len(mail.outbox) == 2


def test_planning_in_chunks_plans_each_occurrence_once(
    client_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "PLAN_CHUNK", 3)
    for minute in range(7):
        make_reminder(client_user, at=dt.time(7, minute), by_push=True)
    with at(MORNING):
        assert delivery.plan(timezone.now()) == 14
        assert delivery.plan(timezone.now()) == 0
    assert Delivery.objects.count() == 14


def test_deliveries_older_than_thirty_days_are_let_go(client_user: User) -> None:
    make_reminder(client_user)
    with at(MORNING):
        run_round()
    with at(MORNING + dt.timedelta(days=29)):
        run_round()
        assert delivery.prune(timezone.now()) == 0
    # Day 0's row goes; days 28 (let go as late) and 29 stay.
    with at(MORNING + dt.timedelta(days=31)):
        assert delivery.prune(timezone.now()) == 1
    assert sorted(Delivery.objects.values_list("local_date", flat=True)) == [
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 1),
    ]
