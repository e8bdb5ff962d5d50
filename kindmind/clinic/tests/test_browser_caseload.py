"""The clinician's caseload in a real browser: an urgent alert on Today and at the top of
the caseload, acknowledged with one deliberate press; a person who does not share their
name shown by the clinician's label. Phone and desktop, light and dark."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_checkin, make_measure_response, make_user
from kindmind.lib.browser_testing import (
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    open_signed_in,
    screenshot,
)

pytestmark = pytest.mark.browser


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the focused element is the one named (at most 80 presses)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el) return "";
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return (el.innerText || "") + "|" + label;
            }"""
        )
        if name in " ".join(str(focused).split()):
            return
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_sees_who_needs_attention_and_acknowledges_an_alert(
    open_page: OpenPage, size: Size, scheme: ColorScheme, settings: Any
) -> None:
    from kindmind.accounts.access import CATEGORIES
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User
    from kindmind.measures.scoring import score
    from kindmind.safety.actions import record_safety_event

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    robin = make_user("robin@example.org", display_name="Robin")
    share_with_clinician(client=robin, clinician=clinician, categories=list(CATEGORIES), by=robin)
    quiet = make_user("quiet@example.org", display_name="Not shared")
    share_with_clinician(client=quiet, clinician=clinician, categories=["checkins"], by=quiet)
    make_checkin(robin, threat=6, drive=4, soothing=3)
    make_checkin(quiet, threat=3, drive=5, soothing=6)
    for days, answers in ((40, [0, 1, 0, 1, 0, 0, 0, 0, 0]), (1, [3, 3, 2, 2, 2, 2, 1, 1, 0])):
        make_measure_response(
            robin,
            answers=answers,
            result=score("phq9", answers).as_json(),
            completed_at=timezone.now() - timedelta(days=days),
        )
    record_safety_event(client=robin, level="urgent", source="checkins.checkin")

    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", "/today/")
    today = page.get_by_role("region", name="An urgent safety alert is waiting for you")
    expect(today).to_contain_text("Robin")
    check_fits_width(page)
    screenshot(page, f"clinic-today-urgent-alert-{describe(size, scheme)}")
    check_accessibility(page)

    page.goto("/clinic/clients/")
    waiting = page.get_by_role("region", name="A safety alert is waiting for you")
    expect(waiting).to_contain_text("Noticed in: A check-in")
    expect(page.get_by_text("A reliable deterioration since their first score")).to_have_count(2)
    expect(page.get_by_role("link", name="Person 2", exact=True)).to_be_visible()
    expect(page.get_by_text("Not shared", exact=True)).to_have_count(0)
    check_fits_width(page)
    screenshot(page, f"clinic-caseload-{describe(size, scheme)}")
    check_accessibility(page)

    # By keyboard alone: Tab to the button, Enter to press it.
    tab_to(page, "Acknowledge the alert for Robin")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The alert is acknowledged")).to_be_visible()
    expect(page.get_by_role("region", name="A safety alert is waiting for you")).to_have_count(0)
    check_fits_width(page)
    screenshot(page, f"clinic-caseload-acknowledged-{describe(size, scheme)}")
    check_accessibility(page)

    tab_to(page, "Give a label for Person 2")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your label for this person")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"clinic-label-{describe(size, scheme)}")
    check_accessibility(page)
    tab_to(page, "Your label for this person")
    page.keyboard.type("J.T.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="J.T.", exact=True)).to_be_visible()
