"""The bench's load driver keeps cookies as a browser does."""

from __future__ import annotations

from typing import Any

from kindmind.front.bench_load import _keep_cookies


class _Answer:
    def __init__(self, *set_cookies: str) -> None:
        self.headers = [("Content-Type", "text/html")] + [("Set-Cookie", c) for c in set_cookies]

    def getheaders(self) -> list[tuple[str, str]]:
        return self.headers


def test_a_cookie_set_is_sent_with_every_later_request_and_an_ended_one_is_not() -> None:
    cookies = {"sessionid": "s1"}
    answer: Any = _Answer("csrftoken=abc; expires=Tue, 07 Dec 2027 10:00:00 GMT; Path=/")
    assert _keep_cookies(answer, cookies)
    assert cookies == {"sessionid": "s1", "csrftoken": "abc"}
    # The same cookie again changes nothing; a renewed one replaces it.
    assert not _keep_cookies(_Answer("csrftoken=abc; Path=/"), cookies)  # type: ignore[arg-type]
    assert _keep_cookies(_Answer("sessionid=s2; HttpOnly; Path=/"), cookies)  # type: ignore[arg-type]
    assert cookies["sessionid"] == "s2"
    ended: Any = _Answer('sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')
    assert _keep_cookies(ended, cookies)
    assert cookies == {"csrftoken": "abc"}
