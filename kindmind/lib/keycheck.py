"""Start-up refuses keys that cannot read this database (issue 17).

The first time words are encrypted in a database, a known phrase is encrypted beside
them (`front.KeyCheck`). Each start (`kindmind serve`, `kindmind migrate`, the WSGI
application, `kindmind rotate-keys`) reads it back with the configured key ring:

- no key at all on a production database: `crypto.keyring()` refuses;
- keys that cannot read the phrase (a wrong key, or the key that wrote this database
  left out of the ring): refused with a message that names the problem and never a key.

So kindmind never writes words under a key that could not read what is already there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

from kindmind.lib import crypto

PHRASE = "kindmind key check: these keys read this database"
TABLE = "front_keycheck"

WRONG_KEYS = (
    "The encryption keys configured cannot read this database: it was written with a key "
    "that is not in the ring (KINDMIND_ENCRYPTION_KEYS, KINDMIND_ENCRYPTION_KEY_FILE, or "
    "encryption.keys in the data folder). kindmind will not start, so that nothing is "
    "written that could not be read later. Put the key that wrote this database back in "
    "the ring (after any newer key), then start again."
)


def _phrase_reads(token: str) -> bool:
    try:
        return crypto.decrypt_text(token) == PHRASE
    except (crypto.InvalidToken, UnicodeEncodeError):
        return False


def _stored_words_read(conn: Any) -> bool:
    """Whether the ring reads one stored value of each encrypted column (a database whose
    key check went missing, e.g. restored in part)."""
    from kindmind.lib.fields import encrypted_columns

    quote = conn.ops.quote_name
    tables = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table, _, columns in encrypted_columns():
            if table not in tables:
                continue
            for column in columns:
                cursor.execute(
                    f"SELECT {quote(column)} FROM {quote(table)} "
                    f"WHERE {quote(column)} <> '' LIMIT 1"
                )
                row = cursor.fetchone()
                if row is not None:
                    try:
                        crypto.decrypt_text(row[0])
                    except (crypto.InvalidToken, UnicodeEncodeError):
                        return False
    return True


def verify_keys(
    *,
    create: bool = True,
    using: str = DEFAULT_DB_ALIAS,
    connection: Any = None,
    migrating: bool = False,
) -> None:
    """Refuse (ImproperlyConfigured) keys that are missing or cannot read this database.

    With `create`, a database that has the table but no phrase yet gets one, written
    under the newest key, once the ring has read a stored value of every encrypted column
    (while `migrating`, some columns still hold the plain words being encrypted, so that
    is skipped). Before migrations have made the table there is nothing encrypted to
    check against; the migrations that encrypt write the phrase first.
    """
    crypto.keyring()
    conn = connection or connections[using]
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        if TABLE not in conn.introspection.table_names(cursor):
            return
        cursor.execute(f"SELECT {quote('token')} FROM {quote(TABLE)} WHERE {quote('id')} = 1")
        row = cursor.fetchone()
        if row is None:
            if not migrating and not _stored_words_read(conn):
                raise ImproperlyConfigured(WRONG_KEYS)
            if create:
                cursor.execute(
                    f"INSERT INTO {quote(TABLE)} ({quote('id')}, {quote('token')}, "
                    f"{quote('created_at')}) VALUES (1, %s, %s)",
                    [crypto.encrypt_text(PHRASE), _now(conn)],
                )
            return
    if not _phrase_reads(row[0]):
        raise ImproperlyConfigured(WRONG_KEYS)


def _now(conn: Any) -> Any:
    from django.utils import timezone

    return conn.ops.adapt_datetimefield_value(timezone.now())


def rewrite_phrase(*, connection: Any = None) -> bool:
    """The phrase encrypted again under the newest key (rotation); whether it changed."""
    conn = connection or connections[DEFAULT_DB_ALIAS]
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT {quote('token')} FROM {quote(TABLE)} WHERE {quote('id')} = 1")
        row = cursor.fetchone()
        if row is None or crypto.is_under_newest_key(row[0]):
            return False
        cursor.execute(
            f"UPDATE {quote(TABLE)} SET {quote('token')} = %s WHERE {quote('id')} = 1",
            [crypto.rotate_text(row[0])],
        )
        return True
