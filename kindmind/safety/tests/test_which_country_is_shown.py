"""A crisis page always has a number: which country's services a person is shown, and
that nobody, signed in or not, ever meets an empty page (issue 13, item 1)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import make_user
from kindmind.safety import views
from kindmind.safety.resources import (
    ASKED,
    BROWSER,
    CHOSEN,
    DEPLOYER,
    UNKNOWN,
    choose_region,
    load,
    regions_in_accept_language,
)

FOUND = load(None)


@pytest.fixture(autouse=True)
def _fresh_directory() -> None:
    views.directory.cache_clear()


# --- The one function that decides -----------------------------------------------------


@pytest.mark.parametrize(
    ("header", "regions"),
    [
        ("en-GB", ["GB"]),
        ("en-US,en;q=0.9", ["US"]),
        ("en;q=0.9, en-AU;q=0.8, en-GB;q=0.95", ["GB", "AU"]),  # by q, not by order
        ("fr-CA;q=0.5, en-IE", ["IE", "CA"]),
        ("en_NZ", ["NZ"]),
        ("zh-Hant-TW, en-IN;q=0.2", ["TW", "IN"]),  # a script subtag is skipped
        ("es-419, en", []),  # a region of digits, and no region at all
        ("en-GB;q=0, en-US;q=0.1", ["US"]),  # q=0 means "not this one"
        ("en-GB;q=2, en-ZA;q=abc, en-CA;level=1, en-AU;q=0.7", ["AU"]),  # junk q-values
        ("en-GB, en-GB;q=0.5, en-US", ["GB", "US"]),  # each region once
        ("", []),
        (None, []),
        ("*", []),
        ("<script>, en-G$B, \x00en-US, ;q=1, ,,,", []),
        ("en-GB" + ",x" * 5000, ["GB"]),  # an enormous header is read only so far
    ],
)
def test_the_regions_a_browser_names_are_read_by_preference(
    header: str | None, regions: list[str]
) -> None:
    assert regions_in_accept_language(header) == regions


def test_the_order_is_asked_then_chosen_then_deployer_then_browser_then_anywhere() -> None:
    everything = {"asked": "NZ", "chosen": "IE", "default": "CA", "accept_language": "en-AU"}
    expected = [("NZ", ASKED), ("IE", CHOSEN), ("CA", DEPLOYER), ("AU", BROWSER)]
    for key, (code, why) in zip(everything, expected, strict=True):
        shown = choose_region(FOUND, **everything)
        assert (shown.region.code, shown.why) == (code, why)
        everything[key] = ""
    shown = choose_region(FOUND, **everything)
    assert (shown.region.code, shown.why) == ("international", UNKNOWN)
    assert shown.region.services, "anywhere still has a way to find a helpline"


def test_codes_we_have_no_entry_for_pass_to_the_next_answer() -> None:
    shown = choose_region(
        FOUND, asked="xx", chosen="DE", default="FR", accept_language="de-DE, en-GB;q=0.5"
    )
    assert (shown.region.code, shown.why) == ("GB", BROWSER)
    assert choose_region(FOUND, chosen="gb ").region.code == "GB"


def test_somewhere_not_listed_shows_the_guidance_for_anywhere_on_purpose() -> None:
    chosen = choose_region(FOUND, chosen="ZZ", default="GB", accept_language="en-GB")
    assert (chosen.region.code, chosen.why) == ("international", CHOSEN)
    asked = choose_region(FOUND, asked="zz", chosen="GB")
    assert (asked.region.code, asked.why) == ("international", ASKED)


# --- Over HTTP ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_out_visitor_with_no_clue_sees_guidance_that_works_anywhere(
    client: Client,
) -> None:
    for path in ("/help/", "/help/?country=%00", "/help/?country=<b>"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="de, fr;q=0.5").content.decode()
        assert "Call your local emergency number now" in html
        assert "112 reaches emergency services from any mobile phone" in html
        assert 'href="https://findahelpline.com"' in html
        assert "here is help that works anywhere" in html
        assert 'href="tel:' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "emergency", "line", "place"),
    [
        ("en-GB,en;q=0.9", "999", "116123", "United Kingdom"),
        ("en-US,en;q=0.9", "911", "988", "United States"),
        ("en-AU", "000", "131114", "Australia"),
        ("en-NZ", "111", "1737", "New Zealand"),
        ("fr-CA", "911", "988", "Canada"),
        ("ga-IE, en;q=0.8", "112", "116123", "Ireland"),
        ("hi-IN", "112", "14416", "India"),
        ("en;q=0.1, af-ZA", "10177", "0800567567", "South Africa"),
    ],
)
def test_the_browsers_language_chooses_the_country_when_nothing_else_does(
    client: Client, header: str, emergency: str, line: str, place: str
) -> None:
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert f'href="tel:{emergency}"' in html
    assert f'href="tel:{line}"' in html
    assert f"Country shown: {place}, going by the language your browser uses." in html
    assert 'href="#elsewhere"' in html


@pytest.mark.django_db
def test_a_signed_in_person_without_a_country_is_shown_their_browsers_region(
    client: Client,
) -> None:
    person = make_user("nocountry@example.org")
    client.force_login(person)
    for path in ("/help/", "/help/urgent/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
        assert 'href="tel:000"' in html and 'href="tel:131114"' in html, path


@pytest.mark.django_db
def test_the_deployers_country_comes_before_the_browsers(client: Client, settings: object) -> None:
    settings.DEFAULT_COUNTRY = "IE"  # type: ignore[attr-defined]
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert 'href="tel:112"' in html and "Samaritans Ireland" in html
    assert "Country shown: Ireland, as this kindmind is set up." in html


@pytest.mark.django_db
def test_the_persons_own_country_comes_first_and_the_page_says_so(client: Client) -> None:
    person = make_user("nz@example.org")
    person.country = "NZ"
    person.save(update_fields=["country"])
    client.force_login(person)
    for path in ("/help/", "/help/urgent/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
        assert 'href="tel:111"' in html and 'href="tel:1737"' in html, path
        assert "Country shown: New Zealand, from your settings." in html
    html = client.get("/help/").content.decode()
    assert 'href="/account/settings/">choose your country in Settings' in html
    # Picking another country on the page shows it, for this visit only.
    assert 'href="tel:988"' in client.get("/help/?country=CA").content.decode()
    assert 'href="tel:1737"' in client.get("/help/").content.decode()


@pytest.mark.django_db
def test_someone_somewhere_not_listed_is_never_shown_another_countrys_numbers(
    client: Client,
) -> None:
    person = make_user("away@example.org")
    person.country = "ZZ"
    person.save(update_fields=["country"])
    client.force_login(person)
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert 'href="tel:999"' not in html
    assert "You said you are somewhere not listed here" in html
    assert 'href="https://findahelpline.com"' in html


@pytest.mark.django_db
def test_a_number_not_verified_here_says_so_quietly(client: Client) -> None:
    html = client.get("/help/?country=AU").content.decode()
    assert "Details checked on 5 December 2026." in html  # Lifeline
    assert "not yet checked here: its website has the latest" in html  # Beyond Blue
