"""Words a person meets around their account, in kindmind's own voice (issue 13, item 13):
the password page's messages beside the field each is about, a fitting word after
signing out, and sharing choices that say plainly what a clinician will see."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import PASSWORD
from kindmind.accounts.access import CATEGORIES, CATEGORY_CHOICES
from kindmind.accounts.models import User

pytestmark = pytest.mark.django_db

URL = "/account/password/"
NEW = "a slow tide under the moon"
DJANGOS_OWN = (
    "Your old password was entered incorrectly",
    "The two password fields didn",
    "Enter the same password as before",
    "Password confirmation",
    "Old password",
    "Your password can",
    "This password is too",
    "This password is entirely numeric",
    "autofocus",
)


def errors_by_field(html: str) -> dict[str, str]:
    """Each field's own error line, by the field it sits beside."""
    found = re.findall(r'<p class="field__error" id="id_(\w+)_error">(.*?)</p>', html, re.S)
    return {name: " ".join(text.split()) for name, text in found}


def test_the_password_page_speaks_kindmind_words(as_client: Client) -> None:
    html = as_client.get(URL).content.decode()
    for label in ("Your current password", "Your new password", "The new password again"):
        assert f">{label}</label>" in html
    assert "At least 8 characters, not only numbers, and not a very common one." in html
    for words in DJANGOS_OWN:
        assert words not in html, words


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
            {"old_password": "That is not the password this account has now."},
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "!"},
            {"new_password2": "The two new passwords are not the same."},
        ),
        (
            {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
            {"new_password1": "That one is used by a lot of people"},
        ),
        (
            {"old_password": PASSWORD, "new_password1": "48102937", "new_password2": "48102937"},
            {"new_password1": "Please add some letters too"},
        ),
        (
            {"old_password": PASSWORD, "new_password1": "tide", "new_password2": "tide"},
            {"new_password1": "Please use at least 8 characters."},
        ),
        (
            {"old_password": PASSWORD, "new_password1": "client@example.org1"}
            | {"new_password2": "client@example.org1"},
            {"new_password1": "That is close to your email address or name"},
        ),
        (
            {"old_password": "", "new_password1": "", "new_password2": ""},
            {
                "old_password": "Please type your current password here.",
                "new_password1": "Please type your new password here.",
                "new_password2": "Please type the new password once more here.",
            },
        ),
    ],
)
def test_each_password_message_sits_beside_its_own_field_and_changes_nothing(
    as_client: Client, client_user: User, data: dict[str, str], expected: dict[str, str]
) -> None:
    response = as_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    shown = errors_by_field(html)
    assert set(shown) == set(expected)
    for field, words in expected.items():
        assert words in shown[field], (field, shown)
    for words in DJANGOS_OWN:
        assert words not in html, words
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)


def test_sign_up_says_what_to_do_about_a_weak_password(client: Client) -> None:
    data = {
        "email": "new@example.org",
        "password1": "password",
        "password2": "password",
        "timezone": "UTC",
    }
    html = client.post("/account/signup/", data).content.decode()
    assert "That one is used by a lot of people" in errors_by_field(html)["password1"]
    assert "This password is too common" not in html


def test_signing_out_is_met_with_a_goodbye_not_a_welcome_back(as_client: Client) -> None:
    response = as_client.post("/account/signout/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/?signed-out", 302)]
    assert "You are signed out." in html
    assert "Welcome back" not in html
    assert "You are signed out." not in Client().get("/").content.decode()


def test_sharing_choices_say_plainly_what_a_clinician_will_see(as_client: Client) -> None:
    keys = {
        "profile",
        "checkins",
        "practice",
        "measures",
        "safety",
        "critic_work",
        "critic_versions",
        "formulation",
    }
    assert set(CATEGORIES) == set(CATEGORY_CHOICES) == keys, (
        "the keys stay the same: existing shares keep meaning what they meant"
    )
    html = as_client.get("/account/sharing/").content.decode()
    assert "backdraft flags" not in html and "flags" not in html.lower()
    assert "Practice: what you practised and when, and the times a practice felt too much" in html
    for key, words in CATEGORY_CHOICES.items():
        assert f'value="{key}"' in html
        assert str(words).replace("'", "&#x27;") in html
        assert str(words).startswith(f"{CATEGORIES[key]}: "), "the short name, then the detail"


def test_a_share_says_in_full_what_the_clinician_can_see(
    as_client: Client, sharing_clinician: User
) -> None:
    """Under "... can see:", each shared category in the same plain words the person chose
    it by, and no "Not shared" line when they share everything."""
    html = as_client.get("/account/sharing/").content.decode()
    start = html.index("can see:")
    listed = html[start : html.index("</ul>", start)]
    for words in CATEGORY_CHOICES.values():
        assert str(words).replace("'", "&#x27;") in listed
    assert "Not shared:" not in html


def test_forgetting_this_device_is_offered_only_where_a_script_keeps_anything(
    as_client: Client,
) -> None:
    """Without JavaScript nothing is kept on the device, so the Settings section that
    clears it stays hidden; the script shows it. Signing out clears it too."""
    html = as_client.get("/account/settings/").content.decode()
    assert '<section class="card narrow" data-device-store hidden>' in html
    assert "Forget what this device keeps" in html
    assert "kindmind/forget-device" in html
    assert "data-forget-device>" in html, "the sign-out form clears the device"
    assert "kindmind/forget-device" not in Client().get("/").content.decode()
