"""The pages this part of issue 13 changed, looked at in a real browser at 320 px, 390 px
and desktop, light and dark: the recorded-voices page (a clinician sends a tiny WAV
made in the test, and hears it listed), and the pacer's form explaining a setting it
cannot use in kind, specific words."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FilePayload, expect

from conftest import make_user
from kindmind.accounts.models import User
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
from kindmind.practice.models import Recording
from kindmind.practice.tests.factories import tiny_wav

pytestmark = pytest.mark.browser

CLINICIAN = "clinician@example.org"
CLIENT = "client@example.org"


@pytest.mark.parametrize(("size", "color_scheme"), VARIANTS_WITH_SMALL)
def test_a_clinician_sends_a_recording_from_the_page(
    open_page: OpenPage, size: Size, color_scheme: ColorScheme
) -> None:
    make_user(CLINICIAN, role=User.Role.CLINICIAN)
    page = open_page(size=size, color_scheme=color_scheme)
    open_signed_in(page, CLINICIAN, "/practice/recordings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recorded voices")
    # Not audio: refused kindly, nothing kept, the choices still made.
    page.get_by_label("Practice", exact=True).select_option(label="Safe place")
    page.get_by_label("Audio file").set_input_files(
        files=FilePayload(name="notes.wav", mimeType="audio/wav", buffer=b"just words")
    )
    page.get_by_role("button", name="Send this recording").click()
    expect(page.locator("#id_file_error")).to_contain_text(
        "That file doesn't look like audio we can play."
    )
    expect(page.get_by_label("Practice", exact=True)).to_have_value("safe-place")
    assert not Recording.objects.exists()
    screenshot(page, f"recordings-refused-{describe(size, color_scheme)}")
    check_accessibility(page)
    check_fits_width(page)
    # A real (tiny) WAV: kept, listed, and playable by anyone signed in.
    page.get_by_label("Audio file").set_input_files(
        files=FilePayload(name="safe.wav", mimeType="audio/wav", buffer=tiny_wav(2.0))
    )
    page.get_by_role("button", name="Send this recording").click()
    expect(page.get_by_text("Thank you. Safe place now plays with your recording.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"recorded voice, added .* · 2 seconds"))).to_be_visible()
    recording = Recording.objects.get()
    assert (recording.practice, recording.version, recording.size) == ("safe-place", "short", 16044)
    screenshot(page, f"recordings-{describe(size, color_scheme)}")
    check_accessibility(page)
    check_fits_width(page)


@pytest.mark.parametrize(("size", "color_scheme"), VARIANTS_WITH_SMALL)
def test_the_pacer_form_explains_a_setting_it_cannot_use(
    open_page: OpenPage, size: Size, color_scheme: ColorScheme
) -> None:
    make_user(CLIENT)
    page = open_page(size=size, color_scheme=color_scheme)
    open_signed_in(
        page,
        CLIENT,
        "/practice/breathe/?breathe_in=16&hold_in=0&breathe_out=6&hold_out=11&minutes=5",
    )
    expect(page.get_by_text("Something needs another look.")).to_be_visible()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Breathing in can last from 2 to 15 seconds.")
    expect(alert).to_contain_text("A pause after breathing out can last up to 10 seconds.")
    expect(page.get_by_label("Breathe in", exact=True)).to_have_value("16")
    screenshot(page, f"pacer-form-errors-{describe(size, color_scheme)}")
    check_accessibility(page)
    check_fits_width(page)
