"""Free text a person wrote, encrypted at rest (docs/decisions/0012-encryption-at-rest.md).

`EncryptedTextField` stores a Fernet token made with the one key ring
(`kindmind.lib.crypto`) and gives the words back when a row is read, so views, forms and
templates see plain text and the database never does.

Two things follow, and are meant:

- The database cannot look inside the words: filtering, ordering or searching on them in
  SQL is refused (a `FieldError` naming the field), never silently wrong. Search over a
  person's own words happens in Python, after their rows are read
  (`kindmind.critic.search`). The one comparison kept is with the empty string.
- An empty text stays empty, unencrypted, so "has this person written anything here"
  still works in SQL (`exclude(body="")`, constraints). A token's length shows roughly how
  long the words are; nothing else about them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldError
from django.core.validators import MaxLengthValidator
from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import lookups
from django.utils.functional import cached_property

from kindmind.lib import crypto


class UnreadableText(Exception):
    """A stored text that none of the configured keys can read."""


def decrypt_stored(value: str) -> str:
    """The words in a stored token; `UnreadableText` (never the token) when no key reads it."""
    try:
        return crypto.decrypt_text(value)
    except (crypto.InvalidToken, UnicodeEncodeError):
        raise UnreadableText(
            "Some stored words cannot be read with the configured encryption keys: a key "
            'that wrote them is missing from the ring (README.md, "Encryption keys").'
        ) from None


if TYPE_CHECKING:
    _TextField = models.TextField[Any, str]
    _Exact = lookups.Exact[Any]
else:
    _TextField = models.TextField
    _Exact = lookups.Exact


class EncryptedTextField(_TextField):
    """A TextField whose non-empty values are encrypted with the key ring.

    `max_length`, when given, is checked on the words (forms and `full_clean`), not in the
    database: a token is longer than the words it holds, so the column is always `text`.
    """

    description = "Text encrypted at rest"

    if TYPE_CHECKING:
        # What django-stubs' mypy plugin reads: the model attribute holds plain words.
        _pyi_private_set_type: str
        _pyi_private_get_type: str

    @cached_property
    def validators(self) -> list[Any]:
        found = list(super().validators)
        if self.max_length is not None:
            found.append(MaxLengthValidator(self.max_length))
        return found

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(value)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or value == "":
            return value
        return decrypt_stored(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        # A lookup that refuses when a query uses it (not here: tools that inspect the
        # model, such as django-stubs, ask for lookups without running a query).
        return type(f"Refused{lookup_name.title()}", (RefusedLookup,), {"lookup_name": lookup_name})

    def get_transform(self, lookup_name: str) -> Any:
        return None


if TYPE_CHECKING:
    _Lookup = lookups.Lookup[Any]
else:
    _Lookup = lookups.Lookup


class RefusedLookup(_Lookup):
    """Any SQL lookup inside encrypted words (`icontains`, `startswith`, ...)."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        field = getattr(lhs, "target", None)
        where = f"{field.model.__name__}.{field.name}" if field is not None else "This field"
        raise FieldError(
            f"{where} is encrypted: SQL cannot look inside it ({self.lookup_name!r}). "
            "Read the person's own rows and match in Python (kindmind.critic.search)."
        )


class EmptyOnlyExact(_Exact):
    """`field=""` (empty, stored as empty) works; any other value could never match a
    freshly encrypted token, so it is refused rather than silently finding nothing."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(
                "Encrypted text can be compared with the empty string only; "
                "match words in Python (kindmind.critic.search)."
            )
        return self.rhs


def encrypted_columns() -> Iterator[tuple[str, str, list[str]]]:
    """(table, primary-key column, encrypted columns) for every model that has any."""
    from django.apps import apps

    for model in apps.get_models():
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if columns:
            yield model._meta.db_table, model._meta.pk.column, columns


def rewrite_column_values(
    table: str,
    pk: str,
    columns: list[str],
    change: Any,
    *,
    batch_size: int = 500,
    using: Any = None,
) -> dict[str, int]:
    """Pass every non-empty value of `columns` through `change(value) -> new or None`, in
    batches of rows by primary key, each batch its own transaction.

    A value is replaced only if it is still what was read (compare and set), so words the
    app saves meanwhile are never overwritten with older ones. Returns counts: "changed",
    "kept" (change returned None) and "moved" (changed meanwhile by someone else).
    """
    from django.db import transaction

    conn = using or connection
    quote = conn.ops.quote_name
    select = (
        f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)} "
        f"WHERE {quote(pk)} > %s ORDER BY {quote(pk)} LIMIT %s"
    )
    first = f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)} "
    first += f"ORDER BY {quote(pk)} LIMIT %s"
    counts = {"changed": 0, "kept": 0, "moved": 0}
    last: Any = None
    while True:
        with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
            if last is None:
                cursor.execute(first, [batch_size])
            else:
                cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            for row in rows:
                key, values = row[0], row[1:]
                for column, value in zip(columns, values, strict=True):
                    if value is None or value == "":
                        continue
                    new = change(value)
                    if new is None:
                        counts["kept"] += 1
                        continue
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s "
                        f"WHERE {quote(pk)} = %s AND {quote(column)} = %s",
                        [new, key, value],
                    )
                    counts["changed" if cursor.rowcount == 1 else "moved"] += 1
        if len(rows) < batch_size:
            return counts
        last = rows[-1][0]


def _encrypt_plain(value: str) -> str | None:
    """Plain words encrypted; a token the ring already reads left as it is (a re-run)."""
    try:
        crypto.decrypt_text(value)
    except (crypto.InvalidToken, UnicodeEncodeError):
        return crypto.encrypt_text(value)
    return None


def _decrypt_token(value: str) -> str:
    return decrypt_stored(value)


def encrypt_existing(app_label: str, model_name: str, columns: list[str]) -> tuple[Any, Any]:
    """A migration's RunPython pair: encrypt the words already in `columns` (an upgrade of
    a database written before encryption), and back again when the migration is undone.

    The key check comes first: words are never encrypted under keys that cannot read
    what this database already holds."""

    def rewrite(apps: Any, schema_editor: Any, change: Any) -> None:
        from kindmind.lib.keycheck import verify_keys

        conn = schema_editor.connection
        verify_keys(create=True, connection=conn, migrating=True)
        model = apps.get_model(app_label, model_name)
        rewrite_column_values(
            model._meta.db_table, model._meta.pk.column, columns, change, using=conn
        )

    def forward(apps: Any, schema_editor: Any) -> None:
        rewrite(apps, schema_editor, _encrypt_plain)

    def backward(apps: Any, schema_editor: Any) -> None:
        rewrite(apps, schema_editor, _decrypt_token)

    return forward, backward
