"""`kindmind bench web`: the pages a person uses, under load, against the real server.

What it does, in order:

1. Makes a fresh data folder and database (SQLite in that folder, or with
   `--database-url postgres://...` a new PostgreSQL database beside the one named, dropped
   at the end) and migrates it.
2. Seeds it through the app's own models: one person with a year of use (1,093 check-ins,
   365 practice sessions, 50 critic entries, 104 questionnaires: a PHQ-9 and a GAD-7 each
   week), a clinician they share everything with, and `--others` more people with the
   same year each (200 by default, 20 with `--quick`), the first 49 of whom share
   everything with the clinician too (the "caseload" case: 50 people). The seed is
   fixed (random.Random(7)), so two runs seed the same data.
3. Starts the production server exactly as `kindmind serve` does, on a free loopback port.
4. For each case, a separate process (kindmind/front/bench_load.py) runs `--clients`
   concurrent clients for `--seconds`, each sending its next request when the last is
   answered. The bare `/healthz` is the baseline: it runs first on its own, and then
   again in slices woven between each case's own (see `schedule`), so that each case's
   `ratio` and `baseline_rps` come from the same minutes as the case. With one baseline
   measured at the start, the ratio of one unchanged page moved by 0.1 to 0.3 between
   runs on this project's shared machine: it read the machine's drift as well as the
   server.
5. Counts each case's database queries once, in this process, through Django's test
   client against the same database, and reads the server's memory from /proc. With
   several server processes (`kindmind serve --processes`, whose default this bench
   keeps unless `--processes` is given), `rss_mb` is the largest of them: each process
   holds its own copy of everything, so the largest is what one more process would cost,
   and the total is about that times the number of processes.

Output: a table, and with `--json PATH` one object per case with the keys
`bench case database n errors p50_ms p95_ms p99_ms rps baseline_rps ratio queries rss_mb`.
Timings are reported, never judged: the targets live in BENCHMARKS.md. The exit status
is 1 only when a case had errors (a 500, a refused connection), so CI can run `--quick`
as a check that nothing breaks under load without failing on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from kindmind.lib.measure import child_processes, free_port, percentile, stop_process

YEAR = {"checkins": 1093, "practices": 365, "critic_entries": 50, "questionnaires": 104}
# The clinician's caseload: the person and this many others share everything with them
# (as many others as were seeded, when fewer).
CASELOAD = 50


@dataclass
class Case:
    name: str
    method: str
    paths: list[str]
    as_clinician: bool = False
    form_page: str = ""
    form: dict[str, Any] = field(default_factory=dict)
    fresh: list[str] = field(default_factory=list)
    counter: str = ""
    version_field: str = ""
    signed_in: bool = True


@contextmanager
def _database(url: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database beside the one `url` names, dropped afterwards."""
    if not url:
        yield None
        return
    import psycopg  # only for PostgreSQL runs

    base = url.rsplit("/", 1)[0]
    name = f"kindmind_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bulk_save(model: Any, objects: list[Any]) -> None:
    model.objects.bulk_create(objects, batch_size=500)


