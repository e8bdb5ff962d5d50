"""The Help page as a person in distress meets it: one tap from the page they are on,
readable on a small phone in the dark, and usable with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kindmind.lib.browser_testing import (
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    describe,
    screenshot,
)

pytestmark = pytest.mark.browser

VARIANTS = [
    pytest.param(size, scheme, id=f"{size}-{scheme}")
    for size in ("phone", "desktop")
    for scheme in ("light", "dark")
]


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_help_is_one_tap_from_the_welcome_page(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    page = open_page(size=size, color_scheme=scheme)
    page.goto("/?country=GB")
    page.get_by_role("link", name="Help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help, right now")
    page.goto("/help/?country=GB")
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
    screenshot(page, f"help-{describe(size, scheme)}")
    check_accessibility(page)


def test_the_keyboard_reaches_help_second_after_the_skip_link(open_page: OpenPage) -> None:
    page = open_page(size="phone")
    page.goto("/learn/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Help now")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help, right now")
