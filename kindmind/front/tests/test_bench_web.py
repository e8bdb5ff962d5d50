"""`kindmind bench web --quick`, as CI runs it: every page and POST under concurrent load
against the real server, on the database this test pass uses. Timings are never judged
here; a server error, a refused connection or a lost case is."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kindmind.lib.measure import has_ended, process_tree

pytestmark = [pytest.mark.enable_socket, pytest.mark.slow]

CASES = [
    "healthz",
    "healthz with a session",
    "today",
    "check-in history",
    "trend, 52 weeks",
    "practice log",
    "critic entries",
    "measures progress",
    "check-in form",
    "one practice",
    "safety plan",
    "clinician's view of a check-in",
    "clinician's page about a person",
    "clinician's questionnaires page",
    "caseload",
    "check-in POST",
    "critic autosave POST",
]
KEYS = {
    "bench", "case", "database", "n", "errors", "p50_ms", "p95_ms", "p99_ms", "rps",
    "baseline_rps", "ratio", "queries", "rss_mb",
}  # fmt: skip


def test_every_page_answers_under_concurrent_load_without_an_error(tmp_path: Path) -> None:
    out = tmp_path / "web.json"
    command = [sys.executable, "-m", "kindmind.cli", "bench", "web", "--quick"]
    command += ["--others", "2", "--seconds", "0.2", "--clients", "4", "--json", str(out)]
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        command += ["--database-url", database_url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads(out.read_text())
    assert [r["case"] for r in results] == CASES
    for result in results:
        assert set(result) == KEYS
        assert result["database"] == ("postgresql" if database_url else "sqlite")
        assert result["errors"] == 0, result
        assert result["n"] > 0, result
        assert result["queries"] > 0, result
    # The baseline is the bare health check of the same run, measured again between the
    # slices of every other case: each case has a baseline of its own.
    assert results[0]["ratio"] == 1.0
    for result in results[1:]:
        assert result["baseline_rps"] > 0, result
        assert result["ratio"] == pytest.approx(result["rps"] / result["baseline_rps"], abs=0.01)
    # A signed-in health check reads the session, the person, the database's answer and
    # the reminders loop's last run, and no longer writes the session on every request.
    assert results[1]["queries"] <= 4


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc only")
def test_a_bench_told_to_stop_leaves_no_server_database_or_folder_behind(tmp_path: Path) -> None:
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        # Half a minute of seeding and serving: once is enough, where there is the most
        # to leave behind.
        pytest.skip("runs in the PostgreSQL pass, which also checks the database is dropped")
    command = [sys.executable, "-m", "kindmind.cli", "bench", "web", "--quick", "--others", "0"]
    command += ["--seconds", "120", "--slices", "1", "--case", "today"]
    command += ["--database-url", database_url]
    bench = subprocess.Popen(
        command,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Told to stop while it drives the page: its server and load driver are running.
        deadline = time.monotonic() + 240
        below: dict[int, str] = {}
        while time.monotonic() < deadline and bench.poll() is None:
            below = process_tree(bench.pid)
            commands = below.values()
            if any("kindmind.front.bench_load" in c for c in commands) and any(
                " serve " in c for c in commands
            ):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the bench never drove the page (exit {bench.returncode})")
        assert list(tmp_path.glob("kindmind-bench-*"))
        bench.send_signal(signal.SIGTERM)
        code = bench.wait(timeout=90)
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait()
    deadline = time.monotonic() + 30
    while not all(has_ended(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in below if not has_ended(pid)]
    for pid in left:  # so that a failure here leaves nothing running for later tests
        os.kill(pid, signal.SIGKILL)
    assert code == 128 + signal.SIGTERM
    assert left == []
    assert list(tmp_path.glob("kindmind-bench-*")) == []
    import psycopg

    with psycopg.connect(database_url) as conn:
        databases = conn.execute(
            "SELECT datname FROM pg_database WHERE datname = %s",
            (f"kindmind_bench_{bench.pid}",),
        ).fetchall()
    assert databases == []
