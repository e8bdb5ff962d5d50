"""Installable and offline (issue 18, point 3), in Chromium with the service worker on.

With the connection cut (Playwright's offline mode, which the worker's own requests obey
too), the person's safety plan, the crisis services for their country, grounding and the
breathing pacer still open; any other page shows the calm offline page. A check-in
written offline is kept on the device and sent once when the connection returns. After
signing out (or "Forget what this device keeps") the copy of the safety plan is gone."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from kindmind.accounts.models import User
from kindmind.checkins.models import CheckIn
from kindmind.lib.browser_testing import (
    VARIANTS,
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
from kindmind.safety import actions as safety_actions

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
PLAN_WORDS = "Make a warm drink and sit by the window."

# What this device keeps, read inside the page.
CACHED_PLAN = """async (words, path = '/help/plan/') => {
  for (const name of await caches.keys()) {
    const hit = await (await caches.open(name)).match(path, {ignoreVary: true});
    if (hit && (await hit.text()).includes(words)) return name;
  }
  return null;
}"""
WAITING_CHECKINS = """async () => {
  const names = (await indexedDB.databases()).map((db) => db.name);
  if (!names.includes('kindmind-offline')) return [];
  return await new Promise((resolve, reject) => {
    const open = indexedDB.open('kindmind-offline');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('checkins')) { db.close(); resolve([]); return; }
      const all = db.transaction('checkins').objectStore('checkins').getAll();
      all.onsuccess = () => { db.close(); resolve(all.result); };
    };
  });
}"""


def until(check: Any, what: str, timeout: float = 10.0) -> Any:
    """Wait for a condition (never a fixed pause); fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"Waited {timeout} s for {what}.")


def person_with_a_plan() -> User:
    client = make_user(EMAIL, country="AU")
    safety_actions.save_safety_plan(client=client, sections={"coping_alone": PLAN_WORDS}, by=client)
    return client


def with_worker(page: Page) -> None:
    """Sign in and wait until the service worker has kept the shell and looks after
    this page."""
    sign_in(page, EMAIL, PASSWORD)
    controlled(page)


