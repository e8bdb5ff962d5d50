"""`kindmind serve`: prepare the database and static files, then run waitress.

Why waitress (issue 16): kindmind is served with no buffering proxy in front by default, so
the server itself must not let slow clients take it down. gunicorn's sync workers give each
connection a whole worker while it sends its headers and body: as many connections as
workers, sending a byte now and then, left /healthz unanswered for over 30 s. waitress reads
every request whole (headers, then the body, spilled to a temporary file past 512 KB) in one
event loop, and only a complete request reaches a worker thread. A slow or idle client
costs a socket, not a worker: with 50 such clients open, /healthz still answers in
milliseconds (figures in BENCHMARKS.md, "Slow clients"). It also refuses a body over
`MAX_REQUEST_BODY` with a 413 as soon as the headers announce it, before reading it.

One waitress process runs Python on one core at a time, however many threads it has, so
`--processes P` (issue 19) runs P of them on one listening socket that this command binds
itself, and supervises them (kindmind.front.serve_processes).
"""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import waitress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kindmind.front.serve_processes import (
    Supervisor,
    freeze_startup_objects,
    listening_sockets,
)
from kindmind.lib.accesslog import AccessLog
from kindmind.lib.keycheck import verify_keys
from kindmind.lib.malloc import limit_arenas
from kindmind.practice.recordings import MAX_BYTES as RECORDING_MAX_BYTES

# The largest request body the server accepts; a bigger one is answered 413 unread. A
# practice recording (the largest thing anyone uploads) plus room for the form around it.
MAX_REQUEST_BODY = RECORDING_MAX_BYTES + 2 * 1024 * 1024

# Open connections the server holds at most (most of them may be slow or idle): far more
# than any attacker's handful of sockets from one address, within the open-file limit.
CONNECTION_LIMIT = 1000


def connection_limit() -> int:
    """`CONNECTION_LIMIT`, or fewer when the process may not open that many files (each
    connection is one, and a large upload spills to a second)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * CONNECTION_LIMIT + 100
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
        soft = raised
    if soft == resource.RLIM_INFINITY:
        return CONNECTION_LIMIT
    return max(10, min(CONNECTION_LIMIT, (soft - 100) // 2))


def server_options(host: str, port: int, threads: int) -> dict[str, Any]:
    """waitress's settings for `kindmind serve`."""
    return {
        "host": host,
        "port": port,
        # Threads that run complete requests through Django.
        "threads": threads,
        "max_request_body_size": MAX_REQUEST_BODY,
        "connection_limit": connection_limit(),
        # poll(), not select(): select() cannot watch more than 1024 sockets.
        "asyncore_use_poll": True,
        # A connection that sends nothing at all for this long is closed.
        "channel_timeout": 60,
        # X-Forwarded-* reach Django untouched: KINDMIND_BEHIND_PROXY and
        # KINDMIND_CLIENT_IP_HEADERS decide there whether to believe them.
        "clear_untrusted_proxy_headers": False,
    }


def default_processes() -> int:
    """Server processes when neither `--processes` nor KINDMIND_PROCESSES says: one per
    core this process may run on, at most 2. One per core because a process runs Python
    on one core at a time, so more than the cores adds no speed; at most 2 because each
    holds about 200 MB once the language models are loaded, and the machine a newcomer
    starts kindmind on is often small and shared (a bigger one sets KINDMIND_PROCESSES)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2, cores or 1))


def _processes(given: int | None) -> int:
    """`--processes`, else KINDMIND_PROCESSES, else `default_processes()`; a clear error
    for anything but a whole number from 1 up."""
    if given is None:
        text = os.environ.get("KINDMIND_PROCESSES", "").strip()
        if not text:
            return default_processes()
        where = f"KINDMIND_PROCESSES={text!r}"
        try:
            given = int(text)
        except ValueError:
            given = 0
    else:
        where = f"--processes {given}"
    if given < 1:
        raise CommandError(f"{where}: the number of server processes is a whole number, 1 or more.")
    return given


def start_housekeeping() -> subprocess.Popen[bytes]:
    """`kindmind housekeeping --loop` beside the server: expired sessions and old sign-in
    records cleared at start and then hourly (docs/decisions/0007-housekeeping.md). A
    process of its own, so that its database work never shares a process with requests."""
    command = [sys.executable, "-m", "kindmind.cli", "housekeeping", "--loop"]
    # Our own pid: if this server is killed outright, the housekeeper notices and ends.
    command.append(f"--while-parent={os.getpid()}")
    return subprocess.Popen(command)  # noqa: S603 - our own interpreter and command


def stop_housekeeping(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()


def pending_migrations() -> list[str]:
    """The migrations this code has that the database has not had, by name."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _stop(signum: int, frame: object) -> NoReturn:
    # waitress shuts down its threads on SystemExit, letting requests in progress finish.
    sys.exit(0)


