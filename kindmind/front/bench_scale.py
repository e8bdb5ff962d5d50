"""`kindmind bench scale`: one person's pages as the database grows around them.

The pages a person uses should cost the same whether they are alone on the server or one
of thousands: every query a page runs should find that person's rows through an index,
never by reading everyone's. This bench shows it.

What it does, in order:

1. Makes a fresh database (with `--database-url postgres://...` a new PostgreSQL
   database beside the one named, dropped at the end; SQLite in a temporary folder
   otherwise, without the plans) and migrates it.
2. Seeds the person of `kindmind bench web` (a year of use), their clinician, and the
   first size of other people (a year of use each), then grows the same database to each
   next size: 1, 200 and, with `--large`, 2,000 others (1 and 20 with `--quick`). Each
   other person also has a signed-in session, a share with one of a few clinicians and
   a few audit rows, as a busy server has. On PostgreSQL the rows are written with COPY
   through each model field's own conversion, so words are encrypted as the app stores
   them; equal words are encrypted once and the token reused (a bench shortcut: the
   app itself never reuses a token). Then (`--layout time`, the default) the tables of
   people's records are rewritten in the order their rows were written (CLUSTER), as a
   live server lays them out: one person's year spread across the table, not together.
3. At each size, after VACUUM ANALYZE (the statistics autovacuum keeps on a live server,
   and nothing left for it to do while pages are timed), requests every page of
   `kindmind bench web` in this process through Django's test client, the pages taking
   turns, `--requests` times each after three untimed rounds, timing each request on the
   clock and in this process's CPU; and records one more request's queries.
4. On PostgreSQL, runs `EXPLAIN (FORMAT JSON)` on every query each page ran and lists
   each sequential scan that reads a table of 1,000 rows or more to keep at most a tenth
   of them (`seq_scans`): a page reading everyone's rows to find its person's. And runs
   the page's reads again under EXPLAIN ANALYZE: the database's own time for them
   (`db_ms`, median of 3) and the table and index pages they touched (`buffers`), both
   apart from this machine's load on the clock.

Output: a table, and with `--json PATH` one object per page per size with the keys
`bench case database layout others n errors p50_ms p95_ms cpu_p50_ms db_ms buffers
queries ratio_to_smallest seq_scans`, where `ratio_to_smallest` is the page's median over
its median at the smallest size. Timings are reported, never judged (the target, within
1.2x, lives in BENCHMARKS.md); the exit status is 1 when a page answered with an error or
a query read a big table whole, so CI can run `--quick`. `--plans` prints each query's scans.

Time, on this 2-core machine shared with other work (load about 12): growing from 200
to 2,000 others took 21 to 23 minutes, and the whole `--large` run 26 to 28 minutes,
most of it building model instances; `--quick` takes under a minute.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from kindmind.front import bench_web
from kindmind.lib.measure import percentile

# A sequential scan is counted against a page when it reads a table of at least
# MIN_ROWS rows (by the planner's statistics) to keep at most SELECTIVE of them: a page
# wanting a small part of a big table and reading all of it, work that grows with
# everyone's data. Reading a small table whole, or a table most of whose rows the page
# wants (one person's check-ins when they are half the table), is the planner's honest
# choice.
MIN_ROWS = 1000
SELECTIVE = 0.1
# Statements that read rows by a plan: the ones EXPLAIN is asked about.
PLANNED = ("SELECT", "UPDATE", "DELETE", "WITH")
# Around each other person: clinicians they share with (spread over this many), audit
# rows of a clinician looking, kind actions, and a month of a daily reminder's deliveries.
OTHER_CLINICIANS = 10
# Untimed requests a page before timing: first-use costs (templates, the language models
# behind the critic's autosave, the database's cache) are not what a page costs.
WARM_UP = 3
AUDIT_ROWS = 12
KIND_ACTIONS = 10
DELIVERIES = 30


class CopySaver:
    """Writes model instances with PostgreSQL's COPY, many people's rows at a time.

    Encrypted and JSON fields (and any not known to be plain) go through the model
    field's `pre_save` and `get_db_prep_save`, as a bulk insert does, so words are stored
    as tokens and JSON as JSON; plain values go as they are. Rows wait in
    a buffer until `flush()` or until it holds `batch` of them. Models whose ids the
    caller needs at once (critic entries: their texts refer to them) are bulk-inserted.
    """

    def __init__(self, batch: int = 50_000) -> None:
        from django.db import connection

        self.connection = connection
        self.batch = batch
        self.rows: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        self.fields: dict[Any, list[Any]] = {}
        self.readers: dict[Any, list[Callable[[Any], Any]]] = {}
        self.tokens: dict[tuple[str, str], Any] = {}
        self.pending = 0

    def __call__(self, model: Any, objects: list[Any]) -> None:
        from kindmind.critic.models import Entry

        if model is Entry:
            model.objects.bulk_create(objects, batch_size=5000)
            return
        fields = self.fields.get(model)
        if fields is None:
            fields = [
                f
                for f in model._meta.concrete_fields
                if not (f.primary_key and f.get_internal_type().endswith("AutoField"))
            ]
            self.fields[model] = fields
            self.readers[model] = [self._reader(model, f) for f in fields]
        readers = self.readers[model]
        rows = self.rows[model]
        for obj in objects:
            rows.append(tuple(read(obj) for read in readers))
        self.pending += len(objects)
        if self.pending >= self.batch:
            self.flush()

    def _reader(self, model: Any, field: Any) -> Callable[[Any], Any]:
        """How one field's value is read from an instance for COPY. Plain values (ids,
        numbers, aware datetimes, text) go as they are, which psycopg adapts as a bulk
        insert's would be; the rest through the field's own conversion."""
        from django.db import models

        from kindmind.lib.fields import EncryptedTextField

        if isinstance(field, EncryptedTextField):
            label = f"{model.__name__}.{field.name}"

            def encrypted(obj: Any) -> Any:
                value = getattr(obj, field.attname)
                if not value:
                    return value
                key = (label, value)
                if key not in self.tokens:
                    self.tokens[key] = field.get_db_prep_save(value, self.connection)
                return self.tokens[key]

            return encrypted
        plain = (
            models.UUIDField,
            models.IntegerField,
            models.BooleanField,
            models.CharField,
            models.ForeignKey,
        )
        if isinstance(field, plain) or (
            isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add)
        ):
            attname = field.attname
            return lambda obj: getattr(obj, attname)
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), self.connection)

    def flush(self) -> None:
        with self.connection.cursor() as cursor:
            for model, rows in self.rows.items():
                if not rows:
                    continue
                table = self.connection.ops.quote_name(model._meta.db_table)
                columns = ", ".join(
                    self.connection.ops.quote_name(f.column) for f in self.fields[model]
                )
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                rows.clear()
        self.pending = 0


def others(start: int, stop: int) -> list[Any]:
    """The other people numbered `start` to `stop - 1` (bench_web.seed_others names them)."""
    from kindmind.accounts.models import User

    emails = [f"other{n}@bench.invalid" for n in range(start, stop)]
    return list(User.objects.filter(email__in=emails).order_by("email"))


def surroundings(people: list[Any], clinicians: list[Any], now: Any) -> None:
    """What other people leave besides their own records: a live session each, a share
    with one of a few clinicians, and audit rows of their clinician looking."""
    from kindmind.accounts.access import CATEGORIES
    from kindmind.accounts.models import AuditEvent, Share
    from kindmind.lib.sessions import SessionStore

    store = SessionStore()
    model = store.get_model_class()
    expires = now + timedelta(minutes=30)
    model.objects.bulk_create(
        [
            model(
                session_key=uuid.uuid4().hex,
                session_data=store.encode({"_auth_user_id": str(person.id)}),
                expire_date=expires,
            )
            for person in people
        ],
        batch_size=5000,
    )
    shares = []
    events = []
    for i, person in enumerate(people):
        clinician = clinicians[i % len(clinicians)]
        shares.append(Share(client=person, clinician=clinician, categories=list(CATEGORIES)))
        for k in range(AUDIT_ROWS):
            events.append(
                AuditEvent(
                    at=now - timedelta(days=30 * k),
                    actor_id=clinician.id,
                    actor_role="clinician",
                    subject_id=person.id,
                    action="view",
                    object_type="checkin",
                    object_id=str(k),
                )
            )
    Share.objects.bulk_create(shares, batch_size=5000)
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    _plans_and_reminders(people, now)


def _plans_and_reminders(people: list[Any], now: Any) -> None:
    """Rows Today and the practice log look up by person: two questionnaire schedules,
    a daily check-in reminder with a month of deliveries, and some kind actions each."""
    from datetime import time as clock

    from kindmind.measures.models import Schedule
    from kindmind.practice.models import KindAction
    from kindmind.reminders.models import Delivery, Reminder

    schedules = []
    reminders = []
    actions = []
    for person in people:
        for instrument in ("phq9", "gad7"):
            schedules.append(
                Schedule(client=person, instrument=instrument, every_days=14, next_due=now.date())
            )
        reminders.append(
            Reminder(client=person, kind="checkin", at=clock(8), days=list(range(7)), by_email=True)
        )
        for k in range(KIND_ACTIONS):
            actions.append(
                KindAction(
                    client=person,
                    need="comforted",
                    action="A cup of tea, slowly.",
                    created_at=now - timedelta(days=30 * k),
                    submission_id=uuid.uuid4(),
                )
            )
    Schedule.objects.bulk_create(schedules, batch_size=5000)
    Reminder.objects.bulk_create(reminders, batch_size=5000)
    KindAction.objects.bulk_create(actions, batch_size=5000)
    Delivery.objects.bulk_create(
        [
            Delivery(
                reminder=reminder,
                client_id=reminder.client_id,
                channel="email",
                local_date=(now - timedelta(days=day)).date(),
                timezone="UTC",
                due_at=now - timedelta(days=day),
                state="sent",
                attempts=1,
                next_try_at=now - timedelta(days=day),
                finished_at=now - timedelta(days=day),
            )
            for reminder in reminders
            for day in range(DELIVERIES)
        ],
        batch_size=5000,
    )


def _grow(
    start: int,
    stop: int,
    clinicians: list[Any],
    now: Any,
    postgres: bool,
    write: Callable[[str], Any],
    layout: str = "time",
) -> float:
    """Seeds others `start` to `stop - 1`; the seconds it took."""
    began = time.monotonic()
    rnd = random.Random(7 + start)  # noqa: S311 - repeatable seed data, not secrets
    if postgres:
        saver = CopySaver()
        bench_web.seed_others(start, stop, rnd, now, write, saver)
        saver.flush()
    else:
        bench_web.seed_others(start, stop, rnd, now, write)
    surroundings(others(start, stop), clinicians, now)
    from django.db import connection

    if postgres and layout == "time":
        lay_out_by_time()
    with connection.cursor() as cursor:
        # The statistics autovacuum keeps on a live server, and nothing left for it to do
        # in the background while pages are timed. VACUUM needs autocommit, as here.
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    return time.monotonic() - began


# Tables of a person's records and the moment each row was written.
WRITTEN_AT = {
    "checkins_checkin": "at",
    "practice_practicesession": "started_at",
    "critic_entry": "created_at",
    "critic_text": "saved_at",
    "measures_response": "completed_at",
}


def lay_out_by_time() -> None:
    """Rewrites each table of people's records in the order its rows were written.

    Seeded person by person, one person's year lies together on a few pages; on a live
    server rows arrive as people write them, so one person's year is spread across the
    whole table, a page of it here and there, and reading it touches many more pages.
    CLUSTER on a passing index gives the seeded tables that live layout."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, column in WRITTEN_AT.items():
            index = f"bench_layout_{table}"
            cursor.execute(f'CREATE INDEX "{index}" ON "{table}" ("{column}")')
            cursor.execute(f'CLUSTER "{table}" USING "{index}"')
            cursor.execute(f'DROP INDEX "{index}"')


