"""The course in a browser: a facilitator opens a week for their group, and a member finds
it on Today, reads it and keeps a reflection; a person joins a group with the keyboard
alone. Phone and laptop, light and dark, checked with axe."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.course import actions
from kindmind.course.models import Cohort, Reflection
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
from kindmind.practice.tests.factories import make_logged

pytestmark = pytest.mark.browser

FACILITATOR = "facilitator@example.org"
MEMBER = "member@example.org"


def look(page: Page, name: str) -> None:
    screenshot(page, name)
    check_accessibility(page)
    check_fits_width(page)


def a_group_of_five() -> Cohort:
    facilitator = make_user(FACILITATOR, role=User.Role.CLINICIAN, display_name="Alex")
    cohort = Cohort.objects.create(
        facilitator=facilitator, name="Tuesday evenings", submission_id=uuid.uuid4()
    )
    now = timezone.now()
    for n in range(5):
        person = make_user(MEMBER if n == 0 else f"member{n}@example.org")
        code = actions.invite(cohort=cohort, by=facilitator, now=now).code
        actions.join_group(client=person, typed_code=code, now=now)
    return cohort


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_week_the_facilitator_opens_shows_on_a_members_today(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    cohort = a_group_of_five()
    label = describe(size, scheme)

    facilitator = open_page(size=size, color_scheme=scheme)
    open_signed_in(facilitator, FACILITATOR, "/today/")
    facilitator.get_by_role("link", name="Run the 8-week course with a group").click()
    look(facilitator, f"course-groups-{label}")
    facilitator.get_by_role("link", name="Tuesday evenings").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Tuesday evenings")
    facilitator.get_by_role("button", name="Open week 1 for the group").click()
    expect(facilitator.get_by_text("Week 1 is open for the group.")).to_be_visible()
    facilitator.get_by_role("button", name="Make a new code").click()
    expect(facilitator.locator(".course-code")).to_have_count(1)
    expect(facilitator.get_by_role("button", name="Open week 2 for the group")).to_be_visible()

    member = open_page(size=size, color_scheme=scheme)
    open_signed_in(member, MEMBER, "/today/")
    card = member.locator(".course-card")
    expect(card.get_by_role("heading")).to_have_text("Your course: week 1")
    expect(card).to_contain_text("With Tuesday evenings.")
    look(member, f"course-today-{label}")
    card.get_by_role("link", name="Open week 1").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(
        "Week 1: What compassion is, and the tricky brain"
    )
    member.get_by_label("Your reflection").fill("It is often sharp with me.")
    member.get_by_role("button", name="Save my reflection").click()
    expect(member.get_by_text("Your reflection is saved. Only you can see it.")).to_be_visible()
    expect(member.get_by_label("Your reflection")).to_have_value("It is often sharp with me.")
    look(member, f"course-week-{label}")
    assert Reflection.objects.get(client__email=MEMBER, week=1).text == (
        "It is often sharp with me."
    )

    # The group's totals: the whole group, never one person, and never the words.
    make_logged(User.objects.get(email=MEMBER), timezone.now(), seconds=300)
    facilitator.reload()
    expect(facilitator.get_by_role("table")).to_contain_text("1 of 5")
    expect(facilitator.get_by_text("It is often sharp with me.")).to_have_count(0)
    look(facilitator, f"course-group-{label}")
    assert cohort.weeks.count() == 1


def test_joining_a_group_with_the_keyboard_alone(open_page: OpenPage) -> None:
    facilitator = make_user(FACILITATOR, role=User.Role.CLINICIAN)
    cohort = Cohort.objects.create(
        facilitator=facilitator, name="Small group", submission_id=uuid.uuid4()
    )
    code = actions.invite(cohort=cohort, by=facilitator, now=timezone.now()).code
    make_user(MEMBER)
    page = open_page(size="desktop", color_scheme="light")
    open_signed_in(page, MEMBER, "/course/")
    look(page, "course-index-desktop-light")
    page.goto("/course/join/")
    # Typed as a person might copy it: lower case, a space in the middle.
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "id_code":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("wrong code")
    page.keyboard.press("Enter")
    expect(page.locator("#id_code_error")).to_contain_text("That code doesn't match a group")
    expect(page.get_by_label("Your group's code")).to_have_value("wrong code")
    look(page, "course-join-refused-desktop-light")
    page.get_by_label("Your group's code").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{code[:4].lower()} {code[4:]}")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welcome to Small group. You're in the group now.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your group hasn't begun yet")).to_be_visible()
    look(page, "course-joined-desktop-light")


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_reflection_typed_and_left_is_back_in_the_box(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(MEMBER)
    actions.start_alone(client=person, now=timezone.now())
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, MEMBER, "/course/week/1/")
    page.wait_for_load_state("load")
    box = page.get_by_label("Your reflection")
    box.type("The critic sounds like it is trying to protect me.")
    expect(page.locator("[data-save-status=text]")).to_have_text("Kept")
    # Away without pressing Save, and back later.
    page.goto("/today/")
    page.goto("/course/week/1/")
    expect(box).to_have_value("The critic sounds like it is trying to protect me.")
    expect(page.locator("#reflection ~ form")).to_contain_text("are back in the box")
    look(page, f"course-reflection-back-{describe(size, scheme)}")
    assert not Reflection.objects.filter(client=person).exists()
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.locator("main")).to_contain_text("Your reflection is saved")
    expect(page.locator("main")).not_to_contain_text("are back in the box")
    assert Reflection.objects.get(client=person).text == (
        "The critic sounds like it is trying to protect me."
    )
