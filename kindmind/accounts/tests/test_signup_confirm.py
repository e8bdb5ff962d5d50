"""Where a mail server is set up, sign-up confirms the address by email (issue 16, point
5): a new address and a taken one get the very same answer, and nobody is signed in
until the emailed link is opened."""

from __future__ import annotations

import datetime
import re
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from conftest import PASSWORD, make_user
from kindmind.accounts import confirm
from kindmind.accounts.models import User
from kindmind.lib.accesslog import without_secrets

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("confirming")]

SIGNUP = "/account/signup/"
SIGNIN = "/account/signin/"
NEW_PASSWORD = "a different quiet song"


@pytest.fixture
def confirming() -> Any:
    with override_settings(SIGNUP_CONFIRMS_BY_EMAIL=True):
        yield


def signup_form(email: str, **extra: str) -> dict[str, Any]:
    return {
        "email": email,
        "display_name": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "timezone": "UTC",
        **extra,
    }


def emailed_link() -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(r"http://127\.0\.0\.1:8000(/account/signup/confirm/[^\s]+/)", body)
    assert found, body
    return found.group(1)


def test_the_setting_follows_the_mail_server_unless_told() -> None:
    from kindmind import settings as kindmind_settings

    # The embedded default has console email, so confirming is off there.
    assert kindmind_settings.EMAIL_HOST == ""
    assert kindmind_settings.SIGNUP_CONFIRMS_BY_EMAIL is False


