"""What this device keeps for kindmind (words not saved yet, display choices) is let go
of when the person signs out, without losing words: those not yet saved are sent first.
Settings offers "Forget what this device keeps" at any time. Without JavaScript nothing
is kept on the device, and the Settings section stays hidden."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from conftest import PASSWORD, make_user
from kindmind.critic.models import Text
from kindmind.critic.tests.conftest import make_entry
from kindmind.lib.browser_testing import (
    SIZES,
    VARIANTS_WITH_SMALL,
    ColorScheme,
    InFlight,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
KEPT = "Object.keys(localStorage).filter(k => k.startsWith('kindmind')).sort()"
SEED = """() => {
  localStorage.setItem('kindmind.pacer', '{"pattern": "4-6"}');
  localStorage.setItem('kindmind:critic-words-hidden:an-entry', '1');
  localStorage.setItem('kindmind:draft:an-entry:reply', '{"text": "old words", "base": 0}');
  localStorage.setItem('another-site-thing', 'theirs');
}"""


@pytest.fixture
def phone(
    browser: Browser,
    live_server: Any,
    in_flight: InFlight,  # its teardown, after ours, waits for the server to finish
) -> Iterator[Page]:
    """A phone whose saves the test may refuse (open_page would report those as faults);
    script errors and CSP violations still fail the test."""
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES["phone"], is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(error.message))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, errors


class Saves:
    """Refuses autosaves (as a dropped connection would) while `down` is true."""

    def __init__(self, page: Page) -> None:
        self.down = True
        page.route(re.compile(r"/critic/[^/]+/save/$"), self.handle)

    def handle(self, route: Route) -> None:
        if self.down:
            route.abort("internetdisconnected")
        else:
            route.continue_()


def text_of(entry: Any, field: str) -> str:
    found = Text.objects.filter(entry=entry, field=field).first()
    return found.body if found else ""


def test_signing_out_saves_what_is_unsaved_then_clears_this_device(phone: Page) -> None:
    person = make_user(EMAIL)
    entry = make_entry(person)
    sign_in(phone, EMAIL, PASSWORD)
    phone.evaluate(SEED)
    saves = Saves(phone)
    phone.goto(f"/critic/{entry.id}/step/words/")
    phone.get_by_label("The critic's words").fill("Typed just before signing out.")
    status = phone.locator("[data-save-status=critic_words]")
    expect(status).to_have_text(re.compile("Not saved yet"))
    assert f"kindmind:draft:{entry.id}:critic_words" in phone.evaluate(KEPT)
    # The connection is back, and the person signs out straight away.
    saves.down = False
    sign_out(phone)
    expect(phone.get_by_role("status")).to_contain_text("You are signed out.")
    assert phone.evaluate(KEPT) == [], "nothing of kindmind's is left on the device"
    assert phone.evaluate("localStorage.getItem('another-site-thing')") == "theirs"
    assert text_of(entry, "critic_words") == "Typed just before signing out."


def test_words_that_could_not_be_saved_stay_on_the_device_after_signing_out(
    phone: Page,
) -> None:
    person = make_user(EMAIL)
    entry = make_entry(person)
    sign_in(phone, EMAIL, PASSWORD)
    Saves(phone)
    phone.goto(f"/critic/{entry.id}/step/words/")
    phone.get_by_label("The critic's words").fill("No connection for these.")
    expect(phone.locator("[data-save-status=critic_words]")).to_have_text(
        re.compile("Not saved yet")
    )
    sign_out(phone)
    expect(phone.get_by_role("status")).to_contain_text("You are signed out.")
    assert f"kindmind:draft:{entry.id}:critic_words" in phone.evaluate(KEPT), (
        "rather kept on the device than lost"
    )
    assert text_of(entry, "critic_words") == ""


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_settings_can_forget_what_this_device_keeps(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    page = open_page(size=size, color_scheme=scheme)
    sign_in(page, EMAIL, PASSWORD)
    page.evaluate(SEED)
    page.goto("/account/settings/")
    page.get_by_role("button", name="Forget what this device keeps").click()
    expect(page.get_by_text("Done. This device keeps nothing of yours")).to_be_visible()
    assert page.evaluate(KEPT) == []
    assert page.evaluate("localStorage.getItem('another-site-thing')") == "theirs"
    check_fits_width(page)
    screenshot(page, f"settings-forget-device-{describe(size, scheme)}")
    check_accessibility(page)