@contextmanager
def start_up_lock(*, shared: bool = False) -> Iterator[None]:
    """A lock on a file in the data folder: exclusive while a server prepares its static
    files and the language models, shared while a server process reads the list of static
    files (WhiteNoise, when the app is loaded), so that no process lists the files while
    another server's collectstatic replaces them. Released when the process ends, however
    it ends."""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with (settings.DATA_DIR / ".serve-start.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare_language(out: Any, err: Any) -> None:
    """Build the sentence encoder's graph into the cache before serving (a child process,
    so its build-time memory never stays with the server), so that the first person whose
    words are read does not wait for it. If its files are missing or damaged, say which
    and serve anyway: the crisis rules need none of them, and they still read every text
    (kindmind.language.analyse)."""
    done = subprocess.run(
        [sys.executable, "-c", "from kindmind.language import encoder; encoder.prepare()"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        err.write(
            "kindmind's language models cannot start, so only the crisis rules will read "
            f"what people write until this is fixed: {last}\n"
        )
        err.flush()


class Command(BaseCommand):
    help = "Migrate if needed, then serve kindmind with a production WSGI server (waitress)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("KINDMIND_WORKERS", "4")),
            help="Worker threads that run complete requests, in each server process (default "
            "4, or KINDMIND_WORKERS).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Server processes sharing the port, each with its own worker threads; a "
            "process runs Python on one core at a time (default KINDMIND_PROCESSES, or one "
            "per core up to 2).",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Do not apply database migrations first (refuse to start if any are missing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        processes = _processes(options["processes"])
        # A missing key, or keys that cannot read this database, stop here: before any
        # migration or request could write words under them (kindmind.lib.keycheck).
        try:
            verify_keys(create=False)
        except ImproperlyConfigured as problem:
            raise CommandError(str(problem)) from None
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        elif pending := pending_migrations():
            # Serving new code on the old tables would fail page by page; better not to
            # start, and say what to do (docs/deploy.md, "Upgrading").
            raise CommandError(
                f"The database is missing {len(pending)} migration(s) this version of "
                "kindmind needs. Run `kindmind migrate` once, then start the servers."
            )
        verify_keys(create=True)
        # Several servers on one machine share the data folder (deploy/systemd's
        # kindmind@.service, one instance per port) and start together: one at a time here,
        # or one server's collectstatic removes a file another is still writing.
        with start_up_lock():
            if not settings.DEBUG:
                call_command("collectstatic", interactive=False, verbosity=0)
            _prepare_language(self.stdout, self.stderr)
        # The worker threads open their own connections.
        connections.close_all()
        sockets = []
        if processes > 1:
            # Bound here, before the address is announced, so that connections wait in
            # the queue while the server processes start.
            try:
                sockets = listening_sockets(options["host"], options["port"])
            except OSError as problem:
                raise CommandError(
                    f"Cannot listen on {options['host']} port {options['port']}: "
                    f"{problem.strerror or problem}."
                ) from None
        address = f"http://{options['host']}:{options['port']}"
        where = "SQLite in " + str(settings.DATA_DIR) if settings.EMBEDDED else "DATABASE_URL"
        self.stdout.write(
            f"\nkindmind is running at {address}  (database: {where})\n"
            f"  {processes} server process{'es' if processes > 1 else ''}, "
            f"{options['workers']} worker threads each.\n"
            f"  Create the first account: open {address}/account/signup/ in a browser,\n"
            f"  or for a clinician: .venv/bin/kindmind createuser --clinician EMAIL\n"
            f"  Stop with Ctrl+C.\n"
        )
        self.stdout.flush()
        if processes > 1:
            self._serve_in_processes(sockets, processes, options["workers"])
            return
        # Loaded here: after collectstatic, so WhiteNoise finds the collected files, and
        # under the shared lock, so that another server starting beside this one cannot
        # replace them while WhiteNoise lists them (a fresh-clone CI saw a file vanish).
        with start_up_lock(shared=True):
            from kindmind.wsgi import application

        signal.signal(signal.SIGTERM, _stop)
        housekeeping = self._start_housekeeping()
        # Before waitress starts its threads, as in each of several processes.
        limit_arenas()
        freeze_startup_objects()
        try:
            waitress.serve(
                AccessLog(application),
                **server_options(options["host"], options["port"], options["workers"]),
            )
        finally:
            stop_housekeeping(housekeeping)

    def _start_housekeeping(self) -> subprocess.Popen[bytes]:
        housekeeping = start_housekeeping()
        self.stdout.write(f"Housekeeping started with pid: {housekeeping.pid}\n")
        self.stdout.flush()
        return housekeeping

    def _serve_in_processes(self, sockets: list[socket.socket], count: int, threads: int) -> None:
        """`count` waitress processes on `sockets`, kept running until SIGTERM or Ctrl+C."""
        supervisor = Supervisor(
            command=[
                sys.executable,
                "-m",
                "kindmind.front.serve_processes",
                f"--threads={threads}",
            ],
            sockets=sockets,
            count=count,
            err=self.stderr,
        )
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        housekeeping = self._start_housekeeping()
        try:
            failure = supervisor.run()
        finally:
            stop_housekeeping(housekeeping)
            for listener in sockets:
                listener.close()
        if failure:
            raise CommandError(failure)
