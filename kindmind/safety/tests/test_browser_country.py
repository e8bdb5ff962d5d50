"""A crisis page always has a number, seen in a real browser: the Help and urgent pages
say which country they show and why, a plan's numbers are one tap, and sign-up suggests
the country from the browser with JavaScript, and still works without it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from kindmind.accounts.models import User
from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    open_signed_in,
    screenshot,
)
from kindmind.safety.actions import save_safety_plan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_help_and_urgent_pages_say_which_country_and_call_in_one_tap(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user("client@example.org")  # no country chosen: the browser's is used
    save_safety_plan(
        client=person,
        sections={
            "warning_signs": "Not sleeping.",
            "people_to_ask": "My sister Jo, 07700 900123",
            "professionals": "Community team: +44 20 7946 0000",
        },
        by=person,
    )
    page = open_page(size=size, color_scheme=scheme)  # the browser speaks en-GB
    open_signed_in(page, "client@example.org", "/today/")
    page.get_by_role("link", name="Help now").click()
    expect(page.get_by_text("Country shown: United Kingdom, going by")).to_be_visible()
    expect(page.get_by_role("link", name="07700 900123")).to_have_attribute(
        "href", "tel:07700900123"
    )
    expect(page.get_by_role("link", name="Call 116 123")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"help-country-{describe(size, scheme)}")
    check_accessibility(page)

    page.get_by_role("link", name="Somewhere not listed here").click()
    expect(page.get_by_role("heading", name="Finding a helpline where you are")).to_be_visible()
    expect(page.get_by_role("link", name="Open Find A Helpline")).to_have_attribute(
        "href", "https://findahelpline.com"
    )
    check_fits_width(page)
    screenshot(page, f"help-anywhere-{describe(size, scheme)}")
    check_accessibility(page)

    page.goto("/help/urgent/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Let's get you some support, right now"
    )
    expect(page.get_by_role("link", name="+44 20 7946 0000")).to_have_attribute(
        "href", "tel:+442079460000"
    )
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
    expect(page.get_by_role("link", name="Somewhere else?")).to_have_attribute(
        "href", "/help/#elsewhere"
    )
    check_fits_width(page)
    screenshot(page, f"urgent-country-{describe(size, scheme)}")
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_sign_up_suggests_the_country_from_the_browser(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    page = open_page(size=size, color_scheme=scheme, timezone_id="Pacific/Auckland")
    page.goto("/account/signup/")
    country = page.get_by_label("Where you live (optional)")
    # The timezone says New Zealand, though the browser's language is en-GB.
    expect(country).to_have_value("NZ")
    expect(page.get_by_text("We suggested this from your browser's settings.")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"signup-country-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_label("Email address").fill("new@example.org")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert User.objects.get(email="new@example.org").country == "NZ"
    page.get_by_role("link", name="Help now").click()
    expect(page.get_by_role("link", name="Call 111")).to_have_attribute("href", "tel:111")
    expect(page.get_by_text("Country shown: New Zealand, from your settings.")).to_be_visible()


def test_without_javascript_sign_up_leaves_the_country_to_the_person(
    open_page: OpenPage,
) -> None:
    page = open_page(size="phone", java_script_enabled=False, timezone_id="Pacific/Auckland")
    page.goto("/account/signup/")
    country = page.get_by_label("Where you live (optional)")
    expect(country).to_have_value("")
    expect(page.get_by_text("We suggested this from your browser's settings.")).to_be_hidden()
    page.get_by_label("Email address").fill("new@example.org")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # The new account's first page: "Help now" is on the sign-up page too, so it cannot
    # tell that the account exists yet.
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert User.objects.get(email="new@example.org").country == ""
    page.get_by_role("link", name="Help now").click()
    # Skipped: the browser's language (en-GB) still gives a number to call.
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
    check_accessibility(page)


def test_the_keyboard_alone_picks_a_country_at_sign_up(open_page: OpenPage) -> None:
    page = open_page(size="desktop")
    page.goto("/account/signup/")
    page.get_by_label("Email address").focus()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")  # what we call you
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")  # timezone
    page.keyboard.press("Tab")
    country = page.get_by_label("Where you live (optional)")
    expect(country).to_be_focused()
    page.keyboard.type("Ireland")
    expect(country).to_have_value("IE")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create my account")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert User.objects.get(email="keys@example.org").country == "IE"
