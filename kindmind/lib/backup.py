"""Encrypted backups of kindmind's database, taken while it serves, and their restore.

A backup file is three parts, one after the other:

    KINDMIND-BACKUP 1\\n
    {"format": 1, "vendor": "sqlite", ...}\\n      (metadata: no personal data)
    <Fernet token>                                 (the database, encrypted)

The snapshot is consistent while others write: SQLite's online backup API copies the
database in one read transaction (WAL mode lets writers go on meanwhile); PostgreSQL's
`pg_dump` reads in one repeatable-read snapshot. It is encrypted with the deployment's
key ring (kindmind.lib.crypto), so a restore needs the same keys. The plain database
never touches the disk: SQLite's copy is made in memory, `pg_dump` writes to a pipe.

A restore goes only into an empty database (defined in `is_empty`), so it can never
overwrite anything, and refuses, each with its own message, a file that is not a
kindmind backup, one that was cut short or changed, one from the other database, one
from a newer kindmind, and one encrypted with other keys.

The whole backup is held in memory while it is encrypted or decrypted (Fernet tokens are
not streamed): about three times the database's size at most.
"""

from __future__ import annotations

import binascii
import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader

import kindmind
from kindmind.lib import crypto

MAGIC = b"KINDMIND-BACKUP 1\n"
FORMAT = 1
# What each vendor's plain snapshot starts with, checked after decryption.
_SIGNATURES = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
_VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, plainly."""


@dataclass(frozen=True)
class Backup:
    metadata: dict[str, Any]
    token: bytes


# --- writing -------------------------------------------------------------------------


def snapshot(settings_dict: Mapping[str, Any], vendor: str) -> bytes:
    """A consistent copy of the database, as plain bytes."""
    if vendor == "sqlite":
        return _sqlite_snapshot(str(settings_dict["NAME"]))
    if vendor == "postgresql":
        return _pg_run(["pg_dump", "--format=custom", "--no-owner"], settings_dict).stdout
    raise BackupError(f"Backups of a {vendor} database are not supported.")


def _sqlite_snapshot(path: str) -> bytes:
    if not Path(path).exists():
        raise BackupError(f"There is no database at {path} to back up.")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=20)
    copy = sqlite3.connect(":memory:")
    try:
        # pages=-1: the whole database in one step, in one read transaction.
        source.backup(copy, pages=-1)
        return copy.serialize()
    finally:
        copy.close()
        source.close()


def latest_migrations(alias: str = "default") -> dict[str, str]:
    """The newest applied migration of each app, from the database itself."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    latest: dict[str, str] = {}
    for app, name in sorted(loader.applied_migrations or {}):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def write_backup(path: Path, alias: str = "default") -> dict[str, Any]:
    """Snapshot, encrypt and write to `path` atomically (a temporary file beside it, then
    a rename), readable by its owner only. Returns the metadata written."""
    connection = connections[alias]
    vendor = connection.vendor
    metadata: dict[str, Any] = {
        "format": FORMAT,
        "vendor": vendor,
        "kindmind": kindmind.__version__,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "migrations": latest_migrations(alias),
    }
    plain = snapshot(connection.settings_dict, vendor)
    token = crypto.encrypt_bytes(plain)
    del plain
    metadata["sha256"] = hashlib.sha256(token).hexdigest()
    data = MAGIC + json.dumps(metadata, sort_keys=True).encode() + b"\n" + token
    _write_atomically(path, data)
    return metadata


