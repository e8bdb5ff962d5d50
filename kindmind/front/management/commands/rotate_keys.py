"""`kindmind rotate-keys`: every encrypted word under the newest key, while kindmind serves.

The deployer's steps (README.md, "Encryption keys"):

1. `kindmind rotate-keys --new-key` prints a fresh key.
2. Put it first in the ring, older keys after it, and restart every kindmind process:
   new words are now written under the new key, and the old keys still read the rest.
3. `kindmind rotate-keys` encrypts everything else again under the new key, a batch of
   rows at a time, each batch its own transaction. It can be stopped at any moment (a
   batch is either done or untouched) and run again: it skips what is already under the
   newest key and finishes the rest.
4. When it says so, remove the older keys from the ring (keep them only while you keep
   backups made under them).

A value is replaced only if it is still what was read, so words a person saves during
rotation are never overwritten with older ones.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from kindmind.accounts.models import Session
from kindmind.lib import crypto
from kindmind.lib.fields import encrypted_columns, rewrite_column_values
from kindmind.lib.keycheck import rewrite_phrase, verify_keys


class Unreadable(Exception):
    pass


def _under_newest(value: str) -> str | None:
    """None when `value` is already under the newest key; else the same words under it."""
    if crypto.is_under_newest_key(value):
        return None
    try:
        return crypto.rotate_text(value)
    except (crypto.InvalidToken, UnicodeEncodeError):
        raise Unreadable from None


def _session_under_newest(value: str) -> str | None:
    """Sessions too; one from before encryption (signed, not encrypted) is left as it is."""
    try:
        return _under_newest(value)
    except Unreadable:
        return None


def _count_behind(table: str, pk: str, columns: list[str]) -> int:
    """Values in `table` that the newest key alone cannot read (read only)."""
    behind = 0

    def look(value: str) -> None:
        nonlocal behind
        if not crypto.is_under_newest_key(value):
            behind += 1

    rewrite_column_values(table, pk, columns, look)
    return behind


def rotate(*, batch_size: int, write: Any) -> int:
    """Rotate every encrypted column; the number of values still behind afterwards."""
    with transaction.atomic():
        rewrite_phrase()
    totals = {"changed": 0, "kept": 0, "moved": 0}
    for table, pk, columns in encrypted_columns():
        counts = rewrite_column_values(table, pk, columns, _under_newest, batch_size=batch_size)
        for name, count in counts.items():
            totals[name] += count
        write(
            f"  {table}: {counts['changed']} encrypted again, "
            f"{counts['kept']} already under the newest key"
            + (f", {counts['moved']} saved anew meanwhile" if counts["moved"] else "")
        )
    # Sessions last an hour of idleness; rotated too, so removing the old key afterwards
    # signs nobody out (kindmind.lib.sessions).
    sessions = rewrite_column_values(
        Session._meta.db_table,
        "session_key",
        ["session_data"],
        _session_under_newest,
        batch_size=batch_size,
    )
    write(f"  sessions: {sessions['changed']} encrypted again")
    write(
        f"Done: {totals['changed']} values encrypted again under the newest key, "
        f"{totals['kept']} were already."
    )
    return sum(_count_behind(*place) for place in encrypted_columns())


class Command(BaseCommand):
    help = (
        "Encrypt every stored word again under the newest key (the first in the ring), "
        "in batches, safe while kindmind serves and safe to stop and run again. "
        "--new-key prints a fresh key to put first in the ring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="Print a fresh key and change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows per transaction (default 500).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(crypto.new_key())
            self.stderr.write(
                "A fresh key. Keep it somewhere safe: words written under it cannot be read "
                "without it. Put it first in the ring, the current keys after it, restart "
                "kindmind, then run `kindmind rotate-keys`."
            )
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        try:
            verify_keys(create=True)
        except ImproperlyConfigured as problem:
            raise CommandError(str(problem)) from None
        keys = len(crypto.keys())
        self.stdout.write(
            f"Encrypting everything again under the newest of {keys} "
            f"key{'s' if keys != 1 else ''} ({connection.vendor})."
        )
        try:
            behind = rotate(batch_size=options["batch_size"], write=self.stdout.write)
        except Unreadable:
            raise CommandError(
                "Some stored words cannot be read by any key in the ring, so they were left "
                "as they are. Put back the key that wrote them (after the newest) and run "
                "`kindmind rotate-keys` again."
            ) from None
        if behind:
            raise CommandError(
                f"{behind} values were written under an older key while this ran, by a "
                "kindmind process still using the old ring. Restart every kindmind process "
                "with the new key first in the ring, then run `kindmind rotate-keys` again."
            )
        if keys > 1:
            self.stdout.write(
                "Everything in the database is now under the newest key. The older keys "
                "are no longer needed to read it: you can remove them from the ring and "
                "restart kindmind. Keep an older key only as long as you keep backups "
                "made under it."
            )
        else:
            self.stdout.write("Everything in the database is under the one key in the ring.")
