"""Sessions kept in the database, encrypted with the one key ring.

A session can hold words a person typed: a critic form sent after their session ended
keeps its words in the new session until they sign in again (kindmind.critic.views). So
the session's data is encrypted like any other free text. A session written before
encryption (Django's signed form) is still read, so an upgrade signs nobody out; one that
no key and no signature can read is an empty session (the person signs in again), as
Django does with any session it cannot read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import InterfaceError, OperationalError, connections, models, router
from django.utils import timezone

from kindmind.lib import crypto

# Sessions signed in before kindmind had its own authentication backend name Django's;
# they are read as naming ours, so that the change signed nobody out.
_BACKENDS_RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "kindmind.accounts.backends.AccountBackend"
}


class SessionStore(DatabaseStore):
    def load(self) -> dict[str, Any]:
        """Django's load, reading the row with plain SQL instead of a query the ORM
        builds again on each request. Every signed-in request reads its session first,
        and building that one query took about 0.18 ms, more than running it
        (BENCHMARKS.md, Web, "One request's own cost"). As in Django: a session that is
        missing or has expired reads as empty and forgets its key, so that a new key is
        made if anything is saved."""
        data = self._stored_data() if self.session_key is not None else None
        if data is None:
            self._session_key = None
            return {}
        session = self.decode(data)
        backend = session.get(BACKEND_SESSION_KEY)
        if backend in _BACKENDS_RENAMED:
            session[BACKEND_SESSION_KEY] = _BACKENDS_RENAMED[backend]
        return session

    def _stored_data(self) -> str | None:
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        meta = model._meta

        def column(name: str) -> str:
            field = meta.get_field(name)
            assert isinstance(field, models.Field)
            return quote(field.column)

        data, key, expiry = column("session_data"), column("session_key"), column("expire_date")
        # Names from the model, quoted; the values are parameters.
        sql = f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expiry} > %s"  # noqa: S608
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        return None if row is None else str(row[0])

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
