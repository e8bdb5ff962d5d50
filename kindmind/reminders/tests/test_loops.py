"""Real `kindmind reminders --loop` processes, two and four at once, over 1,100
reminders (1,000 due now, 100 more than an hour late) delivered to a real SMTP server and
a stand-in push service on loopback: every due reminder arrives once, none twice, the
late ones not at all. And a loop killed mid-send: never twice after the restart.

Runs on whichever database the suite runs on (SQLite file or PostgreSQL); the figures
are written to test-artifacts/reminders-loops.jsonl."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.reminders.models import Delivery, PushSubscription, Reminder
from kindmind.reminders.tests.conftest import VAPID_PEM
from kindmind.reminders.tests.servers import BrowserKeys, PushService, SMTPServer

pytestmark = [pytest.mark.enable_socket, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
ZONES = ["Europe/London", "America/New_York", "Pacific/Auckland", "UTC"]
ON_TIME = 1000
LATE = 100
UNFINISHED = ["due", "claimed", "sending"]


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
        f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def loop_env(tmp_path: Path, smtp: SMTPServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KINDMIND_", "DATABASE_"))}
    env.update(
        {
            "DATABASE_URL": database_url(),
            "KINDMIND_SECRET_KEY": "loops-test",
            "KINDMIND_DATA_DIR": str(tmp_path / "data"),
            "KINDMIND_EMAIL_HOST": "127.0.0.1",
            "KINDMIND_EMAIL_PORT": str(smtp.port),
            "KINDMIND_EMAIL_USE_TLS": "false",
            "KINDMIND_VAPID_PRIVATE_KEY": VAPID_PEM,
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def start_loops(n: int, env: dict[str, str], log: Path, *, batch: int = 25) -> list[Any]:
    command = [sys.executable, "-m", "kindmind.cli", "reminders", "--loop", "--every", "0.2"]
    with log.open("w") as out:
        return [
            subprocess.Popen(
                [*command, "--batch", str(batch)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for _ in range(n)
        ]


def stop(processes: list[Any]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def people(count: int, prefix: str) -> list[User]:
    users = [
        User(email=f"{prefix}{i}@example.org", timezone=ZONES[i % len(ZONES)], password="!")
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=500)
    return list(User.objects.filter(email__startswith=prefix).order_by("email"))


@pytest.fixture
def servers() -> Iterator[tuple[SMTPServer, PushService]]:
    with SMTPServer() as smtp, PushService() as push_service:
        yield smtp, push_service


def due_reminders(push_service: PushService) -> None:
    """1,000 reminders due a few minutes ago, half by email and half by push, one per
    person (so each recipient or device counts one reminder), across four timezones;
    and 100 more, by email, whose time was two hours ago."""
    now = timezone.now()
    keys = BrowserKeys()
    reminders = []
    subscriptions = []
    for i, person in enumerate(people(ON_TIME, "due")):
        local = (now - dt.timedelta(minutes=3)).astimezone(ZoneInfo(person.timezone))
        by_push = i % 2 == 1
        reminders.append(
            Reminder(
                client=person,
                kind="practice" if i % 3 else "checkin",
                at=local.time().replace(second=0, microsecond=0),
                days=list(range(7)),
                by_email=not by_push,
                by_push=by_push,
                starts_at=now - dt.timedelta(days=1),
            )
        )
        if by_push:
            subscriptions.append(
                PushSubscription(
                    client=person,
                    endpoint=f"{push_service.base}/{person.id}",
                    p256dh=keys.p256dh,
                    auth=keys.auth,
                )
            )
    for person in people(LATE, "late"):
        local = (now - dt.timedelta(hours=2)).astimezone(ZoneInfo(person.timezone))
        reminders.append(
            Reminder(
                client=person,
                kind="practice",
                at=local.time().replace(second=0, microsecond=0),
                days=list(range(7)),
                by_email=True,
                starts_at=now - dt.timedelta(days=1),
            )
        )
    Reminder.objects.bulk_create(reminders, batch_size=500)
    PushSubscription.objects.bulk_create(subscriptions, batch_size=500)


@pytest.mark.parametrize("loops", [2, 4])
def test_concurrent_loops_deliver_every_due_reminder_exactly_once(
    loops: int, servers: tuple[SMTPServer, PushService], tmp_path: Path
) -> None:
    smtp, push_service = servers
    due_reminders(push_service)
    started = time.monotonic()
    processes = start_loops(loops, loop_env(tmp_path, smtp), tmp_path / "loops.log")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if (
                Delivery.objects.count() == ON_TIME + LATE
                and not Delivery.objects.filter(state__in=UNFINISHED).exists()
            ):
                break
            assert all(p.poll() is None for p in processes), (tmp_path / "loops.log").read_text()
            time.sleep(0.2)
        seconds = time.monotonic() - started
    finally:
        stop(processes)
    log = (tmp_path / "loops.log").read_text()
    assert "Traceback" not in log, log
    emails = smtp.inbox.per_recipient()
    pushes = push_service.per_path()
    states = dict(Delivery.objects.values_list("state").annotate(n=Count("id")))
    figures = {
        "database": connection.vendor,
        "loops": loops,
        "due": ON_TIME + LATE,
        "sent": states.get("sent", 0),
        "emails received": sum(emails.values()),
        "pushes received": sum(pushes.values()),
        "duplicates": sum(n - 1 for n in [*emails.values(), *pushes.values()] if n > 1),
        "late-skipped": states.get("skipped_late", 0),
        "seconds": round(seconds, 1),
    }
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with (artifacts / "reminders-loops.jsonl").open("a") as out:
        out.write(json.dumps(figures) + "\n")
    assert figures["duplicates"] == 0, figures
    assert states == {"sent": ON_TIME, "skipped_late": LATE}, figures
    assert figures["emails received"] == ON_TIME // 2
    assert figures["pushes received"] == ON_TIME // 2
    on_time_addresses = set(
        User.objects.filter(email__startswith="due", reminders__by_email=True).values_list(
            "email", flat=True
        )
    )
    assert set(emails) == on_time_addresses
    assert len(set(pushes)) == ON_TIME // 2
    # Every loop took part: the claim shares the work rather than one loop doing it all.
    assert log.count("kindmind reminders:") >= loops


def test_a_loop_killed_mid_send_never_sends_twice_after_restart(
    servers: tuple[SMTPServer, PushService], tmp_path: Path
) -> None:
    smtp, _ = servers
    now = timezone.now()
    for person in people(2, "kill"):
        local = (now - dt.timedelta(minutes=2)).astimezone(ZoneInfo(person.timezone))
        Reminder.objects.create(
            client=person,
            kind="practice",
            at=local.time().replace(second=0, microsecond=0),
            days=list(range(7)),
            by_email=True,
            starts_at=now - dt.timedelta(days=1),
        )
    env = loop_env(tmp_path, smtp)
    # The mail server takes the first message and never answers: the loop is mid-send.
    smtp.inbox.hold = True
    (first,) = start_loops(1, env, tmp_path / "first.log", batch=1)
    try:
        assert smtp.inbox.arrived.wait(60), (tmp_path / "first.log").read_text()
        assert Delivery.objects.filter(state="sending").count() == 1
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    smtp.inbox.hold = False
    assert sorted(Delivery.objects.values_list("state", flat=True)) == ["due", "sending"]
    # The killed loop's lease runs out (a minute, here brought forward)...
    Delivery.objects.filter(state="sending").update(lease_until=now - dt.timedelta(seconds=1))
    # ...and a loop starts again, twice over.
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-m", "kindmind.cli", "reminders", "--once"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    states = dict(Delivery.objects.values_list("client__email", "state"))
    assert sorted(states.values()) == ["sent", "unsure"]
    received = smtp.inbox.per_recipient()
    # The one that was waiting is sent once; the one that was mid-send is never sent
    # again (it may or may not have gone before the kill: here it had not).
    sent_to = next(email for email, state in states.items() if state == "sent")
    assert received == {sent_to: 1}
