"""Backups and restores: what an operator relies on. A backup taken while people write
holds everything written before it began and is consistent; it is encrypted and private;
a restore goes only into an empty database, and a damaged, foreign or unreadable file is
refused with a clear message and nothing changed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db import connection as thread_connection

from conftest import make_checkin, make_user
from kindmind.accounts.models import User
from kindmind.checkins.models import CheckIn
from kindmind.lib import backup, crypto

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", crypto.new_key())
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEY_FILE", raising=False)
    crypto.forget_keys()
    yield
    crypto.forget_keys()


class Writer(threading.Thread):
    """A person writing check-ins, one after another, on a connection of its own; keeps
    the ids of those the database has acknowledged (committed)."""

    def __init__(self, client: User) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.acknowledged: list[uuid.UUID] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                checkin = make_checkin(self.client, note=f"written at {time.monotonic()}")
                self.acknowledged.append(checkin.id)
        except BaseException as error:
            self.error = error
        finally:
            thread_connection.close()


def restored_target(tmp_path: Path) -> dict[str, Any]:
    """A new, empty database of the same kind as the test database."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        return settings
    settings["NAME"] = f"{settings['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    return settings


def drop(settings: dict[str, Any]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def query(settings: dict[str, Any], sql: str) -> list[tuple[Any, ...]]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(settings["NAME"]) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(
        dbname=settings["NAME"],
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
    ) as db:
        return db.execute(sql).fetchall()


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_people_write_restores_whole_and_consistent(
    tmp_path: Path,
) -> None:
    client = make_user("writer@example.org")
    others = [make_checkin(client, note=f"before {n}") for n in range(20)]
    writer = Writer(client)
    writer.start()
    deadline = time.monotonic() + 10
    while len(writer.acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    before = {c.id for c in others} | set(writer.acknowledged)
    written_before = len(writer.acknowledged)
    call_command("backup", str(tmp_path / "kindmind.backup"))
    during = len(writer.acknowledged) - written_before
    writer.stop.set()
    writer.join(10)
    assert writer.error is None
    assert during > 0, "writes went on while the backup was taken"

    target = restored_target(tmp_path)
    try:
        backup.restore(tmp_path / "kindmind.backup", target, connection.vendor)
        restored = {as_uuid(row[0]) for row in query(target, "SELECT id FROM checkins_checkin")}
        # Everything acknowledged before the backup began is there; nothing later than
        # the end of the backup can be (the writer's total is the upper bound).
        assert before <= restored
        assert len(restored) <= len(others) + len(writer.acknowledged)
        users = query(target, "SELECT count(*) FROM accounts_user")[0][0]
        assert users == 1
        orphans = query(
            target,
            "SELECT count(*) FROM checkins_checkin c "
            "LEFT JOIN accounts_user u ON u.id = c.client_id WHERE u.id IS NULL",
        )[0][0]
        assert orphans == 0
        if connection.vendor == "sqlite":
            assert query(target, "PRAGMA integrity_check") == [("ok",)]
            assert query(target, "PRAGMA foreign_key_check") == []
    finally:
        drop(target)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_encrypted_private_and_says_what_it_is(tmp_path: Path) -> None:
    client = make_user("private@example.org")
    make_checkin(client, note="indigo-kettle-7316 in a note")
    out = tmp_path / "folder"
    out.mkdir()
    call_command("backup", str(out))
    (written,) = out.iterdir()
    assert written.name.startswith("kindmind-") and written.suffix == ".backup"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    data = written.read_bytes()
    assert data.startswith(backup.MAGIC)
    metadata = json.loads(data.split(b"\n")[1])
    assert metadata["vendor"] == connection.vendor
    assert metadata["migrations"]["accounts"].startswith("00")
    assert b"indigo-kettle-7316" not in data and b"private@example.org" not in data
    # The same path again is refused, unless asked to replace it.
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(written))
    call_command("backup", str(written), "--replace")
    assert [p.name for p in out.iterdir()] == [written.name]  # no temporary file left


def spoil(path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    magic, line, token = data[: len(backup.MAGIC)], *data[len(backup.MAGIC) :].split(b"\n", 1)
    metadata = json.loads(line)
    if how == "foreign":
        path.write_bytes(b"-- PostgreSQL database dump\nCREATE TABLE x ();\n")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "changed":
        middle = len(data) - 100
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    elif how == "other database":
        metadata["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
        path.write_bytes(magic + json.dumps(metadata).encode() + b"\n" + token)
    elif how == "newer kindmind":
        metadata["migrations"]["accounts"] = "9999_from_the_future"
        path.write_bytes(magic + json.dumps(metadata).encode() + b"\n" + token)
    elif how == "other keys":
        monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", crypto.new_key())
        crypto.forget_keys()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("foreign", "is not a kindmind backup"),
        ("truncated", "cut short or changed"),
        ("changed", "cut short or changed"),
        ("other database", "and this kindmind uses"),
        ("newer kindmind", "comes from a newer kindmind"),
        ("other keys", "cannot be opened with this kindmind's encryption keys"),
    ],
)
def test_a_bad_backup_is_refused_plainly_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, message: str
) -> None:
    make_checkin(make_user("someone@example.org"))
    path = tmp_path / "kindmind.backup"
    call_command("backup", str(path))
    spoil(path, how, monkeypatch)
    target = restored_target(tmp_path)
    try:
        with pytest.raises(backup.BackupError, match=message) as refused:
            backup.restore(path, target, connection.vendor)
        assert "Nothing was changed" in str(refused.value)
        assert backup.is_empty(target, connection.vendor)
        if connection.vendor == "sqlite":
            assert list(tmp_path.iterdir()) == [path]
        # The command says the same, in its own words.
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path))
    finally:
        drop(target)
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_restore_never_overwrites_a_database_in_use(tmp_path: Path) -> None:
    client = make_user("kept@example.org")
    make_checkin(client)
    path = tmp_path / "kindmind.backup"
    call_command("backup", str(path))
    make_checkin(client)  # written after the backup
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(path))
    assert CheckIn.objects.count() == 2
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore", str(tmp_path / "missing.backup"))


