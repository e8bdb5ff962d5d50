"""Neither sign-up nor sharing tells a visitor who has an account here (issue 16,
point 5): the answer is the same whatever exists, and nothing changes that shouldn't."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_user
from kindmind.accounts.models import AuditEvent, Share, User

pytestmark = pytest.mark.django_db

SIGNUP = "/account/signup/"
SHARING = "/account/sharing/"


def signup_form(email: str) -> dict[str, Any]:
    return {
        "email": email,
        "display_name": "",
        "password1": "a different quiet song",
        "password2": "a different quiet song",
        "timezone": "UTC",
    }


def test_signing_up_with_a_taken_address_says_nothing_about_it(client: Client) -> None:
    owner = make_user("taken@example.org")
    response = client.post(SIGNUP, signup_form("TAKEN@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page
    assert "already" not in page.replace("Already have an account?", "")
    # Nobody was signed in, and the owner's account is as it was.
    assert "_auth_user_id" not in client.session
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert User.objects.count() == 1


def test_the_owner_is_told_someone_tried_and_how_to_get_back_in(client: Client) -> None:
    make_user("taken@example.org")
    client.post(SIGNUP, signup_form("taken@example.org"))
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]
    body = str(mail.outbox[0].body)
    assert "tried to create a new kindmind account with this email address" in body
    assert "http://127.0.0.1:8000/account/signin/" in body
    assert "http://127.0.0.1:8000/account/password/reset/" in body


def test_a_new_address_is_still_signed_straight_in(client: Client) -> None:
    response = client.post(SIGNUP, signup_form("new@example.org"))
    assert response["Location"] == reverse("front:today")
    assert client.get(reverse("front:today")).status_code == 200
    assert mail.outbox == []


@pytest.mark.parametrize(
    "address",
    [
        "other.clinician@example.org",  # a clinician: shared
        "nobody@example.org",  # no account
        "client2@example.org",  # a client, not a clinician
        "resting.clinician@example.org",  # a clinician whose account is not active
    ],
)
def test_sharing_answers_the_same_whoever_the_address_belongs_to(
    as_client: Client, client_user: User, unrelated_clinician: User, address: str
) -> None:
    make_user("client2@example.org")
    resting = make_user("resting.clinician@example.org", role=User.Role.CLINICIAN)
    User.objects.filter(pk=resting.pk).update(is_active=False)
    response = as_client.post(SHARING, {"clinician_email": address, "categories": ["profile"]})
    assert response.status_code == 302
    assert response["Location"] == SHARING
    page = as_client.get(SHARING).content.decode()
    assert "If that address belongs to a clinician&#x27;s kindmind account" in page
    assert "couldn" not in page


def test_sharing_with_an_address_that_is_no_clinician_shares_nothing(
    as_client: Client, client_user: User
) -> None:
    make_user("client2@example.org")
    for address in ("nobody@example.org", "client2@example.org"):
        as_client.post(SHARING, {"clinician_email": address, "categories": ["profile"]})
    assert not Share.objects.exists()
    assert not AuditEvent.objects.filter(action="share").exists()
    # The list is honest: it shows real shares only.
    assert "sharing anything with anyone." in as_client.get(SHARING).content.decode()