def explain(sql: str) -> Any:
    """PostgreSQL's plan for one captured statement (not run: EXPLAIN without ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        found = cursor.fetchone()[0]
    return json.loads(found) if isinstance(found, str) else found


def scans(plan: Any) -> Iterator[dict[str, Any]]:
    """Every node of a plan that reads a table: its kind, the table, the index if any (a
    bitmap heap scan names the indexes of the bitmap index scans beneath it)."""
    nodes = [node["Plan"] for node in plan] if isinstance(plan, list) else [plan]
    while nodes:
        node = nodes.pop()
        if "Relation Name" in node:
            index = node.get("Index Name", "")
            if node["Node Type"] == "Bitmap Heap Scan":
                index = "+".join(_bitmap_indexes(node))
            yield {
                "node": node["Node Type"],
                "table": node["Relation Name"],
                "index": index,
                "rows": node.get("Plan Rows", 0),
            }
        nodes.extend(node.get("Plans", []))


def _bitmap_indexes(node: Any) -> list[str]:
    found = []
    below = list(node.get("Plans", []))
    while below:
        child = below.pop(0)
        if child["Node Type"] == "Bitmap Index Scan":
            found.append(child["Index Name"])
        below.extend(child.get("Plans", []))
    return found


def planned(queries: list[str]) -> list[str]:
    """The statements worth a plan: reads, updates and deletes, once each."""
    seen: dict[str, None] = {}
    for sql in queries:
        if sql.lstrip().upper().startswith(PLANNED):
            seen.setdefault(sql, None)
    return list(seen)


def table_rows() -> dict[str, float]:
    """Each table's row count as the planner knows it (from the last ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        return {name: float(rows) for name, rows in cursor.fetchall()}


