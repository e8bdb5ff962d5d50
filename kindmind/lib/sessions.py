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

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import InterfaceError, OperationalError

from kindmind.lib import crypto


class SessionStore(DatabaseStore):
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
