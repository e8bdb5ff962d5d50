"""Sessions kept in the database, encrypted with the one key ring.

A session can hold words a person typed: a critic form sent after their session ended
keeps its words in the new session until they sign in again (kindmind.critic.views). So
the session's data is encrypted like any other free text. A session written before
encryption (Django's signed form) is still read, so an upgrade signs nobody out; one that
no key and no signature can read is an empty session (the person signs in again), as
Django does with any session it cannot read.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import InterfaceError, OperationalError, connections, models, router
from django.utils import timezone

from kindmind.lib import crypto


def signed_in_cookie(user: Any) -> str:
    """The session cookie's value for `user`, signed in by Django's own `login` (through
    its test client), as the sign-in form would sign them in: for the benches' clients and
    the browser tests, which need a signed-in person without typing a password."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def account_id_of(value: object) -> uuid.UUID | None:
    """An account id as a UUID, from a session's data or its row (a string with or without
    dashes, or a UUID), or None (nobody, or not an id)."""
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Reader:
    """How one database reads a session with its account: the query, and for each of the
    account's columns its field's name and the converters the ORM would apply (worked
    out once, where the ORM's raw() works them out again on every call)."""

    sql: str
    names: list[str]
    converters: list[tuple[Any, list[Any]]]
    key_at: int

    def account(self, alias: str, values: Sequence[Any]) -> Any:
        """The account from the row's first columns, or None when they are empty."""
        if values[self.key_at] is None:
            return None
        connection = connections[alias]
        converted = list(values)
        for i, (column, functions) in enumerate(self.converters):
            for function in functions:
                converted[i] = function(converted[i], column, connection)
        return get_user_model().from_db(alias, self.names, converted)


@cache
def _reader(alias: str) -> _Reader:
    """One live session by key, with every column of the account it names (all empty
    when it names none): names from the two models, quoted; the values are parameters.
    The account's columns come in the model's order, as Model.from_db expects."""
    from kindmind.accounts.models import Session

    connection = connections[alias]
    quote = connection.ops.quote_name
    people, sessions = get_user_model()._meta, Session._meta
    key = people.pk
    assert key is not None
    fields = list(people.concrete_fields)

    def column(name: str) -> str:
        field = sessions.get_field(name)
        assert isinstance(field, models.Field)
        return quote(field.column)

    person = ", ".join(f"u.{quote(field.column)}" for field in fields)
    sql = (
        f"SELECT {person}, s.{column('session_data')}, s.{column('account')} "  # noqa: S608
        f"FROM {quote(sessions.db_table)} s LEFT JOIN {quote(people.db_table)} u "
        f"ON u.{quote(key.column)} = s.{column('account')} "
        f"WHERE s.{column('session_key')} = %s AND s.{column('expire_date')} > %s"
    )
    converters = []
    for field in fields:
        col = field.get_col(people.db_table)
        converters.append(
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        )
    return _Reader(sql, [field.attname for field in fields], converters, fields.index(key))


# Sessions signed in before kindmind had its own authentication backend name Django's;
# they are read as naming ours, so that the change signed nobody out.
_BACKENDS_RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "kindmind.accounts.backends.AccountBackend"
}


class SessionStore(DatabaseStore):
    # For AccountBackend (kindmind.accounts.backends): the account id the session's row
    # names, as stored, and that account as the same query read it (None if it no longer
    # exists). No id (nobody signed in, or a session stored before the column existed):
    # the backend reads the person itself.
    account_id: uuid.UUID | None = None
    account: Any = None

    @classmethod
    def get_model_class(cls) -> Any:
        from kindmind.accounts.models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        """Django's row, with the account the session is signed in to."""
        session: Any = super().create_model_instance(data)
        session.account_id = account_id_of(data.get(SESSION_KEY))
        return session

    def load(self) -> dict[str, Any]:
        """Django's load, reading the row and its person in one query of plain SQL. Every
        signed-in request reads its session and then its person: as two queries the ORM
        builds again on each request, that was two round trips and about 0.2 ms of
        building each (BENCHMARKS.md, Web, "One request's own cost" and "One query for
        the session and its person"). As in Django: a session that is missing or has
        expired reads as empty and forgets its key, so that a new key is made if
        anything is saved."""
        self.account_id, self.account = None, None
        found = self._stored() if self.session_key is not None else None
        if found is None:
            self._session_key = None
            return {}
        data, self.account_id, self.account = found
        session = self.decode(data)
        backend = session.get(BACKEND_SESSION_KEY)
        if backend in _BACKENDS_RENAMED:
            session[BACKEND_SESSION_KEY] = _BACKENDS_RENAMED[backend]
        return session

    def _stored(self) -> tuple[str, uuid.UUID | None, Any] | None:
        """The live row's data, its account id as stored, and that account (None if it
        names none, or one that no longer exists)."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        reader = _reader(alias)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(reader.sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            return None
        *person, data, account_id = row
        return str(data), account_id_of(account_id), reader.account(alias, person)

    def encode(self, session_dict: dict[str, Any]) -> str:
        return crypto.encrypt_text(super().encode(session_dict))

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        text = (
            session_data.decode("ascii", "replace")
            if isinstance(session_data, bytes)
            else session_data
        )
        try:
            signed = crypto.decrypt_text(text)
        except (crypto.InvalidToken, UnicodeEncodeError):
            signed = text
        return super().decode(signed)

    def save(self, must_create: bool = False) -> None:
        """Django's save, except that a database that cannot be reached stays that error.
        Django turns any database error while updating a session into "the session was
        deleted meanwhile", which the session middleware answers with a 400 page saying
        the request could not be read and nothing was changed: untrue when the database
        went away after the view saved a person's words (`kindmind bench faults`, the
        PostgreSQL restart, found it). As itself, the error reaches handler500 and the
        person gets the calm 503 page instead."""
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise
