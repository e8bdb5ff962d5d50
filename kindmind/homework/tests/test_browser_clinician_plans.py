"""The clinician's side of planning, in a real browser: a questionnaire planned for a
person, their scores with bands, reliable change and the source of every figure, and a
practice of the clinician's own added after a kind word about a mistake. Phone and
desktop, light and dark, axe-clean."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_measure_response, make_user
from kindmind.lib.browser_testing import (
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    give_session,
    screenshot,
)
from kindmind.practice.library import DATA

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_a_clinician_plans_a_questionnaire_reads_scores_and_adds_a_practice(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User

    person = make_user("robin@example.org", display_name="Robin")
    clinician = make_user("sam@example.org", role=User.Role.CLINICIAN, display_name="Sam Lee")
    share_with_clinician(
        client=person, clinician=clinician, categories=["profile", "measures"], by=person
    )
    make_measure_response(
        person,
        answers=[3, 3, 2, 2, 2, 2, 2, 1, 0],
        completed_at=timezone.now() - timedelta(days=42),
    )
    make_measure_response(person, answers=[1, 1, 0, 1, 0, 0, 1, 0, 0])
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    give_session(page, "sam@example.org")
    page.goto(f"/homework/clients/{person.id}/")
    page.get_by_role("link", name="Plan a questionnaire").click()
    page.get_by_label("Questionnaire").select_option("gad7")
    page.get_by_label("Every how many days? (optional)").fill("28")
    check_fits_width(page)
    screenshot(page, f"homework-plan-measure-{label}")
    check_accessibility(page)
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_role("region", name="Questionnaires you planned")).to_contain_text(
        "GAD-7: every 28 days"
    )
    scores = page.get_by_role("region", name="Scores")
    expect(scores).to_contain_text("Reliable improvement")
    expect(scores).to_contain_text("Moderately severe")
    scores.get_by_text("Where the PHQ-9's figures come from").click()
    expect(scores).to_contain_text("Kroenke K, Spitzer RL, Williams JBW (2001)")
    check_fits_width(page)
    screenshot(page, f"homework-scores-{label}")
    check_accessibility(page)

    page.get_by_role("link", name="Your own practices").click()
    box = page.get_by_label("Paste the practice file")
    box.fill('{"slug": "kind-pause",')
    page.get_by_role("button", name="Check and add it").click()
    expect(page.get_by_role("alert")).to_contain_text("the JSON stops making sense")
    expect(box).to_have_value('{"slug": "kind-pause",')
    check_fits_width(page)
    screenshot(page, f"homework-own-practice-problem-{label}")
    check_accessibility(page)
    raw = json.loads((DATA / "grounding.json").read_text(encoding="utf-8"))
    raw.update(slug="kind-pause", title="A kind pause")
    box.fill(json.dumps(raw))
    page.get_by_role("button", name="Check and add it").click()
    expect(page.get_by_role("region", name="Added so far")).to_contain_text("A kind pause")
    check_accessibility(page)