def seq_scans(queries: list[str], min_rows: int = MIN_ROWS) -> list[dict[str, Any]]:
    """The sequential scans, among the plans of `queries`, that read a table of
    `min_rows` or more rows to keep a small part of it (see SELECTIVE)."""
    rows = table_rows()
    found = []
    for sql in planned(queries):
        for scan in scans(explain(sql)):
            total = rows.get(scan["table"], 0)
            if (
                scan["node"] == "Seq Scan"
                and total >= min_rows
                and scan["rows"] <= SELECTIVE * total
            ):
                found.append({**scan, "sql": sql})
    return found


def database_work(queries: list[str], runs: int = 3) -> dict[str, float | None]:
    """What a page's reads cost the database itself, apart from this process and from
    the machine's load on the clock: the median over `runs` of the summed execution times
    PostgreSQL reports for its SELECTs (EXPLAIN ANALYZE runs them), and the pages of
    table and index they touched (shared buffers hit or read). Both grow with the rows a
    page reads, so both should stay flat as other people's rows grow."""
    from django.db import connection

    reads = [sql for sql in planned(queries) if sql.lstrip().upper().startswith("SELECT")]
    totals = []
    buffers = 0
    for _ in range(runs):
        total = 0.0
        buffers = 0
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                found = cursor.fetchone()[0]
                plan = (json.loads(found) if isinstance(found, str) else found)[0]
                total += float(plan["Execution Time"])
                top = plan["Plan"]
                buffers += int(top.get("Shared Hit Blocks", 0)) + int(
                    top.get("Shared Read Blocks", 0)
                )
        totals.append(total)
    return {"db_ms": round(statistics.median(totals), 2), "buffers": buffers}


