"""A clinician reads a person's page (what is shared, over time) and writes a session
note, on a phone and a desktop, light and dark."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

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


def _person() -> str:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User

    client = make_user("client@example.org", display_name="Sam")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(
        client=client,
        clinician=clinician,
        categories=["profile", "checkins", "measures"],
        by=client,
    )
    now = timezone.now()
    for days in range(0, 40, 4):
        make_checkin(client, at=now - timedelta(days=days), threat=3 + days % 5, soothing=4)
    make_measure_response(client, completed_at=now - timedelta(days=30))
    make_measure_response(client, answers=[0, 0, 1, 0, 0, 1, 0, 0, 0], completed_at=now)
    return str(client.id)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_reads_what_a_person_shares(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    client_id = _person()
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", "/clinic/clients/")
    page.get_by_role("link", name="Sam", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam: everything shared")
    expect(page.get_by_text("Not shared")).to_have_count(
        4
    )  # practice, critic work, safety plan, formulation
    check_fits_width(page)
    screenshot(page, f"clinic-person-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("link", name="Over time").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam's three systems over time")
    expect(page.get_by_role("img")).to_have_count(1)
    check_fits_width(page)
    screenshot(page, f"clinic-person-trend-{describe(size, scheme)}")
    check_accessibility(page)
    page.goto(f"/clinic/clients/{client_id}/questionnaires/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam's questionnaires")
    check_fits_width(page)
    screenshot(page, f"clinic-person-questionnaires-{describe(size, scheme)}")
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_writes_a_session_note(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    client_id = _person()
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", f"/clinic/clients/{client_id}/")
    page.get_by_role("link", name="Sessions held and your notes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions with Sam")
    # A date that cannot be read keeps what was typed and says what to do.
    page.get_by_label("Length in minutes (if you like)").fill("900")
    page.get_by_label("Your note").fill("Worked on soothing rhythm breathing.")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("alert")).to_contain_text("between 1 and 600 minutes")
    expect(page.get_by_label("Your note")).to_have_value("Worked on soothing rhythm breathing.")
    check_fits_width(page)
    screenshot(page, f"casenotes-error-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_label("Length in minutes (if you like)").fill("50")
    page.get_by_label("How it was held (if you like)").select_option("in_person")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("The session is saved.")).to_be_visible()
    expect(page.locator(".session-note")).to_contain_text("Worked on soothing rhythm breathing.")
    expect(page.locator(".session-note")).to_contain_text("In person")
    check_fits_width(page)
    screenshot(page, f"casenotes-saved-{describe(size, scheme)}")
    check_accessibility(page)
