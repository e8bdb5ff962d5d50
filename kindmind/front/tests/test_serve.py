"""`kindmind serve` end to end: the real server (two waitress processes of two worker
threads each) on a fresh data directory, as a new deployer would start it, with nothing in
front of it."""

import atexit
import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kindmind.front.management.commands.serve import MAX_REQUEST_BODY, server_options
from kindmind.lib.measure import child_processes, free_port
from kindmind.lib.measure import has_ended as gone
from kindmind.practice.recordings import MAX_BYTES as RECORDING_MAX_BYTES

# Every server here runs on an embedded SQLite database of its own (embedded_env), whatever
# the pass's database: the PostgreSQL pass would run the same thing again.
pytestmark = [pytest.mark.enable_socket, pytest.mark.embedded]


KINDMIND = [sys.executable, "-m", "kindmind.cli"]


def embedded_env(home: Path) -> dict[str, str]:
    """This environment without any kindmind or database setting: the embedded default,
    at home in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KINDMIND_", "DATABASE_URL"))}
    env["KINDMIND_DATA_DIR"] = str(home)
    return env


def migrated_env(tmp_path: Path) -> dict[str, str]:
    """`embedded_env` with its database already made, for tests that start kindmind's
    processes themselves: a copy of a data folder migrated once in this test process
    (modes and all), so that each test does not migrate a database of its own."""
    home = tmp_path / "home"
    shutil.copytree(_migrated_home(), home)
    return embedded_env(home)


_MIGRATED: list[Path] = []


def _migrated_home() -> Path:
    """A data folder as `kindmind migrate` leaves it on a fresh embedded default, made
    once per test process; with the sentence encoder's graph built into its cache, as a
    server that has started once leaves it (the tests that copy it are about starting and
    stopping servers; the `serving` server above builds its own, as a new deployer's)."""
    if not _MIGRATED:
        folder = Path(tempfile.mkdtemp(prefix="kindmind-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        home = folder / "home"
        env = embedded_env(home)
        subprocess.run([*KINDMIND, "migrate", "-v0"], env=env, check=True)
        prepare = "from kindmind.language import encoder; encoder.prepare()"
        env["KINDMIND_CACHE_DIR"] = str(home / "cache")
        subprocess.run([sys.executable, "-c", prepare], env=env, check=True)
        _MIGRATED.append(home)
    return _MIGRATED[0]


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    """The server's address, its log, and the pid of `kindmind serve` itself."""
    data = tmp_path_factory.mktemp("data")
    log = data / "server.log"
    port = free_port()
    env = embedded_env(data / "home")
    command = [*KINDMIND, "serve", "--port", str(port), "--workers", "2", "--processes", "2"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # The most common default; the data's own modes must not depend on it.
            umask=0o022,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        # Migrating a fresh database and compressing the static files takes a while on a
        # busy machine: the bound is for a server that will never start.
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            # A server still starting may accept and then answer slowly (a busy machine):
            # a read timeout is one more try, like a refused connection.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("kindmind serve did not start:\n" + log.read_text())
                time.sleep(0.3)
        yield base, log, process.pid
    finally:
        # Stopped even when it never started, so no server outlives the tests.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@pytest.fixture
def server(serving: tuple[str, Path, int]) -> tuple[str, Path]:
    return serving[0], serving[1]


def server_processes(pid: int) -> list[int]:
    """The waitress processes `kindmind serve` (pid) runs: the children that are not
    its housekeeper."""
    return sorted(p for p, command in child_processes(pid).items() if "serve_processes" in command)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout:.0f} s")
        time.sleep(0.1)


@contextlib.contextmanager
def paused(pid: int) -> Iterator[None]:
    """`pid` stopped (SIGSTOP): it accepts no connection until it is let go again."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def healthy(base: str) -> bool:
    with urllib.request.urlopen(base + "/healthz", timeout=30) as answer:
        return bool(answer.status == 200)


def wait_for_line(log: Path, line: str, timeout: float = 15.0) -> str:
    """The log's text once it holds `line`: the access log is written after the answer
    has been sent, so the line may land a moment after the response on a busy machine."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text()
        if line in text:
            return text
        if time.monotonic() > deadline:
            pytest.fail(f"{line!r} never reached the log:\n{text}")
        time.sleep(0.05)


def test_it_prints_the_address_and_how_to_make_the_first_account(server: tuple[str, Path]) -> None:
    base, log = server
    text = log.read_text()
    assert f"kindmind is running at {base}" in text
    assert "createuser --clinician" in text
    assert "/account/signup/" in text


def test_it_runs_the_worker_threads_asked_for(server: tuple[str, Path]) -> None:
    _, log = server
    assert re.search(r"Serving on http://127\.0\.0\.1:\d+", log.read_text())
    assert server_options("127.0.0.1", 8000, 2)["threads"] == 2


def test_it_serves_static_files_itself_with_long_caching(server: tuple[str, Path]) -> None:
    base, _ = server
    page = urllib.request.urlopen(base + "/").read().decode()
    css = re.search(r'href="(/static/kindmind/base\.[0-9a-f]+\.css)"', page)
    assert css, "the stylesheet has a content-hashed name"
    response = urllib.request.urlopen(base + css.group(1))
    assert response.status == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_a_newcomer_signs_up_and_reaches_today_over_real_http(server: tuple[str, Path]) -> None:
    base, log = server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/account/signup/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "email": "first@example.org",
            "password1": "a calm river at dusk",
            "password2": "a calm river at dusk",
            "timezone": "UTC",
        }
    ).encode()
    request = urllib.request.Request(
        base + "/account/signup/", data=body, headers={"Referer": base + "/account/signup/"}
    )
    today = opener.open(request)
    assert today.url == base + "/today/"
    assert "Sign out" in today.read().decode()
    # The access log records the path, never a query string someone may have typed.
    opener.open(base + "/today/?note=private-words-xyzzy")
    text = wait_for_line(log, '"GET /today/" 200')
    assert "private-words-xyzzy" not in text
    assert "first@example.org" not in text


def test_the_real_access_log_cannot_be_forged_and_keeps_no_reset_token(
    server: tuple[str, Path],
) -> None:
    base, log = server
    forged = '[05/Dec/2026:10:00:00 +0000] "GET /admin/" 200 0 1ms'
    for path in (
        "/nowhere%0A" + urllib.parse.quote(forged) + "%00",
        "/account/password/reset/MQ/secret-token-abc123/",
    ):
        # A 404 or the reset page's own answer: only the log matters here.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(base + path)
    text = wait_for_line(log, "/account/password/reset/-/-/")
    assert not any(line.startswith(forged) for line in text.splitlines())
    assert "/nowhere\\n[05/Dec/2026" in text
    assert "\x00" not in text
    assert "secret-token-abc123" not in text


def test_the_data_directory_and_database_are_readable_by_kindmind_alone(
    server: tuple[str, Path],
) -> None:
    base, log = server
    home = log.parent / "home"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    # The WAL and shared-memory files exist while a connection is open (the server closes
    # its own after each request): hold one open, under this process's umask of 0o022.
    previous = os.umask(0o022)
    database = sqlite3.connect(home / "kindmind.sqlite3")
    try:
        database.execute("SELECT count(*) FROM sqlite_master").fetchall()
        urllib.request.urlopen(base + "/account/signup/").read()
        modes = {
            path.name: stat.S_IMODE(path.stat().st_mode)
            for path in [*home.glob("kindmind.sqlite3*"), home / "secret_key"]
        }
    finally:
        database.close()
        os.umask(previous)
    # The database, and the WAL and shared-memory files of a database in use.
    assert modes == {
        "kindmind.sqlite3": 0o600,
        "kindmind.sqlite3-shm": 0o600,
        "kindmind.sqlite3-wal": 0o600,
        "secret_key": 0o600,
    }


def open_slow_clients(base: str, count: int) -> list[socket.socket]:
    """`count` connections that have sent the start of a request's headers, and no more."""
    url = urllib.parse.urlsplit(base)
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", url.port or 80), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(s)
    return sockets


def test_fifty_slow_clients_cannot_starve_the_health_check(server: tuple[str, Path]) -> None:
    """A slowloris: 50 connections that never finish their headers, each sending one more
    byte every so often so no idle timeout ends them. They must cost sockets, not the
    workers: /healthz answers within a second, every time, while they are open."""
    base, _ = server
    sockets = open_slow_clients(base, 50)
    stop = threading.Event()
    trickled = []

    def trickle() -> None:
        while not stop.wait(0.2):
            for s in sockets:
                with contextlib.suppress(OSError):
                    s.send(b"a")
            trickled.append(True)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        deadline = time.monotonic() + 10
        while len(trickled) < 2:  # every slow client has started trickling
            assert time.monotonic() < deadline, "the slow clients never got going"
            time.sleep(0.05)
        for _ in range(5):
            start = time.monotonic()
            with urllib.request.urlopen(base + "/healthz", timeout=1) as answer:
                assert answer.status == 200
            assert time.monotonic() - start < 1
            time.sleep(0.2)
        # They were still open, waiting, all along: not closed to make room.
        for s in sockets:
            s.setblocking(False)
            with pytest.raises(BlockingIOError):
                s.recv(1)
    finally:
        stop.set()
        trickler.join(timeout=5)
        for s in sockets:
            s.close()


def test_a_body_over_the_limit_is_refused_before_it_is_read(server: tuple[str, Path]) -> None:
    """40 MB posted to the signed-out sign-in page: the headers announce it, so the server
    answers 413 and closes without taking the body in."""
    base, _ = server
    url = urllib.parse.urlsplit(base)
    size = 40 * 1024 * 1024
    assert size > MAX_REQUEST_BODY
    with socket.create_connection(("127.0.0.1", url.port or 80), timeout=5) as s:
        s.sendall(
            b"POST /account/signin/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % size
        )
        # Not one byte of the body has been sent, and the answer is already here.
        answer = b""
        while b"\r\n" not in answer and (more := s.recv(4096)):
            answer += more
        assert answer.startswith(b"HTTP/1.1 413 ")
        sent = 0
        chunk = b"a" * 65536
        with pytest.raises(OSError):  # the server has closed: the rest cannot go
            while sent < size:
                sent += s.send(chunk)
        assert sent < size


def test_a_recording_sized_upload_is_not_refused_by_the_server(
    server: tuple[str, Path],
) -> None:
    """The limit leaves room for the largest practice recording a clinician may upload:
    such a body reaches Django (which answers for itself), not the server's 413."""
    base, _ = server
    body = b"a" * (RECORDING_MAX_BYTES + 1024 * 1024)
    assert len(body) < MAX_REQUEST_BODY
    request = urllib.request.Request(
        base + "/account/signin/",
        data=body,
        headers={"Content-Type": "application/octet-stream"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    refused.value.close()
    assert refused.value.code != 413
    assert refused.value.code in (400, 403)


def test_forwarded_headers_reach_django_which_decides_whether_to_trust_them() -> None:
    # waitress would drop X-Forwarded-* unless told otherwise, and then
    # KINDMIND_BEHIND_PROXY and KINDMIND_CLIENT_IP_HEADERS could never work.
    assert server_options("127.0.0.1", 8000, 2)["clear_untrusted_proxy_headers"] is False


def test_each_of_the_server_processes_asked_for_answers_on_the_one_port(
    serving: tuple[str, Path, int],
) -> None:
    """`--processes 2`: two waitress processes, children of `kindmind serve`, share its
    port. With either one stopped, the other alone answers: both really serve."""
    base, log, pid = serving
    wait_until(lambda: len(server_processes(pid)) == 2, "two server processes never ran")
    first, second = server_processes(pid)
    for stopped in (second, first):
        # The other process alone can accept.
        with paused(stopped):
            assert healthy(base)
    text = log.read_text()
    assert "2 server processes, 2 worker threads each." in text
    for process in (first, second):
        assert (
            f"Serving on http://127.0.0.1:{urllib.parse.urlsplit(base).port} (process {process})"
            in text
        )


def test_a_server_process_killed_outright_is_replaced_and_the_port_keeps_answering(
    serving: tuple[str, Path, int],
) -> None:
    base, log, pid = serving
    wait_until(lambda: len(server_processes(pid)) == 2, "two server processes never ran")
    killed, survivor = server_processes(pid)
    os.kill(killed, signal.SIGKILL)
    # While the killed one is replaced, the other answers.
    assert healthy(base)
    wait_until(
        lambda: len(server_processes(pid)) == 2 and killed not in server_processes(pid),
        "the killed server process was not replaced",
    )
    (replacement,) = set(server_processes(pid)) - {survivor}
    wait_for_line(log, f"(process {replacement})")
    # The new one answers by itself.
    with paused(survivor):
        assert healthy(base)
    assert f"server process {killed} ended (status -9); starting another." in log.read_text()


def test_serve_clears_ended_sessions_and_old_sign_in_records_and_stops_with_the_server(
    tmp_path: Path,
) -> None:
    """Nothing but `kindmind serve` is needed: housekeeping runs beside the server from
    the start (then hourly), and stops when the server stops."""
    env = migrated_env(tmp_path)
    database = tmp_path / "home" / "kindmind.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.executemany(
            "INSERT INTO accounts_session (session_key, session_data, expire_date) "
            "VALUES (?, 'x', ?)",
            [
                ("ended" + "0" * 27, "2001-01-01 00:00:00"),
                ("live" + "0" * 28, "2999-01-01 00:00:00"),
            ],
        )
        db.execute(
            "INSERT INTO axes_accesslog (user_agent, ip_address, username, http_accept, "
            "path_info, attempt_time, session_hash) VALUES ('b', '127.0.0.1', "
            "'old@example.org', '*/*', '/account/signin/', '2001-01-01 00:00:00', '')"
        )
    log = tmp_path / "server.log"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            # One process: waitress in `kindmind serve` itself, as before --processes.
            [
                *KINDMIND,
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
                "--processes",
                "1",
                "--no-migrate",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        text = wait_for_line(log, "kindmind housekeeping: expired sessions cleared", 60)
        with contextlib.closing(sqlite3.connect(database)) as db:
            sessions = [k for (k,) in db.execute("SELECT session_key FROM accounts_session")]
            logs = db.execute("SELECT count(*) FROM axes_accesslog").fetchone()[0]
        assert sessions == ["live" + "0" * 28]
        assert logs == 0
        assert "old@example.org" not in text
        found = re.search(r"Housekeeping started with pid: (\d+)", text)
        assert found
        housekeeper = int(found.group(1))
    finally:
        # The server alone is told to stop, as a process supervisor would.
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    with pytest.raises(ProcessLookupError):
        os.kill(housekeeper, 0)


def test_the_housekeeper_ends_when_its_server_is_killed_outright(tmp_path: Path) -> None:
    """A server killed with SIGKILL (or by the out-of-memory killer) cannot stop its
    housekeeper: the housekeeper notices its parent has gone and ends within seconds."""
    env = migrated_env(tmp_path)
    # A stand-in for the server: a shell that starts the housekeeper, writes down its
    # pid, and waits on it. It is killed at once, often before the housekeeper is ready.
    pid_file = tmp_path / "housekeeper.pid"
    log = tmp_path / "housekeeper.log"
    out = log.open("w")
    parent = subprocess.Popen(
        [
            "/bin/sh",
            "-c",
            f'"$@" --while-parent=$$ & echo $! > "{pid_file}"; wait',
            "sh",
            *KINDMIND,
            "housekeeping",
            "--loop",
        ],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text().endswith("\n"):
        assert time.monotonic() < deadline, "the stand-in server never started"
        time.sleep(0.05)
    housekeeper = int(pid_file.read_text())
    try:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(housekeeper, 0)
            except ProcessLookupError:
                break
            # The orphan is a child of init here, which reaps it; a zombie counts as gone.
            with contextlib.suppress(FileNotFoundError):
                if Path(f"/proc/{housekeeper}/stat").read_text().split()[2] == "Z":
                    break
            time.sleep(0.2)
        else:
            pytest.fail("the housekeeper lived on after its server was killed")
        # It had really started its rounds: it ended because its server was gone.
        assert "kindmind housekeeping: expired sessions cleared" in log.read_text()
    finally:
        out.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(housekeeper, signal.SIGKILL)


def test_a_server_told_not_to_migrate_will_not_start_on_a_database_that_needs_it(
    tmp_path: Path,
) -> None:
    """`--no-migrate` (how the deployment's unit files start servers) on a database that
    lacks this version's migrations: new code on old tables would fail page by page, so
    the server does not start, and says what to run."""
    env = embedded_env(tmp_path / "home")
    port = free_port()
    refused = subprocess.run(
        [*KINDMIND, "serve", "--port", str(port), "--no-migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "Run `kindmind migrate` once, then start the servers." in refused.stderr
    with contextlib.closing(sqlite3.connect(tmp_path / "home" / "kindmind.sqlite3")) as db:
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        assert tables.fetchone() == (0,)


def test_servers_sharing_a_data_folder_prepare_their_files_one_at_a_time(
    tmp_path: Path,
) -> None:
    """Several servers on one machine share the data folder and start together (one
    systemd instance per port). Each collects the static files into it; two at once
    removed each other's files and one failed to start. A server waits for the start-up
    lock while another holds it, then starts."""
    import fcntl

    env = migrated_env(tmp_path)
    home = Path(env["KINDMIND_DATA_DIR"])
    port = free_port()
    log = tmp_path / "server.log"
    with (home / ".serve-start.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with log.open("w") as out:
            process = subprocess.Popen(
                [*KINDMIND, "serve", "--port", str(port), "--no-migrate"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            # The kernel lists a process waiting for a lock with "->" in /proc/locks: this
            # server waits there, before collecting anything, while another prepares.
            deadline = time.monotonic() + 60
            while f" {process.pid} " not in "".join(
                line for line in Path("/proc/locks").read_text().splitlines(True) if "->" in line
            ):
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server never waited:\n" + log.read_text()
                time.sleep(0.1)
            assert not (home / "static").exists()
            assert "kindmind is running" not in log.read_text()
            fcntl.flock(held, fcntl.LOCK_UN)
            wait_for_line(log, "kindmind is running", timeout=120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def start_server(env: dict[str, str], log: Path, *options: str) -> subprocess.Popen[bytes]:
    with log.open("w") as out:
        return subprocess.Popen(
            [*KINDMIND, "serve", "--port", str(free_port()), "--no-migrate", *options],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_sigterm_stops_the_server_processes_and_housekeeping_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """What a process supervisor does: SIGTERM to `kindmind serve` alone. It stops its
    server processes and its housekeeper, and exits 0, leaving no process behind."""
    env = migrated_env(tmp_path)
    log = tmp_path / "server.log"
    process = start_server(env, log, "--processes", "2")
    try:
        wait_until(
            lambda: (
                log.read_text().count("Serving on") == 2 and len(child_processes(process.pid)) == 3
            ),
            "two server processes and a housekeeper never ran",
            timeout=120,
        )
        left = child_processes(process.pid)
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert [pid for pid in left if not gone(pid)] == []


def test_server_processes_end_when_their_parent_is_killed_outright(tmp_path: Path) -> None:
    """`kindmind serve` killed with SIGKILL cannot stop its server processes: they notice
    it has gone (their lifeline pipe closes) and end, freeing the port."""
    env = migrated_env(tmp_path)
    log = tmp_path / "server.log"
    process = start_server(env, log, "--processes", "2")
    try:
        wait_until(
            lambda: log.read_text().count("Serving on") == 2,
            "two server processes never ran",
            timeout=120,
        )
        workers = server_processes(process.pid)
        assert len(workers) == 2
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        wait_until(lambda: all(gone(pid) for pid in workers), "server processes lived on", 30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_server_processes_that_cannot_start_are_tried_a_few_times_then_given_up() -> None:
    """A server process that ends before it is ready (a broken install, a bad setting)
    is started again after a growing pause, and after five such starts in a row the
    parent gives up, saying why, rather than spinning."""
    import io

    from kindmind.front.serve_processes import START_ATTEMPTS, Supervisor, listening_sockets

    sockets = listening_sockets("127.0.0.1", 0)
    err = io.StringIO()
    supervisor = Supervisor(
        command=[sys.executable, "-c", "raise SystemExit(3)"],
        sockets=sockets,
        count=2,
        err=err,
        first_pause=0.01,
    )
    try:
        failure = supervisor.run()
    finally:
        for s in sockets:
            s.close()
    assert failure is not None
    assert f"failed to start {START_ATTEMPTS} times in a row" in failure
    assert "status 3" in failure
    assert err.getvalue().count("ended before it was ready (status 3); trying again") == (
        START_ATTEMPTS - 1
    )
    assert supervisor.workers == []


@pytest.mark.parametrize(
    ("option", "variable"), [(["--processes", "0"], ""), ([], "two"), ([], "-1")]
)
def test_a_number_of_processes_that_is_not_one_or_more_is_refused_before_anything(
    tmp_path: Path, option: list[str], variable: str
) -> None:
    env = embedded_env(tmp_path / "home")
    if variable:
        env["KINDMIND_PROCESSES"] = variable
    refused = subprocess.run(
        [*KINDMIND, "serve", "--port", str(free_port()), *option],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "the number of server processes is a whole number, 1 or more." in refused.stderr
    assert "Traceback" not in refused.stderr
    # Refused before migrating: no table was made.
    database = tmp_path / "home" / "kindmind.sqlite3"
    if database.exists():
        with contextlib.closing(sqlite3.connect(database)) as db:
            assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
