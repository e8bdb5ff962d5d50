"""Encryption keys at start-up and in rotation (issue 17): a wrong or missing key refuses
to start and writes nothing; `kindmind rotate-keys` moves every stored word under the
newest key, can be stopped part-way and run again, and never loses words saved
meanwhile."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import Client

from conftest import make_user
from kindmind.accounts.models import Session, User
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Entry, Text
from kindmind.front.models import KeyCheck
from kindmind.front.tests.test_serve import KINDMIND, migrated_env
from kindmind.lib import crypto
from kindmind.lib.fields import UnreadableText, encrypted_columns
from kindmind.lib.keycheck import verify_keys
from kindmind.lib.measure import free_port
from kindmind.lib.sessions import SessionStore

OLD, NEW = crypto.new_key(), crypto.new_key()


@pytest.fixture
def ring(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set the key ring (newest first), as a deployer would, and read it afresh. The
    test database starts as if OLD had written it (its key check made anew)."""
    KeyCheck.objects.all().delete()

    def use(*keys: str) -> None:
        monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", ",".join(keys))
        crypto.forget_keys()

    use(OLD)
    yield use
    crypto.forget_keys()


def write_checkins(person: User, count: int) -> list[str]:
    browser = Client()
    browser.force_login(person)
    notes = []
    for number in range(count):
        note = f"saltmarsh note {number}"
        answer = browser.post(
            "/checkins/new/",
            {"threat": "3", "note": note, "submission_id": str(uuid.uuid4())},
        )
        assert answer.status_code == 302
        notes.append(note)
    return notes


def tokens() -> list[str]:
    """Every stored encrypted value, as the database holds it."""
    found = []
    with connection.cursor() as cursor:
        for table, _, columns in encrypted_columns():
            for column in columns:
                cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names
                found += [row[0] for row in cursor.fetchall() if row[0]]
    return found


def shown(person: User) -> str:
    browser = Client()
    browser.force_login(person)
    return "\n".join(
        browser.get(f"/checkins/{c.pk}/").content.decode()
        for c in CheckIn.objects.filter(client=person).only("id")
    )


@pytest.mark.django_db
def test_a_wrong_key_refuses_to_start_and_writes_nothing(ring: Any, client_user: User) -> None:
    verify_keys()
    write_checkins(client_user, 2)
    canary = KeyCheck.objects.get().token
    before = sorted(tokens())

    ring(NEW)
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--port", "1")
    message = str(refused.value)
    assert "cannot read this database" in message
    assert NEW not in message and OLD not in message
    with pytest.raises(SystemCheckError, match="cannot read this database"):
        call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
    # Nothing was written: the same rows, the same key check, under the old key.
    assert sorted(tokens()) == before
    assert KeyCheck.objects.get().token == canary
    # Read with the wrong key, a row is refused, never turned into nonsense.
    with pytest.raises(UnreadableText):
        list(CheckIn.objects.filter(client=client_user))


@pytest.mark.django_db
def test_a_database_whose_key_check_went_missing_still_refuses_a_wrong_key(
    ring: Any, client_user: User
) -> None:
    write_checkins(client_user, 1)
    KeyCheck.objects.all().delete()
    ring(NEW)
    with pytest.raises(ImproperlyConfigured, match="cannot read this database"):
        verify_keys()
    assert not KeyCheck.objects.exists()
    ring(OLD)
    verify_keys()
    assert KeyCheck.objects.exists()


@pytest.mark.django_db
def test_the_key_that_wrote_the_database_after_a_newer_one_starts(ring: Any) -> None:
    verify_keys()
    ring(NEW, OLD)
    verify_keys()


@pytest.mark.django_db
def test_a_production_database_without_a_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEY_FILE", raising=False)
    settings.EMBEDDED = False
    crypto.forget_keys()
    try:
        with pytest.raises(CommandError, match="KINDMIND_ENCRYPTION_KEYS"):
            call_command("serve", "--port", "1")
        with pytest.raises(ImproperlyConfigured):
            verify_keys()
    finally:
        crypto.forget_keys()


