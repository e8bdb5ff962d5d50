"""`kindmind serve`: prepare the database and static files, then run gunicorn."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate if needed, then serve kindmind with a production WSGI server (gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("KINDMIND_WORKERS", "3")),
            help="Worker processes (default 3, or KINDMIND_WORKERS).",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply database migrations first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        address = f"http://{options['host']}:{options['port']}"
        where = "SQLite in " + str(settings.DATA_DIR) if settings.EMBEDDED else "DATABASE_URL"
        self.stdout.write(
            f"\nkindmind is running at {address}  (database: {where})\n"
            f"  Create the first account: open {address}/account/signup/ in a browser,\n"
            f"  or for a clinician: .venv/bin/kindmind createuser --clinician EMAIL\n"
            f"  Stop with Ctrl+C.\n"
        )
        self.stdout.flush()
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [
            gunicorn,
            "kindmind.wsgi:application",
            f"--bind={options['host']}:{options['port']}",
            f"--workers={options['workers']}",
            "--access-logfile=-",
            # Escapes control characters in every field and hides reset tokens in paths.
            "--logger-class=kindmind.lib.accesslog.AccessLogger",
            # Method, path (no query string: it could carry what someone typed), status.
            '--access-logformat=%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
            # Housekeeping beside the workers: expired sessions, old sign-in records.
            "--config=python:kindmind.front.gunicorn",
        ]
        if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's own advice, not a temp file
            # Heartbeat files in memory: a slow disk must not make workers look dead.
            argv.append("--worker-tmp-dir=/dev/shm")
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with the server
