"""A safety alert whose email never went out reaches the clinician in kindmind instead,
readable on the narrowest phone, light and dark."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import make_user
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

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_an_alert_that_was_not_emailed_waits_on_the_clients_page(
    open_page: OpenPage, size: Size, scheme: ColorScheme, settings: Any
) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User
    from kindmind.safety.actions import record_safety_event

    # No mail server: the alert is printed nowhere a person reads it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    client = make_user("client@example.org", display_name="Robin")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(
        client=client, clinician=clinician, categories=["profile", "safety"], by=client
    )
    record_safety_event(client=client, level="urgent", source="checkins.checkin")
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", "/clinic/clients/")
    notice = page.get_by_role("region", name="A safety alert is waiting for you")
    expect(notice).to_contain_text("email is not set up")
    check_fits_width(page)
    screenshot(page, f"clinic-undelivered-alert-{describe(size, scheme)}")
    check_accessibility(page)
    notice.get_by_role("link", name="Open Robin's safety page").click()
    expect(page.get_by_role("table")).to_contain_text("not sent: email is not set up")
    check_fits_width(page)
    screenshot(page, f"clinic-safety-undelivered-{describe(size, scheme)}")
    check_accessibility(page)
    page.goto("/clinic/clients/")
    # Opening the Safety page is not acknowledging: the alert still waits.
    expect(page.get_by_role("heading", name="A safety alert is waiting for you")).to_be_visible()
