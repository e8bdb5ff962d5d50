"""Sign-up, password reset and sharing are limited per address and per network address,
and sign-in failures per network address across many addresses (issue 16, point 5).
A pause is a kind 429 with the form as it was typed; nothing is sent or changed."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import PASSWORD, make_user
from kindmind.accounts.models import Share, User

pytestmark = pytest.mark.django_db

RESET = "/account/password/reset/"
SIGNUP = "/account/signup/"
SHARING = "/account/sharing/"
SIGNIN = "/account/signin/"
PAUSED = "this is paused for a little while"


def signup_form(email: str, **extra: str) -> dict[str, Any]:
    return {
        "email": email,
        "display_name": "",
        "password1": "a different quiet song",
        "password2": "a different quiet song",
        "timezone": "UTC",
        **extra,
    }


def from_network(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


@pytest.mark.parametrize("address", ["client@example.org", "nobody@example.org"])
def test_twenty_resets_to_one_address_send_three_emails(
    client: Client, client_user: User, address: str
) -> None:
    answers = [client.post(RESET, {"email": address}).status_code for _ in range(20)]
    # Paused the same way whether or not the address has an account.
    assert answers == [302] * 3 + [429] * 17
    assert len(mail.outbox) == (3 if address == client_user.email else 0)


def test_a_paused_reset_is_kind_and_keeps_the_address(client: Client) -> None:
    for _ in range(3):
        client.post(RESET, {"email": "Someone@example.org"})
    response = client.post(RESET, {"email": "Someone@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html and "Please try again in about 60 minutes." in html
    assert "A short pause, to keep accounts safe." in html
    assert "Something needs another look" not in html
    assert 'value="Someone@example.org"' in html


def test_resets_can_be_asked_for_again_after_the_window(client: Client, client_user: User) -> None:
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        for _ in range(4):
            client.post(RESET, {"email": client_user.email})
    with time_machine.travel("2026-12-01 11:01Z", tick=False):
        assert client.post(RESET, {"email": client_user.email}).status_code == 302
    assert len(mail.outbox) == 4


def test_resets_to_many_addresses_from_one_network_address_pause(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": (3, 5)}
    busy = from_network("203.0.113.7")
    answers = [busy.post(RESET, {"email": f"p{i}@example.org"}).status_code for i in range(7)]
    assert answers == [302] * 5 + [429] * 2
    # Someone else, elsewhere, is not held up.
    assert from_network("198.51.100.2").post(RESET, {"email": "q@example.org"}).status_code == 302


def test_sign_up_tries_for_one_address_pause_and_keep_what_was_typed(client: Client) -> None:
    make_user("taken@example.org")
    for _ in range(5):
        assert client.post(SIGNUP, signup_form("taken@example.org")).status_code == 302
    response = client.post(SIGNUP, signup_form("taken@example.org", display_name="Quiet Fox"))
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html
    assert 'value="taken@example.org"' in html and 'value="Quiet Fox"' in html
    assert len(mail.outbox) == 5, "the owner is not flooded"


def test_sign_ups_from_one_network_address_pause(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (5, 3)}
    answers = [
        from_network("203.0.113.7").post(SIGNUP, signup_form(f"n{i}@example.org")).status_code
        for i in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    assert User.objects.count() == 3
    fresh = from_network("198.51.100.2").post(SIGNUP, signup_form("m@example.org"))
    assert fresh.status_code == 302


def test_sharing_tries_pause_and_change_nothing(
    settings: Any, as_client: Client, client_user: User, unrelated_clinician: User
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sharing": (3, 10)}
    for i in range(3):
        as_client.post(SHARING, {"clinician_email": f"c{i}@example.org", "categories": ["profile"]})
    response = as_client.post(
        SHARING, {"clinician_email": unrelated_clinician.email, "categories": ["profile"]}
    )
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert f'value="{unrelated_clinician.email}"' in response.content.decode()
    assert not Share.objects.exists()


def test_sharing_from_one_network_address_pauses_across_accounts(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sharing": (10, 2)}
    answers = []
    for i in range(3):
        browser = from_network("203.0.113.7")
        browser.force_login(make_user(f"client{i}@example.org"))
        form = {"clinician_email": "c@example.org", "categories": ["profile"]}
        answers.append(browser.post(SHARING, form).status_code)
    assert answers == [302, 302, 429]


def test_sign_in_failures_across_many_addresses_pause_that_network_address(
    settings: Any, client_user: User
) -> None:
    settings.SIGNIN_NETWORK_FAILURE_LIMIT = 8
    sprayer = from_network("203.0.113.7")
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        # Two tries on each of four addresses: no one address reaches its limit of five.
        for i in range(4):
            for _ in range(2):
                form = {"username": f"person{i}@example.org", "password": "password1"}
                assert sprayer.post(SIGNIN, form).status_code == 400
        right = {"username": client_user.email, "password": PASSWORD}
        paused = sprayer.post(SIGNIN, right)
        assert paused.status_code == 429
        assert "paused for a few minutes" in paused.content.decode()
        assert "_auth_user_id" not in sprayer.session
        # The person at another network address signs in as usual.
        assert from_network("198.51.100.2").post(SIGNIN, right).status_code == 302
    with time_machine.travel("2026-12-01 10:16Z", tick=False):
        assert sprayer.post(SIGNIN, right).status_code == 302


def test_a_few_mistakes_from_a_shared_network_address_do_not_pause_it(
    client_user: User,
) -> None:
    office = from_network("203.0.113.7")
    for i in range(10):
        office.post(SIGNIN, {"username": f"colleague{i}@example.org", "password": "oops"})
    right = {"username": client_user.email, "password": PASSWORD}
    assert office.post(SIGNIN, right).status_code == 302


def test_the_counts_live_in_the_database_cache_every_worker_shares(
    settings: Any, client: Client, client_user: User
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kindmind_cache",
        }
    }
    answers = [client.post(RESET, {"email": client_user.email}).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kindmind_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys, "counted in the shared table"
    assert not any("example.org" in key for key in keys), "addresses only as keyed hashes"
