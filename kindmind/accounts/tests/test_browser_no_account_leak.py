"""The pages that now answer the same whoever has an account, and the kind pause after
too many tries, as a person sees them on the narrowest phone and a laptop, light and
dark (issue 16, point 5)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


def look(page: Page, name: str) -> None:
    check_fits_width(page)
    screenshot(page, name)
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_taken_address_a_share_and_a_pause_read_kindly(
    open_page: OpenPage, size: Size, scheme: ColorScheme, settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": (1, 20)}
    make_user("client@example.org")
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)

    page.goto("/account/signup/")
    page.get_by_label("Email address").fill("client@example.org")
    page.get_by_label("Choose a password").fill("a different quiet song")
    page.get_by_label("The same password again").fill("a different quiet song")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    look(page, f"signup-sent-{label}")

    for _ in range(2):
        page.goto("/account/password/reset/")
        page.get_by_label("Email").fill("someone@example.org")
        page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("alert")).to_contain_text("paused for a little while")
    expect(page.get_by_label("Email")).to_have_value("someone@example.org")
    look(page, f"password-reset-paused-{label}")

    sign_in(page, "client@example.org", PASSWORD)
    page.goto("/account/sharing/")
    page.get_by_label("Your clinician's email address").fill("nobody@example.org")
    page.get_by_label("Name and timezone", exact=False).check()
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("If that address belongs to a clinician")).to_be_visible()
    expect(page.get_by_text("sharing anything with anyone")).to_be_visible()
    look(page, f"sharing-unknown-address-{label}")