def _seed_person(
    person: Any, rnd: random.Random, now: Any, save: Callable[[Any, list[Any]], Any] = _bulk_save
) -> None:
    """A year of use for one person, made through the models. `save(model, objects)`
    writes them (bulk inserts by default; `kindmind bench scale` passes a faster COPY);
    critic entries have their ids once `save` returns, as their texts refer to them."""
    from kindmind.checkins.emotions import words_by_system
    from kindmind.checkins.models import CheckIn
    from kindmind.critic.models import Entry, Text
    from kindmind.critic.steps import FLOWS
    from kindmind.measures.models import Response
    from kindmind.measures.scoring import score
    from kindmind.practice import library
    from kindmind.practice.models import PracticeSession

    words = [w for group in words_by_system().values() for w in group]
    zone = person.timezone
    save(
        CheckIn,
        [
            CheckIn(
                client=person,
                at=now - timedelta(hours=8 * i, minutes=rnd.randint(0, 90)),
                timezone=zone,
                threat=rnd.randint(0, 10),
                drive=rnd.randint(0, 10),
                soothing=rnd.randint(0, 10),
                emotions=rnd.sample(words, 2),
                note="A short note about the day, the kind a person writes." * rnd.randint(0, 3),
                submission_id=uuid.uuid4(),
            )
            for i in range(YEAR["checkins"])
        ],
    )
    slugs = sorted(library.load())
    sessions = []
    for i in range(YEAR["practices"]):
        started = now - timedelta(days=i, hours=rnd.randint(0, 12))
        seconds = rnd.randint(120, 900)
        sessions.append(
            PracticeSession(
                client=person,
                practice=rnd.choice(slugs),
                version=rnd.choice(["short", "standard"]),
                started_at=started,
                ended_at=started + timedelta(seconds=seconds),
                steps_done=rnd.randint(1, 6),
                seconds=seconds,
                backdraft=rnd.random() < 0.03,
                submission_id=uuid.uuid4(),
            )
        )
    save(PracticeSession, sessions)
    entries = [
        Entry(
            client=person,
            kind="critic",
            submission_id=uuid.uuid4(),
            created_at=now - timedelta(days=7 * i),
            updated_at=now - timedelta(days=7 * i),
        )
        for i in range(YEAR["critic_entries"])
    ]
    save(Entry, entries)
    fields = FLOWS["critic"].text_fields[:3]
    save(
        Text,
        [
            Text(
                entry=entry,
                field=name,
                body="Words written during a hard moment, kept as they were typed.",
                version=1,
                sitting=uuid.uuid4(),
                rev=1,
                saved_at=entry.created_at,
                deliberate=True,
            )
            for entry in entries
            for name in fields
        ],
    )
    responses = []
    for week in range(YEAR["questionnaires"] // 2):
        for instrument, items in (("phq9", 9), ("gad7", 7)):
            answers = [rnd.randint(0, 3) for _ in range(items)]
            responses.append(
                Response(
                    client=person,
                    instrument=instrument,
                    answers=answers,
                    result=score(instrument, answers).as_json(),
                    completed_at=now - timedelta(weeks=week),
                    timezone=zone,
                    submission_id=uuid.uuid4(),
                )
            )
    save(Response, responses)


def seed(others: int, write: Callable[[str], Any]) -> dict[str, Any]:
    """The people and ids the cases need."""
    from django.utils import timezone

    from kindmind.accounts import actions
    from kindmind.accounts.access import CATEGORIES
    from kindmind.accounts.models import Share, User
    from kindmind.checkins.models import CheckIn
    from kindmind.critic.models import Entry

    rnd = random.Random(7)  # noqa: S311 - repeatable seed data, not secrets
    now = timezone.now()
    password = "a long bench pass phrase " + uuid.uuid4().hex
    person = actions.create_account(
        email="person@bench.invalid", password=password, role=User.Role.CLIENT
    )
    clinician = actions.create_account(
        email="clinician@bench.invalid", password=password, role=User.Role.CLINICIAN
    )
    Share.objects.create(client=person, clinician=clinician, categories=list(CATEGORIES))
    started = time.monotonic()
    _seed_person(person, rnd, now)
    seed_others(0, others, rnd, now, write)
    # The first others share everything with the clinician too: a caseload of CASELOAD.
    Share.objects.bulk_create(
        Share(client=other, clinician=clinician, categories=list(CATEGORIES))
        for other in User.objects.filter(email__startswith="other").order_by("date_joined", "id")[
            : CASELOAD - 1
        ]
    )
    write(f"  seeded 1 person and {others} others in {time.monotonic() - started:.0f} s\n")
    checkin = CheckIn.objects.filter(client=person).order_by("-at").first()
    assert checkin is not None
    entries = list(Entry.objects.filter(client=person).order_by("-created_at")[:8])
    return {"person": person, "clinician": clinician, "checkin": checkin, "entries": entries}


def seed_others(
    start: int,
    stop: int,
    rnd: random.Random,
    now: Any,
    write: Callable[[str], Any],
    save: Callable[[Any, list[Any]], Any] = _bulk_save,
) -> None:
    """Other people numbered `start` to `stop - 1`, a year of use each: called again with
    the next numbers, it grows a seeded database without seeding it anew."""
    from kindmind.accounts.models import User

    started = time.monotonic()
    for n in range(start, stop):
        other = User.objects.create(email=f"other{n}@bench.invalid", role=User.Role.CLIENT)
        _seed_person(other, rnd, now, save)
        if n > start and (n - start) % 50 == 0:
            done = n - start
            write(
                f"  seeded {done} of {stop - start} others ({time.monotonic() - started:.0f} s)\n"
            )


def cases(ids: dict[str, Any]) -> list[Case]:
    from kindmind.critic.steps import FLOWS

    field_name = FLOWS["critic"].text_fields[0]
    return [
        Case("healthz", "GET", ["/healthz"], signed_in=False),
        Case("healthz with a session", "GET", ["/healthz"]),
        Case("today", "GET", ["/today/"]),
        Case("check-in history", "GET", ["/checkins/"]),
        Case("trend, 52 weeks", "GET", ["/checkins/trend/?weeks=52"]),
        Case("practice log", "GET", ["/practice/log/"]),
        Case("critic entries", "GET", ["/critic/"]),
        Case("measures progress", "GET", ["/measures/progress/"]),
        # Pages that landed after the table: the form a check-in starts from, one
        # practice's page (the heaviest a person reaches by links), the safety plan.
        Case("check-in form", "GET", ["/checkins/new/"]),
        Case("one practice", "GET", ["/practice/library/soothing-rhythm-breathing/"]),
        Case("safety plan", "GET", ["/help/plan/"]),
        Case(
            "clinician's view of a check-in",
            "GET",
            [f"/checkins/{ids['checkin'].id}/"],
            as_clinician=True,
        ),
        # The clinician's pages about one person: the overview, and the questionnaires
        # page (the heaviest a clinician reaches by links).
        Case(
            "clinician's page about a person",
            "GET",
            [f"/clinic/clients/{ids['person'].id}/"],
            as_clinician=True,
        ),
        Case(
            "clinician's questionnaires page",
            "GET",
            [f"/clinic/clients/{ids['person'].id}/questionnaires/"],
            as_clinician=True,
        ),
        Case("caseload", "GET", ["/clinic/clients/"], as_clinician=True),
        Case(
            "check-in POST",
            "POST",
            ["/checkins/new/"],
            form_page="/checkins/new/",
            form={"threat": "4", "drive": "5", "soothing": "3", "note": "A calmer evening."},
            fresh=["submission_id"],
        ),
        Case(
            "critic autosave POST",
            "POST",
            [f"/critic/{entry.id}/save/" for entry in ids["entries"]],
            form_page=f"/critic/{ids['entries'][0].id}/step/{FLOWS['critic'].steps[0].slug}/",
            form={
                "field": field_name,
                "text": "Words typed a little at a time, saved as they come.",
                "base_version": "1",
                "sitting": str(uuid.uuid4()),
            },
            counter="rev",
            version_field="base_version",
        ),
    ]


def _queries(case: Case, user: Any) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if case.signed_in:
        client.force_login(user)
    if case.method == "POST":
        page = client.get(case.form_page)
        assert page.status_code == 200, (case.name, page.status_code)
        form = dict(case.form)
        for name in case.fresh:
            form[name] = str(uuid.uuid4())
        if case.counter:
            form[case.counter] = "1"
        with CaptureQueriesContext(connection) as queries:
            client.post(case.paths[0], form)
        return len(queries)
    client.get(case.paths[0])  # warm: first-use caches are not what a page costs
    with CaptureQueriesContext(connection) as queries:
        client.get(case.paths[0])
    return len(queries)


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _server_rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of the server in MB: of `kindmind serve` itself
    when it runs waitress alone, else of the largest of its server processes."""
    workers = [
        _rss_mb(child)
        for child, command in child_processes(pid).items()
        if "serve_processes" in command
    ]
    if not workers:
        return _rss_mb(pid)
    return max(now for now, _ in workers), max(peak for _, peak in workers)


def _wait_healthy(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("kindmind serve stopped before it answered /healthz")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"kindmind serve did not answer /healthz within {timeout:.0f} s")


def _start_server(
    env: dict[str, str], workers: int, home: Path, processes: int | None = None
) -> tuple[subprocess.Popen[bytes], int, Any]:
    """`kindmind serve` on a free loopback port, answering /healthz. A port found free can
    be taken by another program before the server binds it, so a server that stops at
    once is tried again on another port, three times at most."""
    for attempt in range(3):
        port = free_port()
        log = (home / f"serve-{attempt}.log").open("wb")
        command = [sys.executable, "-m", "kindmind.cli", "serve", "--port", str(port)]
        if processes is not None:
            command += ["--processes", str(processes)]
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [*command, "--workers", str(workers)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_healthy(port, server)
        except RuntimeError:
            server.kill()
            server.wait()
            log.close()
            if attempt == 2:
                raise
            continue
        return server, port, log
    raise AssertionError("unreachable")


@dataclass
class Slice:
    baseline: bool
    seconds: float


def schedule(seconds: float, slices: int) -> list[Slice]:
    """A case's `seconds` in `slices` equal slices, each between two halves of a baseline
    slice of the same length: B/2 C B C B ... C B/2. The baseline gets as much time as the
    case, and its middle falls at the case's middle, so a drift that is steady over the
    case's time cancels out of the ratio whatever its size."""
    each = seconds / slices
    plan = [Slice(True, each / 2)]
    for number in range(slices):
        plan.append(Slice(False, each))
        plan.append(Slice(True, each / 2 if number == slices - 1 else each))
    return plan


def measure(
    spec: dict[str, Any],
    baseline: dict[str, Any],
    plan: list[Slice],
    drive: Callable[[dict[str, Any]], dict[str, Any]],
) -> tuple[dict[str, Any], float]:
    """Runs the case and the baseline as `plan` says. Returns the case's requests, errors,
    latencies and time added up over its slices, and the baseline's requests a second
    over its own."""
    case: dict[str, Any] = {"n": 0, "errors": 0, "latencies": [], "elapsed": 0.0}
    base_n, base_elapsed = 0, 0.0
    for part in plan:
        outcome = drive({**(baseline if part.baseline else spec), "seconds": part.seconds})
        if part.baseline:
            base_n += outcome["n"]
            base_elapsed += outcome["elapsed"]
            # An error in the baseline is an error of the run, counted with the case.
            case["errors"] += outcome["errors"]
        else:
            for key in ("n", "errors", "elapsed"):
                case[key] += outcome[key]
            case["latencies"].extend(outcome["latencies"])
    return case, (base_n / base_elapsed if base_elapsed else 0.0)


def _drive(spec: dict[str, Any]) -> dict[str, Any]:
    answer = subprocess.run(
        [sys.executable, "-m", "kindmind.front.bench_load"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        timeout=float(spec["seconds"]) + 120,
        check=True,
    )
    return dict(json.loads(answer.stdout))


def run(argv: list[str], write: Callable[[str], Any]) -> int:
    parser = argparse.ArgumentParser(prog="kindmind bench web", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 others, 4 s a case")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL; a fresh database is made beside it"
    )
    parser.add_argument("--others", type=int, help="other people seeded (default 200, quick 20)")
    parser.add_argument("--seconds", type=float, help="load time per case (default 20, quick 4)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="`kindmind serve --workers`")
    parser.add_argument(
        "--processes", type=int, help="`kindmind serve --processes` (default: its own default)"
    )
    parser.add_argument("--case", action="append", help="run only cases whose name has this")
    parser.add_argument(
        "--slices",
        type=int,
        help="slices of each case, woven with the baseline's (default 4, quick 2)",
    )
    options = parser.parse_args(argv)
    others = options.others if options.others is not None else (20 if options.quick else 200)
    seconds = options.seconds or (4.0 if options.quick else 20.0)
    if options.slices is None:
        options.slices = 2 if options.quick else 4
    if options.slices < 1 or seconds <= 0:
        parser.error("--slices must be 1 or more, and --seconds more than 0")
    home = Path(tempfile.mkdtemp(prefix="kindmind-bench-"))
    try:
        with _database(options.database_url) as database_url:
            return _run(options, others, seconds, home, database_url, write)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def bench_environment(home: Path, database_url: str | None) -> dict[str, str]:
    """This process's environment for a bench, set up and migrated: a data folder of its
    own, a fresh secret and encryption key (a production database needs one), and the
    given database or else SQLite in the folder. Returns the environment, for the servers
    the bench starts. Shared by the web, scale and faults benches."""
    env = {
        **os.environ,
        "KINDMIND_DATA_DIR": str(home),
        "KINDMIND_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_SETTINGS_MODULE": "kindmind.settings",
        "KINDMIND_ENCRYPTION_KEYS": Fernet.generate_key().decode("ascii"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("KINDMIND_ENCRYPTION_KEY_FILE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    os.environ.clear()
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return env


def _run(
    options: argparse.Namespace,
    others: int,
    seconds: float,
    home: Path,
    database_url: str | None,
    write: Callable[[str], Any],
) -> int:
    env = bench_environment(home, database_url)
    database = "postgresql" if database_url else "sqlite"
    write(f"kindmind bench web on {database}: seeding...\n")
    ids = seed(others, write)
    from django.db import connection

    connection.close()  # the server gets the database to itself while seeding is done
    server, port, log = _start_server(env, options.workers, home, options.processes)
    results: list[dict[str, Any]] = []
    try:
        from kindmind.lib.sessions import signed_in_cookie

        person_cookie = signed_in_cookie(ids["person"])
        clinician_cookie = signed_in_cookie(ids["clinician"])
        from django.conf import settings

        baseline: dict[str, Any] = {}
        for case in cases(ids):
            wanted = not options.case or any(part in case.name for part in options.case)
            if case.name != "healthz" and not wanted:
                continue
            cookies = {}
            if case.signed_in:
                cookies[settings.SESSION_COOKIE_NAME] = (
                    clinician_cookie if case.as_clinician else person_cookie
                )
            spec = {
                "host": "127.0.0.1",
                "port": port,
                "clients": options.clients,
                "seconds": seconds,
                "method": case.method,
                "paths": case.paths,
                "cookies": cookies,
                "form_page": case.form_page,
                "form": case.form,
                "fresh": case.fresh,
                "counter": case.counter,
                "version_field": case.version_field,
            }
            if case.name == "healthz":
                # The baseline itself: one stretch, its own ratio 1.
                baseline = spec
                outcome = _drive(spec)
            else:
                outcome, baseline_rps = measure(
                    spec, baseline, schedule(seconds, options.slices), _drive
                )
            rps = outcome["n"] / outcome["elapsed"] if outcome["elapsed"] else 0.0
            if case.name == "healthz":
                baseline_rps = rps
            latencies = outcome["latencies"]
            user = ids["clinician"] if case.as_clinician else ids["person"]
            result = {
                "bench": "web",
                "case": case.name,
                "database": database,
                "n": outcome["n"],
                "errors": outcome["errors"],
                "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
                "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
                "rps": round(rps, 1),
                "baseline_rps": round(baseline_rps, 1),
                "ratio": round(rps / baseline_rps, 3) if baseline_rps else None,
                "queries": _queries(case, user),
                "rss_mb": round(_server_rss_mb(server.pid)[0], 1),
            }
            results.append(result)
            write(_row(result))
        current, peak = _server_rss_mb(server.pid)
        write(f"server memory (the largest process): {current:.0f} MB now, {peak:.0f} MB at peak\n")
    finally:
        stop_process(server)
        log.close()
        from django.db import connections

        connections.close_all()
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1) + "\n")
    failed = [r["case"] for r in results if r["errors"]]
    if failed:
        write(f"errors in: {', '.join(failed)}\n")
        # The server's own words about them (seeded data only, nothing a person wrote).
        write("".join(Path(log.name).read_text(errors="replace").splitlines(True)[-30:]))
        return 1
    return 0


def _row(result: dict[str, Any]) -> str:
    ratio = "" if result["ratio"] is None else f"{result['ratio']:.2f}"
    return (
        f"{result['case']:<32} n={result['n']:<6} err={result['errors']:<3} "
        f"p50={result['p50_ms']} p95={result['p95_ms']} p99={result['p99_ms']} ms  "
        f"{result['rps']:.0f}/s ratio={ratio} queries={result['queries']} "
        f"rss={result['rss_mb']:.0f} MB\n"
    )


def main(argv: list[str]) -> int:
    return run(argv, sys.stdout.write)