@pytest.mark.enable_socket
def test_the_real_server_refuses_a_wrong_key_file_and_says_why(tmp_path: Path) -> None:
    env = migrated_env(tmp_path)
    home = Path(env["KINDMIND_DATA_DIR"])
    database = (home / "kindmind.sqlite3").read_bytes()
    wrong = crypto.new_key()
    (home / crypto.KEY_FILE_NAME).write_text(wrong + "\n")
    started = subprocess.run(
        [*KINDMIND, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "cannot read this database" in started.stderr
    assert wrong not in started.stderr + started.stdout
    assert "kindmind is running" not in started.stdout
    assert (home / "kindmind.sqlite3").read_bytes() == database


def test_new_key_prints_a_fresh_key_and_how_to_use_it(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("rotate_keys", "--new-key")
    out, err = capsys.readouterr()
    key = out.strip()
    assert crypto.parse_keys(key, source="printed")
    assert "first in the ring" in err


@pytest.mark.django_db
def test_rotation_leaves_everything_readable_with_the_new_key_alone(
    ring: Any, client_user: User, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write_checkins(client_user, 3)
    entry = Entry.objects.create(client=client_user, kind="letter", submission_id=uuid.uuid4())
    Text.objects.create(
        entry=entry,
        field="letter_body",
        body="dear heart",
        version=1,
        sitting=uuid.uuid4(),
        rev=1,
        saved_at=entry.created_at,
    )
    verify_keys()

    ring(NEW, OLD)
    call_command("rotate_keys", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "checkins_checkin: 3 encrypted again" in out
    assert "you can remove them from the ring" in out

    ring(NEW)
    verify_keys()
    # The person who wrote under the old key stays signed in with the new key alone.
    assert Session.objects.count() >= 1
    assert all(
        SessionStore().decode(s.session_data).get("_auth_user_id") for s in Session.objects.all()
    )
    page = shown(client_user)
    assert all(note in page for note in notes)
    assert Text.objects.get(entry=entry).body == "dear heart"
    assert all(crypto.is_under_newest_key(token) for token in tokens())


@pytest.mark.django_db(transaction=True)
def test_rotation_stopped_part_way_finishes_when_run_again(
    ring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_user("rotation.person@example.org")
    notes = write_checkins(person, 6)
    verify_keys()
    ring(NEW, OLD)

    calls = 0
    real = crypto.rotate_text

    def killed_after_three(token: str) -> str:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise KeyboardInterrupt  # as if the process were stopped here
        return real(token)

    monkeypatch.setattr(crypto, "rotate_text", killed_after_three)
    with pytest.raises(KeyboardInterrupt):
        call_command("rotate_keys", "--batch-size", "1")
    under_new = [crypto.is_under_newest_key(t) for t in tokens()]
    # Part-way: some moved, some not, and every word still reads with the ring.
    assert any(under_new) and not all(under_new)
    assert all(note in shown(person) for note in notes)

    monkeypatch.setattr(crypto, "rotate_text", real)
    call_command("rotate_keys", "--batch-size", "1")
    ring(NEW)
    assert all(crypto.is_under_newest_key(t) for t in tokens())
    assert all(note in shown(person) for note in notes)


@pytest.mark.django_db
def test_words_saved_while_rotation_runs_are_never_overwritten(
    ring: Any, client_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_checkins(client_user, 1)
    verify_keys()
    ring(NEW, OLD)
    checkin = CheckIn.objects.get()
    real = crypto.rotate_text

    def person_saves_meanwhile(token: str) -> str:
        # Between rotation reading the old words and writing them back, the person
        # saves new ones (under the new key, as a restarted server does).
        CheckIn.objects.filter(pk=checkin.pk).update(note="newer words")
        return real(token)

    monkeypatch.setattr(crypto, "rotate_text", person_saves_meanwhile)
    call_command("rotate_keys")
    assert CheckIn.objects.get().note == "newer words"


@pytest.mark.django_db
def test_words_no_key_can_read_are_left_alone_and_said_so(ring: Any, client_user: User) -> None:
    write_checkins(client_user, 1)
    verify_keys()
    stray = Fernet(crypto.new_key().encode()).encrypt(b"lost").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE checkins_checkin SET other_feelings = %s", [stray])
    ring(NEW, OLD)
    with pytest.raises(CommandError, match="cannot be read by any key"):
        call_command("rotate_keys")
    with connection.cursor() as cursor:
        cursor.execute("SELECT other_feelings FROM checkins_checkin")
        assert cursor.fetchone()[0] == stray
