"""The access log cannot be forged through a request, keeps no reset token and no query
string, and writes one line per request once the answer is sent."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from kindmind.lib.accesslog import AccessLog, access_line, escape_controls, without_secrets

WHEN = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)


def wsgi_path(path: str) -> str:
    """`path` as a WSGI server hands it over: decoded, UTF-8 bytes in Latin-1 clothing."""
    return path.encode().decode("latin-1")


def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    """A WSGI server's start_response, noting the status it was given."""
    started.append(status)
    return lambda data: None


started: list[str] = []


def environ(path: str, query: str = "") -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": wsgi_path(path),
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "agent\r\nforged: yes",
    }


def line(path: str) -> str:
    return access_line(environ(path), "200 OK", 10, 0.003, WHEN)


@pytest.fixture
def access_log() -> Iterator[list[str]]:
    """The lines written to the `kindmind.access` logger (which does not propagate)."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("kindmind.access")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_a_line_says_when_what_and_how_it_went() -> None:
    assert line("/today/") == '[05/Dec/2026:10:00:00 +0000] "GET /today/" 200 10 3ms'


def test_a_newline_in_a_path_cannot_start_a_second_line() -> None:
    logged = line('/x\n[05/Dec/2026:10:00:00 +0000] "GET /admin/" 200 0 1ms')
    assert "\n" not in logged and "\r" not in logged
    assert '"GET /x\\n[05/Dec' in logged


def test_nul_and_other_control_characters_are_written_as_escapes() -> None:
    assert escape_controls("a\x00b\x1bc\x7fd\u2028e\tf") == "a\\x00b\\x1bc\\x7fd\\u2028e\\tf"
    assert escape_controls("plain /path/") == "plain /path/"
    assert '"GET /a\\x00b\\x85c\\u2028" ' in line("/a\x00b\x85c\u2028")
    # A forged method or status is escaped too.
    forged = access_line({"REQUEST_METHOD": "GET\n", "PATH_INFO": "/"}, "200\n OK", 0, 0, WHEN)
    assert "\n" not in forged


def test_a_path_in_another_script_is_logged_as_it_was_typed() -> None:
    assert '"GET /learn/café/"' in line("/learn/café/")
    # Bytes that are not UTF-8 are shown, not lost or turned into something else.
    assert '"GET /x\\xff"' in access_line(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/x\xff"}, "404", 0, 0, WHEN
    )


def test_a_reset_link_is_logged_without_its_token() -> None:
    logged = line("/account/password/reset/MQ/cz1abc-0123456789abcdef/")
    assert '"GET /account/password/reset/-/-/"' in logged
    assert "cz1abc" not in logged
    # The pages around it keep their names: they carry no secret.
    assert without_secrets("/account/password/reset/sent/") == "/account/password/reset/sent/"
    assert (
        without_secrets("/account/password/reset/complete/") == "/account/password/reset/complete/"
    )
    assert without_secrets("/account/password/reset/") == "/account/password/reset/"


def test_the_middleware_logs_after_the_answer_without_query_or_headers(
    access_log: list[str],
) -> None:
    closed = []

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            yield b"hello "
            yield b"world"

        def close(self) -> None:
            closed.append(True)

    def app(env: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("201 Created", [("Content-Type", "text/plain")])
        return Body()

    started.clear()
    answer = AccessLog(app)(environ("/today/", query="note=private-words"), start)
    assert started == ["201 Created"]
    assert access_log == []  # nothing until the answer has been sent
    assert b"".join(answer) == b"hello world"
    answer.close()  # type: ignore[attr-defined]  # WSGI servers close what they are given
    assert closed == [True]
    assert len(access_log) == 1
    assert '"GET /today/" 201 11 ' in access_log[0]
    assert "private-words" not in access_log[0]
    assert "agent" not in access_log[0]


def test_a_request_the_app_fails_on_is_logged_as_500(access_log: list[str]) -> None:
    def app(env: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        AccessLog(app)(environ("/broken/"), start)
    assert len(access_log) == 1
    assert '"GET /broken/" 500 0 ' in access_log[0]


def test_a_sign_up_link_is_logged_without_its_token() -> None:
    logged = line("/account/signup/confirm/MQ/cz1abc-0123456789abcdef/")
    assert '"GET /account/signup/confirm/-/-/"' in logged
    assert "cz1abc" not in logged
    assert without_secrets("/account/signup/sent/") == "/account/signup/sent/"
    assert without_secrets("/account/signup/link/") == "/account/signup/link/"
