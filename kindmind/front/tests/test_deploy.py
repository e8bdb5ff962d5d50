"""A clinic's deployment, started exactly as docs/deploy.md says, driven over real HTTP.

One PostgreSQL database of its own (made and dropped here, its name unique to the run),
the environment from deploy/kindmind.env.example, `kindmind migrate` once, then two
servers started with the ExecStart line of deploy/systemd/kindmind@.service, each on its
own port. The test speaks to them as the reverse proxy in deploy/Caddyfile does: the site's
host name, `X-Forwarded-Proto: https`, the visitor's address in `X-Forwarded-For`.

What differs from a clinic, and why: the database, the data folder and the two key files
are the test's own, and the example's mail settings are left out (sign-up would otherwise
wait for an emailed link from a mail server that is not there).

Runs in the suite's PostgreSQL pass (DATABASE_URL names a PostgreSQL server, which
scripts/test and CI provide) and is skipped on SQLite, as that pass has no server to use.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookies
import io
import os
import re
import secrets
import shlex
import signal
import subprocess
import time
import urllib.parse
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from kindmind.front.tests.test_serve import KINDMIND, embedded_env, wait_for_line
from kindmind.lib.crypto import new_key
from kindmind.lib.measure import free_port

REPOSITORY = Path(__file__).resolve().parents[3]
ENV_EXAMPLE = REPOSITORY / "deploy" / "kindmind.env.example"
SERVER_UNIT = REPOSITORY / "deploy" / "systemd" / "kindmind@.service"
# Where the docs install the `kindmind` command; the test runs this checkout's instead.
INSTALLED_KINDMIND = "/opt/kindmind/current/venv/bin/kindmind"

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.enable_socket,
    pytest.mark.skipif(
        not SUITE_DATABASE.startswith(("postgres://", "postgresql://")),
        reason="a deployment runs on PostgreSQL: this runs in the suite's PostgreSQL pass",
    ),
]

# Bounds: a server that never starts, or a request that never ends, fails the test.
START_SECONDS = 180
REQUEST_SECONDS = 30
COMMAND_SECONDS = 300


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them: comments and blank lines
    skipped, a value in double quotes taken without them."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[key] = value
    return values


def unit_command(unit: Path, instance: str, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart, as systemd would run it for `unit@instance`, with this
    checkout's `kindmind` in place of the installed one."""
    (line,) = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
    words = shlex.split(line.removeprefix("ExecStart="))
    assert words[0] == INSTALLED_KINDMIND

    def variable(found: re.Match[str]) -> str:
        return env[found.group(1)]

    expanded = [
        re.sub(r"\$\{(\w+)\}", variable, word.replace("%i", instance)) for word in words[1:]
    ]
    return [*KINDMIND, *expanded]


def maintenance_connection() -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the suite's PostgreSQL server (its `postgres` database), able to
    create and drop databases."""
    url = urllib.parse.urlsplit(SUITE_DATABASE)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=urllib.parse.unquote(url.username or "postgres"),
        password=urllib.parse.unquote(url.password or "") or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=10,
    )


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the suite's server, dropped afterwards; its URL."""
    name = f"kindmind_deploy_{uuid.uuid4().hex[:12]}"
    with maintenance_connection() as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(urllib.parse.urlsplit(SUITE_DATABASE)._replace(path=name))
    finally:
        with maintenance_connection() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def deployment_env(home: Path, database_url: str) -> dict[str, str]:
    """The example environment file, with the test's own database, folder and keys."""
    env = embedded_env(home)
    env.update(read_env_file(ENV_EXAMPLE))
    for key in list(env):
        if key.startswith("KINDMIND_EMAIL_"):
            del env[key]
    secret_key = home.parent / "secret_key"
    secret_key.write_text(secrets.token_urlsafe(50) + "\n")
    encryption_keys = home.parent / "encryption.keys"
    encryption_keys.write_text(new_key() + "\n")
    env.update(
        DATABASE_URL=database_url,
        KINDMIND_DATA_DIR=str(home),
        KINDMIND_SECRET_KEY_FILE=str(secret_key),
        KINDMIND_ENCRYPTION_KEY_FILE=str(encryption_keys),
    )
    return env


