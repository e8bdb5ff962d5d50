"""Questionnaires in a real browser: one question a screen on a phone with the keyboard
alone, the whole form without JavaScript, the risk path to Help, and the pages a person
sees (Today's card, the list, the form, progress with its table) in four variants."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_measure_response, make_user
from kindmind.front.tests.navigation import open_menu_if_folded
from kindmind.lib.browser_testing import (
    VARIANTS,
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
from kindmind.measures.models import Response, Schedule

pytestmark = pytest.mark.browser

EMAIL = "client@example.org"


def tab_until(page: Page, predicate: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches the JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    pytest.fail(f"Tab never reached an element where {predicate}")


def test_a_phq9_one_question_a_screen_on_a_phone_with_the_keyboard(open_page: OpenPage) -> None:
    make_user(EMAIL, timezone_name="Europe/London")
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/measures/answer/phq9/")
    questions = page.locator("fieldset.measure__item")
    expect(questions).to_have_count(10)
    expect(questions.nth(0)).to_be_visible()
    expect(questions.nth(1)).to_be_hidden()
    expect(page.get_by_text("Question 1 of 10")).to_be_visible()
    expect(page.get_by_role("button", name="Save my answers")).to_be_hidden()

    for number in range(1, 10):
        tab_until(page, f"el.type === 'radio' && el.name === 'item_{number}'")
        # Items 1-8: "Several days", one step down the list; item 9: "Not at all".
        page.keyboard.press("ArrowDown" if number < 9 else "Space")
        if number == 2:
            expect(page.get_by_text("Question 2 of 10")).to_be_visible()
            screenshot(page, "measure-stepper-phone-light")
            check_accessibility(page)
        tab_until(page, "el.tagName === 'BUTTON' && el.textContent === 'Next'")
        page.keyboard.press("Enter")
        expect(questions.nth(number)).to_be_visible()
        expect(questions.nth(number - 1)).to_be_hidden()

    # The last screen, the unscored difficulty question, ends with the form's own button.
    expect(page.get_by_text("Question 10 of 10")).to_be_visible()
    tab_until(page, "el.type === 'radio' && el.name === 'extra_difficulty'")
    page.keyboard.press("Space")
    tab_until(page, "el.tagName === 'BUTTON' && el.textContent.includes('Save my answers')")
    check_fits_width(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("PHQ-9")
    expect(page.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    saved = Response.objects.get()
    assert saved.answers == [1, 1, 1, 1, 1, 1, 1, 1, 0]
    assert saved.unscored == {"difficulty": 0}
    assert saved.result["total"] == 8
    expect(page.get_by_text("8 out of 27")).to_be_visible()
    screenshot(page, "measure-response-phone-light")
    check_accessibility(page)


def test_a_phq9_without_javascript_is_one_plain_form(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone", java_script_enabled=False)
    open_signed_in(page, EMAIL, "/measures/answer/phq9/")
    # Without JavaScript every question is on the page, even on a phone.
    expect(page.locator("fieldset.measure__item:visible")).to_have_count(10)
    for number in range(1, 10):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\."))
        group.get_by_label("More than half the days" if number < 9 else "Not at all").check()
    screenshot(page, "measure-form-phone-light-nojs")
    check_accessibility(page)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    assert Response.objects.get().result["total"] == 16


def test_a_missing_answer_is_shown_kindly_and_the_stepper_opens_it(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/measures/answer/gad7/")
    # Send the form straight away, from the first screen, as an impatient phone might.
    page.get_by_role("group", name=re.compile(r"^1\.")).get_by_label("Not at all").check()
    page.evaluate("document.querySelector('form[data-measure-stepper]').submit()")
    expect(page.get_by_role("alert")).to_contain_text("every answer you chose is still here")
    page.get_by_role("link", name="Question 2").click()
    expect(page.get_by_text("Question 2 of 8")).to_be_visible()
    expect(page.locator("#q-2")).to_be_visible()
    expect(page.locator("#q-2")).to_contain_text("This one still needs an answer")
    assert not Response.objects.exists()


def test_a_risk_answer_leads_to_help(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="desktop")
    open_signed_in(page, EMAIL, "/measures/answer/phq9/")
    expect(page.get_by_text("Question 1 of 10")).to_be_hidden()
    for number in range(1, 10):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\."))
        group.get_by_label("Several days" if number == 9 else "Not at all").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page).to_have_url(re.compile(r"/help/\?from=measure$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Help, right now")
    expect(
        page.get_by_text("One of your answers spoke of thoughts of harming yourself")
    ).to_be_visible()
    screenshot(page, "measure-risk-help-desktop-light")
    check_accessibility(page)
    assert Response.objects.get().has_risk_item


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_the_questionnaire_pages_and_progress(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL, timezone_name="Europe/London")
    now = timezone.now()
    for weeks_ago, answers in [
        (16, [3, 3, 3, 2, 2, 2, 2, 2, 0]),
        (12, [2, 2, 2, 2, 2, 2, 2, 2, 0]),
        (8, [2, 2, 1, 1, 1, 1, 1, 1, 0]),
        (4, [1, 1, 1, 0, 0, 1, 0, 0, 0]),
    ]:
        made = make_measure_response(person, answers=answers)
        made.completed_at = now - timedelta(weeks=weeks_ago)
        made.save(update_fields=["completed_at"])
    for weeks_ago, answers in [(10, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), (2, [1] * 10)]:
        made = make_measure_response(person, instrument="core10", answers=answers)
        made.completed_at = now - timedelta(weeks=weeks_ago)
        made.save(update_fields=["completed_at"])
    Schedule.objects.create(
        client=person, instrument="phq9", every_days=28, next_due=now.date() - timedelta(days=1)
    )
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/today/")
    expect(page.get_by_role("heading", name="A questionnaire is ready")).to_be_visible()
    screenshot(page, f"measures-today-{label}")

    open_menu_if_folded(page)
    page.get_by_role("link", name="Questionnaires").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    expect(page.get_by_role("heading", name="Ready when you are")).to_be_visible()
    screenshot(page, f"measures-index-{label}")
    check_accessibility(page)

    page.goto("/measures/answer/core10/")
    screenshot(page, f"measure-form-core10-{label}")
    check_accessibility(page)

    page.goto("/measures/progress/")
    chart = page.get_by_role("img", name=re.compile("PHQ-9 scores over time"))
    expect(chart).to_be_visible()
    expect(page.locator(".marker--improved")).to_have_count(2)
    page.get_by_text("Show the PHQ-9 as a table").click()
    table = page.get_by_role("table", name="PHQ-9 total over time")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(5)
    expect(table).to_contain_text("Reliable improvement")
    page.get_by_text("Show the CORE-10 as a table").click()
    check_chart_words_inside(page)
    screenshot(page, f"measures-progress-{label}")
    check_accessibility(page)
    check_fits_width(page)

    page.goto("/measures/schedule/?instrument=phq9")
    screenshot(page, f"measures-schedule-{label}")
    check_accessibility(page)
