"""The account pages whose words changed, as a person sees them: Settings' country
choice, the password page's messages beside their fields, the sharing choices, and the
goodbye after signing out, on small and large screens, light and dark."""

from __future__ import annotations

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
    sign_out,
)

pytestmark = pytest.mark.browser


def look(page: Page, name: str) -> None:
    check_fits_width(page)
    screenshot(page, name)
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_account_pages_speak_plainly(open_page: OpenPage, size: Size, scheme: ColorScheme) -> None:
    make_user("client@example.org")
    page = open_page(size=size, color_scheme=scheme)
    sign_in(page, "client@example.org", PASSWORD)
    label = describe(size, scheme)

    page.goto("/account/settings/")
    page.get_by_label("Where you live (optional)").select_option("ZZ")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Thank you.")).to_be_visible()
    expect(page.get_by_label("Where you live (optional)")).to_have_value("ZZ")
    look(page, f"settings-country-{label}")

    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_label("Your new password").fill("password")
    page.get_by_label("The new password again").fill("password")
    page.get_by_role("button", name="Save my new password").click()
    error = page.locator("#id_new_password1_error")
    expect(error).to_contain_text("That one is used by a lot of people")
    expect(page.get_by_label("Your new password")).to_have_attribute(
        "aria-describedby", "id_new_password1_helptext id_new_password1_error"
    )
    expect(page.locator("#id_new_password2_error")).to_have_count(0)
    look(page, f"password-change-{label}")

    page.goto("/account/sharing/")
    expect(
        page.get_by_label(
            "Practice: what you practised and when, and the times a practice felt too much"
        )
    ).to_be_visible()
    look(page, f"sharing-{label}")

    sign_out(page)
    expect(page.get_by_role("status")).to_have_text(
        "You are signed out. Thank you for the time you gave yourself here."
    )
    expect(page.get_by_text("Welcome back")).to_have_count(0)
    look(page, f"signed-out-{label}")
