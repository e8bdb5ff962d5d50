"""Guided practice in a real browser: a whole short breathing practice with the pacer, the
pacer's timing measured against its schedule, "I need to stop" leading to grounding,
backdraft after a rise in distress, and everything without JavaScript.

Time. Practices take minutes, so most tests drive the page's clock with Playwright's
clock API (page.clock: Date, timers, requestAnimationFrame and performance.now move
together), which checks the sequence of steps and phases without waiting for them.
The timing test cannot do that: fake timers fire exactly on time, so they would measure
nothing. It runs the pacer in real time for KINDMIND_PACER_SECONDS (30 s in CI, to keep
the suite quick; 300 s for the full five-minute figures in BENCHMARKS.md) and compares
every phase boundary, as the pacer logged it and as the page changed, with the schedule.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from kindmind.lib.browser_testing import (
    SCREENSHOTS,
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    give_session,
    open_signed_in,
    screenshot,
    sign_in,
)
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import KindAction, PracticeSession
from kindmind.practice.pacer import PRESETS

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
BREATHING = "soothing-rhythm-breathing"
PACER_SECONDS = float(os.environ.get("KINDMIND_PACER_SECONDS", "30"))
PACER_PRESET = os.environ.get("KINDMIND_PACER_PRESET", "with-pauses")
# The promise: every boundary within 50 ms of its schedule.
TOLERANCE_MS = 50.0

# Speech and vibration, recorded instead of heard and felt (headless Chromium has no
# voices). Installed before any page script runs.
RECORDER = """
window.__spoken = [];
window.__buzzed = [];
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    speak: (u) => window.__spoken.push(u.text),
    cancel: () => {}, pause: () => {}, resume: () => {},
    getVoices: () => [], addEventListener: () => {},
  },
});
Object.defineProperty(navigator, "vibrate", {
  configurable: true,
  value: (pattern) => { window.__buzzed.push(pattern); return true; },
});
"""

# An observer of the page itself: when the pacer's data-phase changes, and to what.
OBSERVER = """
window.__phases = [];
new MutationObserver((records) => {
  const now = performance.now();
  for (const r of records) {
    if (r.attributeName === "data-phase" && r.target.hasAttribute("data-phase")) {
      window.__phases.push({phase: r.target.getAttribute("data-phase"), at: now});
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-phase"]});
"""


class ProgressWatch:
    """Counts the player's progress saves that have come back.

    The live server shares one in-memory SQLite connection between its threads, so two
    requests at once can find a table locked; the tests wait for each save to finish
    before sending the next form. (On a real database the writes simply queue.)
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.done = 0
        page.on("requestfinished", self._count)
        page.on("requestfailed", self._count)

    def _count(self, request: Any) -> None:
        if request.url.endswith("/progress/"):
            self.done += 1

    def wait_for(self, total: int) -> None:
        for _ in range(400):
            if self.done >= total:
                return
            self.page.wait_for_timeout(25)
        pytest.fail(f"only {self.done} of {total} progress saves came back")


def rate(page: Page, ratings: dict[str, int]) -> None:
    for name, value in ratings.items():
        page.get_by_role("group", name=name).get_by_label(str(value), exact=True).check()


def start(page: Page, slug: str, *, before: dict[str, int] | None = None) -> PracticeSession:
    page.goto(f"/practice/library/{slug}/")
    if before:
        page.get_by_text("How do you feel before you start?").click()
        rate(page, before)
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/practice/sessions/[0-9a-f-]+/$"))
    return PracticeSession.objects.get(id=page.url.rstrip("/").rsplit("/", 1)[1])


def server_seconds(session: PracticeSession) -> int:
    """What the server measured from the practice's start to its end."""
    assert session.ended_at is not None
    return int((session.ended_at - session.started_at).total_seconds())


def screenshot_path(name: str) -> str:
    """Where a screenshot of one part of a page goes, beside the full-page ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def hold_the_clock(page: Page) -> None:
    """Stop the page's (fake) clock, so that time moves only when the test says."""
    now = float(page.evaluate("Date.now()")) / 1000
    page.clock.pause_at(datetime.fromtimestamp(round(now) + 1, tz=UTC))


def check_accessibility_in_time(page: Page) -> None:
    """axe waits on timers: let the page's clock flow again before it runs."""
    page.clock.resume()
    check_accessibility(page)


def test_a_full_short_breathing_practice_with_the_pacer(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    page.add_init_script(RECORDER)
    page.clock.install()
    give_session(page, EMAIL)
    session = start(page, BREATHING, before={"Distress": 6, "Soothed or calm": 3})
    saves = ProgressWatch(page)
    steps = PRACTICES[BREATHING].versions["short"].steps

    # With JavaScript, one step at a time; the whole script waits below, hidden.
    expect(page.locator("[data-player-script]")).to_be_hidden()
    expect(page.locator("[data-player-finish]")).to_be_hidden()
    page.get_by_text("Sound, voice and eyes-closed mode").click()
    page.get_by_label("Read each step aloud").check()
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    text = page.locator("[data-player-text]")
    expect(text).to_have_text(steps[0].text)
    expect(page.locator("[data-player-where]")).to_have_text("Step 1 of 4")
    expect(page.locator("[data-player-time]")).to_have_text("0:15")

    page.clock.run_for(15_000)
    saves.wait_for(1)
    expect(text).to_have_text(steps[1].text)
    pacer = page.locator("[data-pacer]")
    expect(pacer).to_be_hidden()

    # Pause and resume: the step waits for the person.
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(60_000)
    expect(text).to_have_text(steps[1].text)
    page.get_by_role("button", name="Resume").click()

    page.clock.run_for(10_000)
    saves.wait_for(2)
    expect(text).to_have_text(steps[2].text)
    expect(pacer).to_be_visible()
    expect(pacer).to_have_attribute("data-phase", "in")
    expect(page.locator("[data-pacer-phase]")).to_have_text("Breathe in")
    page.clock.run_for(2_500)
    grown = page.locator("[data-pacer-shape]").evaluate("el => el.style.transform")
    page.clock.run_for(2_600)
    expect(pacer).to_have_attribute("data-phase", "out")
    expect(page.locator("[data-pacer-phase]")).to_have_text("Breathe out")
    assert grown.startswith("scale(0.7")  # half-way through the in-breath

    page.clock.run_for(75_000)
    saves.wait_for(3)
    expect(text).to_have_text(steps[3].text)
    expect(pacer).to_be_hidden()
    page.clock.run_for(15_000)
    saves.wait_for(4)
    expect(text).to_contain_text("That is the end of the practice.")
    finish = page.locator("[data-player-finish]")
    expect(finish).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    assert spoken[:4] == [step.text for step in steps]

    page.get_by_text("How do you feel now?").click()
    rate(page, {"Distress": 3, "Soothed or calm": 7, "Warmth toward myself": 5})
    # The page's clock ran three fake minutes in a second or two of real time; the server
    # counts real time, so the start moves back by what a person would have spent.
    PracticeSession.objects.filter(id=session.id).update(
        started_at=session.started_at - timedelta(minutes=3)
    )
    page.get_by_role("button", name="I've finished").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for practising")
    expect(
        page.get_by_text(
            re.compile(r"Thank you for practising\. \d+ minutes? (is|are) in your log\.")
        )
    ).to_be_visible()
    session.refresh_from_db()
    assert (session.steps_done, session.backdraft) == (4, False)
    # The time logged is the server's, from start to finish (the page's clock is fake).
    assert session.seconds == server_seconds(session)
    assert (session.distress_before, session.calm_before) == (6, 3)
    assert (session.distress_after, session.calm_after, session.warmth_after) == (3, 7, 5)


# Real time on a shared machine: beside another browser test's page, a boundary once came
# later than 50 ms at a load of 15, which measured the neighbour, not the pacer.
@pytest.mark.alone
def test_the_pacer_keeps_its_schedule(open_page: OpenPage) -> None:
    """Every phase boundary of a five-minute session within 50 ms of its schedule, in
    real time (see the module docstring for why not fake time)."""
    make_user(EMAIL)
    page = open_page(size="desktop")
    sign_in(page, EMAIL, PASSWORD)
    page.add_init_script(OBSERVER)
    pattern = PRESETS[PACER_PRESET]
    page.goto(f"/practice/breathe/?preset={PACER_PRESET}")
    page.get_by_role("button", name="Start").click()
    page.wait_for_timeout(PACER_SECONDS * 1000)
    seen: dict[str, Any] = page.evaluate(
        """() => ({
            log: window.kindmindPacerLog,
            changes: window.__phases,
            t0: parseFloat(document.querySelector("[data-pacer]").dataset.pacerT0),
        })"""
    )
    schedule = pattern.boundaries(5)
    logged = [entry for entry in seen["log"] if entry["index"] > 0]
    assert len(logged) >= 4, "the pacer changed phase"
    errors, observed = [], []
    for entry in logged:
        at, phase = schedule[entry["index"]]
        assert entry["phase"] == phase
        assert entry["scheduled"] == pytest.approx(at * 1000)
        errors.append(entry["actual"] - at * 1000)
    # What the page showed, seen from outside the pacer: the same boundaries, in order.
    changes = seen["changes"][1:]
    assert [c["phase"] for c in changes] == [e["phase"] for e in logged]
    for change, entry in zip(changes, logged, strict=True):
        observed.append(change["at"] - seen["t0"] - schedule[entry["index"]][0] * 1000)

    def figures(values: list[float]) -> str:
        late = [abs(v) for v in values]
        return f"max {max(late):.2f} ms, mean {statistics.fmean(late):.2f} ms"

    sys.stdout.write(
        f"\nBreathing pacer timing ({PACER_PRESET}, {pattern.breathe_in:g}/{pattern.hold_in:g}/"
        f"{pattern.breathe_out:g}/{pattern.hold_out:g} s, {PACER_SECONDS:g} s of a 5-minute "
        f"session, {len(errors)} boundaries): pacer log {figures(errors)}; "
        f"page observer {figures(observed)}\n"
    )
    # Never early, beyond the 0.25 ms the pacer allows a timer that wakes a touch soon
    # and the 0.1 ms grain of performance.now() in Chromium.
    assert min(errors) >= -0.5, "no boundary is shown early"
    assert max(abs(e) for e in errors) <= TOLERANCE_MS
    assert max(abs(o) for o in observed) <= TOLERANCE_MS


def test_i_need_to_stop_leads_to_grounding(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    page.clock.install()
    give_session(page, EMAIL)
    session = start(page, "safe-place")
    saves = ProgressWatch(page)
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    # The first two steps (20 + 30 s) and a little more.
    for ms, total in ((20_000, 1), (35_000, 2)):
        page.clock.run_for(ms)
        saves.wait_for(total)
    page.get_by_role("button", name="I need to stop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You stopped. That was a kind thing to do."
    )
    expect(page.get_by_role("heading", name="First, let's ground")).to_be_visible()
    expect(page.get_by_text("Keep your eyes open. Feel your feet on the floor.")).to_be_visible()
    session.refresh_from_db()
    assert (session.steps_done, session.needed_to_stop) == (2, True)
    assert session.seconds == server_seconds(session)
    screenshot(page, "practice-after-stop-phone-light")
    check_accessibility_in_time(page)
    page.get_by_role("button", name="Ground with guidance, 2 min").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grounding")
    expect(page.locator("[data-player-text]")).to_have_text("When you're ready, press Begin.")


def test_a_rise_in_distress_brings_the_backdraft_follow_up(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", color_scheme="dark")
    page.clock.install()
    give_session(page, EMAIL)
    session = start(page, "compassion-flowing-in", before={"Distress": 3})
    saves = ProgressWatch(page)
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    for total, step in enumerate(PRACTICES["compassion-flowing-in"].versions["short"].steps, 1):
        page.clock.run_for(step.seconds * 1000)
        saves.wait_for(total)
    expect(page.locator("[data-player-finish]")).to_be_visible()
    page.get_by_text("How do you feel now?").click()
    rate(page, {"Distress": 6})
    page.locator("[data-player-finish]").screenshot(
        path=screenshot_path("practice-ratings-phone-dark")
    )
    page.get_by_role("button", name="I've finished").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "That stirred something. That's okay."
    )
    expect(
        page.get_by_text("This is called backdraft. It is a normal part of this work")
    ).to_be_visible()
    expect(page.get_by_text("Your distress went up during this practice")).to_be_visible()
    suggestions = page.locator(".suggestion__title")
    expect(suggestions).to_have_text(
        ["Grounding", "One small kind thing", "Compassion flowing out"]
    )
    screenshot(page, "practice-after-backdraft-phone-dark")
    check_accessibility_in_time(page)

    page.get_by_text("To feel comforted").click()
    page.get_by_label("One small, kind thing you could do").fill("Make a warm drink")
    page.get_by_role("button", name="Save it").click()
    expect(page.get_by_text("Saved. You'll find it in your practice log.")).to_be_visible()
    session.refresh_from_db()
    assert session.backdraft and session.distress_after == 6
    assert KindAction.objects.get().action == "Make a warm drink"


def test_everything_works_without_javascript(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", java_script_enabled=False)
    give_session(page, EMAIL)
    start(page, BREATHING, before={"Distress": 4})
    # The timed, text-only version: every step, with its time, and the finish form.
    steps = page.locator(".steps__item")
    expect(steps).to_have_count(4)
    expect(steps.nth(2)).to_contain_text("About 1 minute 20 seconds")
    expect(steps.nth(2)).to_contain_text("breathe in for about 5 seconds and out for about 6")
    expect(page.locator("[data-player-stage]")).to_be_hidden()
    screenshot(page, "practice-player-phone-light-nojs")
    check_accessibility(page)
    check_fits_width(page)
    page.get_by_text("How do you feel now?").click()
    rate(page, {"Distress": 3})
    page.get_by_label("This stirred something difficult").check()
    page.get_by_role("button", name="I've finished").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "That stirred something. That's okay."
    )
    session = PracticeSession.objects.get()
    assert (session.steps_done, session.stirred, session.distress_after) == (4, True, 3)
    assert session.seconds == server_seconds(session)

    # "I need to stop" works too, and leads to grounding.
    start(page, "grounding")
    page.get_by_role("button", name="I need to stop").click()
    expect(page.get_by_role("heading", name="First, let's ground")).to_be_visible()

    # The pacer page says the rhythm in words.
    page.goto("/practice/breathe/")
    expect(page.get_by_text("Breathe in slowly for about 5 seconds.")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_hidden()
    screenshot(page, "practice-pacer-phone-light-nojs")
    check_accessibility(page)


def test_reduced_motion_keeps_the_shape_still(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    page.emulate_media(reduced_motion="reduce")
    page.clock.install()
    open_signed_in(page, EMAIL, "/practice/breathe/")
    hold_the_clock(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(2_500)
    pacer = page.locator("[data-pacer]")
    expect(pacer).to_have_attribute("data-phase", "in")
    assert page.locator("[data-pacer-shape]").evaluate("el => el.style.transform") == ""
    page.clock.run_for(3_000)
    expect(pacer).to_have_attribute("data-phase", "out")
    expect(page.locator("[data-pacer-phase]")).to_have_text("Breathe out")
    screenshot(page, "practice-pacer-reduced-motion-phone-light")


def test_eyes_closed_mode_works_by_sound_and_vibration(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", color_scheme="dark")
    page.add_init_script(RECORDER)
    page.clock.install()
    give_session(page, EMAIL)
    start(page, "grounding")
    page.get_by_text("Sound, voice and eyes-closed mode").click()
    page.get_by_label(re.compile("Eyes-closed mode")).check()
    page.get_by_label("Vibration, where your phone allows it").uncheck()
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    overlay = page.locator("[data-eyes-closed]")
    expect(overlay).to_be_visible()
    first = PRACTICES["grounding"].versions["short"].steps[0].text
    expect(overlay).to_contain_text(first)
    saves = ProgressWatch(page)
    page.clock.run_for(15_000)
    saves.wait_for(1)
    # Each new step is spoken and felt, even with vibration otherwise off.
    assert page.evaluate("window.__spoken")[:2] == [
        s.text for s in PRACTICES["grounding"].versions["short"].steps[:2]
    ]
    assert page.evaluate("window.__buzzed") == [[120, 120, 120], [150]]
    screenshot(page, "practice-eyes-closed-phone-dark")
    page.get_by_role("button", name="Tap anywhere to pause").click()
    expect(overlay).to_be_hidden()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_the_player_and_the_pacer_as_people_see_them(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    page.clock.install()
    open_signed_in(page, EMAIL, "/practice/")
    screenshot(page, f"practice-index-{label}")
    check_accessibility_in_time(page)
    start(page, BREATHING)
    saves = ProgressWatch(page)
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    # Into the pacer step (after 15 + 10 s), half-way through the first in-breath.
    for ms, total in ((15_000, 1), (12_500, 2)):
        page.clock.run_for(ms)
        saves.wait_for(total)
    expect(page.locator("[data-pacer]")).to_have_attribute("data-phase", "in")
    screenshot(page, f"practice-player-{label}")
    check_accessibility_in_time(page)
    check_fits_width(page)

    page.goto("/practice/breathe/")
    hold_the_clock(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(7_500)  # mid out-breath
    expect(page.locator("[data-pacer]")).to_have_attribute("data-phase", "out")
    screenshot(page, f"practice-pacer-{label}")
    check_accessibility_in_time(page)
    check_fits_width(page)
