"""The browser tests' own page checks measure the page a person sees.

A form sent with a key press moves to the next page without waiting for it to load, and
the elements a test then waits for exist as soon as they are parsed, before the stylesheet
has arrived. A CI run failed that way: the formulation's conflict page measured 20 px wider
than a 320 px phone, which is exactly the page without its styles.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Route

from conftest import make_user
from kindmind.lib.browser_testing import OpenPage, check_fits_width, open_signed_in

pytestmark = pytest.mark.browser

PERSON = "client@example.org"


def test_the_width_check_waits_for_the_styles_of_a_page_still_loading(
    open_page: OpenPage,
) -> None:
    make_user(PERSON)
    page = open_page(size="small")
    open_signed_in(page, PERSON, "/formulation/edit/")
    held: list[Route] = []
    holding = True

    def hold(route: Route) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()

    page.context.route("**/kindmind/base.css*", hold)
    # Load the page again without waiting for it, as a sent form does.
    page.evaluate("location.reload()")
    page.wait_for_selector("textarea", state="attached")
    assert held, "the stylesheet was not asked for again"
    unstyled = page.evaluate("document.documentElement.scrollWidth")
    assert unstyled > 320, "the page fits without its styles: this test would prove nothing"
    # Let it through.
    holding = False
    for route in held:
        route.continue_()
    check_fits_width(page)
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
