"""Sign-up asks where the person lives, so that the Help page's numbers work there from
the first day; the question can be skipped, and a code we don't list changes nothing."""

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from kindmind.accounts.models import User
from kindmind.safety import views

pytestmark = pytest.mark.django_db

URL = "/account/signup/"


@pytest.fixture(autouse=True)
def _fresh_directory() -> None:
    views.directory.cache_clear()


def form(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "new.person@example.org",
        "display_name": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Australia/Sydney",
        "country": "AU",
    }
    data.update(overrides)
    return data


def test_sign_up_asks_for_the_country_and_offers_every_listed_one(client: Client) -> None:
    html = client.get(URL).content.decode()
    assert "Where you live (optional)" in html
    assert '<option value="" selected>Not chosen</option>' in html
    for code in ("AU", "CA", "GB", "IE", "IN", "NZ", "US", "ZA", "ZZ"):
        assert f'<option value="{code}">' in html, code
    assert "data-guess-country" in html and "guess-country.js" in html


def test_the_chosen_country_is_kept_and_the_help_page_uses_it(client: Client) -> None:
    assert client.post(URL, form()).status_code == 302
    assert User.objects.get().country == "AU"
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert 'href="tel:000"' in html and 'href="tel:131114"' in html


def test_skipping_the_country_is_fine_and_help_still_has_a_number(client: Client) -> None:
    assert client.post(URL, form(country="")).status_code == 302
    assert User.objects.get().country == ""
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-NZ").content.decode()
    assert 'href="tel:111"' in html and 'href="tel:1737"' in html
    data = form(email="other@example.org")
    del data["country"]  # an older page, or a script, that never sent the field at all
    client.post("/account/signout/")
    assert client.post(URL, data).status_code == 302
    assert User.objects.get(email="other@example.org").country == ""


@pytest.mark.parametrize("bad", ["XX", "gb", "United Kingdom", "A" * 5000, "<b>GB</b>", "G\x00"])
def test_a_country_we_cant_choose_gets_a_kind_word_and_nothing_is_made(
    client: Client, bad: str
) -> None:
    response = client.post(URL, form(country=bad, display_name="Sam"))
    assert response.status_code == 400
    assert not User.objects.exists()
    html = response.content.decode()
    assert "That country isn&#x27;t one we can choose here." in html
    assert "is not one of the available choices" not in html
    assert 'value="new.person@example.org"' in html and 'value="Sam"' in html


def test_settings_turn_away_a_bad_country_kindly_and_keep_the_old_one(
    as_client: Client, client_user: User
) -> None:
    as_client.post("/account/settings/", {"display_name": "", "timezone": "UTC", "country": "IE"})
    response = as_client.post(
        "/account/settings/", {"display_name": "Kim", "timezone": "UTC", "country": "QQ"}
    )
    assert response.status_code == 400
    assert "That country isn&#x27;t one we can choose here." in response.content.decode()
    client_user.refresh_from_db()
    assert (client_user.country, client_user.display_name) == ("IE", "")
    ok = as_client.post(
        "/account/settings/", {"display_name": "", "timezone": "UTC", "country": "ZZ"}
    )
    assert ok.status_code == 302
    client_user.refresh_from_db()
    assert client_user.country == "ZZ"
