"""The site navigation and Today as a person meets them: on a phone the header is one
compact row (brand, Help now, the quick help for a loud critic, and a Menu holding the
rest) so that the page itself starts near the top; on a wide screen, one full row."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from kindmind.front.tests.navigation import header_height
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

EMAIL = "client@example.org"
# A phone's header holds one row of 44 px targets and its padding: no more.
FOLDED_MAX = 64
MAIN_LINKS = ("Today", "Check-ins", "Kind reply", "Practice", "Questionnaires", "Learn")


def look(page: Page, name: str) -> None:
    screenshot(page, name)
    check_accessibility(page)
    check_fits_width(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_today_and_its_navigation_at_every_size(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    page = open_page(size=size, color_scheme=scheme)
    label = describe(size, scheme)
    open_signed_in(page, EMAIL, "/today/")
    height = header_height(page)
    # Reported for people to read: `pytest -s` shows each size's height.
    print(f"header height at {size}: {height:.0f}px")  # noqa: T201
    header = page.locator(".site-header")
    # Help and the quick help are always in view, whatever the width.
    expect(header.get_by_role("link", name="Help now")).to_be_visible()
    expect(header.get_by_role("link", name="Critic loud?")).to_be_visible()
    # And the quick help is one tap from Today itself.
    expect(page.get_by_role("main").get_by_role("link", name="My critic is loud")).to_be_visible()
    look(page, f"nav-today-{label}")
    if size == "desktop":
        expect(header.locator("[data-menu]")).to_be_hidden()
        for name in MAIN_LINKS:
            expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
        return

    assert height <= FOLDED_MAX, f"the header takes {height:.0f}px of a {size} phone's height"
    for name in MAIN_LINKS:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_hidden()
    header.get_by_text("Menu", exact=True).click()
    for name in MAIN_LINKS:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    look(page, f"nav-menu-open-{label}")
    header.get_by_role("link", name="Practice", exact=True).click()
    expect(page).to_have_url(re.compile(r"/practice/$"))


def test_the_menu_opens_and_closes_with_the_keyboard_alone(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/learn/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Help now")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Critic loud?")).to_be_focused()
    page.keyboard.press("Tab")
    summary = page.locator("[data-menu] > summary")
    expect(summary).to_be_focused()
    # A native disclosure: announced as a button that says whether it is expanded.
    menu = page.locator("[data-menu]")
    expect(menu).not_to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Today", exact=True)).to_be_focused()
    # Escape folds it again and leaves the focus where the person was.
    page.keyboard.press("Escape")
    expect(summary).to_be_focused()
    expect(page.get_by_role("link", name="Today", exact=True)).to_be_hidden()
    page.keyboard.press("Enter")
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Practice", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/practice/$"))


def test_the_menu_works_without_javascript(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="small", java_script_enabled=False)
    open_signed_in(page, EMAIL, "/today/")
    assert header_height(page) <= FOLDED_MAX
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Kind reply").click()
    expect(page).to_have_url(re.compile(r"/critic/$"))
    screenshot(page, "nav-critic-small-light-nojs")
    check_accessibility(page)
