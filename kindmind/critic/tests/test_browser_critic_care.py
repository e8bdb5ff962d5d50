"""Issue 13 in a real browser: the critic's words shown once, where they are answered,
and hideable with JavaScript on and off and with the keyboard alone; a letter revised
minutes apart keeps each saved version; search finds check-ins and letters too. Each
page at 320 px, 390 px and desktop, light and dark, axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_checkin, make_user
from kindmind.accounts.models import User
from kindmind.critic.models import Entry, TextVersion
from kindmind.critic.tests.conftest import make_entry
from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
)

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
WORDS = "You never get anything right. Everyone can see it."


def visit_signed_in(page: Page, url: str) -> None:
    """Go to a page, sign in on the way (the sign-in page brings the person back)."""
    page.goto(url)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(40):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    expect(target).to_be_focused()


def answered(person: User) -> Entry:
    entry = make_entry(
        person,
        what_happened="The presentation wobbled.",
        critic_words=WORDS,
        critic_function="Make me prepare more next time.",
        criticised_feels="Tired and a bit raw.",
    )
    Entry.objects.filter(id=entry.id).update(
        critic_aims=["mistakes", "get-in-first"], critic_fear_choices=["found-out"]
    )
    return entry


def open_reply(page: Page, entry: Entry) -> None:
    url = f"/critic/{entry.id}/step/reply/"
    visit_signed_in(page, url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What would your compassionate self say?"
    )


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_the_reply_step_at_every_size(open_page: OpenPage, size: Size, scheme: ColorScheme) -> None:
    entry = answered(make_user(EMAIL))
    page = open_page(size=size, color_scheme=scheme)
    open_reply(page, entry)
    expect(page.get_by_text(WORDS)).to_have_count(1)
    expect(page.get_by_text(WORDS)).to_be_visible()
    expect(page.locator(".critic-seen")).to_contain_text("stop me making mistakes")
    label = describe(size, scheme)
    screenshot(page, f"critic-care-reply-{label}")
    check_accessibility(page)
    check_fits_width(page)
    page.get_by_text("Hide the critic's words").click()
    expect(page.get_by_text(WORDS)).to_be_hidden()
    screenshot(page, f"critic-care-reply-hidden-{label}")
    check_accessibility(page)


def test_hidden_words_stay_hidden_for_that_entry_with_the_keyboard_alone(
    open_page: OpenPage,
) -> None:
    person = make_user(EMAIL)
    entry = answered(person)
    other = answered(person)
    page = open_page(size="phone")
    open_reply(page, entry)
    tab_to(page, ".critic-words summary")
    page.keyboard.press("Enter")
    expect(page.get_by_text(WORDS)).to_be_hidden()
    expect(page.get_by_text("Show the critic's words")).to_be_visible()
    # Coming back to the same entry: still hidden. Another entry: shown as usual.
    page.reload()
    expect(page.get_by_text("Show the critic's words")).to_be_visible()
    expect(page.get_by_text(WORDS)).to_be_hidden()
    page.goto(f"/critic/{other.id}/step/reply/")
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.goto(f"/critic/{entry.id}/step/reply/")
    tab_to(page, ".critic-words summary")
    page.keyboard.press("Space")
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.reload()
    expect(page.get_by_text(WORDS)).to_be_visible()


def test_without_javascript_the_words_still_hide_and_show(open_page: OpenPage) -> None:
    entry = answered(make_user(EMAIL))
    page = open_page(size="phone", java_script_enabled=False)
    open_reply(page, entry)
    expect(page.get_by_text(WORDS)).to_be_visible()
    page.get_by_text("Hide the critic's words").click()
    expect(page.get_by_text(WORDS)).to_be_hidden()
    screenshot(page, "critic-care-reply-hidden-phone-light-nojs")
    check_accessibility(page)
    page.get_by_text("Show the critic's words").click()
    expect(page.get_by_text(WORDS)).to_be_visible()


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_letter_revised_minutes_apart_keeps_each_saved_version(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL)
    letter = make_entry(person, "letter", letter_about="A hard week")
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    visit_signed_in(page, f"/critic/{letter.id}/step/write/")
    for n, words in enumerate(("Dear me, first.", "Dear me, second.", "Dear me, third.")):
        box = page.get_by_label("Your letter")
        box.fill(words)
        if n == 0:
            screenshot(page, f"critic-care-letter-write-{label}")
            check_accessibility(page)
            check_fits_width(page)
        page.get_by_role("button", name="Save this version").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("A letter to you")
        expect(page.get_by_text("Every version you save is kept.")).to_be_visible()
        if n < 2:
            page.get_by_role("link", name="Revise the letter").click()
    page.get_by_role("link", name="Earlier versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Earlier versions")
    versions = page.locator(".version .entry__text")
    expect(versions).to_have_text(["Dear me, second.", "Dear me, first."])
    screenshot(page, f"critic-care-letter-versions-{label}")
    check_accessibility(page)
    check_fits_width(page)
    assert TextVersion.objects.filter(entry=letter).count() == 2


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_search_finds_check_ins_and_letters_at_every_size(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL)
    checkin = make_checkin(person, note="A slow walk along the canal, and then soup.")
    make_entry(person, "letter", letter_about="Moving", letter_body="Dear me, the canal path.")
    make_entry(person, what_happened="By the canal again, the critic was loud.")
    page = open_page(size=size, color_scheme=scheme)
    visit_signed_in(page, "/critic/")
    page.get_by_label("Search everything you've written").fill("canal")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("“canal” is in 3 things you've written.")).to_be_visible()
    results = page.locator(".entry-list__link")
    expect(results).to_have_count(3)
    # Newest first, each saying what it is.
    expect(page.locator(".entry-list__meta")).to_contain_text(
        ["When the critic shows up", "A compassionate letter", "Check-in"]
    )
    label = describe(size, scheme)
    screenshot(page, f"critic-care-search-{label}")
    check_accessibility(page)
    check_fits_width(page)
    page.locator(f'a[href="/checkins/{checkin.id}/"]').click()
    expect(page.get_by_text("A slow walk along the canal, and then soup.")).to_be_visible()
