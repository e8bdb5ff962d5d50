from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from kindmind.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db

URL = "/account/signup/"


def form(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "New.Person@Example.org",
        "display_name": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "America/Toronto",
    }
    data.update(overrides)
    return data


def test_it_creates_a_client_account_and_signs_them_in(client: Client) -> None:
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response["Location"] == reverse("front:today")
    user = User.objects.get()
    assert user.email == "new.person@example.org"
    assert user.role == User.Role.CLIENT
    assert user.timezone == "America/Toronto"
    assert user.password.startswith("md5$")  # hashed, never stored as typed
    assert client.get(reverse("front:today")).status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.subject_id, event.actor_id) == ("create", user.id, user.id)


def test_it_offers_the_form_with_the_deployment_timezone_preselected(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert b'<option value="UTC" selected>' in response.content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password2": "something else"}, "password2", "The two passwords are not the same."),
        (
            {"password1": "password", "password2": "password"},
            "password1",
            "used by a lot of people",
        ),
        ({"password1": "83749218", "password2": "83749218"}, "password1", "add some letters too"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice."),
        ({"email": "a" * 100_000 + "@example.org"}, "email", "Ensure this value has at most"),
        ({"display_name": "x" * 81}, "display_name", "at most 80 characters"),
    ],
)
def test_it_explains_what_needs_another_look_and_creates_nothing(
    client: Client, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(URL, form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    # The email and name are still in their boxes; the password boxes start empty again.
    assert "password boxes start empty again" in response.content.decode()
    assert not User.objects.exists()


def test_it_keeps_what_was_typed_when_something_needs_fixing(client: Client) -> None:
    response = client.post(URL, form(password2="different", display_name="Quiet Fox"))
    html = response.content.decode()
    assert 'value="new.person@example.org"' in html or 'value="New.Person@Example.org"' in html
    assert 'value="Quiet Fox"' in html


def test_a_double_submit_creates_one_account(client: Client) -> None:
    first = client.post(URL, form())
    second = Client().post(URL, form())
    assert first.status_code == 302
    # The second finds the address taken, and answers as for any address with an account
    # (test_who_has_an_account.py): no error that would say so.
    assert second["Location"] == reverse("accounts:signup_sent")
    assert User.objects.count() == 1


def test_it_sends_a_signed_in_person_to_today(as_client: Client) -> None:
    response = as_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("front:today")
