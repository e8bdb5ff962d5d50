"""The Help page as a person in distress meets it: one tap from the page they are on,
readable on a small phone in the dark, and usable with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import make_user
from kindmind.lib.browser_testing import (
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    describe,
    open_signed_in,
    screenshot,
)

pytestmark = pytest.mark.browser


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


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_safety_plan_written_on_a_phone_comes_first_on_the_help_page(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user("client@example.org")
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "client@example.org", "/today/")
    page.get_by_role("link", name="Help now").click()
    page.get_by_role("link", name="My safety plan").click()
    page.get_by_role("link", name="Write my safety plan").click()
    page.get_by_label("Signs that a crisis may be starting").fill("Not sleeping.")
    page.get_by_label("What matters to me, and what I am living for").fill("My dog.")
    screenshot(page, f"safety-plan-edit-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your safety plan is saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    screenshot(page, f"safety-plan-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("link", name="Help now").click()
    expect(page.get_by_role("heading", name="Your safety plan")).to_be_visible()
    expect(page.get_by_text("My dog.")).to_be_visible()


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_sharing_clinician_reads_when_and_where_in_words(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User
    from kindmind.safety.actions import record_safety_event

    client = make_user("client@example.org")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(
        client=client, clinician=clinician, categories=["profile", "safety"], by=client
    )
    for level, source in (
        ("concern", "checkins.checkin"),
        ("urgent", "critic.letter"),
        ("concern", "practice.kind_action"),
    ):
        record_safety_event(client=client, level=level, source=source)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", f"/clinic/clients/{client.id}/")
    page.get_by_role("link", name="Safety plan and alerts").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("A compassionate letter")
    expect(table).to_contain_text("A small kind thing, after a practice")
    expect(table).not_to_contain_text("critic.letter")
    screenshot(page, f"clinic-safety-{describe(size, scheme)}")
    check_accessibility(page)
