"""Encryption at rest (issue 17): what a person types reaches the database only as
ciphertext, on SQLite (the file itself) and on PostgreSQL (a `pg_dump`), and still reads
back whole through the app.

The words are typed through the pages, as a person would; committed (a transaction
test), so the scan reads what really reached the disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import FieldError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from conftest import make_user
from kindmind.accounts.models import Session, User
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Text, TextVersion
from kindmind.critic.steps import FLOWS
from kindmind.formulation.sections import NAMES as FORMULATION_SECTIONS
from kindmind.lib.sessions import SessionStore
from kindmind.practice.models import CompassionateOther, CompassionateSelf
from kindmind.practice.tests.factories import make_practice_session
from kindmind.safety.models import PLAN_SECTIONS

EMAIL = "scan.person@example.org"


class Phrases:
    """Distinctive made-up phrases, one per box, remembered for the scan."""

    def __init__(self) -> None:
        self.typed: list[str] = []
        # Typed, but not shown on any page until the person signs in again.
        self.only_raw: list[str] = []

    def __call__(self, where: str) -> str:
        phrase = f"plumheron {len(self.typed):03d} lantern {where.replace('_', ' ')}"
        self.typed.append(phrase)
        return phrase


def type_everything(browser: Client, person: User, phrase: Phrases) -> list[str]:
    """Type a phrase into every encrypted box kindmind has; the pages that show them."""
    pages = []
    submission = str(uuid.uuid4())
    answer = browser.post(
        "/checkins/new/",
        {
            "threat": "4",
            "note": phrase("checkin note"),
            "other_feelings": phrase("other feelings"),
            "submission_id": submission,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:500]
    checkin = CheckIn.objects.get(client=person)
    pages.append(f"/checkins/{checkin.id}/")

    session = make_practice_session(person, ended_at=timezone.now(), backdraft=True)
    after = f"/practice/sessions/{session.id}/after/"
    answer = browser.post(
        after,
        {"need": "comforted", "action": phrase("kind action"), "submission_id": submission},
    )
    assert answer.status_code == 302
    pages.append("/practice/log/")
    other = {name: phrase(name) for name in CompassionateOther.FIELDS}
    assert browser.post(
        "/practice/builders/compassionate-other/", {"revision": "0", **other}
    ).status_code in (200, 302)
    own = {name: phrase(name) for name in CompassionateSelf.FIELDS}
    assert browser.post(
        "/practice/builders/compassionate-self/", {"revision": "0", **own}
    ).status_code in (200, 302)
    pages += ["/practice/builders/compassionate-other/", "/practice/builders/compassionate-self/"]

    for kind, flow in FLOWS.items():
        begun = browser.post(f"/critic/new/{kind}/", {"submission_id": str(uuid.uuid4())})
        assert begun.status_code == 302
        entry_id = begun["Location"].split("/")[2]
        for name in flow.text_fields:
            saved = browser.post(
                f"/critic/{entry_id}/save/",
                {
                    "field": name,
                    "text": phrase(f"{kind} {name}"),
                    "base_version": "0",
                    "sitting": str(uuid.UUID(int=1)),
                    "rev": "1",
                },
            )
            assert saved.json()["status"] == "created"
        # The same box changed on a second page at once: both versions are kept.
        first = flow.text_fields[0]
        conflict = browser.post(
            f"/critic/{entry_id}/save/",
            {
                "field": first,
                "text": phrase(f"{kind} second version"),
                "base_version": "0",
                "sitting": str(uuid.UUID(int=2)),
                "rev": "1",
            },
        )
        assert conflict.json()["status"] == "conflict"
        pages += [f"/critic/{entry_id}/step/{step.slug}/" for step in flow.steps]
        pages.append(f"/critic/{entry_id}/versions/")
    assert TextVersion.objects.filter(entry__client=person).count() == len(FLOWS)

    plan = {section: phrase(section) for section in PLAN_SECTIONS}
    assert browser.post("/help/plan/edit/", {**plan, "whole_plan": "1"}).status_code == 302
    pages += ["/help/plan/", "/help/plan/edit/"]

    # A critic form sent after the session ended keeps its words in the new session.
    anonymous = Client()
    step = flow.steps[0]
    field = step.text_fields[0].name
    late = anonymous.post(
        f"/critic/{entry_id}/step/{step.slug}/", {field: phrase("words kept while signed out")}
    )
    assert late.status_code == 302
    held = [SessionStore().decode(s.session_data) for s in Session.objects.all()]
    assert any(phrase.typed[-1] in str(data) for data in held), "the session holds them"
    # Django's own sessions are only signed: anyone with the database reads them. These
    # read as nothing without the key.
    assert all(DatabaseStore().decode(s.session_data) == {} for s in Session.objects.all())
    phrase.only_raw.append(phrase.typed[-1])

    # The formulation: every section, then the first changed on a page that had not seen
    # that save (a conflict), so a set-aside version is kept beside the current one.
    sections = {name: phrase(f"formulation {name}") for name in FORMULATION_SECTIONS}
    saved = browser.post("/formulation/edit/", {**sections, "base_version": "0"})
    assert saved.status_code == 302
    again = {**sections, "history": phrase("formulation set aside"), "base_version": "0"}
    assert browser.post("/formulation/edit/", again).status_code == 409
    pages += ["/formulation/", "/formulation/versions/"]

    kept = browser.post(
        "/quick-help/words/",
        {"sentence": phrase("kept sentence"), "submission_id": submission, "keep": "on"},
    )
    assert kept.status_code == 302
    pages.append("/quick-help/kept/")

    assert browser.post("/course/start/").status_code == 302
    reflected = browser.post("/course/week/1/", {"text": phrase("course reflection")})
    assert reflected.status_code == 302
    pages.append("/course/week/1/")
    return pages


def raw_database() -> bytes:
    """Every byte the database holds: the SQLite file and its write-ahead log, or a
    plain `pg_dump` of the PostgreSQL test database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = Path(str(settings["NAME"]))
        assert name.is_file(), "the scan needs the file-backed test database"
        return b"".join(path.read_bytes() for path in (name, Path(f"{name}-wal")) if path.exists())
    dump = shutil.which("pg_dump")
    if dump is None:
        pytest.skip("pg_dump is not installed")
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    command = [dump, "--no-owner", "--dbname", str(settings["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    return subprocess.run(command, check=True, capture_output=True, env=env).stdout


@pytest.mark.django_db(transaction=True)
def test_nothing_a_person_typed_is_in_the_raw_database_yet_all_of_it_reads_back() -> None:
    person = make_user(EMAIL, timezone_name="Europe/London")
    browser = Client()
    browser.force_login(person)
    phrase = Phrases()
    pages = type_everything(browser, person, phrase)
    assert len(phrase.typed) > 40

    raw = raw_database()
    # The scan reads real data: the email address is stored plain (sign-in looks it up).
    assert EMAIL.encode() in raw
    found = [p for p in phrase.typed if p.encode() in raw or p.encode("utf-16-le") in raw]
    assert found == [], f"{len(found)} typed phrases are readable in the raw database"
    # No fragment either: the words' most distinctive token appears nowhere.
    assert b"plumheron" not in raw

    shown = "\n".join(browser.get(url).content.decode() for url in pages)
    missing = [p for p in phrase.typed if p not in shown and p not in phrase.only_raw]
    assert missing == [], "every phrase reads back whole through the app"


@pytest.mark.django_db
def test_sql_cannot_be_asked_to_look_inside_encrypted_words(client_user: User) -> None:
    with pytest.raises(FieldError, match="encrypted"):
        list(CheckIn.objects.filter(note__icontains="river"))
    with pytest.raises(FieldError, match="empty string"):
        list(Text.objects.filter(body="river"))
    # Empty stays empty, so "has anything been written here" still works in SQL.
    CheckIn.objects.create(
        client=client_user, timezone="UTC", submission_id=uuid.uuid4(), note="", threat=2
    )
    assert CheckIn.objects.filter(note="").count() == 1
    assert CheckIn.objects.exclude(note="").count() == 0


def _raw_column(table: str, column: str) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_upgrading_a_database_written_before_encryption_encrypts_its_words() -> None:
    """An embedded database from before issue 17 keeps working after the upgrade: its
    plain words are encrypted by the migration and read back the same."""
    executor = MigrationExecutor(connection)
    before = [("checkins", "0002_ratings_are_optional"), ("critic", "0002_text_deliberate")]
    executor.migrate(before)
    person = make_user("upgrade.person@example.org")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO checkins_checkin (id, client_id, at, timezone, emotions, "
            "other_feelings, note, submission_id, created_at, updated_at) "
            "VALUES (%s, %s, %s, 'UTC', '[]', %s, %s, %s, %s, %s)",
            [
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                person.id.hex if connection.vendor == "sqlite" else person.id,
                timezone.now(),
                "tidewater calm",
                "an older note café",
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                timezone.now(),
                timezone.now(),
            ],
        )
    assert _raw_column("checkins_checkin", "note") == ["an older note café"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = _raw_column("checkins_checkin", "note")[0]
    assert "older note" not in stored
    checkin = CheckIn.objects.get(client=person)
    assert (checkin.note, checkin.other_feelings) == ("an older note café", "tidewater calm")


def test_a_session_from_before_the_upgrade_still_reads_so_nobody_is_signed_out() -> None:
    before = DatabaseStore().encode({"_auth_user_id": "someone"})
    assert SessionStore().decode(before) == {"_auth_user_id": "someone"}
    after = SessionStore().encode({"_auth_user_id": "someone"})
    assert "someone" not in after
    assert SessionStore().decode(after) == {"_auth_user_id": "someone"}