class Visitor:
    """One signed-in person requesting one case's page, in this process."""

    def __init__(self, case: bench_web.Case, user: Any) -> None:
        from django.test import Client

        self.case = case
        self.client = Client(HTTP_HOST="127.0.0.1")
        if case.signed_in:
            self.client.force_login(user)
        self.form = dict(case.form)
        self.counter = 0

    def request(self) -> int:
        case = self.case
        if case.method == "GET":
            return int(self.client.get(case.paths[0]).status_code)
        for name in case.fresh:
            self.form[name] = str(uuid.uuid4())
        if case.counter:
            self.counter += 1
            self.form[case.counter] = str(self.counter)
        answer = self.client.post(case.paths[0], self.form)
        if case.version_field and answer.status_code == 200:
            self.form[case.version_field] = str(answer.json()["version"])
        return int(answer.status_code)


def measure(visitors: list[Visitor], requests: int, postgres: bool) -> list[dict[str, Any]]:
    """Each visitor's page `requests` times, taking turns, after WARM_UP untimed; then
    one more request with its queries captured (and planned, on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    latencies: dict[int, list[float]] = {i: [] for i in range(len(visitors))}
    cpu: dict[int, list[float]] = {i: [] for i in range(len(visitors))}
    errors = dict.fromkeys(latencies, 0)
    for _, (i, visitor) in itertools.product(range(WARM_UP), enumerate(visitors)):
        if visitor.request() >= 400:
            errors[i] += 1
    for _, (i, visitor) in itertools.product(range(requests), enumerate(visitors)):
        began, began_cpu = time.perf_counter(), time.process_time()
        status = visitor.request()
        latencies[i].append((time.perf_counter() - began) * 1000)
        cpu[i].append((time.process_time() - began_cpu) * 1000)
        if status >= 400:
            errors[i] += 1
    results = []
    for i, visitor in enumerate(visitors):
        with CaptureQueriesContext(connection) as captured:
            visitor.request()
        sql = [q["sql"] for q in captured.captured_queries]
        results.append(
            {
                "case": visitor.case.name,
                "n": len(latencies[i]),
                "errors": errors[i],
                "p50_ms": round(statistics.median(latencies[i]), 1),
                "p95_ms": round(percentile(latencies[i], 0.95), 1),
                "cpu_p50_ms": round(statistics.median(cpu[i]), 1),
                "queries": len(sql),
                "sql": sql,
                "seq_scans": seq_scans(sql) if postgres else [],
                **(database_work(sql) if postgres else {"db_ms": None, "buffers": None}),
            }
        )
    return results


def run(argv: list[str], write: Callable[[str], Any]) -> int:
    parser = argparse.ArgumentParser(
        prog="kindmind bench scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="1 and 20 others, 5 requests")
    parser.add_argument("--large", action="store_true", help="also 2,000 others")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    parser.add_argument(
        "--sizes", help="other people at each step, e.g. 1,50 (default 1,200; quick 1,20)"
    )
    parser.add_argument("--requests", type=int, help="timed requests a page (default 40)")
    parser.add_argument("--case", action="append", help="run only cases whose name has this")
    parser.add_argument("--plans", action="store_true", help="print every query's scans")
    parser.add_argument(
        "--layout",
        choices=["time", "person"],
        default="time",
        help="PostgreSQL rows in the order written, as on a live server (default), or as "
        "seeded, each person's together",
    )
    options = parser.parse_args(argv)
    if options.sizes:
        sizes = sorted({int(s) for s in options.sizes.split(",")})
    else:
        sizes = [1, 20] if options.quick else [1, 200]
        if options.large:
            sizes.append(2000)
    requests = options.requests or (5 if options.quick else 40)
    home = Path(tempfile.mkdtemp(prefix="kindmind-bench-scale-"))
    try:
        with bench_web._database(options.database_url) as database_url:
            return _run(options, sizes, requests, home, database_url, write)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(
    options: argparse.Namespace,
    sizes: list[int],
    requests: int,
    home: Path,
    database_url: str | None,
    write: Callable[[str], Any],
) -> int:
    # This bench measures how drawing a page grows with other people's rows: a kept page
    # (kindmind.lib.pagecache) reads none of them, so every page here is drawn.
    os.environ["KINDMIND_PAGE_CACHE"] = "0"
    bench_web.bench_environment(home, database_url)
    from django.core.management import call_command

    # As `kindmind serve` does before serving: the pages name the collected files.
    call_command("collectstatic", interactive=False, verbosity=0)
    postgres = bool(database_url)
    database = "postgresql" if postgres else "sqlite"
    from django.utils import timezone

    from kindmind.accounts import actions
    from kindmind.accounts.models import User

    write(
        f"kindmind bench scale on {database}: sizes {sizes}, {requests} requests a page"
        + (f", rows laid out by {options.layout}\n" if postgres else "\n")
    )
    ids = bench_web.seed(0, write)
    now = timezone.now()
    password = "a long bench pass phrase " + uuid.uuid4().hex
    clinicians = [
        actions.create_account(
            email=f"clinician{n}@bench.invalid", password=password, role=User.Role.CLINICIAN
        )
        for n in range(OTHER_CLINICIANS)
    ]
    chosen = [
        case
        for case in bench_web.cases(ids)
        if not options.case or any(part in case.name for part in options.case)
    ]
    visitors = [
        Visitor(case, ids["clinician"] if case.as_clinician else ids["person"]) for case in chosen
    ]
    results: list[dict[str, Any]] = []
    smallest: dict[str, float] = {}
    seeded = 0
    for size in sizes:
        seconds = _grow(seeded, size, clinicians, now, postgres, write, options.layout)
        write(f"  grew to {size} others in {seconds:.0f} s\n")
        seeded = size
        for outcome in measure(visitors, requests, postgres):
            smallest.setdefault(outcome["case"], outcome["p50_ms"])
            base = smallest[outcome["case"]]
            result = {
                "bench": "scale",
                "case": outcome["case"],
                "database": database,
                "layout": options.layout if postgres else "",
                "others": size,
                "n": outcome["n"],
                "errors": outcome["errors"],
                "p50_ms": outcome["p50_ms"],
                "p95_ms": outcome["p95_ms"],
                "cpu_p50_ms": outcome["cpu_p50_ms"],
                "db_ms": outcome["db_ms"],
                "buffers": outcome["buffers"],
                "queries": outcome["queries"],
                "ratio_to_smallest": round(outcome["p50_ms"] / base, 2) if base else None,
                "seq_scans": sorted({s["table"] for s in outcome["seq_scans"]}),
            }
            results.append(result)
            write(_row(result))
            if options.plans and postgres:
                for sql in planned(outcome["sql"]):
                    shown = ", ".join(
                        f"{s['node']} {s['table']}" + (f" ({s['index']})" if s["index"] else "")
                        for s in scans(explain(sql))
                    )
                    write(f"      {shown or 'no table'}  <- {sql[:160]}\n")
            for scan in outcome["seq_scans"]:
                write(f"      SEQ SCAN {scan['table']}: {scan['sql'][:300]}\n")
    from django.db import connections

    connections.close_all()
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    bad = sorted({r["case"] for r in results if r["errors"] or r["seq_scans"]})
    if bad:
        write(f"errors or sequential scans of big tables in: {', '.join(bad)}\n")
        return 1
    return 0


def _row(result: dict[str, Any]) -> str:
    ratio = "" if result["ratio_to_smallest"] is None else f"{result['ratio_to_smallest']:.2f}"
    seq = ",".join(result["seq_scans"]) or "none"
    return (
        f"{result['others']:>5} others  {result['case']:<32} n={result['n']:<4} "
        f"err={result['errors']:<2} p50={result['p50_ms']} p95={result['p95_ms']} "
        f"cpu={result['cpu_p50_ms']} db={result['db_ms']} ms buffers={result['buffers']} "
        f"x{ratio} queries={result['queries']} seq scans: {seq}\n"
    )


def main(argv: list[str]) -> int:
    return run(argv, sys.stdout.write)
