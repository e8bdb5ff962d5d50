"""Words typed while the server restarts are not lost: a real `kindmind serve` (waitress,
two worker threads, SQLite in a fresh data directory) is stopped and started again in the middle
of typing; the page keeps the words, retries, and the database ends up with all of them."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Browser, expect

from kindmind.lib.browser_testing import SIZES, screenshot
from kindmind.lib.measure import free_port

pytestmark = [pytest.mark.browser, pytest.mark.enable_socket]

EMAIL = "restart@example.org"
PASSWORD = "a calm river at dusk"


class Server:
    """`kindmind serve` in its own process group, startable and stoppable."""

    def __init__(self, data: Path, port: int) -> None:
        self.data = data
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data / "server.log"

    def start(self) -> None:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("KINDMIND_", "DATABASE_URL"))
        }
        env["KINDMIND_DATA_DIR"] = str(self.data / "home")
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kindmind.cli",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    "2",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return
            # A server still starting may accept and then answer slowly (a busy machine):
            # a read timeout is one more try, like a refused connection.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("kindmind serve did not start:\n" + self.log.read_text())
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None

    def database(self) -> Path:
        return self.data / "home" / "kindmind.sqlite3"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path, free_port())
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_words_typed_across_a_server_restart_are_all_saved(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(
        base_url=server.base, viewport=SIZES["phone"], is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/account/signup/")
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_label("Choose a password").fill(PASSWORD)
        page.get_by_label("The same password again").fill(PASSWORD)
        page.get_by_role("button", name="Create my account").click()
        expect(page).to_have_url(re.compile(r"/today/$"))
        page.goto("/critic/new/letter/")
        page.get_by_role("button", name="Begin").click()
        box = page.get_by_label("What the letter is about")
        status = page.locator("[data-save-status=letter_about]")

        box.type("Before the restart.")
        expect(status).to_have_text("Saved")
        server.stop()
        box.type(" While it was down.")
        expect(status).to_have_text(re.compile("Not saved yet: we'll keep trying"))
        expect(box).to_have_value("Before the restart. While it was down.")
        screenshot(page, "critic-server-down-phone-light")
        server.start()
        expect(status).to_have_text("Saved", timeout=30_000)
        # Typing leaves the last "Saved" showing until the next save is sent, so wait for
        # the server's own answer to this one: otherwise the reload below sends it as a
        # beacon that the server, stopped just after, may never take in (with several
        # server processes, the beacon and the reload can reach different ones).
        with page.expect_response(
            # The save of the whole text (one sent while typing would have only part).
            lambda answer: (
                answer.url.endswith("/save/")
                and "down.+And+after." in (answer.request.post_data or "")
            )
        ) as saved:
            box.type(" And after.")
        assert saved.value.status == 200
        expect(status).to_have_text("Saved")
        page.reload()
        expect(page.get_by_label("What the letter is about")).to_have_value(
            "Before the restart. While it was down. And after."
        )
    finally:
        context.close()
    server.stop()
    with sqlite3.connect(server.database()) as db:
        rows = db.execute("SELECT body FROM critic_text WHERE field = 'letter_about'").fetchall()
    # Stored encrypted, under the key the embedded default wrote beside the database.
    [(token,)] = rows
    assert "restart" not in token
    key = (server.data / "home" / "encryption.keys").read_text().strip()
    words = Fernet(key.encode()).decrypt(token.encode()).decode()
    assert words == "Before the restart. While it was down. And after."