@dataclass
class Deployment:
    servers: list[str]  # "127.0.0.1:port", one per `kindmind serve`
    logs: list[Path]
    database_url: str
    host: str  # the site's host name, as people reach it


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("deploy")
    with fresh_database() as database_url:
        env = deployment_env(folder / "home", database_url)
        # "Run `kindmind migrate` once" (docs/deploy.md, "First start").
        subprocess.run(
            [*KINDMIND, "migrate"],
            env=env,
            check=True,
            timeout=COMMAND_SECONDS,
            capture_output=True,
        )
        processes = []
        servers = []
        logs = []
        try:
            for number in (1, 2):
                port = str(free_port())
                log = folder / f"server-{number}.log"
                with log.open("w") as out:
                    processes.append(
                        subprocess.Popen(
                            unit_command(SERVER_UNIT, port, env),
                            env=env,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                            start_new_session=True,
                        )
                    )
                servers.append(f"{env['LISTEN_ADDRESS']}:{port}")
                logs.append(log)
            host = urllib.parse.urlsplit(env["KINDMIND_SITE_ROOT"]).hostname
            assert host
            for server, process, log in zip(servers, processes, logs, strict=True):
                wait_until_healthy(server, host, process, log)
            yield Deployment(servers, logs, database_url, host)
        finally:
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


def wait_until_healthy(server: str, host: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            if health(server, host) == 200:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"kindmind serve on {server} did not start:\n{log.read_text()}")
        time.sleep(0.3)


