"""Settings > Reminders in Chromium: a person adds a reminder, accepts a clinician's
suggestion and pauses them all, by keyboard; on a phone and a laptop, light and dark,
axe-clean; the notifications section says calmly when this browser cannot receive
them (no service worker here yet)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
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
def test_a_person_sets_accepts_and_rests_reminders_by_keyboard(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.models import User
    from kindmind.reminders.models import Delivery, Reminder

    client = make_user("client@example.org", display_name="Sam", timezone_name="Europe/London")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN, display_name="Dr Lee")
    Reminder.objects.create(
        client=client,
        kind="practice",
        at=dt.time(19, 0),
        days=[5, 6],
        by_push=True,
        status="suggested",
        suggested_by=clinician,
    )
    earlier = Reminder.objects.create(
        client=client, kind="checkin", at=dt.time(12, 0), days=list(range(7)), by_email=True
    )
    Delivery.objects.create(
        reminder=earlier,
        client=client,
        channel="email",
        local_date=timezone.localdate() - dt.timedelta(days=1),
        timezone="Europe/London",
        due_at=timezone.now() - dt.timedelta(days=1),
        next_try_at=timezone.now() - dt.timedelta(days=1),
        state="failed",
        reason="email-refused",
    )

    page = open_page(size=size, color_scheme=scheme, service_worker=True)
    open_signed_in(page, "client@example.org", "/account/settings/")
    page.get_by_role("link", name="Reminders").last.click()
    expect(page).to_have_url(re.compile(r"/reminders/$"))
    expect(page.get_by_role("heading", name="Suggested for you")).to_be_visible()
    expect(page.get_by_text("couldn't reach you by email")).to_be_visible()
    # kindmind's service worker is registered on every page, so this browser is offered
    # notifications, and nothing is asked of it until the person chooses.
    expect(page.get_by_role("button", name="Turn on notifications here")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"reminders-{describe(size, scheme)}")
    check_accessibility(page)

    # Accept the suggestion with the keyboard.
    page.get_by_role("button", name=re.compile(r"^Accept")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your reminder is set.")).to_be_visible()
    expect(page.get_by_role("heading", name="Suggested for you")).to_have_count(0)

    # Add one: every control reached and set from the keyboard.
    page.get_by_role("link", name="Add a reminder").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add a reminder")).to_be_visible()
    page.get_by_label("A check-in").focus()
    page.keyboard.press("Space")
    # (The time box's own keyboard differs between browsers: filled as a whole.)
    page.get_by_label("At what time").fill("08:15")
    page.get_by_label("Saturday").focus()
    page.keyboard.press("Space")
    page.get_by_label("Sunday").focus()
    page.keyboard.press("Space")
    check_fits_width(page)
    screenshot(page, f"reminders-add-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your reminder is set.")).to_be_visible()
    added = Reminder.objects.get(client=client, at=dt.time(8, 15))
    assert (added.kind, added.days, added.by_push) == ("checkin", [0, 1, 2, 3, 4], True)

    # Rest them all, in one tap.
    page.get_by_role("button", name="Pause all for a week").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Reminders are resting for a week.")).to_be_visible()
    expect(page.get_by_role("button", name="Turn reminders back on")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"reminders-paused-{describe(size, scheme)}")
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_a_clinician_suggests_a_reminder(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User
    from kindmind.reminders.models import Reminder

    client = make_user("client@example.org", display_name="Sam")
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    share_with_clinician(client=client, clinician=clinician, categories=["profile"], by=client)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, "clinician@example.org", f"/clinic/clients/{client.id}/")
    page.get_by_role("link", name="Suggest a reminder").click()
    page.get_by_label("A practice").check()
    page.get_by_label("At what time").fill("18:30")
    check_fits_width(page)
    screenshot(page, f"reminders-suggest-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("button", name="Suggest it").click()
    expect(page.get_by_text("They will see your suggestion")).to_be_visible()
    assert Reminder.objects.get(client=client).status == "suggested"
