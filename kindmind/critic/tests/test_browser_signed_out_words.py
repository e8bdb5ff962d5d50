"""A letter too long to hold for someone signed out is shown back to copy, readable and
usable on every screen (without JavaScript: with it, the device keeps the words)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import make_user
from kindmind.accounts.models import Session
from kindmind.critic.tests.conftest import make_entry
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

pytestmark = pytest.mark.browser

LETTER = "Dear me, " + "you did your best with what you had. " * 300


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_long_letter_sent_after_the_session_ended_is_shown_back(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user("client@example.org")
    entry = make_entry(person, "letter")
    page = open_page(size=size, color_scheme=scheme, java_script_enabled=False)
    open_signed_in(page, "client@example.org", f"/critic/{entry.id}/step/write/")
    page.get_by_label("Your letter").fill(LETTER)
    Session.objects.all().delete()  # what an idle timeout amounts to
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_role("heading", name="Your words are here")).to_be_visible()
    expect(page.get_by_label("Your letter")).to_have_value(LETTER)
    expect(page.get_by_role("link", name="Sign in (opens in a new tab)")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"critic-signed-out-words-{describe(size, scheme, False)}")
    check_accessibility(page)
