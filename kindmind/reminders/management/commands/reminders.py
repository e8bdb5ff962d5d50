"""`kindmind reminders`: deliver the reminders that are due, each exactly once.

`--once` runs one round and stops (for cron, or by hand); `--loop` keeps going, a round
every `--every` seconds, under a supervisor (docs/reminders.md). Any number of loops may
run at once, on any number of machines: they share the work and never send a reminder
twice. SIGTERM or SIGINT lets the reminder being sent finish, then stops.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from kindmind.reminders.delivery import run_round

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the reminders that are due, each exactly once (--loop keeps going)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--loop", action="store_true", help="Keep going, a round at a time.")
        mode.add_argument("--once", action="store_true", help="One round, then stop (default).")
        parser.add_argument(
            "--every", type=float, default=30.0, help="Seconds between rounds with --loop."
        )
        parser.add_argument(
            "--batch", type=int, default=50, help="Reminders claimed at a time (default 50)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._run(options, lambda: stopping)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _run(self, options: dict[str, Any], stopped: Any) -> None:
        every = max(0.05, float(options["every"]))
        batch = max(1, min(1000, int(options["batch"])))
        while not stopped():
            try:
                counts = run_round(batch=batch, should_stop=stopped)
            except Exception:
                if not options["loop"]:
                    raise
                # A database away for a moment: the next round tries again.
                log.exception("reminders: this round did not finish")
            else:
                if any(counts.values()) or not options["loop"]:
                    summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
                    self.stdout.write(f"kindmind reminders: {summary}")
                    self.stdout.flush()
            if not options["loop"]:
                return
            connections.close_all()
            deadline = time.monotonic() + every
            while not stopped() and (left := deadline - time.monotonic()) > 0:
                time.sleep(min(0.5, left))
