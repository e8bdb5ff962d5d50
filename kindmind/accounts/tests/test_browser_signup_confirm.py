"""Confirming a new address by email, as a person sees it on the narrowest phone and a
laptop, light and dark (issue 16, point 5): the sign-in that waits for the link, the
welcome the link brings, and the kind page for a link that is used up."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
    sign_out,
)

pytestmark = pytest.mark.browser

PASSWORD = "a different quiet song"


def look(page: Page, name: str) -> None:
    check_fits_width(page)
    screenshot(page, name)
    check_accessibility(page)


def emailed_path() -> str:
    found = re.search(r"https?://[^/\s]+(/account/signup/confirm/\S+/)", str(mail.outbox[-1].body))
    assert found
    return found.group(1)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_new_account_opens_with_its_emailed_link(
    open_page: OpenPage, size: Size, scheme: ColorScheme, settings: Any
) -> None:
    settings.SIGNUP_CONFIRMS_BY_EMAIL = True
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)

    page.goto("/account/signup/")
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_label("What would you like to be called?").fill("Sam")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    page.goto("/account/signin/")
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Your account is nearly ready")
    expect(page.get_by_role("button", name="Send me a new link")).to_be_visible()
    look(page, f"signin-awaiting-link-{label}")

    link = emailed_path()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/today/$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to kindmind, Sam")
    look(page, f"signup-welcome-{label}")

    sign_out(page)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link doesn't open anything now")
    look(page, f"signup-link-used-{label}")
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_role("button", name="Send me a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
