"""A clinician reads their own session notes kept after someone left, from the "has
left" entry, and is asked before dismissing deletes them: phone and desktop, light and
dark."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from conftest import make_user
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


def _someone_left() -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.deletion import delete_account
    from kindmind.accounts.models import User
    from kindmind.casenotes.models import SessionNote

    client = make_user("client@example.org", display_name="Sam")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(client=client, clinician=clinician, categories=["checkins"], by=client)
    for day, words in ((5, "First meeting; agreed to try the soothing rhythm."), (19, "")):
        SessionNote.objects.create(
            clinician=clinician, client=client, held_on=date(2026, 1, day), minutes=50, note=words
        )
    with override_settings(DELETION_CLINICIAN_NOTES="keep"):
        delete_account(client.id)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_reads_notes_kept_after_someone_left(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    _someone_left()
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", "/clinic/clients/")
    page.get_by_role("link", name="Your 2 session notes, kept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your session notes kept after someone left"
    )
    expect(page.get_by_text("agreed to try the soothing rhythm")).to_be_visible()
    check_fits_width(page)
    check_accessibility(page)
    screenshot(page, f"casenotes-kept-{describe(size, scheme)}")

    page.get_by_role("link", name="Back to your clients").click()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dismiss and delete your kept notes?")
    check_accessibility(page)
    screenshot(page, f"casenotes-dismiss-kept-{describe(size, scheme)}")
    page.get_by_role("button", name="Dismiss and delete the notes").click()
    expect(page.get_by_text("your notes kept with it are deleted")).to_be_visible()
