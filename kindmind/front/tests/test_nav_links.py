"""The main links, made once per kind of reader and page (kindmind.front.templatetags
.site_nav): each reader still gets their own links, the page they are on marked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html[html.index('<ul class="site-nav__row">') :].split("</ul>", 1)[0]


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', _nav(html))


def test_each_reader_gets_their_own_links_whoever_asked_before(
    client: Client, as_client: Client, as_unrelated_clinician: Client
) -> None:
    # Asked in turn, so each answer follows one made (and kept) for another reader.
    for _ in range(2):
        person = _nav(as_client.get("/today/").content.decode())
        clinician = _nav(as_unrelated_clinician.get("/today/").content.decode())
        visitor = _nav(client.get("/learn/").content.decode())
        assert ">Check-ins</a>" in person and ">Clients</a>" not in person
        assert ">Clients</a>" in clinician and ">Check-ins</a>" not in clinician
        assert ">Sign in</a>" in visitor and "Sign out" not in visitor
        assert "Sign out" in person and "Sign out" in clinician


def test_the_page_a_person_is_on_is_marked_and_only_that_one(as_client: Client) -> None:
    pages = {
        "/today/": "/today/",
        "/checkins/": "/checkins/",
        "/checkins/new/": "/checkins/",
        "/critic/": "/critic/",
        "/practice/log/": "/practice/",
        "/account/settings/": "/account/settings/",
    }
    for path, marked in pages.items():
        html = as_client.get(path).content.decode()
        assert _current(html) == [marked], path
        # Both the phone menu and the wide row carry it.
        header = html[: html.index("<main")]
        assert header.count(f'<a href="{marked}" aria-current="page">') == 2, path


def test_sign_out_keeps_a_fresh_csrf_token_in_each_list(as_client: Client) -> None:
    html = as_client.get("/today/").content.decode()
    tokens = re.findall(
        r'action="/account/signout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" '
        r'value="([^"]+)"',
        html,
    )
    assert len(tokens) == 2 and all(tokens)
