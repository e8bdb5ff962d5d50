"""The foundation as a person meets it in a real browser.

A newcomer on a phone or a laptop, in light or dark mode, with or without JavaScript,
with a keyboard only: each can create an account, sign in and reach Today, and every
page they pass through has no serious accessibility problem (PRODUCT.md principle 5).
Screenshots of every page go to test-artifacts/screenshots for people to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from kindmind.accounts import actions
from kindmind.accounts.models import User
from kindmind.front.tests.navigation import open_menu_if_folded
from kindmind.lib.browser_testing import (
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
)

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
PASSWORD = "a calm river at dusk"
GREETING = re.compile(r"^(Good (morning|afternoon|evening)|Hello)\b")


def look(page: Page, name: str) -> None:
    """What every visited page gets: a screenshot for people, axe and reflow for the rules."""
    screenshot(page, name)
    check_accessibility(page)
    check_fits_width(page)


def fill_sign_up(page: Page, *, email: str, password: str, again: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("The same password again").fill(again)


def submit_sign_up(page: Page) -> None:
    page.get_by_role("button", name="Create my account").click()


def expect_today(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/today/$"))
    # The greeting follows the reader's local hour (a plain hello late at night).
    expect(page.get_by_role("heading", level=1, name=GREETING)).to_be_visible()
    # On a phone, signing out is in the Menu with the other links.
    open_menu_if_folded(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_newcomer_signs_up_and_reaches_today(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    page = open_page(size=size, color_scheme=scheme)
    label = describe(size, scheme)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A kinder voice, practised a little each day"
    )
    look(page, f"welcome-{label}")

    # The big invitation in the page itself, not the one in the header.
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/account/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    look(page, f"signup-{label}")

    # A first try with a typo in the second password, as happens on a phone keyboard.
    fill_sign_up(page, email=EMAIL, password=PASSWORD, again="a calm river at dawn")
    submit_sign_up(page)
    expect(page.get_by_role("alert")).to_contain_text("Something needs another look.")
    look(page, f"signup-errors-{label}")

    # Passwords are never sent back to the browser, so both are typed again.
    fill_sign_up(page, email=EMAIL, password=PASSWORD, again=PASSWORD)
    submit_sign_up(page)
    expect_today(page)
    look(page, f"today-{label}")


def test_sign_up_mistake_is_explained_and_nothing_typed_is_lost(open_page: OpenPage) -> None:
    page = open_page()
    page.goto("/account/signup/")
    fill_sign_up(page, email=EMAIL, password=PASSWORD, again="a calm river at dawn")
    submit_sign_up(page)

    summary = page.locator("[data-focus-on-load]")
    expect(summary).to_contain_text("Something needs another look.")
    # Passwords are never sent back, and the message says so rather than promising
    # that everything is kept; the rest of what was typed is.
    expect(summary).to_contain_text("password boxes start empty again")
    expect(summary).to_contain_text("anything else you typed is still here")
    # Focus moves to the summary, so a screen reader reads it and Tab continues from it.
    expect(summary).to_be_focused()
    screenshot(page, "signup-mismatch-focus-phone-light")
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)
    # The field that needs fixing says what is wrong, and is linked to that message.
    again = page.get_by_label("The same password again")
    expect(again).to_have_accessible_description(re.compile("The two passwords are not the same"))
    # And a sighted person sees which box to fix: it has the thicker error border.
    expect(again).to_have_css("border-top-width", "2px")
    assert not User.objects.filter(email=EMAIL).exists()


def test_sign_up_works_without_javascript(open_page: OpenPage) -> None:
    page = open_page(size="phone", java_script_enabled=False)
    label = describe("phone", "light", java_script_enabled=False)
    page.goto("/")
    look(page, f"welcome-{label}")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    # Without JavaScript nobody guesses the timezone: the form offers the default.
    expect(page.get_by_label("Your timezone")).to_have_value("UTC")
    look(page, f"signup-{label}")

    fill_sign_up(page, email=EMAIL, password=PASSWORD, again="a calm river at dawn")
    submit_sign_up(page)
    expect(page.get_by_role("alert")).to_contain_text("Something needs another look.")
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)
    look(page, f"signup-errors-{label}")

    fill_sign_up(page, email=EMAIL, password=PASSWORD, again=PASSWORD)
    submit_sign_up(page)
    expect_today(page)
    look(page, f"today-{label}")


def test_skip_link_is_the_first_stop_from_the_top_of_the_sign_in_page(
    open_page: OpenPage,
) -> None:
    page = open_page(size="desktop")
    page.goto("/account/signin/")
    # Tab starts from wherever focus is: a page that moves focus on arrival (autofocus)
    # sends a keyboard user past the skip link and a screen reader past the welcome.
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate("document.activeElement === document.body"), (
        f"On arrival the focus is already on {focused}, so Tab does not start from the top."
    )

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the main content")
    expect(skip).to_be_focused()
    # A focused skip link must be seen, not only heard.
    expect(skip).to_be_in_viewport()
    screenshot(page, "signin-skip-link-desktop-light")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()


def test_a_person_signs_in_with_the_keyboard_only(open_page: OpenPage) -> None:
    actions.create_account(email=EMAIL, password=PASSWORD)
    page = open_page(size="desktop")
    page.goto("/account/signin/")
    look(page, "signin-desktop-light")
    email = page.get_by_label("Email address")
    # Tab to the email field, however many stops come before it (none when the page
    # puts the cursor there itself).
    for _ in range(10):
        if email.evaluate("field => field === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(email).to_be_focused()
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect_today(page)
    look(page, "today-keyboard-desktop-light")


def test_sign_up_guesses_the_browsers_timezone(open_page: OpenPage) -> None:
    page = open_page(timezone_id="Asia/Tokyo")
    page.goto("/account/signup/")
    expect(page.get_by_label("Your timezone")).to_have_value("Asia/Tokyo")
    look(page, "signup-tokyo-phone-light")

    # The guess is kept: days and times are then shown as the person lives them.
    fill_sign_up(page, email=EMAIL, password=PASSWORD, again=PASSWORD)
    submit_sign_up(page)
    expect_today(page)
    assert User.objects.get(email=EMAIL).timezone == "Asia/Tokyo"


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_missing_page_is_kind_and_leads_back(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    page = open_page(size=size, color_scheme=scheme)
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This page isn't here")
    look(page, f"not-found-{describe(size, scheme)}")

    page.get_by_role("main").get_by_role("link", name="Go to the start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A kinder voice, practised a little each day"
    )
