"""`kindmind bench encryption`: what encryption at rest adds to the two requests people
make most while writing, a check-in and a critic autosave.

Each request goes through the whole app (Django's test client: middleware, form, safety
screening, the database) on a throwaway test database made from the configured one
(SQLite in a temporary data folder unless DATABASE_URL says otherwise). It is timed twice:
as built, and with the cipher swapped in this process for functions that return the
words unchanged (the "before": what the same request cost without encryption). The two
run in alternating rounds, each for its own person, so that a busy machine slows both
alike. Results: p50 and p95 per case, and the ratio of encrypted to plain.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

from kindmind.lib.measure import percentile

USAGE = "usage: kindmind bench encryption [--json PATH] [--requests N]\n"

NOTE = (
    "Woke early and the day felt heavy before it began. The meeting went better than I "
    "feared, and I noticed my shoulders drop a little on the walk home. "
) * 3
LETTER = (
    "Dear me, I can see how hard you have been trying, and how tired it has made you. "
    "It makes sense that the old voice got loud today; it is trying to keep you safe. "
) * 6


@contextmanager
def _plain_cipher() -> Iterator[None]:
    """The cipher replaced by identity functions: the same request without encryption."""
    from kindmind.lib import crypto

    saved = crypto.encrypt_text, crypto.decrypt_text
    crypto.encrypt_text = lambda text: text
    crypto.decrypt_text = lambda token: token
    try:
        yield
    finally:
        crypto.encrypt_text, crypto.decrypt_text = saved


@contextmanager
def _throwaway_database() -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    # Quietly: Django's createcachetable says the migrations made its table already.
    with redirect_stdout(io.StringIO()):
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
        teardown_test_environment()


class _Person:
    """One signed-in person, and the next check-in and autosave they would send."""

    def __init__(self, email: str) -> None:
        from django.test import Client

        from kindmind.accounts import actions
        from kindmind.critic.models import Entry

        person = actions.create_account(email=email, password=uuid.uuid4().hex)
        self.browser = Client()
        self.browser.force_login(person)
        self.entry = Entry.objects.create(client=person, kind="letter", submission_id=uuid.uuid4())
        self.version = 0
        self.rev = 0
        self.sitting = str(uuid.uuid4())

    def checkin(self) -> float:
        data = {
            "threat": "5",
            "drive": "3",
            "soothing": "4",
            "other_feelings": "unsettled, a bit hopeful",
            "note": NOTE,
            "submission_id": str(uuid.uuid4()),
        }
        start = time.perf_counter()
        answer = self.browser.post("/checkins/new/", data)
        took = time.perf_counter() - start
        if answer.status_code != 302:
            raise RuntimeError(f"a check-in was answered {answer.status_code}")
        return took

    def autosave(self) -> float:
        self.rev += 1
        data = {
            "field": "letter_body",
            "text": LETTER[: 200 + 5 * self.rev],
            "base_version": str(self.version),
            "sitting": self.sitting,
            "rev": str(self.rev),
        }
        start = time.perf_counter()
        answer = self.browser.post(
            f"/critic/{self.entry.id}/save/", data, HTTP_ACCEPT="application/json"
        )
        took = time.perf_counter() - start
        if answer.status_code != 200:
            raise RuntimeError(f"an autosave was answered {answer.status_code}")
        self.version = answer.json()["version"]
        return took


def measure(requests: int) -> list[dict[str, Any]]:
    """Time `requests` check-ins and autosaves with encryption and without."""
    encrypted = _Person("bench.encrypted@example.org")
    with _plain_cipher():
        plain = _Person("bench.plain@example.org")
    cases: dict[str, Callable[[_Person], float]] = {
        "checkin_post": _Person.checkin,
        "critic_autosave_post": _Person.autosave,
    }
    timings: dict[tuple[str, str], list[float]] = {
        (case, mode): [] for case in cases for mode in ("encrypted", "plain")
    }
    # Warm-up (first-use imports, the language models, connection set-up), not counted.
    for call in cases.values():
        for _ in range(10):
            call(encrypted)
            with _plain_cipher():
                call(plain)
    # Strictly alternating, request by request, so that whatever else the machine is
    # doing falls on both alike.
    for _ in range(requests):
        for case, call in cases.items():
            timings[(case, "encrypted")].append(call(encrypted))
            with _plain_cipher():
                timings[(case, "plain")].append(call(plain))
    results: list[dict[str, Any]] = []
    for case in cases:
        row: dict[str, Any] = {"bench": "encryption", "case": case, "n": requests}
        for mode in ("plain", "encrypted"):
            values = timings[(case, mode)]
            row[f"{mode}_p50_ms"] = round(1000 * statistics.median(values), 2)
            row[f"{mode}_p95_ms"] = round(1000 * percentile(values, 0.95), 2)
        row["ratio_p50"] = round(row["encrypted_p50_ms"] / row["plain_p50_ms"], 3)
        row["ratio_p95"] = round(row["encrypted_p95_ms"] / row["plain_p95_ms"], 3)
        results.append(row)
    results.append(_cipher_alone())
    return results


def _cipher_alone(times: int = 2000) -> dict[str, Any]:
    """One encrypt and one decrypt of the autosave's words, with nothing around them."""
    from kindmind.lib import crypto

    start = time.perf_counter()
    for _ in range(times):
        crypto.decrypt_text(crypto.encrypt_text(LETTER))
    each = (time.perf_counter() - start) / times
    return {
        "bench": "encryption",
        "case": f"encrypt_and_decrypt_{len(LETTER)}_chars",
        "n": times,
        "mean_us": round(1e6 * each, 1),
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        f"{'case':<24} {'n':>5} {'plain p50':>10} {'p95':>8} {'encrypted p50':>14} "
        f"{'p95':>8} {'ratio p50':>10} {'ratio p95':>10}"
    ]
    for r in results:
        if "ratio_p95" in r:
            lines.append(
                f"{r['case']:<24} {r['n']:>5} {r['plain_p50_ms']:>8.2f}ms "
                f"{r['plain_p95_ms']:>6.2f}ms {r['encrypted_p50_ms']:>12.2f}ms "
                f"{r['encrypted_p95_ms']:>6.2f}ms {r['ratio_p50']:>10.3f} {r['ratio_p95']:>10.3f}"
            )
        else:
            lines.append(f"{r['case']}: {r['mean_us']} µs each (n={r['n']})")
    return "\n".join(lines)


def run(args: Sequence[str], write: Callable[[str], object]) -> int:
    """`kindmind bench encryption [--json PATH] [--requests N]`."""
    json_path: Path | None = None
    requests = 300
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--json" and rest:
            json_path = Path(rest.pop(0))
        elif arg == "--requests" and rest and rest[0].isdigit() and int(rest[0]) > 0:
            requests = int(rest.pop(0))
        else:
            sys.stderr.write(f"kindmind bench encryption: unexpected argument {arg!r}\n{USAGE}")
            return 2
    home = None
    if not os.environ.get("DATABASE_URL") and not os.environ.get("KINDMIND_DATA_DIR"):
        # The embedded default, in a folder of its own: never the person's own data.
        home = tempfile.mkdtemp(prefix="kindmind-bench-")
        os.environ["KINDMIND_DATA_DIR"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindmind.settings")
    import warnings

    import django
    from django.conf import settings

    # WhiteNoise notes that no static files were collected: the bench serves none.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with _throwaway_database():
            from django.db import connection

            write(f"Encryption at rest, {requests} requests per case ({connection.vendor})\n")
            results = measure(requests)
    finally:
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)
    write(table(results) + "\n")
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0
