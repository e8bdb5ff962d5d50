"""`kindmind bench faults`: what a person sees when something breaks under them.

Each scenario runs in a process of its own (Django is set up once per process, and each
scenario has its own database), starts `kindmind serve` on a free loopback port as
`kindmind bench web` does, talks only to that server, stops by itself, and removes what
it made:

a. PostgreSQL restarted during a write load (check-ins and critic autosaves), on a
   PostgreSQL cluster the bench makes itself (initdb in a temporary folder, pg_ctl on a
   free loopback port; as the `postgres` user when run as root), never the machine's own
   server. Every request must either succeed, and its row be there afterwards, or get
   the calm 503 page; and the server must answer again soon after the database is back.
b. 8 concurrent writers on SQLite: no "database is locked" (and no 5xx) reaches anyone.
c. A web worker killed with SIGKILL during critic autosaves: each field holds the last
   words the server acknowledged (or later words it was sent). With worker processes
   (children of `kindmind serve` other than housekeeping) one of them is killed and the
   server is expected to replace it; with a single process, the server itself is killed
   and started again on the same data.
d. Hostile input: property-based requests (Hypothesis) against every URL the resolver
   knows, with odd path values, and every form the pages show, with odd field values
   (kindmind/front/bench_hostile.py). Any 5xx other than the calm 503 is a failure.

Counts per scenario: requests, acknowledged (the server said it was saved), calm 503s,
errors (any other 5xx, a lock message, an answer that is not what that request gets),
lost (acknowledged writes missing afterwards), unanswered (no answer at all: only
expected while a server is being killed) and the seconds until it answered again.
The exit status is 1 when anything was lost or any error reached a person; never for a
timing.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections

from kindmind.lib.measure import child_processes, free_port, stop_process

SCENARIOS = {
    "a": "PostgreSQL restarted under writes",
    "b": "8 writers on SQLite",
    "c": "web worker killed mid-autosave",
    "d": "hostile input",
}
LOCK_WORDS = b"database is locked"


@dataclass
class Result:
    scenario: str
    name: str
    database: str = ""
    requests: int = 0
    acknowledged: int = 0
    calm_503: int = 0
    errors: int = 0
    lost: int = 0
    unanswered: int = 0
    seconds_to_answer: float | None = None
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.errors += 1
        if len(self.failures) < 20:
            self.failures.append(what)


# ---------------------------------------------------------------- the server under test


def prepare(home: Path, database_url: str | None, write: Callable[[str], Any]) -> dict[str, Any]:
    """Environment, migrated database and seeded people for one scenario (this process
    then talks to the same database, to mint sessions and to count rows afterwards)."""
    from kindmind.front.bench_web import bench_environment, seed

    env = bench_environment(home, database_url)

    # One person with a year of use and a clinician they share with: the same seed as
    # `kindmind bench web`, without the other people (nothing here reads long lists).
    ids = seed(0, write)
    connections.close_all()
    return {"env": env, "ids": ids}


@contextmanager
def serving(env: dict[str, str], home: Path, workers: int = 4) -> Iterator[dict[str, Any]]:
    """`kindmind serve` as `bench web` starts it; stopped (and its children with it) at
    the end. `server["process"]` and `server["port"]` may be replaced by a scenario that
    starts the server again."""
    from kindmind.front.bench_web import _start_server

    process, port, log = _start_server(env, workers, home)
    server: dict[str, Any] = {"process": process, "port": port, "logs": [log]}
    try:
        yield server
    finally:
        for started in {server["process"], process}:
            stop_process(started)
        for log in server["logs"]:
            log.close()


def server_log_tail(server: dict[str, Any], lines: int = 30) -> str:
    text = "".join(Path(log.name).read_text(errors="replace") for log in server["logs"])
    return "".join(text.splitlines(True)[-lines:])


def page_words(answer: bytes, most: int = 400) -> str:
    """What a page says, without its markup: from its <main> when it has one."""
    text = answer.decode("utf-8", "replace")
    if "<main" in text:
        text = text[text.index("<main") :]
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())[:most]


def calm_503_marker() -> bytes:
    """A line of the calm 503 page, as this process renders it, to tell that page from
    any other 503 (a proxy's, a crash's)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        page = render_to_string("503.html")
    start = page.index("<h1>")
    return page[start : page.index("</h1>", start) + 5].encode()


# ---------------------------------------------------------------- write load


