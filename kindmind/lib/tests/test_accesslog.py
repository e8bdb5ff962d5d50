"""The access log cannot be forged through a request, and keeps no reset token."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from kindmind.lib.accesslog import AccessLogger, escape_controls, without_secrets


def logged(path: str) -> dict[str, object]:
    logger = AccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_USER_AGENT": "agent\r\nforged: yes",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms: dict[str, object] = logger.atoms(
        response, request, environ, datetime.timedelta(milliseconds=3)
    )
    return atoms


def test_a_newline_in_a_path_cannot_start_a_second_line() -> None:
    atoms = logged('/x\n[05/Dec/2026:10:00:00 +0000] "GET /admin/" 200 0 1ms')
    assert "\n" not in str(atoms["U"])
    assert str(atoms["U"]).startswith("/x\\n[05/Dec")
    assert "\r" not in str(atoms["a"]) and "\n" not in str(atoms["a"])


def test_nul_and_other_control_characters_are_written_as_escapes() -> None:
    assert escape_controls("a\x00b\x1bc\x7fd\u2028e\tf") == "a\\x00b\\x1bc\\x7fd\\u2028e\\tf"
    assert escape_controls("plain /path/") == "plain /path/"


def test_a_reset_link_is_logged_without_its_token() -> None:
    atoms = logged("/account/password/reset/MQ/cz1abc-0123456789abcdef/")
    assert atoms["U"] == "/account/password/reset/-/-/"
    assert "cz1abc" not in str(atoms["r"])
    # The pages around it keep their names: they carry no secret.
    assert without_secrets("/account/password/reset/sent/") == "/account/password/reset/sent/"
    assert (
        without_secrets("/account/password/reset/complete/") == "/account/password/reset/complete/"
    )
    assert without_secrets("/account/password/reset/") == "/account/password/reset/"
