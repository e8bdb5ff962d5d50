"""An invitation from both sides, on a phone and a laptop, light and dark: the clinician
makes a code; the person opens the link, signs in, chooses what to share, and the
clinician finds them in their Clients list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from kindmind.lib.browser_testing import (
    VARIANTS,
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


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_makes_a_code_to_give_in_person(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.models import Invitation, User

    make_user("clinician@example.org", role=User.Role.CLINICIAN, display_name="Dr Ash")
    page = open_page(size=size, color_scheme=scheme)
    sign_in(page, "clinician@example.org", PASSWORD)
    page.goto("/clinic/clients/")
    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", name="Invite someone", level=1)).to_be_visible()
    page.get_by_role("button", name="Make a code").click()
    code = page.locator(".invitation-code")
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{5}-[0-9A-Z]{5}$"))
    given = code.inner_text()
    expect(page.get_by_role("region", name="Waiting to be accepted")).to_contain_text(
        "A code given in person"
    )
    check_fits_width(page)
    screenshot(page, f"invitation-code-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Withdrawn. That invitation no longer works.")).to_be_visible()
    expect(page.get_by_text("None waiting.")).to_be_visible()
    assert Invitation.objects.get().revoked_at is not None
    # The person it was given to is told kindly that it no longer works.
    person = open_page(size=size, color_scheme=scheme)
    person.goto(f"/account/invitation/{given}/")
    expect(person.get_by_role("heading", name="This invitation was withdrawn")).to_be_visible()
    check_fits_width(person)
    screenshot(person, f"invitation-withdrawn-{describe(size, scheme)}")
    check_accessibility(person)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_person_accepts_chooses_what_to_share_and_the_clinician_sees_them(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts import actions, invitations
    from kindmind.accounts.models import Share, User

    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN, display_name="Dr Ash")
    other = make_user("other@example.org", role=User.Role.CLINICIAN, display_name="Dr Lee")
    person = make_user("robin@example.org", display_name="Robin")
    # Already working with one clinician: the Sharing page lists both afterwards.
    actions.share_with_clinician(client=person, clinician=other, categories=["measures"], by=person)
    made = invitations.create(clinician=clinician)
    link = made.link.split("://", 1)[1].split("/", 1)[1]

    page = open_page(size=size, color_scheme=scheme)
    page.goto(f"/{link}")
    expect(
        page.get_by_role("heading", name="Dr Ash invites you to share with them")
    ).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"invitation-signed-out-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("link", name="Sign in to continue").click()
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Share with Dr Ash?")).to_be_visible()
    critic = page.get_by_role("checkbox", name=re.compile(r"^Work with the critic"))
    expect(critic).not_to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Check-ins"))).to_be_checked()
    check_fits_width(page)
    screenshot(page, f"invitation-choose-{describe(size, scheme)}")
    check_accessibility(page)
    page.get_by_role("checkbox", name=re.compile(r"^Safety plan")).uncheck()
    page.get_by_role("button", name="Share with Dr Ash").click()

    expect(page).to_have_url(re.compile(r"/account/sharing/$"))
    expect(page.get_by_text("Dr Ash can now see what you chose")).to_be_visible()
    expect(page.get_by_text("Dr Ash can see:")).to_be_visible()
    expect(page.get_by_text("Dr Lee can see:")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"invitation-sharing-{describe(size, scheme)}")
    check_accessibility(page)
    share = Share.objects.get(clinician=clinician, revoked_at__isnull=True)
    assert sorted(share.categories) == ["checkins", "measures", "practice", "profile"]

    seen = open_page(size=size, color_scheme=scheme)
    sign_in(seen, "clinician@example.org", PASSWORD)
    seen.goto("/clinic/clients/")
    expect(seen.get_by_role("link", name="Robin", exact=True)).to_be_visible()
    check_fits_width(seen)
    screenshot(seen, f"invitation-clients-{describe(size, scheme)}")
    check_accessibility(seen)
