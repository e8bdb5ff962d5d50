"""gunicorn's access log, made safe to read: `kindmind serve` passes this logger class.

Two things a request must never do to the log:
- Forge a line, or hide one. A path is logged decoded, so `%0A` becomes a real newline
  and `%00` a NUL byte; every control character in every logged field is written as an
  escape (`\\n`, `\\x00`) instead.
- Leave a secret behind. The first visit to a password-reset link carries its one-time
  token in the path; such paths are logged with the token replaced.

The format itself (method, path without the query string, status, size, time) is set in
`kindmind serve`.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# Every C0 and C1 control character, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Paths whose segments are secrets: the password-reset link's user id and token.
_SECRET_PATHS = [
    (re.compile(r"^(/account/password/reset/)(?!sent/|complete/)[^/]+/[^/]+/"), r"\1-/-/"),
]


def escape_controls(value: str) -> str:
    """`value` with each control character written as a visible escape."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or _code(m.group()), value)


def _code(char: str) -> str:
    point = ord(char)
    return f"\\x{point:02x}" if point <= 0xFF else f"\\u{point:04x}"


def without_secrets(path: str) -> str:
    for pattern, replacement in _SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


class AccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        if isinstance(atoms.get("U"), str):
            atoms["U"] = without_secrets(atoms["U"])
        if isinstance(atoms.get("r"), str):
            method, _, rest = atoms["r"].partition(" ")
            atoms["r"] = f"{method} {without_secrets(rest)}"
        return {
            key: escape_controls(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
