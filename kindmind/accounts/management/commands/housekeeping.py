"""`kindmind housekeeping`: let go of what kindmind must not keep.

- Expired sessions. Anyone can start one (a form sent while signed out is held in one),
  and Django leaves expired rows in the database until something clears them.
- Sign-in records (email address, network address, browser) older than
  KINDMIND_SIGNIN_LOG_DAYS, and failed attempts whose cool-off has passed.
- Sign-ups whose confirmation link was never opened, a week after the link ran out.
- On SQLite, earlier versions of changed pages waiting in the -wal file (a checkpoint),
  so that deleted words do not linger there (kindmind.accounts.deletion).

`kindmind serve` runs this with --loop beside the server (kindmind.front.management.commands.serve),
so nothing else is needed; a deployer serving kindmind some other way runs
`kindmind housekeeping` from cron, hourly. Every step is safe to run twice at once, on
several machines.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from kindmind.accounts.deletion import flush_sqlite_log
from kindmind.accounts.models import User

log = logging.getLogger(__name__)

# How long a sign-up waits for its confirmation link to be opened before it is removed.
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=8)


def clear() -> dict[str, int]:
    """One round. Returns how many sign-in records were removed (counts only)."""
    import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
    days = settings.SIGNIN_LOG_DAYS
    removed = {
        "sign-in records": AxesProxyHandler.reset_logs(age_days=days),
        "failed sign-in records": AxesProxyHandler.reset_failure_logs(age_days=days),
    }
    # Failed attempts whose cool-off has passed no longer count towards a pause, and axes
    # itself clears them only when someone next signs in. (The cool-off is minutes, far
    # shorter than the retention.)
    cool_off = datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    since = timezone.now() - min(cool_off, datetime.timedelta(days=days))
    stale = AccessAttempt.objects.filter(attempt_time__lte=since).delete()[0]
    removed["failed attempts"] = stale
    # Sign-ups never confirmed: an address and a password someone typed, nothing more,
    # kept a week past the link's own life so that a late reader can still ask again.
    unconfirmed = timezone.now() - UNCONFIRMED_KEPT_FOR
    removed["sign-ups never confirmed"] = User.objects.filter(
        awaiting_confirmation=True, is_active=False, date_joined__lt=unconfirmed
    ).delete()[0]
    flush_sqlite_log()
    return removed


class Command(BaseCommand):
    help = (
        "Clear expired sessions and sign-in records older than KINDMIND_SIGNIN_LOG_DAYS. "
        "`kindmind serve` runs it hourly; elsewhere, run it from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep going, once every --every minutes."
        )
        parser.add_argument(
            "--every", type=int, default=60, help="Minutes between rounds with --loop."
        )
        parser.add_argument(
            "--while-parent",
            type=int,
            metavar="PID",
            help="With --loop: stop as soon as this process is no longer our parent "
            "(`kindmind serve` passes its own pid).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(1, options["every"]) * 60
        # Named by the starter rather than read here: a server killed while this process
        # was still starting would otherwise leave init as the "parent" to watch.
        parent = options["while_parent"]
        while True:
            try:
                removed = clear()
            except Exception:
                # A database that is away for a while: the next round tries again.
                if not options["loop"]:
                    raise
                log.exception("housekeeping: this round did not finish")
            else:
                counts = ", ".join(f"{n} {what}" for what, n in removed.items())
                self.stdout.write(
                    f"kindmind housekeeping: expired sessions cleared; removed {counts} "
                    f"(sign-in records are kept {settings.SIGNIN_LOG_DAYS} days)."
                )
                self.stdout.flush()
            if not options["loop"]:
                return
            # No connection held open between rounds.
            connections.close_all()
            if not wait_while_parent_lives(parent, every):
                return


def wait_while_parent_lives(parent: int | None, seconds: float, *, look_every: float = 2.0) -> bool:
    """Sleep `seconds`, looking every few seconds whether `parent` is still our parent.
    False as soon as it is not: a server killed outright (SIGKILL, the out-of-memory
    killer) cannot stop its housekeeper, which must not live on alone. With no parent
    named (run from cron or by hand), just sleep."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if parent is not None and os.getppid() != parent:
            return False
        time.sleep(min(look_every, left))
    return parent is None or os.getppid() == parent
