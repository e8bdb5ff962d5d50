"""One person's pages find their rows through indexes, never by reading everyone's.

On PostgreSQL, with enough people that the planner's statistics make reading a whole
table the wrong choice (30 people with a year of use each, and 1,200 more signed-in
people with a share, an audit row, questionnaire plans, a reminder and a kind action),
every query each page of `kindmind bench web` runs
is planned (`EXPLAIN`, after ANALYZE, with the planner's own settings) and none may read
a big table from end to end to keep a small part of it. A missing index fails here
before it slows the pages of a server with thousands of people.

And `kindmind bench scale --quick` runs on the database this test pass uses, as CI runs
it: every page answers at each size, and its figures come out as JSON.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kindmind.accounts import actions
from kindmind.accounts.models import User
from kindmind.front import bench_scale, bench_web

PEOPLE = 30
SIGNED_IN = 1200
# Tables the pages read by person: each must be big enough here that reading it whole
# would be the planner's wrong choice, or this test would prove nothing about it.
BIG = [
    "accounts_user",
    "accounts_share",
    "accounts_auditevent",
    "accounts_session",
    "checkins_checkin",
    "practice_practicesession",
    "critic_entry",
    "critic_text",
    "measures_response",
    "measures_schedule",
    "practice_kindaction",
    "reminders_delivery",
]

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are PostgreSQL's: this runs in the PostgreSQL pass (DATABASE_URL)",
)


def _seed(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # Fewer rows around each signed-in person than the bench makes: enough for each table
    # to pass MIN_ROWS, few enough to seed in seconds.
    monkeypatch.setattr(bench_scale, "AUDIT_ROWS", 1)
    monkeypatch.setattr(bench_scale, "KIND_ACTIONS", 1)
    monkeypatch.setattr(bench_scale, "DELIVERIES", 1)
    ids = bench_web.seed(0, lambda _: None)
    now = timezone.now()
    saver = bench_scale.CopySaver()
    bench_web.seed_others(0, PEOPLE - 1, random.Random(7), now, lambda _: None, saver)
    saver.flush()
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"other{n}@bench.invalid", password=unusable)
            for n in range(PEOPLE - 1, PEOPLE - 1 + SIGNED_IN)
        ],
        batch_size=5000,
    )
    clinicians = [
        actions.create_account(
            email=f"clinician{n}@bench.invalid",
            password="a long pass phrase here",
            role="clinician",
        )
        for n in range(3)
    ]
    bench_scale.surroundings(bench_scale.others(0, PEOPLE - 1 + SIGNED_IN), clinicians, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


@on_postgres
@pytest.mark.django_db
def test_every_query_of_every_page_finds_the_persons_rows_through_an_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _seed(monkeypatch)
    rows = bench_scale.table_rows()
    for table in BIG:
        assert rows[table] >= bench_scale.MIN_ROWS, (table, rows[table])
    problems = []
    for case in bench_web.cases(ids):
        visitor = bench_scale.Visitor(
            case, ids["clinician"] if case.as_clinician else ids["person"]
        )
        assert visitor.request() < 400, case.name  # first-use costs, and a page that works
        with CaptureQueriesContext(connection) as captured:
            status = visitor.request()
        assert status < 400, case.name
        sql = [q["sql"] for q in captured.captured_queries]
        assert bench_scale.planned(sql), case.name
        for scan in bench_scale.seq_scans(sql):
            problems.append(f"{case.name}: reads all of {scan['table']}: {scan['sql'][:300]}")
        # The person's own rows, where a page reads them, come through an index.
        for statement in bench_scale.planned(sql):
            for scan in bench_scale.scans(bench_scale.explain(statement)):
                if scan["table"] in BIG and scan["node"] == "Seq Scan":
                    problems.append(f"{case.name}: {scan['table']} read whole: {statement[:300]}")
    assert problems == []


@pytest.mark.slow
def test_bench_scale_quick_answers_every_page_at_each_size(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    command = [sys.executable, "-m", "kindmind.cli", "bench", "scale", "--quick"]
    command += ["--sizes", "1,2", "--requests", "2", "--json", str(out)]
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        command += ["--database-url", database_url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    names = [case.name for case in bench_web.cases(_fake_ids())]
    assert [(r["others"], r["case"]) for r in results] == [
        (size, name) for size in (1, 2) for name in names
    ]
    for result in results:
        assert result["database"] == ("postgresql" if database_url else "sqlite")
        assert result["errors"] == 0, result
        assert result["n"] == 2, result
        assert result["queries"] > 0, result
        assert result["seq_scans"] == [], result
    assert all(r["ratio_to_smallest"] == 1.0 for r in results if r["others"] == 1)


def _fake_ids() -> dict[str, Any]:
    """Enough for bench_web.cases() to name its cases without a database."""

    class Row:
        id = 1

    return {"checkin": Row(), "entries": [Row()], "person": Row()}