@dataclass
class Writer:
    """One person's browser tab, writing as fast as the server answers."""

    number: int
    kind: str  # "checkin" or "autosave"
    cookies: dict[str, str]
    entry: str = ""
    box: str = ""  # the text field it types into
    acked: list[str] = field(default_factory=list)  # check-in submission ids
    last_ack_text: str | None = None
    sent_since_ack: list[str] = field(default_factory=list)
    version: int = 1


class Load:
    """Writers (check-ins and autosaves) against the server in `server`, and a prober
    asking /healthz every 0.1 s, until `stop` is set. Results go to `result`."""

    def __init__(self, server: dict[str, Any], writers: list[Writer], result: Result) -> None:
        self.server = server
        self.writers = writers
        self.result = result
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.marker = calm_503_marker()
        self.probes: list[tuple[float, int]] = []
        self.acks_at: list[float] = []
        self.threads = [threading.Thread(target=self._write, args=(w,)) for w in writers]
        self.threads.append(threading.Thread(target=self._probe))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.server["port"], timeout=30)

    def _send(
        self, conn: http.client.HTTPConnection, method: str, path: str, body: str, cookies: str
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Cookie": cookies}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}

    def _probe(self) -> None:
        conn = self._connect()
        while not self.stop.is_set():
            try:
                status, _, _ = self._send(conn, "GET", "/healthz", "", "")
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = self._connect()
            with self.lock:
                self.probes.append((time.monotonic(), status))
            self.stop.wait(0.1)
        conn.close()

    def _csrf(self, conn: http.client.HTTPConnection, writer: Writer, page: str) -> str:
        from kindmind.front.bench_load import _read_csrf

        return _read_csrf(conn, {"form_page": page}, writer.cookies)

    def _write(self, writer: Writer) -> None:
        from kindmind.front.bench_load import _cookie_header

        conn = self._connect()
        page = "/checkins/new/"
        if writer.kind == "autosave":
            from kindmind.critic.steps import FLOWS

            page = f"/critic/{writer.entry}/step/{FLOWS['critic'].steps[0].slug}/"
        token = ""
        n = 0
        sitting = str(uuid.uuid4())
        while not self.stop.is_set():
            if not token:
                try:
                    token = self._csrf(conn, writer, page)
                except (OSError, http.client.HTTPException, RuntimeError):
                    conn.close()
                    conn = self._connect()
                    self.stop.wait(0.2)
                    continue
            n += 1
            if writer.kind == "checkin":
                key = str(uuid.uuid4())
                form = {
                    "threat": str(n % 11),
                    "drive": "5",
                    "soothing": "3",
                    "note": f"Writer {writer.number}, check-in {n}.",
                    "submission_id": key,
                }
                path = "/checkins/new/"
            else:
                key = f"Writer {writer.number} typed this, word {n}."
                form = {
                    "field": writer.box,
                    "text": key,
                    "base_version": str(writer.version),
                    "sitting": sitting,
                    "rev": str(n),
                }
                path = f"/critic/{writer.entry}/save/"
                writer.sent_since_ack.append(key)
            form["csrfmiddlewaretoken"] = token
            body = urllib.parse.urlencode(form)
            try:
                status, answer, headers = self._send(
                    conn, "POST", path, body, _cookie_header(writer.cookies)
                )
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.result.requests += 1
                    self.result.unanswered += 1
                conn.close()
                conn = self._connect()
                self.stop.wait(0.2)
                continue
            self._count(writer, key, status, answer, headers)
        conn.close()

    def _count(
        self, writer: Writer, key: str, status: int, answer: bytes, headers: dict[str, str]
    ) -> None:
        with self.lock:
            result = self.result
            result.requests += 1
            what = f"{writer.kind} by writer {writer.number}: {status}"
            if LOCK_WORDS in answer.lower():
                result.fail(f"{what}, with the words 'database is locked'")
            elif status == 503 and self.marker in answer:
                result.calm_503 += 1
            elif writer.kind == "checkin" and status == 302:
                if "/account/signin" in headers.get("location", ""):
                    result.fail(f"{what} to the sign-in page (session lost)")
                    return
                writer.acked.append(key)
                result.acknowledged += 1
                self.acks_at.append(time.monotonic())
            elif writer.kind == "autosave" and status == 200:
                try:
                    data = json.loads(answer)
                except ValueError:
                    result.fail(f"{what}, not JSON: {answer[:200]!r}")
                    return
                writer.version = int(data.get("version", writer.version))
                if data.get("status") in ("saved", "created", "unchanged"):
                    writer.last_ack_text = key
                    writer.sent_since_ack = []
                    result.acknowledged += 1
                    self.acks_at.append(time.monotonic())
            else:
                result.fail(f"{what}: {page_words(answer)}")

    def answering_again(self, since: float) -> float | None:
        """Seconds from `since` until /healthz answered 200 and a write was acknowledged."""
        health = next((t for t, status in self.probes if t >= since and status == 200), None)
        write = next((t for t in self.acks_at if t >= since), None)
        if health is None or write is None:
            return None
        return round(max(health, write) - since, 2)


def writers_for(ids: dict[str, Any], checkins: int, autosaves: int) -> list[Writer]:
    from django.conf import settings

    from kindmind.critic.steps import FLOWS
    from kindmind.lib.sessions import signed_in_cookie

    fields = FLOWS["critic"].text_fields
    writers = []
    for n in range(checkins + autosaves):
        cookies = {settings.SESSION_COOKIE_NAME: signed_in_cookie(ids["person"])}
        if n < checkins:
            writers.append(Writer(n, "checkin", cookies))
        else:
            k = n - checkins
            entry = ids["entries"][k % len(ids["entries"])]
            name = fields[(k // len(ids["entries"])) % len(fields)]
            writers.append(Writer(n, "autosave", cookies, entry=str(entry.id), box=name))
    return writers


def count_lost(writers: list[Writer], result: Result) -> None:
    """Every acknowledged check-in is there; every autosaved field holds the last words
    the server acknowledged, or words sent after them (which may have been saved even if
    their answer never came)."""
    from kindmind.checkins.models import CheckIn
    from kindmind.critic.models import Text

    for writer in writers:
        if writer.kind == "checkin" and writer.acked:
            found = {
                str(s)
                for s in CheckIn.objects.filter(submission_id__in=writer.acked).values_list(
                    "submission_id", flat=True
                )
            }
            missing = [key for key in writer.acked if key not in found]
            result.lost += len(missing)
            for key in missing[:3]:
                result.failures.append(f"acknowledged check-in {key} is missing")
        elif writer.kind == "autosave" and writer.last_ack_text is not None:
            text = Text.objects.filter(entry_id=writer.entry, field=writer.box).first()
            body = text.body if text else None
            if body != writer.last_ack_text and body not in writer.sent_since_ack:
                result.lost += 1
                result.failures.append(
                    f"field {writer.box} of entry {writer.entry} holds {body!r}, "
                    f"the last acknowledged words were {writer.last_ack_text!r}"
                )


# ---------------------------------------------------------------- PostgreSQL of our own


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: pg_config's answer, else Debian's versioned folders."""
    candidates = []
    if shutil.which("pg_config"):
        done = subprocess.run(
            ["pg_config", "--bindir"],  # noqa: S607 - found on PATH just above
            capture_output=True,
            text=True,
            check=False,
        )
        candidates.append(done.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


class Cluster:
    """A throwaway PostgreSQL cluster on a free loopback port, in a temporary folder. As
    root it runs as the `postgres` user (PostgreSQL refuses to run as root)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="kindmind-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs, our arguments
            [*self.as_user, *args], capture_output=True, check=True, timeout=120
        )

    def init(self) -> None:
        initdb = str(self.bindir / "initdb")
        self._run(initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE kindmind")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        log = str(self.root / "postgres.log")
        pg_ctl = str(self.bindir / "pg_ctl")
        self._run(pg_ctl, "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str = "kindmind") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with suppress(subprocess.CalledProcessError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------- the scenarios


@dataclass
class Plan:
    """How long each scenario's load runs, and how many hostile requests: the full form,
    `--quick`, or `--seconds` / `--requests` given."""

    quick: bool = False
    seconds: float | None = None
    requests: int | None = None

    def load(self, full: float, quick: float) -> float:
        return self.seconds or (quick if self.quick else full)


def scenario_a(plan: Plan, database_url: str | None, write: Callable[[str], Any]) -> Result:
    result = Result("a", SCENARIOS["a"], database="postgresql (its own cluster)")
    bindir = postgres_bindir()
    if bindir is None:
        result.skipped = "no PostgreSQL programs (initdb, pg_ctl) on this machine"
        return result
    seconds = plan.load(60.0, 10.0)
    down = 2.0 if plan.quick or seconds < 30 else 5.0
    cluster = Cluster(bindir)
    home = Path(tempfile.mkdtemp(prefix="kindmind-faults-"))
    try:
        cluster.init()
        setup = prepare(home, cluster.url(), write)
        with serving(setup["env"], home) as server:
            writers = writers_for(setup["ids"], checkins=4, autosaves=4)
            with Load(server, writers, result) as load:
                load.stop.wait(seconds / 3)
                write(f"  stopping PostgreSQL for {down:.0f} s under load\n")
                cluster.stop("fast")
                load.stop.wait(down)
                cluster.start()
                back = time.monotonic()
                write("  PostgreSQL is back\n")
                load.stop.wait(max(seconds * 2 / 3 - down, 6.0))
            result.seconds_to_answer = load.answering_again(back)
            if result.errors:
                result.notes.append(server_log_tail(server))
        connections.close_all()  # a fresh connection: the server had the database
        count_lost(writers, result)
    finally:
        cluster.remove()
        shutil.rmtree(home, ignore_errors=True)
    if result.seconds_to_answer is None:
        result.fail("the server did not answer again (/healthz and a write) after the restart")
    return result


def scenario_b(plan: Plan, database_url: str | None, write: Callable[[str], Any]) -> Result:
    result = Result("b", SCENARIOS["b"], database="sqlite")
    seconds = plan.load(60.0, 10.0)
    home = Path(tempfile.mkdtemp(prefix="kindmind-faults-"))
    try:
        setup = prepare(home, None, write)
        with serving(setup["env"], home) as server:
            writers = writers_for(setup["ids"], checkins=4, autosaves=4)
            with Load(server, writers, result) as load:
                load.stop.wait(seconds)
            if result.errors or result.calm_503:
                result.notes.append(server_log_tail(server))
        # The database never went away here: a 503 means a person was told it had.
        if result.calm_503:
            result.fail(f"{result.calm_503} writes answered 503 while the database was there")
        connections.close_all()  # a fresh connection: the server had the database
        count_lost(writers, result)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result


@contextmanager
def database_for(database_url: str | None) -> Iterator[str | None]:
    from kindmind.front.bench_web import _database

    with _database(database_url) as url:
        yield url


def scenario_c(plan: Plan, database_url: str | None, write: Callable[[str], Any]) -> Result:
    result = Result("c", SCENARIOS["c"], database="postgresql" if database_url else "sqlite")
    seconds = plan.load(30.0, 8.0)
    home = Path(tempfile.mkdtemp(prefix="kindmind-faults-"))
    try:
        with database_for(database_url) as url:
            setup = prepare(home, url, write)
            with serving(setup["env"], home) as server:
                writers = writers_for(setup["ids"], checkins=0, autosaves=8)
                with Load(server, writers, result) as load:
                    load.stop.wait(seconds / 2)
                    killed_at = kill_a_worker(server, setup["env"], home, result, write)
                    load.stop.wait(max(seconds / 2, 5.0))
                result.seconds_to_answer = load.answering_again(killed_at)
                if result.errors:
                    result.notes.append(server_log_tail(server))
            connections.close_all()  # a fresh connection: the server had the database
            count_lost(writers, result)
            connections.close_all()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if result.seconds_to_answer is None:
        result.fail("the server did not answer again (/healthz and an autosave) after the kill")
    return result


def kill_a_worker(
    server: dict[str, Any], env: dict[str, str], home: Path, result: Result, write: Any
) -> float:
    """SIGKILL a worker process if `kindmind serve` has them (its supervisor must replace
    it); otherwise SIGKILL the server itself and start it again on the same data."""
    from kindmind.front.bench_web import _start_server

    process = server["process"]
    workers = [
        pid for pid, line in child_processes(process.pid).items() if "housekeeping" not in line
    ]
    if workers:
        victim = workers[0]
        write(f"  SIGKILL to worker {victim} of {len(workers)}\n")
        os.kill(victim, signal.SIGKILL)
        result.notes.append(f"killed one of {len(workers)} worker processes")
        return time.monotonic()
    helpers = child_processes(process.pid)
    write(f"  SIGKILL to the server (pid {process.pid}: one process), then started again\n")
    process.kill()
    process.wait()
    killed = time.monotonic()
    for pid in helpers:  # its housekeeper ends by itself; make sure it has
        for _ in range(50):
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGTERM)
    new, port, log = _start_server(env, 4, home)
    server["process"], server["port"] = new, port
    server["logs"].append(log)
    result.notes.append("single-process server: killed and started again on the same data")
    return killed


def scenario_d(plan: Plan, database_url: str | None, write: Callable[[str], Any]) -> Result:
    from kindmind.front import bench_hostile

    result = Result("d", SCENARIOS["d"], database="postgresql" if database_url else "sqlite")
    home = Path(tempfile.mkdtemp(prefix="kindmind-faults-"))
    try:
        with database_for(database_url) as url:
            setup = prepare(home, url, write)
            with serving(setup["env"], home) as server:
                total = plan.requests or (500 if plan.quick else 5000)
                bench_hostile.run(server, setup["ids"], total, result, write)
                if result.errors:
                    result.notes.append(server_log_tail(server, 60))
                connections.close_all()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result


RUNNERS = {"a": scenario_a, "b": scenario_b, "c": scenario_c, "d": scenario_d}


# ---------------------------------------------------------------- the command


def _one(argv: list[str]) -> int:
    """A single scenario, in this process: `--scenario X --out PATH [--quick] [--database-url]`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", choices=sorted(RUNNERS), required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--database-url")
    options = parser.parse_args(argv)
    plan = Plan(options.quick, options.seconds, options.requests)

    def write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    result = RUNNERS[options.scenario](plan, options.database_url, write)
    Path(options.out).write_text(json.dumps(asdict(result)))
    return 0


def run(argv: list[str], write: Callable[[str], Any]) -> int:
    parser = argparse.ArgumentParser(
        prog="kindmind bench faults", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="short forms for CI: 10 s loads, 500 requests"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        help="load time for a, b and c (default 60, 60, 30; quick 10, 10, 8)",
    )
    parser.add_argument(
        "--requests", type=int, help="hostile requests in d (default 5000, quick 500)"
    )
    parser.add_argument("--only", help="a comma-separated choice of scenarios, e.g. a,c")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL: scenarios c and d use a fresh database beside it "
        "(a always makes its own cluster, b is always SQLite)",
    )
    options = parser.parse_args(argv)
    chosen = [s.strip() for s in (options.only or "a,b,c,d").split(",") if s.strip()]
    unknown = [s for s in chosen if s not in RUNNERS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)} (choose from a, b, c, d)")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kindmind-faults-") as folder:
        for letter in chosen:
            write(f"{letter}. {SCENARIOS[letter]}\n")
            out = Path(folder) / f"{letter}.json"
            command = [sys.executable, "-m", "kindmind.front.bench_faults"]
            command += ["--scenario", letter, "--out", str(out)]
            if options.quick:
                command.append("--quick")
            if options.seconds:
                command += ["--seconds", str(options.seconds)]
            if options.requests:
                command += ["--requests", str(options.requests)]
            if options.database_url:
                command += ["--database-url", options.database_url]
            began = time.monotonic()
            # Hypothesis keeps a cache of constants: in the bench's own folder, not in
            # whatever folder the bench was started from.
            env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(Path(folder) / "hypothesis")}
            done = subprocess.run(  # noqa: S603 - our own interpreter and module
                command, capture_output=True, text=True, timeout=900, check=False, env=env
            )
            write(done.stdout)
            if done.returncode != 0 or not out.exists():
                result = asdict(Result(letter, SCENARIOS[letter]))
                result["errors"] = 1
                result["failures"] = [f"the scenario stopped: {done.stderr[-3000:]}"]
            else:
                result = json.loads(out.read_text())
            result["seconds"] = round(time.monotonic() - began, 1)
            results.append(result)
    # The server's own words first (seeded data and generated input only), then what
    # failed, then the table: the end of the output is what a CI log shows first.
    for result in results:
        if result["errors"] or result["lost"]:
            for note in result["notes"]:
                write(f"{result['scenario']}: {note}\n")
    for result in results:
        for failure in result["failures"]:
            write(f"{result['scenario']}: {failure}\n")
    write(table(results))
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    return 1 if any(r["errors"] or r["lost"] for r in results) else 0


def table(results: list[dict[str, Any]]) -> str:
    head = ["scenario", "database", "requests", "acked", "503s", "errors", "lost", "unanswered"]
    rows = [[*head, "answering again"]]
    for r in results:
        if r["skipped"]:
            rows.append([f"{r['scenario']}. {r['name']}", f"skipped: {r['skipped']}"])
            continue
        again = "" if r["seconds_to_answer"] is None else f"{r['seconds_to_answer']:.1f} s"
        rows.append(
            [f"{r['scenario']}. {r['name']}", r["database"]]
            + [str(r[k]) for k in ("requests", "acknowledged", "calm_503", "errors", "lost")]
            + [str(r["unanswered"]), again]
        )
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    return "\n" + "\n".join(line.rstrip() for line in lines) + "\n"


def main(argv: list[str]) -> int:
    return run(argv, sys.stdout.write)


if __name__ == "__main__":
    sys.exit(_one(sys.argv[1:]))
