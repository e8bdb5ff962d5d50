"""The reminders loop's work, one round at a time (`kindmind reminders`).

A round:
1. heartbeat: note the time (shown by /healthz);
2. reap: a row claimed by a loop whose lease ran out before it began to send goes back
   to `due`; one whose lease ran out while `sending` becomes `unsure`, never re-sent;
3. plan: every occurrence of an active reminder that has come (in the person's current
   timezone) gets its delivery rows; the unique constraint keeps it to one row per
   (reminder, local date, channel), however many loops plan at once;
4. claim and send, a batch at a time, until nothing is left to claim. A claim is an
   atomic conditional update (and FOR UPDATE SKIP LOCKED on PostgreSQL), so one row is
   only ever held by one loop.

Exactly once, and what that means when a loop dies: docs/reminders.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kindmind.reminders import push, schedule
from kindmind.reminders.models import (
    Delivery,
    LoopHeartbeat,
    PushSubscription,
    Reminder,
    ReminderSettings,
)
from kindmind.reminders.wording import WORDS

log = logging.getLogger(__name__)

State = Delivery.State
# More than this late, a reminder is let go rather than sent (no 3 a.m. reminders).
LATE_AFTER = dt.timedelta(hours=1)
# How long a claim holds a batch before another loop may take it back.
CLAIM_LEASE = dt.timedelta(minutes=2)
# How long a loop may take over one send before the row is counted as unsure.
SEND_LEASE = dt.timedelta(minutes=1)
# Waits before each further try after a failure; all within the hour.
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 2, 5, 10, 20)]
HEARTBEAT = "reminders"
# Sent rows are recorded in groups of this many (see send_batch).
SENT_RECORDED_EVERY = 10
# Occurrences are looked up and inserted this many at a time (a bounded IN list).
PLAN_CHUNK = 500
KEEP_DELIVERIES = dt.timedelta(days=30)
# Each loop prunes at its first round and then hourly.
PRUNE_EVERY_SECONDS = 60 * 60
_last_prune: float | None = None


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def email_available() -> bool:
    """Email reminders need a real mail server (console email would only print them)."""
    return settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend"


def beat(now: dt.datetime) -> None:
    LoopHeartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"last_run_at": now})


def last_beat() -> dt.datetime | None:
    row = LoopHeartbeat.objects.filter(name=HEARTBEAT).first()
    return row.last_run_at if row else None


def reap(now: dt.datetime) -> None:
    """Take back the rows of loops that stopped (see the module's docstring)."""
    Delivery.objects.filter(state=State.CLAIMED, lease_until__lt=now).update(
        state=State.DUE, claim=None, lease_until=None
    )
    Delivery.objects.filter(state=State.SENDING, lease_until__lt=now).update(
        state=State.UNSURE, reason="loop-stopped-while-sending", finished_at=now
    )


def _pauses(now: dt.datetime) -> tuple[set[Any], dict[Any, dt.datetime]]:
    """Who is paused now, and when each pause for a week ended (or ends): nothing due
    while a pause lasted is sent after it."""
    rows = ReminderSettings.objects.filter(
        Q(paused_until_resumed=True) | Q(paused_until__isnull=False)
    ).values_list("client_id", "paused_until", "paused_until_resumed")
    paused = {c for c, until, resumed in rows if resumed or (until and until > now)}
    ended = {c: until for c, until, resumed in rows if until is not None}
    return paused, ended


def plan(now: dt.datetime) -> int:
    """Make the delivery rows of every occurrence that has come. Returns how many new."""
    paused, pause_ended = _pauses(now)
    reminders = (
        Reminder.objects.filter(status=Reminder.Status.ACTIVE, client__is_active=True)
        .filter(Q(by_email=True) | Q(by_push=True))
        .select_related("client")
        .only(
            "id",
            "client_id",
            "at",
            "days",
            "by_email",
            "by_push",
            "starts_at",
            "client__timezone",
        )
    )
    candidates: list[Delivery] = []
    planned = 0
    for reminder in reminders.iterator(chunk_size=2000):
        if reminder.client_id in paused:
            continue
        zone = ZoneInfo(reminder.client.timezone)
        today = now.astimezone(zone).date()
        for day in (today - dt.timedelta(days=1), today):
            if day.weekday() not in reminder.days:
                continue
            instant = schedule.occurrence_instant(day, reminder.at, zone)
            if instant > now or instant < reminder.starts_at:
                continue
            if reminder.client_id in pause_ended and instant < pause_ended[reminder.client_id]:
                continue
            late = now - instant > LATE_AFTER
            for channel, wanted in (("email", reminder.by_email), ("push", reminder.by_push)):
                if wanted:
                    candidates.append(
                        Delivery(
                            reminder_id=reminder.id,
                            client_id=reminder.client_id,
                            channel=channel,
                            local_date=day,
                            timezone=reminder.client.timezone,
                            due_at=instant,
                            next_try_at=instant,
                            state=State.SKIPPED_LATE if late else State.DUE,
                            reason="late" if late else "",
                            finished_at=now if late else None,
                        )
                    )
        if len(candidates) >= PLAN_CHUNK:
            planned += _insert_new(candidates)
            candidates = []
    return planned + _insert_new(candidates)


def _insert_new(candidates: list[Delivery]) -> int:
    """Insert the rows not there yet. Most candidates already have theirs (made in an
    earlier round): look first, then insert the rest; a row another loop inserts in the
    meantime is ignored by the unique constraint."""
    if not candidates:
        return 0
    have = set(
        Delivery.objects.filter(
            reminder_id__in={c.reminder_id for c in candidates},
            local_date__gte=min(c.local_date for c in candidates),
        ).values_list("reminder_id", "local_date", "channel")
    )
    new = [c for c in candidates if (c.reminder_id, c.local_date, c.channel) not in have]
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def prune(now: dt.datetime) -> int:
    """Let go of finished deliveries older than KEEP_DELIVERIES (they only ever fed the
    notes on Settings > Reminders and Today, which look back a week)."""
    return Delivery.objects.filter(due_at__lt=now - KEEP_DELIVERIES).delete()[0]


def claim(now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[Delivery]]:
    """Take up to `limit` rows that are due, for this loop alone, with a lease."""
    token = uuid.uuid4()
    ready = Delivery.objects.filter(state=State.DUE, next_try_at__lte=now).order_by("next_try_at")
    with transaction.atomic():
        if on_postgres():
            # Rows another loop is claiming at this instant are skipped, not waited for.
            ids = list(
                ready.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit]
            )
            picked = Delivery.objects.filter(id__in=ids)
        else:
            # SQLite: the transaction holds the write lock from its start (IMMEDIATE), and
            # the update is conditional on the rows still being due.
            picked = Delivery.objects.filter(id__in=ready.values("id")[:limit])
        picked.filter(state=State.DUE).update(
            state=State.CLAIMED, claim=token, lease_until=now + CLAIM_LEASE
        )
    rows = list(
        Delivery.objects.filter(claim=token, state=State.CLAIMED)
        .select_related("reminder", "client")
        .order_by("due_at")
    )
    return token, rows


