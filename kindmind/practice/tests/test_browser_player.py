"""The practice player in a real browser, as issue 13 asked: on a small phone the step,
the pacer, its words and Pause and End are on screen without scrolling; "End here"
leads to the after-practice page, by keyboard alone and without JavaScript; and a
recorded voice plays, with the words on screen following it (a tiny WAV made in the
test), falling back to the words when the recording cannot play."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    give_session,
    screenshot,
)
from kindmind.practice.actions import recordings_folder
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import PracticeSession
from kindmind.practice.tests.factories import make_recording
from kindmind.practice.tests.test_browser_practice import (
    ProgressWatch,
    check_accessibility_in_time,
    hold_the_clock,
    screenshot_path,
    start,
)

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"
BREATHING = "soothing-rhythm-breathing"
STEPS = PRACTICES[BREATHING].versions["short"].steps


def in_view(page: Page, selector: str) -> dict[str, Any]:
    """Where an element is, against the viewport, as the page itself measures it."""
    box: dict[str, Any] = page.locator(selector).evaluate(
        """el => {
            const r = el.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    width: r.width, height: r.height,
                    vw: window.innerWidth, vh: window.innerHeight, scrollY: window.scrollY};
        }"""
    )
    return box


def assert_in_view(page: Page, selector: str) -> None:
    box = in_view(page, selector)
    assert box["height"] > 0 and box["width"] > 0, (selector, box)
    assert box["top"] >= 0 and box["bottom"] <= box["vh"], (selector, box)
    assert box["left"] >= 0 and box["right"] <= box["vw"], (selector, box)


@pytest.mark.parametrize(("size", "color_scheme"), VARIANTS_WITH_SMALL)
def test_the_pacer_its_words_and_pause_and_end_are_in_view(
    open_page: OpenPage, size: Size, color_scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    page = open_page(size=size, color_scheme=color_scheme)
    page.clock.install()
    give_session(page, EMAIL)
    start(page, BREATHING)
    saves = ProgressWatch(page)
    screenshot(page, f"player-ready-{describe(size, color_scheme)}")
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    # Step 3 is the one that breathes with the pacer.
    page.clock.run_for((STEPS[0].seconds + STEPS[1].seconds) * 1000)
    saves.wait_for(2)
    expect(page.locator("[data-player-text]")).to_have_text(STEPS[2].text)
    expect(page.locator("[data-pacer]")).to_be_visible()
    page.clock.run_for(1000)
    page.screenshot(path=screenshot_path(f"player-pacer-in-view-{describe(size, color_scheme)}"))
    for selector in (
        "[data-player-text]",
        "[data-pacer] .pacer__stage",
        "[data-pacer-phase]",
        "[data-player-pause]",
        "[data-player-end]",
    ):
        assert_in_view(page, selector)
    check_fits_width(page)
    check_accessibility_in_time(page)


def test_end_here_by_keyboard_alone_leads_to_the_after_page(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="small")
    page.clock.install()
    give_session(page, EMAIL)
    session = start(page, BREATHING)
    saves = ProgressWatch(page)
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.clock.run_for(STEPS[0].seconds * 1000 + 3000)
    saves.wait_for(1)
    expect(page.locator("[data-player-where]")).to_have_text("Step 2 of 4")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="End here")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/practice/sessions/{session.id}/after/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for practising")
    session.refresh_from_db()
    assert not session.is_open and session.steps_done == 1 and not session.completed
    screenshot(page, "player-after-end-here-small-light")
    check_accessibility_in_time(page)


def test_without_javascript_ending_part_way_leads_to_the_after_page(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="small", color_scheme="dark", java_script_enabled=False)
    give_session(page, EMAIL)
    session = start(page, BREATHING)
    screenshot(page, "player-small-dark-nojs")
    check_fits_width(page)
    check_accessibility(page)
    page.get_by_role("button", name="I've finished").click()
    expect(page).to_have_url(re.compile(rf"/practice/sessions/{session.id}/after/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for practising")
    session.refresh_from_db()
    assert not session.is_open


def test_a_recorded_voice_plays_and_the_words_follow_it(open_page: OpenPage) -> None:
    make_user(EMAIL)
    # Four seconds of audio for a two-minute practice: each step takes its share.
    recording = make_recording(BREATHING, "short", seconds=4.0)
    page = open_page(size="phone")
    give_session(page, EMAIL)
    session = start(page, BREATHING)
    audio = page.locator("[data-player-audio]")
    expect(audio).to_have_attribute("src", f"/practice/recordings/{recording.id}/")
    text = page.locator("[data-player-text]")
    # Every wording the person is shown is noted as it appears, so a step that is on
    # screen for only half a second on a busy machine is still seen.
    text.evaluate(
        """el => {
            window.shownWords = [el.textContent.trim()];
            new MutationObserver(() => window.shownWords.push(el.textContent.trim()))
                .observe(el, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="Begin").click()
    expect(text).to_have_text(STEPS[0].text)
    # 15 + 10 of 120 seconds: the pacer step begins about 0.83 s into the recording.
    expect(text).to_have_text(STEPS[2].text, timeout=5000)
    playing = audio.evaluate("a => ({paused: a.paused, at: a.currentTime, error: a.error})")
    assert playing["paused"] is False and playing["at"] > 0.5 and playing["error"] is None
    expect(page.locator("[data-player-finish]")).to_be_visible(timeout=8000)
    shown = [words for words in page.evaluate("window.shownWords") if words]
    steps_seen = [step.text for step in STEPS if step.text in shown]
    assert steps_seen == [step.text for step in STEPS]
    # In the order of the practice, each once.
    assert [shown.index(step.text) for step in STEPS] == sorted(
        shown.index(step.text) for step in STEPS
    )
    expect(text).to_contain_text("That is the end of the practice.")
    screenshot(page, "player-recording-finished-phone-light")
    page.get_by_role("button", name="I've finished").click()
    expect(page).to_have_url(re.compile(r"/after/$"))
    session.refresh_from_db()
    assert session.steps_done == 4


def test_a_recording_that_cannot_play_falls_back_to_the_words(open_page: OpenPage) -> None:
    make_user(EMAIL)
    recording = make_recording(BREATHING, "short", seconds=1.0)
    # The file is there but is not playable audio (say, cut short in a copy).
    path: Path = recordings_folder() / recording.file_name
    path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + b"\x00" * 64)
    page = open_page(size="phone", color_scheme="dark")
    page.clock.install()
    give_session(page, EMAIL)
    start(page, BREATHING)
    hold_the_clock(page)
    page.get_by_role("button", name="Begin").click()
    note = page.locator("[data-player-audio-note]")
    expect(note).to_have_text("The recording could not play here, so the steps carry on in words.")
    text = page.locator("[data-player-text]")
    expect(text).to_have_text(STEPS[0].text)
    page.clock.run_for(STEPS[0].seconds * 1000 + 500)
    expect(text).to_have_text(STEPS[1].text)
    screenshot(page, "player-recording-fallback-phone-dark")
    assert PracticeSession.objects.get().is_open