def _write_atomically(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- reading -------------------------------------------------------------------------


def read_backup(path: Path) -> Backup:
    """The metadata and encrypted part of a backup file, or BackupError saying what is
    wrong with it (before any key is tried)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(MAGIC))
            if head != MAGIC:
                raise BackupError(
                    f"{path} is not a kindmind backup (it does not start as one does). "
                    "Nothing was changed."
                )
            line = handle.readline(1_000_000)
            token = handle.read()
    except OSError as error:
        raise BackupError(f"{path} cannot be read ({error.strerror}).") from None
    try:
        metadata = json.loads(line)
        if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
            raise ValueError
    except ValueError:
        raise BackupError(
            f"{path} looks like a kindmind backup, but its description is damaged or in a "
            "format this kindmind does not know. Nothing was changed."
        ) from None
    if hashlib.sha256(token).hexdigest() != metadata.get("sha256"):
        raise BackupError(
            f"{path} is damaged: it was cut short or changed after it was written. Try "
            "another copy of it. Nothing was changed."
        )
    return Backup(metadata=metadata, token=token)


def decrypt(backup: Backup, vendor: str) -> bytes:
    """The plain snapshot, after checking it belongs here."""
    theirs = backup.metadata.get("vendor")
    if theirs != vendor:
        raise BackupError(
            f"This backup is of a {_VENDOR_NAMES.get(str(theirs), str(theirs))} database, "
            f"and this kindmind uses {_VENDOR_NAMES.get(vendor, vendor)}. Restore it into a "
            f"kindmind that uses {_VENDOR_NAMES.get(str(theirs), str(theirs))}, or use "
            "kindmind's export to move people's data. Nothing was changed."
        )
    newer = _newer_migrations(backup.metadata.get("migrations"))
    if newer:
        raise BackupError(
            "This backup comes from a newer kindmind (it has database changes this one "
            f"does not know: {', '.join(newer)}). Upgrade kindmind, then restore. "
            "Nothing was changed."
        )
    try:
        plain = crypto.decrypt_bytes(backup.token)
    except (crypto.InvalidToken, binascii.Error, ValueError):
        raise BackupError(
            "This backup cannot be opened with this kindmind's encryption keys. It was "
            "written with other keys: set KINDMIND_ENCRYPTION_KEYS or "
            "KINDMIND_ENCRYPTION_KEY_FILE to the keys of the kindmind that wrote it (on "
            "the embedded default, copy its data folder's encryption.keys). Nothing was "
            "changed."
        ) from None
    if not plain.startswith(_SIGNATURES[vendor]):
        raise BackupError("This backup's contents are not a database. Nothing was changed.")
    return plain


def _newer_migrations(theirs: object) -> list[str]:
    if not isinstance(theirs, dict):
        return []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    return sorted(
        f"{app}.{name}" for app, name in theirs.items() if (str(app), str(name)) not in known
    )


# --- restoring -----------------------------------------------------------------------


def is_empty(settings_dict: Mapping[str, Any], vendor: str) -> bool:
    """Empty means: no tables at all (a new SQLite file, or a file of 0 bytes; a
    PostgreSQL database with no tables in its schemas). So a database that has been
    migrated, even with nobody in it yet, is not empty: a restore never overwrites."""
    if vendor == "sqlite":
        path = Path(str(settings_dict["NAME"]))
        if not path.exists() or path.stat().st_size == 0:
            return not _has_wal(path)
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables: int = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            db.close()
        return tables == 0
    query = (
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
    )
    output = _pg_run(["psql", "--no-psqlrc", "--tuples-only", "--command", query], settings_dict)
    return output.stdout.strip() == b"0"


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def restore(path: Path, settings_dict: Mapping[str, Any], vendor: str) -> dict[str, Any]:
    """Bring the backup at `path` back into the (empty) database. Returns its metadata."""
    backup = read_backup(path)
    plain = decrypt(backup, vendor)
    if not is_empty(settings_dict, vendor):
        raise BackupError(
            "The database kindmind is set up to use is not empty, and a restore never "
            "overwrites anything. Point kindmind at a new, empty database (for the embedded "
            "default, a new data folder with the same encryption.keys), then restore. "
            "Nothing was changed."
        )
    if vendor == "sqlite":
        _restore_sqlite(plain, Path(str(settings_dict["NAME"])))
    else:
        _pg_run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            ],
            settings_dict,
            stdin=plain,
        )
    return backup.metadata


def _restore_sqlite(plain: bytes, target: Path) -> None:
    """Write the copy beside the target, check it whole, then rename it into place."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(plain)
            handle.flush()
            os.fsync(handle.fileno())
        db = sqlite3.connect(temporary)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("This backup's database is damaged. Nothing was changed.")
            db.execute("PRAGMA journal_mode=WAL")
        finally:
            db.close()
        Path(temporary + "-wal").unlink(missing_ok=True)
        Path(temporary + "-shm").unlink(missing_ok=True)
        for leftover in ("-wal", "-shm"):
            target.with_name(target.name + leftover).unlink(missing_ok=True)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- PostgreSQL's own tools ------------------------------------------------------------


def _pg_run(
    command: list[str],
    settings_dict: Mapping[str, Any],
    *,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run pg_dump, pg_restore or psql against the configured database. The password
    goes in the environment (PGPASSWORD), never on the command line."""
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = list(command)
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    args += ["--dbname", str(settings_dict["NAME"])]
    try:
        # PostgreSQL's own tools, with the configured database's details as arguments.
        result = subprocess.run(  # noqa: S603
            args, env=env, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed here; it comes with PostgreSQL's client tools "
            "(the postgresql-client package), in the same or a newer version than the server."
        ) from None
    if result.returncode != 0:
        # PostgreSQL's own words; they name objects, never rows' contents.
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(
            f"{command[0]} did not finish: {detail[-1] if detail else 'no reason given'}. "
            "Nothing was changed."
        )
    return result