def _finish(row: Delivery, token: uuid.UUID, state: str, reason: str = "", **extra: Any) -> bool:
    """Record what became of a row this loop holds. False when it is no longer ours."""
    return (
        Delivery.objects.filter(
            id=row.id, claim=token, state__in=[State.CLAIMED, State.SENDING, State.UNSURE]
        ).update(
            state=state,
            reason=reason,
            finished_at=timezone.now(),
            lease_until=None,
            **extra,
        )
        == 1
    )


def _start_sending(row: Delivery, token: uuid.UUID) -> bool:
    """Claimed -> sending, only while our lease holds: from here a crash means unsure."""
    now = timezone.now()
    return (
        Delivery.objects.filter(
            id=row.id, claim=token, state=State.CLAIMED, lease_until__gt=now
        ).update(state=State.SENDING, lease_until=now + SEND_LEASE, attempts=row.attempts + 1)
        == 1
    )


def _retry_or_fail(row: Delivery, token: uuid.UUID, reason: str, now: dt.datetime) -> None:
    tries = row.attempts + 1
    if tries <= len(BACKOFF):
        later = now + BACKOFF[tries - 1]
        if later - row.due_at <= LATE_AFTER:
            Delivery.objects.filter(id=row.id, claim=token).update(
                state=State.DUE, claim=None, lease_until=None, next_try_at=later, reason=reason
            )
            return
    _finish(row, token, State.FAILED, reason)


@dataclass
class Outbox:
    """The channels' open connections for one batch."""

    mail: Any = None
    pusher: push.Sender | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def email(self, message: EmailMessage) -> None:
        if self.mail is None:
            self.mail = get_connection(timeout=settings.EMAIL_TIMEOUT)
            self.mail.open()
        try:
            message.connection = self.mail
            message.send()
        except Exception:
            # The connection may be half-broken: the next message opens a fresh one.
            self.close_mail()
            raise

    def close_mail(self) -> None:
        if self.mail is not None:
            # Closing a broken connection may fail too.
            with contextlib.suppress(Exception):
                self.mail.close()
            self.mail = None

    def close(self) -> None:
        self.close_mail()
        if self.pusher is not None:
            self.pusher.close()


def _message(row: Delivery) -> tuple[str, str, str]:
    words = WORDS[row.reminder.kind]
    with translation.override(settings.LANGUAGE_CODE):
        return str(words.title), str(words.body), f"{settings.SITE_ROOT}{words.path}"


