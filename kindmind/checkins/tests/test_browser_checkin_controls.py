"""The check-in's controls in a real browser: how many key presses a whole check-in
takes with the keyboard alone, how big each target is on a phone, and that a form whose
ratings were never touched records no ratings, with JavaScript and without."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_checkin, make_measure_response, make_user
from kindmind.checkins.models import CheckIn
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

EMAIL = "client@example.org"

# Tab presses for a complete keyboard-only check-in (three ratings, two feelings, save),
# counted from the top of the page. Before feelings were grouped, each of the 40 words
# was a stop and it took 61. Grouping the feelings brought it to 24, and folding the
# phone's navigation behind its Menu took 6 more stops away.
TABS_BEFORE = 61
TABS_AFTER = 18


def tabs_until(page: Page, predicate: str, limit: int = 90) -> int:
    """Press Tab until the focused element matches the JS predicate on `el`; how many."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return count
    pytest.fail(f"Tab never reached an element where {predicate}")


def test_a_whole_check_in_with_the_keyboard_takes_few_tab_presses(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="phone")
    open_signed_in(page, EMAIL, "/checkins/new/")
    tabs = 0
    for system, key in (
        ("threat", "ArrowRight"),
        ("drive", "ArrowLeft"),
        ("soothing", "ArrowLeft"),
    ):
        tabs += tabs_until(page, f"el.type === 'range' && el.dataset.sliderFor === 'id_{system}'")
        page.keyboard.press(key)
    # One Tab reaches the threat group; the arrow keys move within it, Space ticks.
    tabs += tabs_until(page, "el.value === 'anxious'")
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[value=worried]")).to_be_focused()
    page.keyboard.press("Space")
    tabs += tabs_until(page, "el.value === 'calm'")
    page.keyboard.press("Space")
    tabs += tabs_until(
        page, "el.tagName === 'BUTTON' && el.textContent.includes('Save my check-in')"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your three circles")
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (6, 4, 4)
    assert checkin.emotions == ["worried", "calm"]
    assert tabs == TABS_AFTER, f"{tabs} Tab presses (before: {TABS_BEFORE})"


# Every control a person taps on the check-in form: number boxes, sliders, feelings, the
# "This was earlier" toggle and the save button.
TARGETS = (
    ".checkin-form input[type=number], .checkin-form input[type=range], .checkin-form .feeling,"
    " .checkin-form summary, .checkin-form textarea, .checkin-form input[type=text],"
    " .checkin-form button"
)


def small_targets(page: Page) -> list[str]:
    """Visible targets smaller than 44 x 44 CSS px, described for the failure message."""
    return list(
        page.evaluate(
            """(selector) => Array.from(document.querySelectorAll(selector))
                .filter((el) => el.offsetParent !== null)
                .map((el) => [el, el.getBoundingClientRect()])
                .filter(([, r]) => r.width < 44 || r.height < 44)
                .map(([el, r]) => `${el.outerHTML.slice(0, 60)}: ${r.width}x${r.height}`)""",
            TARGETS,
        )
    )


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_the_check_in_and_its_next_step_on_every_screen(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/checkins/new/")
    expect(page.locator("[data-slider-for=id_threat]")).to_be_visible()
    check_fits_width(page)
    assert small_targets(page) == []
    screenshot(page, f"checkin-form-{label}")
    check_accessibility(page)

    page.locator("#id_threat").fill("8")
    page.get_by_label("anxious").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", name="If it helps, a next step")).to_be_visible()
    expect(page.get_by_role("link", name="Soothing rhythm breathing, 2 minutes")).to_be_visible()
    check_fits_width(page)
    screenshot(page, f"checkin-next-step-{label}")
    check_accessibility(page)
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (8, None, None)


def test_untouched_sliders_record_no_rating(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="small")
    open_signed_in(page, EMAIL, "/checkins/new/")
    slider = page.locator("[data-slider-for=id_drive]")
    expect(slider).to_be_visible()
    # The sliders rest in the middle, but faded and with empty boxes: nothing is set.
    expect(slider).to_have_attribute("data-unset", "")
    expect(page.locator("#id_drive")).to_have_value("")
    page.get_by_label("calm").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your check-in")
    expect(page.get_by_text("A check-in in words, without numbers.")).to_be_visible()
    check_fits_width(page)
    screenshot(page, "checkin-in-words-small-light")
    check_accessibility(page)
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (None, None, None)
    assert checkin.emotions == ["calm"]


def test_without_javascript_untouched_ratings_are_not_recorded(open_page: OpenPage) -> None:
    make_user(EMAIL)
    page = open_page(size="small", java_script_enabled=False)
    open_signed_in(page, EMAIL, "/checkins/new/")
    for system in ("threat", "drive", "soothing"):
        expect(page.locator(f"#id_{system}")).to_have_value("")
    # An empty form is refused kindly, and nothing is saved.
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("alert")).to_contain_text("Any one thing is enough")
    assert not CheckIn.objects.exists()
    page.locator("#id_soothing").fill("2")
    page.get_by_label("What was happening?").fill("A slow morning.")
    screenshot(page, f"checkin-untouched-{describe('small', 'light', java_script_enabled=False)}")
    check_accessibility(page)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", name="If it helps, a next step")).to_be_visible()
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (None, None, 2)
    assert checkin.note == "A slow morning."


def axis_label_heights(page: Page, selector: str) -> list[float]:
    return list(
        page.evaluate(
            "(s) => Array.from(document.querySelectorAll(s)).map("
            "(el) => el.getBoundingClientRect().height)",
            selector,
        )
    )


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_the_trend_fits_a_phone_and_its_words_can_be_read(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL, timezone_name="Europe/London")
    now = timezone.now()
    for weeks_ago in range(12):
        make_checkin(
            person,
            threat=(weeks_ago * 3) % 11,
            drive=None if weeks_ago % 4 == 0 else 5,
            soothing=(weeks_ago * 7) % 11,
            at=now - timedelta(weeks=weeks_ago, hours=2),
        )
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/checkins/trend/")
    page.get_by_text("Show as a table").click()
    expect(
        page.get_by_role("region", name="Weekly averages, from the numbers you gave")
    ).to_be_visible()
    check_fits_width(page)
    heights = axis_label_heights(page, ".trend__axis")
    assert heights and min(heights) >= 12, heights
    screenshot(page, f"trend-phone-layout-{label}")
    check_accessibility(page)
    for weeks in (26, 52):
        page.goto(f"/checkins/trend/?weeks={weeks}")
        check_fits_width(page)
        assert min(axis_label_heights(page, ".trend__axis")) >= 12
        screenshot(page, f"trend-{weeks}-weeks-{label}")


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_the_measures_progress_chart_words_can_be_read(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    person = make_user(EMAIL)
    first = make_measure_response(person, answers=[3, 3, 3, 2, 2, 2, 2, 2, 0])
    first.completed_at -= timedelta(days=28)
    first.save(update_fields=["completed_at"])
    make_measure_response(person, answers=[1, 1, 1, 0, 0, 1, 0, 0, 0])
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/measures/progress/")
    page.get_by_text("How this is worked out").click()
    expect(page.get_by_text("Jacobson and Truax (1991)")).to_be_visible()
    check_fits_width(page)
    heights = axis_label_heights(page, ".progress-chart__axis")
    assert heights and min(heights) >= 12, heights
    screenshot(page, f"measures-progress-{label}")
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_the_0_to_10_rating_buttons_are_big_enough_to_tap(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    make_user(EMAIL)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, EMAIL, "/practice/library/soothing-rhythm-breathing/")
    page.get_by_text("How do you feel before you start?").click()
    options = page.locator(".scale__option")
    expect(options.first).to_be_visible()
    sizes = options.evaluate_all(
        "(els) => els.map((el) => { const r = el.getBoundingClientRect();"
        " return [el.textContent.trim(), r.width, r.height]; })"
    )
    assert len(sizes) >= 12
    assert [s for s in sizes if s[1] < 44 or s[2] < 44] == []
    check_fits_width(page)
    screenshot(page, f"practice-rating-buttons-{describe(size, scheme)}")
    check_accessibility(page)
