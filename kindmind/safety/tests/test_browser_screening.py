"""The concern card and the urgent page on a phone, as a person meets them after
writing something heavy in a check-in note."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from kindmind.lib.browser_testing import OpenPage, check_accessibility, open_signed_in, screenshot
from kindmind.safety.models import SafetyEvent

pytestmark = pytest.mark.browser

HEAVY = "I wish I could disappear and never wake up"
URGENT = "I have decided to end it tonight, I have the pills ready"


def check_in_with(page: Page, note: str) -> None:
    open_signed_in(page, "client@example.org", "/checkins/new/")
    page.get_by_label("What was happening?").fill(note)
    page.get_by_role("button", name="Save my check-in").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_concern_card_asks_directly_and_yes_leads_to_help(
    open_page: OpenPage, scheme: str
) -> None:
    make_user("client@example.org")
    page = open_page(size="phone", color_scheme=scheme)  # type: ignore[arg-type]
    check_in_with(page, HEAVY)
    expect(page.get_by_text("Are you having thoughts of ending your life?")).to_be_visible()
    screenshot(page, f"safety-concern-card-phone-{scheme}")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, I am").click()
    expect(page).to_have_url(re.compile(r"/help/urgent/"))
    expect(page.get_by_role("heading", name="Talk to someone now")).to_be_visible()
    assert SafetyEvent.objects.get().level == "concern"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_urgent_page_comes_first_and_needs_a_deliberate_tick_to_leave(
    open_page: OpenPage, scheme: str
) -> None:
    make_user("client@example.org")
    page = open_page(size="phone", color_scheme=scheme)  # type: ignore[arg-type]
    check_in_with(page, URGENT)
    expect(page).to_have_url(re.compile(r"/help/urgent/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Let's get you some support, right now"
    )
    screenshot(page, f"safety-urgent-phone-{scheme}")
    check_accessibility(page)
    page.get_by_role("button", name="Carry on").click()
    expect(page.get_by_role("alert")).to_contain_text("tick the box first")
    page.get_by_label("I have seen these, and I am safe enough to carry on for now").check()
    page.get_by_role("button", name="Carry on").click()
    # The check-in itself, as it was saved: in words, since no rating was touched.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your check-in")
