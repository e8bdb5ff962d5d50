"""Browser-test helpers for the site navigation, which folds behind "Menu" on phones."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from kindmind.lib.browser_testing import wait_for_styles


def header_height(page: Page) -> float:
    """How much of the screen's height the site header takes, in CSS pixels, once the
    page and its stylesheet have loaded."""
    wait_for_styles(page)
    height: float = page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().height"
    )
    return height


def open_menu_if_folded(page: Page) -> None:
    """On a phone the main links sit behind "Menu": open it, as a person would tap it.
    On a wide screen the links are already in view and nothing is pressed."""
    menu = page.locator("[data-menu]")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
        expect(menu).to_have_attribute("open", "")
