"""The access log, made safe to read: `kindmind serve` wraps the app in `AccessLog`.

waitress, the server behind `kindmind serve`, writes no access log of its own, so this WSGI
middleware writes one line per answered request to the `kindmind.access` logger:

    [05/Dec/2026:10:00:00 +0000] "GET /today/" 200 5120 12ms

(time, method, path, status, bytes sent, milliseconds). Three things a request must never
do to the log:
- Forge a line, or hide one. A path is logged decoded, so `%0A` becomes a real newline
  and `%00` a NUL byte; every control character in every logged field is written as an
  escape (`\\n`, `\\x00`) instead.
- Leave a secret behind. The first visit to a password-reset link, and every visit to a
  sign-up or invitation link, carries its one-time token in the path; such paths are logged with the
  token replaced.
- Keep what someone typed: the query string is never logged, nor any header.

Requests the server refuses before the app sees them (a body over the limit, a malformed
request) are not in this log; waitress answers those itself.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger("kindmind.access")

# Every C0 and C1 control character, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Paths whose segments are secrets: the password-reset and sign-up links' user id and
# token.
_SECRET_PATHS = [
    (re.compile(r"^(/account/password/reset/)(?!sent/|complete/)[^/]+/[^/]+/"), r"\1-/-/"),
    (re.compile(r"^(/account/signup/confirm/)[^/]+/[^/]+/"), r"\1-/-/"),
    # A clinician's invitation: its code is the whole secret.
    (re.compile(r"^(/account/invitation/)[^/]+/"), r"\1-/"),
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


def _path(environ: WSGIEnvironment) -> str:
    # WSGI hands the decoded path over as bytes in Latin-1 clothing; browsers send UTF-8.
    raw = str(environ.get("PATH_INFO", "")).encode("latin-1", "replace")
    return raw.decode("utf-8", "backslashreplace")


def access_line(
    environ: WSGIEnvironment, status: str, sent: int, seconds: float, when: datetime.datetime
) -> str:
    """The log line for one request: every field escaped, no secret, no query string."""
    method = escape_controls(str(environ.get("REQUEST_METHOD", "-")))
    path = escape_controls(without_secrets(_path(environ)))
    code = escape_controls(status.split(" ", 1)[0] or "-")
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'[{stamp}] "{method} {path}" {code} {sent} {round(seconds * 1000)}ms'


class AccessLog:
    """WSGI middleware: logs each request once its answer has been sent (or abandoned)."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.monotonic()
        when = datetime.datetime.now(datetime.UTC)
        status = ["-"]

        def recording_start_response(
            code: str,
            headers: list[tuple[str, str]],
            exc_info: tuple[type[BaseException], BaseException, TracebackType]
            | tuple[None, None, None]
            | None = None,
        ) -> Callable[[bytes], object]:
            status[0] = code
            return start_response(code, headers, exc_info)

        def write(sent: int) -> None:
            seconds = time.monotonic() - started
            logger.info(access_line(environ, status[0], sent, seconds, when))

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            status[0] = "500"
            write(0)
            raise
        return _Counted(body, write)


class _Counted:
    """The app's answer, passed through byte for byte, counting; logs when closed."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]) -> None:
        self.body = body
        self.done = done
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close: Any = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.done(self.sent)