def _check_still_wanted(row: Delivery, now: dt.datetime) -> tuple[str, str] | None:
    """A reason to let this row go without sending, or None to send. Things may have
    changed since it was planned: a pause, a new timezone, a switched-off reminder."""
    reminder = row.reminder
    client = row.client
    if (
        reminder.status != Reminder.Status.ACTIVE
        or not client.is_active
        or not (reminder.by_email if row.channel == "email" else reminder.by_push)
    ):
        return State.SKIPPED_PAUSED, "switched-off"
    prefs = ReminderSettings.objects.filter(client=client).first()
    if prefs and prefs.is_paused(now):
        return State.SKIPPED_PAUSED, "paused"
    if client.timezone != row.timezone:
        # The person moved between planning and sending: 07:30 is 07:30 where they are now.
        zone = ZoneInfo(client.timezone)
        instant = schedule.occurrence_instant(row.local_date, reminder.at, zone)
        if instant > now:
            return "later", client.timezone
        row.due_at = instant
    if now - row.due_at > LATE_AFTER:
        return State.SKIPPED_LATE, "late"
    local = now.astimezone(ZoneInfo(client.timezone))
    if prefs and schedule.in_quiet_hours(local.time(), prefs.quiet_from, prefs.quiet_until):
        return State.SKIPPED_QUIET, "quiet-hours"
    if reminder.kind == Reminder.Kind.QUESTIONNAIRE:
        from kindmind.measures.models import due_schedules

        if not due_schedules(client, local.date()):
            return State.SKIPPED_NOTHING_DUE, "nothing-due"
    return None


def _send_one(row: Delivery, token: uuid.UUID, outbox: Outbox, now: dt.datetime) -> str:
    letting_go = _check_still_wanted(row, now)
    if letting_go is not None:
        state, detail = letting_go
        if state == "later":
            instant = schedule.occurrence_instant(row.local_date, row.reminder.at, ZoneInfo(detail))
            Delivery.objects.filter(id=row.id, claim=token).update(
                state=State.DUE,
                claim=None,
                lease_until=None,
                timezone=detail,
                due_at=instant,
                next_try_at=instant,
            )
            return "moved"
        _finish(row, token, state, detail)
        return state
    title, body, url = _message(row)
    if row.channel == "email":
        if not email_available():
            _finish(row, token, State.FAILED, "no-mail-server")
            return State.FAILED
        text = render_to_string(
            "reminders/email/reminder.txt",
            {"body": body, "url": url, "settings_url": f"{settings.SITE_ROOT}/reminders/"},
        )
        message = EmailMessage(title, text, to=[row.client.email])
        if not _start_sending(row, token):
            return "lost"
        try:
            outbox.email(message)
        except Exception as exc:
            log.warning(
                "reminders: an email did not go (delivery %s): %s", row.id, type(exc).__name__
            )
            _retry_or_fail(row, token, "email-refused", now)
            return "retry"
        # Recorded with the rest of the batch (send_batch): until then the row says
        # `sending`, which is never sent again, so a crash here cannot send it twice.
        return State.SENT
    subscriptions = list(PushSubscription.objects.filter(client=row.client))
    if not subscriptions:
        _finish(row, token, State.FAILED, "no-device")
        return State.FAILED
    if not _start_sending(row, token):
        return "lost"
    if outbox.pusher is None:
        outbox.pusher = push.Sender()
    reached = 0
    gone: list[Any] = []
    reasons: list[str] = []
    for subscription in subscriptions:
        try:
            outbox.pusher.send(subscription, {"title": title, "body": body, "url": url})
            reached += 1
        except push.Gone:
            gone.append(subscription.id)
        except push.PushFailed as exc:
            reasons.append(str(exc))
    if gone:
        PushSubscription.objects.filter(id__in=gone).delete()
    if reached:
        return State.SENT
    if not reasons:
        # Every device had gone: nowhere left to send it.
        _finish(row, token, State.FAILED, "no-device")
        return State.FAILED
    log.warning("reminders: a notification did not go (delivery %s): %s", row.id, reasons[0])
    _retry_or_fail(row, token, reasons[0][:64], now)
    return "retry"


def _record_sent(ids: list[int], token: uuid.UUID) -> None:
    """One write for several sent rows (on SQLite every write waits for the one lock)."""
    if ids:
        Delivery.objects.filter(
            id__in=ids, claim=token, state__in=[State.SENDING, State.UNSURE]
        ).update(state=State.SENT, reason="", finished_at=timezone.now(), lease_until=None)
        ids.clear()


def send_batch(rows: Iterable[Delivery], token: uuid.UUID) -> dict[str, int]:
    counts: dict[str, int] = {}
    outbox = Outbox()
    sent: list[int] = []
    try:
        for row in rows:
            outcome = _send_one(row, token, outbox, timezone.now())
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == State.SENT:
                sent.append(row.id)
                if len(sent) >= SENT_RECORDED_EVERY:
                    _record_sent(sent, token)
    finally:
        _record_sent(sent, token)
        outbox.close()
    return counts


def run_round(*, batch: int = 50, should_stop: Any = None) -> dict[str, int]:
    """One round of the loop. Returns counts by outcome (for the loop's own output)."""
    now = timezone.now()
    beat(now)
    reap(now)
    totals: dict[str, int] = {"planned": plan(now)}
    global _last_prune
    if _last_prune is None or time.monotonic() - _last_prune > PRUNE_EVERY_SECONDS:
        _last_prune = time.monotonic()
        totals["old deliveries removed"] = prune(now)
    while should_stop is None or not should_stop():
        token, rows = claim(timezone.now(), batch)
        if not rows:
            break
        for outcome, n in send_batch(rows, token).items():
            totals[outcome] = totals.get(outcome, 0) + n
    return totals
