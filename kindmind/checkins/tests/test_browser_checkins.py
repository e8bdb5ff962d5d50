"""The check-in and the three circles in a real browser: with the keyboard alone on a
phone, without JavaScript, and the circles, week and trend as a person sees them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_checkin, make_user
from kindmind.checkins.models import CheckIn
from kindmind.lib.browser_testing import (
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_chart_words_inside,
    describe,
    open_signed_in,
    screenshot,
)

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"


def tab_until(page: Page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def test_a_check_in_with_the_keyboard_alone_on_a_phone(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/checkins/new/")

    # Threat: the slider, moved with the arrow keys, keeps the number box in step.
    tab_until(page, "el.type === 'range' && el.dataset.sliderFor === 'id_threat'")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#id_threat")).to_have_value("8")
    # Drive: typed into the number box instead.
    tab_until(page, "el.id === 'id_drive'")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    expect(page.locator("[data-slider-for=id_drive]")).to_have_value("2")
    # Soothing: down with the arrow keys.
    tab_until(page, "el.type === 'range' && el.dataset.sliderFor === 'id_soothing'")
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    # Two feelings, ticked with the space bar.
    tab_until(page, "el.value === 'anxious'")
    page.keyboard.press("Space")
    tab_until(page, "el.value === 'tired' || el.value === 'calm'")
    page.keyboard.press("Space")
    tab_until(page, "el.id === 'id_note'")
    page.keyboard.type("Keyboard only, on a small screen.")
    screenshot(page, "checkin-keyboard-phone-light")
    tab_until(page, "el.tagName === 'BUTTON' && el.textContent.includes('Save my check-in')")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your three circles")
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (8, 2, 1)
    assert checkin.emotions == ["anxious", "calm"]
    assert checkin.note == "Keyboard only, on a small screen."
    expect(
        page.get_by_role("img", name=re.compile("Threat 8, Drive 2, Soothing 1"))
    ).to_be_visible()


def test_a_check_in_without_javascript(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", java_script_enabled=False)
    open_signed_in(page, EMAIL, "/checkins/new/")
    # No JavaScript: no sliders, just the number boxes, which work everywhere.
    expect(page.locator("input[type=range]").first).to_be_hidden()
    page.locator("#id_threat").fill("3")
    page.locator("#id_drive").fill("6")
    page.locator("#id_soothing").fill("7")
    page.get_by_label("calm").check()
    screenshot(page, "checkin-phone-light-nojs")
    check_accessibility(page)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Thank you for checking in.")).to_be_visible()
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing, checkin.emotions) == (
        3,
        6,
        7,
        ["calm"],
    )


def test_a_mistake_is_explained_and_what_was_typed_stays(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", java_script_enabled=False)
    open_signed_in(page, EMAIL, "/checkins/new/")
    page.locator("#id_threat").fill("12")
    page.get_by_label("What was happening?").fill("Words I do not want to lose.")
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been lost")
    expect(page.locator("#id_threat")).to_have_accessible_description(
        re.compile("Please choose a number from 0 to 10")
    )
    expect(page.get_by_label("What was happening?")).to_have_value("Words I do not want to lose.")
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_the_circles_the_week_and_the_trend(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL, timezone_name="Europe/London")
    now = timezone.now()
    for weeks_ago, (threat, drive, soothing) in enumerate(
        [(4, 5, 6), (5, 5, 5), (7, 4, 3), (6, 6, 2), (8, 5, 2), (7, 3, 3)]
    ):
        for hours in (2, 30):
            make_checkin(
                person,
                threat=threat,
                drive=drive,
                soothing=soothing,
                emotions=["worried", "calm"],
                at=now - timedelta(weeks=weeks_ago, hours=hours),
            )
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/today/")
    expect(
        page.get_by_role("img", name=re.compile("Threat 4, Drive 5, Soothing 6"))
    ).to_be_visible()
    screenshot(page, f"today-with-circles-{label}")
    check_accessibility(page)

    page.goto("/checkins/new/")
    screenshot(page, f"checkin-{label}")
    check_accessibility(page)

    page.goto(f"/checkins/{CheckIn.objects.order_by('-at').first().id}/")  # type: ignore[union-attr]
    expect(page.get_by_role("heading", level=1)).to_have_text("Your three circles")
    screenshot(page, f"checkin-circles-{label}")
    check_accessibility(page)

    page.goto("/checkins/week/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your week")
    screenshot(page, f"week-{label}")
    check_accessibility(page)

    page.goto("/checkins/trend/")
    chart = page.get_by_role("img", name=re.compile("Weekly averages"))
    expect(chart).to_be_visible()
    assert page.locator(".trend__series--threat polyline").count() >= 1
    page.get_by_text("Show as a table").click()
    expect(page.get_by_role("table")).to_be_visible()
    check_chart_words_inside(page)
    screenshot(page, f"trend-{label}")
    check_accessibility(page)

    page.goto("/checkins/")
    expect(page.locator(".history__item")).to_have_count(12)
    screenshot(page, f"history-{label}")
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_deleting_a_check_in_asks_plainly_and_keep_it_is_one_key_away(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL)
    checkin = make_checkin(person, note="walked by the river")
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, f"/checkins/{checkin.id}/delete/")
    expect(page.get_by_role("heading", name="Delete this check-in?")).to_be_visible()
    expect(page.get_by_text("Deleting removes the check-in from")).to_be_visible()
    screenshot(page, f"checkin-delete-{describe(size, scheme)}")
    check_accessibility(page)
    # With the keyboard alone: "Keep it" keeps it; "Yes, delete it" deletes it.
    tab_until(page, "el.textContent.trim() === 'Keep it'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/checkins/{checkin.id}/$"))
    assert CheckIn.objects.filter(id=checkin.id).exists()
    page.goto(f"/checkins/{checkin.id}/delete/")
    tab_until(page, "el.textContent.trim() === 'Yes, delete it'")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Delete this check-in?")).to_have_count(0)
    assert not CheckIn.objects.filter(id=checkin.id).exists()


def test_deleting_a_check_in_works_without_javascript(open_page: OpenPage) -> None:
    person = make_user(EMAIL)
    checkin = make_checkin(person)
    page = open_page(java_script_enabled=False)
    open_signed_in(page, EMAIL, f"/checkins/{checkin.id}/delete/")
    screenshot(page, f"checkin-delete-{describe('phone', 'light', java_script_enabled=False)}")
    page.get_by_role("button", name="Yes, delete it").click()
    page.wait_for_load_state()
    assert not CheckIn.objects.filter(id=checkin.id).exists()
