"""The progress report in a real browser: read on a phone and a laptop, light and dark, and
printed to PDF by Chromium and read back, as a person saving it for a session would."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.formulation.actions import save_formulation
from kindmind.lib.browser_testing import (
    REPO_ROOT,
    SCREENSHOTS,
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_chart_words_inside,
    check_fits_width,
    describe,
    open_signed_in,
    screenshot,
)
from kindmind.report.tests.factories import PHQ9, checkins, practices, response

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"


def a_person_with_three_months(name: str = "") -> User:
    """PHQ-9s of 16, 4 and 24 (a reliable improvement, then a reliable change the harder
    way since the first), practice most weeks and check-ins most days."""
    person = make_user(EMAIL, display_name=name, timezone_name="Europe/London")
    now = timezone.now()
    for weeks, total in ((10, 16), (6, 4), (1, 24)):
        response(person, now - timedelta(weeks=weeks), PHQ9[total])
    practices(person, [now - timedelta(days=d, hours=3) for d in range(0, 84, 3)], seconds=420)
    checkins(person, [now - timedelta(days=d, hours=2) for d in range(0, 84, 2)], 6, 4, 3)
    checkins(person, [now - timedelta(days=d, hours=5) for d in range(1, 84, 4)], 3, 5, 7)
    return person


def open_report(page: Page) -> None:
    open_signed_in(page, EMAIL, "/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress report for Robin")


@pytest.mark.parametrize(("size", "color_scheme"), VARIANTS_WITH_SMALL)
def test_the_report_reads_well_on_every_screen(
    open_page: OpenPage, size: Size, color_scheme: ColorScheme
) -> None:
    person = a_person_with_three_months("Robin")
    save_formulation(
        client=person,
        texts={
            "history": "Grew up where mistakes were noticed more than efforts.",
            "needs": "Rest.",
        },
        based_on=0,
        by=person,
    )
    page = open_page(size=size, color_scheme=color_scheme)
    open_report(page)
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    expect(page.get_by_text("Since the first score in this period: a reliable")).to_be_visible()
    # With the formulation ticked too: the diagram that fits the screen, and every word.
    page.get_by_label("Your formulation").check()
    page.get_by_role("button", name="Show this report").click()
    expect(page.get_by_role("heading", name="Your formulation")).to_be_visible()
    expect(
        page.get_by_text("Grew up where mistakes were noticed more than efforts.")
    ).to_be_visible()
    part = page.locator('section[aria-labelledby="part-formulation"]')
    part.screenshot(path=SCREENSHOTS / f"report-formulation-{describe(size, color_scheme)}.png")
    check_fits_width(page)
    check_chart_words_inside(page)
    check_accessibility(page)
    screenshot(page, f"report-{describe(size, color_scheme)}")


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext ends each page with a form feed)."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (scripts/test does).")
    done = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return [" ".join(page.split()) for page in done.stdout.split("\f")[:-1]]


def test_the_report_printed_to_pdf_holds_the_scores_and_what_changed(
    open_page: OpenPage,
) -> None:
    a_person_with_three_months("Robin")
    # Dark on screen: the paper must still come out light.
    page = open_page(size="desktop", color_scheme="dark")
    open_report(page)
    # With the keyboard alone: choose a longer period and show it.
    page.get_by_label("6 months").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show this report").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"period=6m"))
    expect(page.get_by_label("6 months")).to_be_checked()

    page.emulate_media(media="print")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text_colour = page.evaluate("getComputedStyle(document.body).color")
    assert background == "rgb(255, 255, 255)"
    assert text_colour == "rgb(0, 0, 0)"
    screenshot(page, "report-print-preview-desktop-dark")
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    pdf = artifacts / "report.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    page.emulate_media(media="null")

    pages = pdf_pages(pdf)
    assert all(pages), "no empty page is printed"
    # Each part starts on a page of its own.
    assert pages[0].startswith("Progress report for Robin")
    assert sum(p.startswith(("Practice", "The three circles")) for p in pages) == 2
    text = " ".join(pages)
    assert "Progress report for Robin" in text
    assert "This report is yours, to keep or to share" in text
    assert "Numbers are only part of the story" in text
    assert "First score in this period: 16 (Moderately severe)" in text
    assert "Latest: 24 (Severe)" in text
    assert "Since the first score in this period: a reliable change the harder way." in text
    assert "Reliable improvement" in text
    assert "Reliable change, the harder way" in text
    assert "Reliable change uses these published figures" in text
    assert "minutes of practice, over 28 practices" in text
    assert "Weekly averages, from the numbers you gave" in text
    assert "worse" not in text.lower()
    for elsewhere in ("Print or save as PDF", "Show this report", "Sign out", "Help now"):
        assert elsewhere not in text, f"only the report is printed, not {elsewhere!r}"
