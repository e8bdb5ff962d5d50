"""How a signed-in person's account is read again on each request.

Django's ModelBackend reads it through the ORM, which builds the same query afresh every
time: about 0.18 ms on this machine, several times what running it takes, paid by every
signed-in request (BENCHMARKS.md, Web, "One request's own cost"). This backend reads the
same row, every column, with SQL that needs no building, and checks it as Django does
(an account switched off reads as nobody). Better still, the session's own query has
usually read the person already (kindmind.lib.sessions joins the two): then no query is
made here at all. Signing in, permissions and everything else are Django's own.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from kindmind.lib.sessions import account_id_of

# The session of the request whose person Django is reading, set around that one call by
# kindmind.accounts.middleware.AuthenticationMiddleware, so that get_user (which Django
# gives no request) can take the person the session's query read with it.
READING_FOR: ContextVar[Any] = ContextVar("kindmind_session_reading_for", default=None)

# The path sessions record (settings.AUTHENTICATION_BACKENDS, and each login()).
PATH = "kindmind.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        read = _read_with_session(user_id)
        if read is not _NOT_READ:
            return read if read is not None and self.user_can_authenticate(read) else None
        model = get_user_model()
        alias = router.db_for_read(model)
        connection = connections[alias]
        quote = connection.ops.quote_name
        key = model._meta.pk
        assert key is not None
        # Names from the model, quoted; the one value is a parameter.
        table, column = quote(model._meta.db_table), quote(key.column)
        sql = f"SELECT * FROM {table} WHERE {column} = %s"  # noqa: S608
        found = list(
            model._default_manager.db_manager(alias).raw(
                sql, [key.get_db_prep_value(user_id, connection)]
            )
        )
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None


_NOT_READ: Any = object()


def _read_with_session(user_id: Any) -> Any:
    """The person the session's query read, if it read the one Django asks for: a User,
    None (the session names an account that no longer exists), or _NOT_READ."""
    session = READING_FOR.get()
    if session is None or session.account_id is None:
        return _NOT_READ
    return session.account if account_id_of(user_id) == session.account_id else _NOT_READ
