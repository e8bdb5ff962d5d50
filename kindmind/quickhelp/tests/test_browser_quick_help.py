"""Quick help as a person meets it when the critic is loud: one tap from Today, then four
short pages, on a small phone, a phone and a laptop, in light and dark; with JavaScript
off; and with the keyboard alone."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from conftest import make_critic_entry, make_user
from kindmind.accounts.models import User
from kindmind.critic.models import Text
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
from kindmind.quickhelp.models import KeptSentence
from kindmind.quickhelp.sentences import OURS

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
REPLY = "It makes sense that this hurts, and I am here with you."


def look(page: Page, name: str) -> None:
    screenshot(page, name)
    check_accessibility(page)
    check_fits_width(page)


def with_a_reply(email: str = EMAIL) -> User:
    person = make_user(email)
    entry = make_critic_entry(person)
    Text.objects.create(
        entry=entry,
        field="reply",
        body=REPLY + " More words after the first sentence.",
        version=1,
        sitting=uuid.uuid4(),
        rev=1,
        saved_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    return person


def tab_until(page: Page, target: str, limit: int = 30) -> None:
    """Press Tab until the element matched by the CSS selector `target` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({target!r})"):
            return
    pytest.fail(f"Tab never reached {target}")


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_quick_help_from_today_at_every_size(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = with_a_reply()
    page = open_page(size=size, color_scheme=scheme)
    label = describe(size, scheme)
    open_signed_in(page, EMAIL, "/today/")
    page.get_by_role("link", name="My critic is loud").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("When the critic is loud")
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    look(page, f"quickhelp-ground-{label}")
    page.get_by_role("link", name="Next: three slow breaths").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Three slow breaths")
    page.get_by_role("button", name="Start").click()
    pacer = page.locator("[data-pacer]")
    expect(pacer).to_have_attribute("data-state", "running")
    expect(page.locator("[data-pacer-phase]")).to_have_text("Breathe in")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    look(page, f"quickhelp-breathe-{label}")
    page.get_by_role("link", name="Next: a kind sentence").click()

    # Their own compassionate reply comes first, as one sentence.
    expect(page.get_by_role("heading", level=1)).to_have_text("A kind sentence")
    expect(page.locator(".quick-sentence blockquote")).to_have_text(REPLY)
    look(page, f"quickhelp-words-{label}")
    page.get_by_role("link", name="Another sentence").click()
    expect(page.locator(".quick-sentence blockquote")).to_have_text(str(OURS[0]))
    page.get_by_role("link", name="Take this one as mine").click()
    box = page.get_by_label("A sentence of your own, if you'd like to write one")
    expect(box).to_have_value(str(OURS[0]))
    box.fill("I can be on my own side for a minute.")
    page.get_by_label("Keep it, so I can read it again later").check()
    page.get_by_role("button", name="Next: what would help now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What would help now?")
    expect(page.get_by_role("status")).to_contain_text("Kept. Only you can see it")
    expect(page.get_by_role("link", name="Answer the critic")).to_be_visible()
    expect(page.get_by_role("link", name="Choose a practice")).to_be_visible()
    expect(page.get_by_role("link", name="Open my safety plan")).to_be_visible()
    look(page, f"quickhelp-next-{label}")
    assert KeptSentence.objects.get().client == person

    page.get_by_role("link", name="Sentences you kept").click()
    expect(page.get_by_text("I can be on my own side for a minute.")).to_be_visible()
    look(page, f"quickhelp-kept-{label}")


def test_quick_help_without_javascript_signed_out(open_page: OpenPage) -> None:
    page = open_page(size="small", java_script_enabled=False)
    label = describe("small", "light", java_script_enabled=False)
    page.goto("/")
    page.get_by_role("link", name="Critic loud?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("When the critic is loud")
    page.get_by_role("link", name="Next: three slow breaths").click()
    # Without JavaScript the rhythm is in words, and nothing waits for a script.
    expect(page.get_by_text("3 breaths like this are enough")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_hidden()
    look(page, f"quickhelp-breathe-{label}")
    page.get_by_role("link", name="Next: a kind sentence").click()
    expect(page.locator(".quick-sentence blockquote")).to_have_text(str(OURS[0]))
    page.get_by_role("link", name="Another sentence").click()
    expect(page.locator(".quick-sentence blockquote")).to_have_text(str(OURS[1]))
    look(page, f"quickhelp-words-{label}")
    page.get_by_label("A sentence of your own, if you'd like to write one").fill("Slowly is fine.")
    page.get_by_role("button", name="Next: what would help now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What would help now?")
    expect(page.get_by_text("Slowly is fine.")).to_be_visible()
    look(page, f"quickhelp-next-{label}")
    assert not KeptSentence.objects.exists()


def test_quick_help_with_the_keyboard_alone(open_page: OpenPage) -> None:
    with_a_reply()
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/learn/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")  # Help now
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Critic loud?")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("When the critic is loud")

    tab_until(page, "a[href='/quick-help/breathe/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Three slow breaths")
    tab_until(page, "[data-pacer-start]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-pacer]")).to_have_attribute("data-state", "running")
    tab_until(page, "[data-quick-next]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("A kind sentence")
    tab_until(page, "textarea[name='sentence']")
    page.keyboard.type("One breath at a time.")
    page.keyboard.press("Tab")
    expect(page.locator("input[name='keep']")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next: what would help now")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/quick-help/next/$"))
    assert KeptSentence.objects.get().text == "One breath at a time."
    screenshot(page, "quickhelp-next-keyboard-phone-light")
