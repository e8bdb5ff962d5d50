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

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

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
