"""`kindmind bench web --quick`, as CI runs it: every page and POST under concurrent load
against the real server, on the database this test pass uses. Timings are never judged
here; a server error, a refused connection or a lost case is."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
