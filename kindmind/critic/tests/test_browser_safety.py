"""Heavy words in a critic step, in a real browser on a phone: autosave keeps them while
the person types without a word about risk; pressing Next brings the concern card, and
"No" carries on to the next step, where they meant to go."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from kindmind.critic.models import Entry, Text
from kindmind.lib.browser_testing import OpenPage, check_accessibility, open_signed_in, screenshot
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import CONCERN

pytestmark = pytest.mark.browser


def test_heavy_words_in_a_step_bring_the_concern_card_then_the_next_step(
    open_page: OpenPage,
) -> None:
    make_user("client@example.org")
    page = open_page(size="phone", color_scheme="light")
    open_signed_in(page, "client@example.org", "/critic/new/critic/")
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")
    entry = Entry.objects.get()

    box = page.get_by_label("What happened, in your own words")
    box.fill(CONCERN)
    box.blur()
    expect(page.locator("[data-save-status=what_happened]")).to_have_text("Saved")
    # Saved as typed, and nothing asked yet: autosave shows no card mid-sentence. It
    # records what it noticed, in case the page is closed before Next.
    assert Text.objects.get(entry=entry, field="what_happened").body == CONCERN
    expect(page).to_have_url(re.compile(r"/step/happened/$"))
    event = SafetyEvent.objects.get()
    assert (event.level, event.source) == ("concern", "critic.critic")

    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile(r"/help/check/\?next="))
    expect(page.get_by_text("Are you having thoughts of ending your life?")).to_be_visible()
    screenshot(page, "safety-concern-card-after-critic-step-phone-light")
    check_accessibility(page)
    # The card asked; the event autosave recorded is not recorded a second time.
    assert SafetyEvent.objects.get() == event

    page.get_by_role("button", name="No, I'm not").click()
    expect(page).to_have_url(re.compile(rf"/critic/{entry.id}/step/words/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What did the critic say?")
    expect(page.get_by_text("What you wrote is saved.")).to_be_visible()