def test_a_new_and_a_taken_address_get_the_same_answer_and_no_session() -> None:
    make_user("taken@example.org")
    answers = []
    for email in ("taken@example.org", "new@example.org"):
        visitor = Client()
        response = visitor.post(SIGNUP, signup_form(email), follow=True)
        answers.append(
            (
                [(url, code) for url, code in response.redirect_chain],
                response.status_code,
                [t.name for t in response.templates][:1],
                response.content,
            )
        )
        assert "_auth_user_id" not in visitor.session
    assert answers[0][:3] == answers[1][:3]
    assert answers[0][2] == ["accounts/signup_sent.html"]
    # The very same page, byte for byte, apart from per-visitor CSRF tokens
    # and nonces.
    scrub = re.compile(rb'(nonce|value)="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert scrub.sub(b"", answers[0][3]) == scrub.sub(b"", answers[1][3])


def test_the_new_account_waits_closed_with_everything_typed_kept() -> None:
    Client().post(
        SIGNUP,
        signup_form(
            "New@Example.org", display_name="Quiet Fox", timezone="Europe/Dublin", country="IE"
        ),
    )
    user = User.objects.get(email="new@example.org")
    assert not user.is_active and user.awaiting_confirmation
    assert (user.display_name, user.timezone, user.country) == ("Quiet Fox", "Europe/Dublin", "IE")
    assert user.check_password(NEW_PASSWORD)
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    body = str(mail.outbox[0].body)
    assert "works once, for 24 hours" in body
    assert "Everything you typed when you signed up is kept" in body


def test_the_new_account_cannot_sign_in_before_its_link_is_opened() -> None:
    Client().post(SIGNUP, signup_form("new@example.org"))
    visitor = Client()
    response = visitor.post(SIGNIN, {"username": "new@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in visitor.session
    page = response.content.decode()
    assert "Your account is nearly ready" in page
    assert reverse("accounts:signup_link_again") in page
    assert visitor.get(reverse("front:today")).status_code == 302


def test_a_wrong_password_says_nothing_about_a_waiting_account() -> None:
    Client().post(SIGNUP, signup_form("new@example.org"))
    waiting = Client().post(SIGNIN, {"username": "new@example.org", "password": "not it at all"})
    nobody = Client().post(SIGNIN, {"username": "nobody@example.org", "password": "not it at all"})
    assert waiting.status_code == nobody.status_code == 400
    for response in (waiting, nobody):
        page = response.content.decode()
        assert "match an account here" in page
        assert "nearly ready" not in page
        assert reverse("accounts:signup_link_again") not in page


def test_the_link_opens_the_account_once_and_signs_in_warmly() -> None:
    Client().post(SIGNUP, signup_form("new@example.org", display_name="Quiet Fox"))
    link = emailed_link()
    person = Client()
    response = person.get(link, follow=True)
    assert response.redirect_chain == [(reverse("front:today"), 302)]
    assert response.status_code == 200
    assert "Welcome to kindmind, Quiet Fox" in response.content.decode()
    user = User.objects.get(email="new@example.org")
    assert user.is_active and not user.awaiting_confirmation
    assert person.session["_auth_user_id"] == str(user.pk)
    # Used: a second opening in another browser opens nothing, kindly.
    again = Client().get(link)
    assert again.status_code == 400
    assert "This link doesn't open anything now" in again.content.decode()
    assert "_auth_user_id" not in again.wsgi_request.session
    # And the password now works.
    signin = {"username": "new@example.org", "password": NEW_PASSWORD}
    assert Client().post(SIGNIN, signin)["Location"] == reverse("front:today")


def test_an_old_link_is_refused_kindly_and_a_new_one_can_be_sent() -> None:
    Client().post(SIGNUP, signup_form("new@example.org"))
    link = emailed_link()
    # Django's token generator counts in naive local time.
    now = datetime.datetime.now()  # noqa: DTZ005
    a_day_and_more = now + datetime.timedelta(hours=24, minutes=1)
    with mock.patch.object(confirm.SignupTokenGenerator, "_now", return_value=a_day_and_more):
        response = Client().get(link)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link doesn't open anything now" in page
    assert "Send me a new link" in page
    assert not User.objects.get(email="new@example.org").is_active
    # Asking again sends a new one that works; the answer is the same for any address.
    mail.outbox.clear()
    asked = Client().post(reverse("accounts:signup_link_again"), {"email": "new@example.org"})
    stranger = Client().post(reverse("accounts:signup_link_again"), {"email": "no@example.org"})
    assert asked.status_code == stranger.status_code == 302
    assert asked["Location"] == stranger["Location"] == reverse("accounts:signup_sent")
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert Client().get(emailed_link()).status_code == 302


def test_a_mistyped_link_is_refused_kindly() -> None:
    assert Client().get("/account/signup/confirm/not-an-id/1-abc/").status_code == 400
    assert Client().get("/account/signup/confirm/MQ/zz-zz/").status_code == 400


def test_asking_for_new_links_is_rate_limited(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup_link_again": (2, 20)}
    url = reverse("accounts:signup_link_again")
    codes = [Client().post(url, {"email": "a@example.org"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_a_second_sign_up_while_waiting_replaces_the_first_answers() -> None:
    """Someone who typed the address first cannot keep its owner out: the newer answers
    (password too) replace theirs, and their link stops working."""
    Client().post(SIGNUP, signup_form("new@example.org", display_name="Squatter"))
    first_link = emailed_link()
    Client().post(
        SIGNUP,
        signup_form(
            "new@example.org",
            display_name="Owner",
            password1="owner's own words x",
            password2="owner's own words x",
        ),
    )
    assert Client().get(first_link).status_code == 400
    assert Client().get(emailed_link()).status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Owner"
    assert user.check_password("owner's own words x")
    assert User.objects.count() == 1


def test_a_taken_address_still_only_tells_its_owner(client: Client) -> None:
    owner = make_user("taken@example.org")
    client.post(SIGNUP, signup_form("taken@example.org"))
    assert "tried to create a new kindmind account" in str(mail.outbox[-1].body)
    owner.refresh_from_db()
    assert owner.is_active and owner.check_password(PASSWORD)


def test_the_emailed_link_is_hidden_in_the_access_log() -> None:
    Client().post(SIGNUP, signup_form("new@example.org"))
    link = emailed_link()
    assert without_secrets(link) == "/account/signup/confirm/-/-/"


@override_settings(SIGNUP_CONFIRMS_BY_EMAIL=False)
def test_without_a_mail_server_a_new_address_is_signed_straight_in() -> None:
    visitor = Client()
    response = visitor.post(SIGNUP, signup_form("new@example.org"))
    assert response["Location"] == reverse("front:today")
    assert User.objects.get(email="new@example.org").is_active