def controlled(page: Page) -> None:
    """Wait until the worker is active, then open the page again: a page whose loading
    overlapped the worker's start is not always claimed, the next one always is."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def open_plan_until_kept(page: Page) -> None:
    page.goto("/help/plan/")
    expect(page.get_by_text(PLAN_WORDS)).to_be_visible()
    until(
        lambda: page.evaluate(CACHED_PLAN, PLAN_WORDS) == "kindmind-personal", "the plan to be kept"
    )
    # With it, the help page as this person sees it (their plan is on it too).
    with_help = f"(words) => ({CACHED_PLAN})(words, '/help/')"
    until(lambda: page.evaluate(with_help, PLAN_WORDS) == "kindmind-personal", "help to be kept")


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_with_no_connection_the_plan_crisis_services_and_pacer_still_open(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person_with_a_plan()
    page = open_page(size=size, color_scheme=scheme, service_worker=True)
    with_worker(page)
    open_plan_until_kept(page)
    page.context.set_offline(True)
    label = describe(size, scheme)

    page.goto("/help/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
    expect(page.get_by_text(PLAN_WORDS)).to_be_visible()
    screenshot(page, f"offline-plan-{label}")
    check_accessibility(page)

    # The crisis services for their own country (the browser's language says Britain),
    # with their plan first, as online.
    page.goto("/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help, right now")
    expect(page.get_by_text("Country shown: Australia, from your settings.")).to_be_visible()
    expect(page.get_by_role("link", name="Call 13 11 14")).to_be_visible()
    expect(page.get_by_text(PLAN_WORDS)).to_be_visible()
    screenshot(page, f"offline-help-{label}")

    page.goto("/quick-help/")
    expect(page.get_by_role("link", name="Next: three slow breaths")).to_be_visible()
    page.get_by_role("link", name="Next: three slow breaths").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three slow breaths")
    page.get_by_role("button", name="Start").click()
    # The pacer runs: it leaves "Ready" and guides the first in-breath.
    expect(page.locator("[data-pacer-phase]")).to_have_text(re.compile("in", re.I))
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    screenshot(page, f"offline-pacer-{label}")
    check_accessibility(page)

    # A page that needs the network: the calm offline page, with the way to what works.
    page.goto("/checkins/week/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline for now")
    expect(page).to_have_url(re.compile(r"/checkins/week/$"))
    page.get_by_role("link", name="Crisis services and help now").click()
    expect(page.get_by_role("link", name="Call 13 11 14")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline for now")
    screenshot(page, f"offline-page-{label}")
    check_accessibility(page)
    check_fits_width(page)
    page.context.set_offline(False)


def test_public_pages_open_offline_for_someone_never_signed_in(open_page: OpenPage) -> None:
    page = open_page(size="phone", service_worker=True)
    page.goto("/help/?country=GB")
    controlled(page)
    page.context.set_offline(True)
    page.goto("/quick-help/breathe/")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    # Nobody's plan was kept: the plan's address shows the offline page.
    page.goto("/help/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline for now")
    page.context.set_offline(False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_check_in_written_offline_is_sent_once_when_back_online(
    open_page: OpenPage, in_flight: InFlight, scheme: ColorScheme
) -> None:
    client = person_with_a_plan()
    page = open_page(size="phone", color_scheme=scheme, service_worker=True)
    with_worker(page)
    page.goto("/checkins/new/")
    page.context.set_offline(True)
    page.locator("#id_soothing").fill("6")
    page.get_by_label("calm").check()
    page.get_by_label("What was happening?").fill("A quiet walk with no signal.")
    page.get_by_role("button", name="Save my check-in").click()
    kept = page.get_by_text("your check-in is kept safely on this device")
    expect(kept).to_be_visible()
    expect(kept).to_be_focused()
    expect(page.get_by_role("button", name="Save my check-in")).to_be_hidden()
    screenshot(page, f"offline-checkin-kept-phone-{scheme}")
    check_accessibility(page)
    waiting = page.evaluate(WAITING_CHECKINS)
    assert len(waiting) == 1
    assert waiting[0]["person"] == str(client.pk)
    assert not CheckIn.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_text("The check-in you wrote while offline is saved now.")).to_be_visible()
    expect(kept).to_be_hidden()
    screenshot(page, f"offline-checkin-sent-phone-{scheme}")
    until(lambda: page.evaluate(WAITING_CHECKINS) == [], "the kept check-in to be let go")
    saved = CheckIn.objects.get(client=client)
    assert (saved.soothing, saved.emotions, saved.note) == (
        6,
        ["calm"],
        "A quiet walk with no signal.",
    )
    assert str(saved.submission_id) == waiting[0]["id"]

    # The answer lost on the way back (the page closed at the wrong moment): the same
    # check-in is sent again at the next page, and is still recorded once.
    page.evaluate(
        """(item) => new Promise((resolve) => {
          const open = indexedDB.open('kindmind-offline', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('checkins', {keyPath: 'id'});
          open.onsuccess = () => {
            const tx = open.result.transaction('checkins', 'readwrite');
            tx.objectStore('checkins').put(item);
            tx.oncomplete = () => { open.result.close(); resolve(true); };
          };
        })""",
        waiting[0],
    )
    page.goto("/today/")
    until(lambda: page.evaluate(WAITING_CHECKINS) == [], "the repeated send")
    in_flight.wait_until_quiet()
    assert CheckIn.objects.filter(client=client).count() == 1


def test_signing_out_removes_the_kept_safety_plan(open_page: OpenPage) -> None:
    person_with_a_plan()
    page = open_page(size="phone", service_worker=True)
    with_worker(page)
    open_plan_until_kept(page)
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/\?signed-out$"))
    assert page.evaluate(CACHED_PLAN, PLAN_WORDS) is None
    assert page.evaluate(f"(words) => ({CACHED_PLAN})(words, '/help/')", PLAN_WORDS) is None
    assert "kindmind-personal" not in page.evaluate("caches.keys()")
    # Offline, the plan's address now shows only the offline page.
    page.context.set_offline(True)
    page.goto("/help/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline for now")
    expect(page.get_by_text(PLAN_WORDS)).to_have_count(0)
    page.context.set_offline(False)


def test_the_worker_lets_the_plan_go_even_when_the_page_script_does_not(
    open_page: OpenPage,
) -> None:
    """form.submit() skips the page's own sign-out script: the service worker, seeing the
    sign-out answered, removes the plan by itself."""
    person_with_a_plan()
    page = open_page(size="phone", service_worker=True)
    with_worker(page)
    open_plan_until_kept(page)
    page.evaluate("document.querySelector('form[data-forget-device]').submit()")
    expect(page).to_have_url(re.compile(r"/\?signed-out$"))
    assert page.evaluate(CACHED_PLAN, PLAN_WORDS) is None


def test_forgetting_this_device_in_settings_removes_the_kept_plan(open_page: OpenPage) -> None:
    person_with_a_plan()
    page = open_page(size="phone", service_worker=True)
    with_worker(page)
    open_plan_until_kept(page)
    page.goto("/account/settings/")
    page.get_by_role("button", name="Forget what this device keeps").click()
    expect(page.get_by_text("This device keeps nothing of yours")).to_be_visible()
    assert page.evaluate(CACHED_PLAN, PLAN_WORDS) is None
    # What is public stays: grounding still opens offline.
    page.context.set_offline(True)
    page.goto("/quick-help/")
    expect(page.get_by_role("link", name="Next: three slow breaths")).to_be_visible()
    page.context.set_offline(False)


def test_a_reminder_shows_with_the_app_icon_and_opens_only_on_kindmind(
    open_page: OpenPage,
) -> None:
    page = open_page(size="phone", service_worker=True)
    page.context.grant_permissions(["notifications"])
    page.goto("/help/")
    controlled(page)
    worker = page.context.service_workers[0]
    # The worker's own promise for showing it is awaited (no time limit of the test's
    # own): it says whether the browser refused, rather than a wait running out.
    outcome = worker.evaluate(
        """async () => {
          const event = new PushEvent('push', {
            data: JSON.stringify({title: 'A moment for you', body: 'Three slow breaths?',
                                  url: 'https://elsewhere.example/steal'}),
          });
          let showing = null;
          event.waitUntil = (promise) => { showing = promise; };
          self.dispatchEvent(event);
          if (!showing) return 'the worker showed nothing';
          try { await showing; } catch (e) { return String(e); }
          return 'shown';
        }"""
    )
    assert outcome == "shown"
    shown = until(
        lambda: worker.evaluate(
            """async () => {
              const found = await self.registration.getNotifications();
              if (!found.length) return null;
              const n = found[0];
              return {title: n.title, body: n.body, icon: n.icon, url: n.data.url};
            }"""
        ),
        "the reminder to be listed among the worker's notifications",
    )
    assert (shown["title"], shown["body"]) == ("A moment for you", "Three slow breaths?")
    assert shown["icon"].endswith("/static/kindmind/icons/icon-192.png")
    # An address elsewhere is never opened from a notification: kindmind's own instead.
    assert shown["url"] == page.evaluate("location.origin + '/'")
