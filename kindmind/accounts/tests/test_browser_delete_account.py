"""Deleting an account from Settings, in a real browser on the narrowest phone and on a
desktop, light and dark: the page says what goes, a wrong password changes nothing, the
right one deletes and says so, and the clinician they shared with sees that they left."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from kindmind.lib.browser_testing import (
    VARIANTS_WITH_SMALL,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_person_deletes_their_account_and_their_clinician_sees_they_left(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User

    client = make_user("client@example.org", display_name="Robin")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(client=client, clinician=clinician, categories=["profile"], by=client)
    page = open_page(size=size, color_scheme=scheme)
    sign_in(page, "client@example.org", PASSWORD)
    page.goto("/account/settings/")
    page.get_by_role("link", name="Delete my account").click()
    expect(page).to_have_url(re.compile(r"/account/delete/$"))
    expect(page.get_by_role("heading", name="What is deleted, for good")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"account-delete-{describe(size, scheme)}")
    check_accessibility(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing has been deleted")
    check_fits_width(page)
    screenshot(page, f"account-delete-wrong-password-{describe(size, scheme)}")
    check_accessibility(page)
    assert User.objects.filter(pk=client.pk).exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status")).to_contain_text("have been deleted")
    check_fits_width(page)
    screenshot(page, f"account-deleted-{describe(size, scheme)}")
    check_accessibility(page)
    assert not User.objects.filter(pk=client.pk).exists()

    page.context.clear_cookies()
    sign_in(page, "clinician@example.org", PASSWORD)
    page.goto("/clinic/clients/")
    left = page.get_by_role("region", name="Clients who have left kindmind")
    expect(left).to_contain_text("This person has left kindmind")
    expect(page.get_by_text("Robin")).to_have_count(0)
    check_fits_width(page)
    screenshot(page, f"clinic-client-left-{describe(size, scheme)}")
    check_accessibility(page)
    left.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("This person has left kindmind")).to_have_count(0)
