"""After a problem on a page with password boxes, kindmind never claims that everything
typed is still there: browsers and kindmind empty password boxes on purpose."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CLEARED = "For your safety, password boxes start empty again"
KEPT = "Nothing has been lost: what you typed is still here."


@pytest.mark.parametrize(
    ("url", "form"),
    [
        ("/account/signin/", {"username": "nobody@example.org", "password": "not it"}),
        ("/account/signup/", {"email": "not an address", "password1": "a", "password2": "b"}),
    ],
)
def test_signed_out_pages_with_passwords_say_the_boxes_are_empty(
    client: Client, url: str, form: dict[str, str]
) -> None:
    page = client.post(url, form).content.decode()
    assert CLEARED in page
    assert KEPT not in page


def test_the_password_change_page_says_the_boxes_are_empty(as_client: Client) -> None:
    page = as_client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    assert CLEARED in page
    assert KEPT not in page


def test_pages_that_keep_words_still_say_so(as_client: Client) -> None:
    page = as_client.post("/checkins/new/", {"threat": "11"}).content.decode()
    assert KEPT in page