def kindmind(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "KINDMIND_", "DJANGO_"))
    }
    env["KINDMIND_DATA_DIR"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "kindmind.cli", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the embedded default: once, on the SQLite pass"
)
def test_the_commands_round_trip_on_the_embedded_default(tmp_path: Path) -> None:
    """The real `kindmind backup` and `kindmind restore`, as an operator moves the
    embedded default to a new folder (its encryption.keys copied with it)."""
    old, new = tmp_path / "old", tmp_path / "new"
    assert kindmind(old, "migrate", "--verbosity", "0").returncode == 0
    made = kindmind(old, "createuser", "moved@example.org", "--password-stdin", stdin="a b c d e f")
    assert made.returncode == 0, made.stderr
    written = kindmind(old, "backup", str(tmp_path / "kindmind.backup"))
    assert written.returncode == 0, written.stderr
    assert "Backup written" in written.stdout

    refused = kindmind(new, "restore", str(tmp_path / "kindmind.backup"))
    assert refused.returncode != 0
    assert "cannot be opened with this kindmind's encryption keys" in refused.stderr
    shutil.copy(old / crypto.KEY_FILE_NAME, new / crypto.KEY_FILE_NAME)
    restored = kindmind(new, "restore", str(tmp_path / "kindmind.backup"))
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(new / "kindmind.sqlite3") as db:
        assert db.execute("SELECT email FROM accounts_user").fetchall() == [("moved@example.org",)]
    assert stat.S_IMODE((new / "kindmind.sqlite3").stat().st_mode) == 0o600
    again = kindmind(new, "restore", str(tmp_path / "kindmind.backup"))
    assert "is not empty" in again.stderr