def health(server: str, host: str) -> int:
    """/healthz as the proxy asks it (deploy/Caddyfile: health_uri, health_headers)."""
    connection = http.client.HTTPConnection(server, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
        return connection.getresponse().status
    finally:
        connection.close()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def form_value(self, name: str) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', self.text)
        assert found, f"no {name} in the page"
        return found.group(1)


@dataclass
class Visitor:
    """One person's browser, reaching kindmind through the TLS proxy: every request
    carries what the proxy adds, and the cookies this browser holds. Which server
    answers is the proxy's choice; here the test chooses, to show it does not matter."""

    host: str
    address: str = "203.0.113.7"
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_lines: list[str] = field(default_factory=list)

    def request(
        self, server: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> Answer:
        origin = f"https://{self.host}"
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": origin + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            headers["Origin"] = origin
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form).encode()
        connection = http.client.HTTPConnection(server, timeout=REQUEST_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            self.set_cookie_lines.append(line)
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer

    def sign_up(self, server: str, email: str, password: str) -> Answer:
        page = self.request(server, "GET", "/account/signup/")
        assert page.status == 200
        return self.request(
            server,
            "POST",
            "/account/signup/",
            {
                "csrfmiddlewaretoken": page.form_value("csrfmiddlewaretoken"),
                "email": email,
                "password1": password,
                "password2": password,
                "timezone": "Europe/London",
            },
        )

    def check_in(self, server: str, note: str) -> Answer:
        page = self.request(server, "GET", "/checkins/new/")
        assert page.status == 200, page.text
        return self.request(
            server,
            "POST",
            "/checkins/new/",
            {
                "csrfmiddlewaretoken": page.form_value("csrfmiddlewaretoken"),
                "submission_id": page.form_value("submission_id"),
                "threat": "6",
                "drive": "3",
                "soothing": "2",
                "note": note,
            },
        )


def logs_text(deployment: Deployment) -> str:
    return "\n".join(log.read_text() for log in deployment.logs)


def test_sign_up_on_one_server_and_check_in_on_the_other(deployment: Deployment) -> None:
    """The servers keep nothing of their own: a session made on the first works on the
    second, and what is written through one is read back through the other. Through the
    proxy the site is https (secure cookies, HSTS), and the access logs hold none of the
    personal words typed."""
    first, second = deployment.servers
    email = "deploy-check@example.org"
    password = "a quiet harbour at dawn"
    note = "marigold lantern teacup, written through the second server"
    visitor = Visitor(deployment.host)

    signed_up = visitor.sign_up(first, email, password)
    assert signed_up.status == 302
    assert signed_up.headers["Location"] == "/today/"
    # Behind the proxy, Django knows the visitor came over https.
    assert "max-age=" in signed_up.headers["Strict-Transport-Security"]
    session_cookie = [line for line in visitor.set_cookie_lines if line.startswith("sessionid=")]
    assert session_cookie and all("Secure" in line for line in session_cookie)

    today = visitor.request(second, "GET", "/today/")
    assert today.status == 200
    assert "Sign out" in today.text

    saved = visitor.check_in(second, note)
    assert saved.status == 302
    detail = saved.headers["Location"]
    assert re.fullmatch(r"/checkins/[^/]+/", detail)

    read_back = visitor.request(first, "GET", detail)
    assert read_back.status == 200
    assert note in read_back.text

    # Someone who is not signed in gets nothing from either server.
    stranger = Visitor(deployment.host, address="198.51.100.9")
    for server in deployment.servers:
        refused = stranger.request(server, "GET", detail)
        assert refused.status == 302
        assert refused.headers["Location"].startswith("/account/signin/")

    wait_for_line(deployment.logs[0], f'"GET {detail}" 200')
    wait_for_line(deployment.logs[1], '"POST /checkins/new/" 302')
    text = logs_text(deployment)
    for private in (email, password, "marigold", "lantern", "teacup", "203.0.113.7"):
        assert private not in text


def test_two_migrations_started_at_once_both_finish(tmp_path: Path) -> None:
    """Two servers started together each migrate (without --no-migrate), and a deployer
    may run `kindmind migrate` while a server starts: on PostgreSQL the second waits for
    the first instead of failing halfway with "relation already exists"."""
    with fresh_database() as database_url:
        env = deployment_env(tmp_path / "home", database_url)
        runs = [
            subprocess.Popen(
                [*KINDMIND, "migrate"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=COMMAND_SECONDS)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)
        assert sum("Applying accounts.0001_initial... OK" in out for out in outputs) == 1
        # Nothing left to do, and nothing applied twice.
        check = subprocess.run(
            [*KINDMIND, "migrate", "--check"],
            env=env,
            timeout=COMMAND_SECONDS,
            capture_output=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_export_then_delete_an_account_across_both_servers(deployment: Deployment) -> None:
    """A person takes their data away as a zip from one server, then deletes their
    account through the other: afterwards their session opens nothing, their password
    opens nothing, and the database holds no account and no check-in of theirs."""
    import psycopg

    first, second = deployment.servers
    email = "leaving@example.org"
    password = "a long walk by the sea"
    note = "juniper kettle compass, to be exported and then deleted"
    visitor = Visitor(deployment.host, address="203.0.113.8")
    assert visitor.sign_up(first, email, password).status == 302
    assert visitor.check_in(second, note).status == 302
    with psycopg.connect(deployment.database_url, connect_timeout=10) as db:
        row = db.execute("SELECT id FROM accounts_user WHERE email = %s", [email]).fetchone()
        assert row
        (account,) = row

    # The download is a button on Settings (a POST, so no link or prefetch can start it).
    page = visitor.request(first, "GET", "/account/settings/")
    assert page.status == 200
    exported = visitor.request(
        first,
        "POST",
        "/account/export/",
        {"csrfmiddlewaretoken": page.form_value("csrfmiddlewaretoken")},
    )
    assert exported.status == 200
    assert exported.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.body)) as archive:
        contents = b"".join(archive.read(name) for name in archive.namelist())
    assert note.encode() in contents

    page = visitor.request(second, "GET", "/account/delete/")
    assert page.status == 200
    deleted = visitor.request(
        second,
        "POST",
        "/account/delete/",
        {"csrfmiddlewaretoken": page.form_value("csrfmiddlewaretoken"), "password": password},
    )
    assert deleted.status == 302

    for server in deployment.servers:
        after = visitor.request(server, "GET", "/today/")
        assert after.status == 302
        assert after.headers["Location"].startswith("/account/signin/")
    again = Visitor(deployment.host, address="203.0.113.8")
    form = again.request(first, "GET", "/account/signin/")
    signin = again.request(
        first,
        "POST",
        "/account/signin/",
        {
            "csrfmiddlewaretoken": form.form_value("csrfmiddlewaretoken"),
            "username": email,
            "password": password,
        },
    )
    assert signin.status == 400  # the form again, kindly, not a way in

    with psycopg.connect(deployment.database_url, connect_timeout=10) as db:
        for query in (
            "SELECT count(*) FROM accounts_user WHERE id = %s",
            "SELECT count(*) FROM checkins_checkin WHERE client_id = %s",
        ):
            assert db.execute(query, [account]).fetchone() == (0,), query
    text = logs_text(deployment)
    for private in (email, password, "juniper", "kettle", "compass"):
        assert private not in text
