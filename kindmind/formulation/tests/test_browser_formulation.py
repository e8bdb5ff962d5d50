"""The formulation in a browser: the person writes it, their clinician changes it from
the clinic, the person sees both drawn as the loop; and two saves at once, on the
narrowest phone and a laptop, show both texts side by side. Phone and desktop, light and dark."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_user
from kindmind.lib.browser_testing import (
    SCREENSHOTS,
    VARIANTS,
    ColorScheme,
    OpenPage,
    Size,
    check_accessibility,
    check_fits_width,
    describe,
    give_session,
    open_signed_in,
    screenshot,
)

pytestmark = pytest.mark.browser

PERSON = "client@example.org"
CLINICIAN = "clinician@example.org"


def look(page: Page, name: str) -> None:
    check_fits_width(page)
    screenshot(page, name)
    check_accessibility(page)


def visible_map(page: Page, size: Size) -> str:
    """The layout of the diagram a reader of this width sees (the other is hidden)."""
    shown = "tall" if size != "desktop" else "wide"
    hidden = "wide" if shown == "tall" else "tall"
    expect(page.locator(f"svg.fmap--{shown}")).to_be_visible()
    expect(page.locator(f"svg.fmap--{hidden}")).to_be_hidden()
    return f"svg.fmap--{shown}"


def share(categories: list[str]) -> None:
    from kindmind.accounts.actions import share_with_clinician
    from kindmind.accounts.models import User

    person = make_user(PERSON, display_name="Robin")
    clinician = make_user(CLINICIAN, role=User.Role.CLINICIAN, display_name="Dr Ash")
    share_with_clinician(client=person, clinician=clinician, categories=categories, by=person)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_the_formulation_edited_from_both_sides_and_drawn_as_a_loop(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.models import User

    share(["profile", "formulation"])
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme)
    open_signed_in(page, PERSON, "/today/")
    page.get_by_role("link", name=re.compile("^Making sense")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Making sense: your formulation")
    page.get_by_role("link", name="Start writing").click()
    page.get_by_label("Historical influences").fill(
        "Grew up where mistakes were noticed more than efforts, and praise was rare."
    )
    page.get_by_label("Key threats and fears: from other people").fill(
        "That people will see me as not good enough and quietly leave."
    )
    page.get_by_label("How I then relate to myself").fill(
        "I go over every slip at night and call myself useless."
    )
    look(page, f"formulation-edit-{label}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Every version is kept"
    )
    svg = visible_map(page, size)
    expect(page.locator(svg)).to_contain_text("Historical influences")
    expect(page.locator(svg)).to_contain_text("feeds the")
    look(page, f"formulation-person-{label}")

    # The clinician, from Robin's page in the clinic, adds what they wrote in session.
    clinic = open_page(size=size, color_scheme=scheme)
    give_session(clinic, CLINICIAN)
    robin = User.objects.get(email=PERSON)
    clinic.goto(f"/clinic/clients/{robin.id}/")
    clinic.get_by_role("link", name="Formulation", exact=True).click()
    expect(clinic.get_by_role("heading", level=1)).to_have_text("Robin: formulation")
    clinic.get_by_role("link", name="Change it").click()
    expect(clinic.get_by_label("Historical influences")).to_have_value(
        re.compile("praise was rare")
    )
    clinic.get_by_label("Unintended consequences").fill(
        "Working late to keep criticism away leaves little rest, and more mistakes."
    )
    clinic.get_by_label("What my compassionate self would say and do").fill(
        "You have been trying so hard for so long. Rest is allowed."
    )
    clinic.get_by_role("button", name="Save").click()
    expect(clinic.locator(visible_map(clinic, size))).to_contain_text("consequences")
    look(clinic, f"formulation-clinician-{label}")

    # Back with the person: both sides' words, drawn and written out, and every version.
    page.reload()
    expect(page.get_by_text("Last saved by Dr Ash")).to_be_visible()
    expect(page.get_by_role("region", name="In words")).to_contain_text("Rest is allowed.")
    expect(page.get_by_role("region", name="In words")).to_contain_text("praise was rare")
    look(page, f"formulation-both-{label}")
    # The drawing alone, at the size it is shown, for people to look at closely.
    page.locator(visible_map(page, size)).screenshot(
        path=SCREENSHOTS / f"formulation-diagram-{label}.png"
    )
    # Printed, on paper of any width: the wide drawing, without the menus.
    page.emulate_media(media="print")
    expect(page.locator("svg.fmap--wide")).to_be_visible()
    expect(page.locator("svg.fmap--tall")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    screenshot(page, f"formulation-print-{label}")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Every version").click()
    expect(page.get_by_text("Saved by Dr Ash")).to_be_visible()
    expect(page.get_by_text("Saved by you")).to_be_visible()
    look(page, f"formulation-versions-{label}")


@pytest.mark.parametrize(
    ("size", "scheme"), [("small", "light"), ("small", "dark"), ("desktop", "dark")]
)
def test_two_saves_at_once_show_both_texts_side_by_side(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.models import User
    from kindmind.formulation.actions import save_formulation

    share(["formulation"])
    robin = User.objects.get(email=PERSON)
    ash = User.objects.get(email=CLINICIAN)
    save_formulation(client=robin, texts={"history": "A first draft."}, based_on=0, by=robin)
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme, provoked=("/formulation/save/",))
    open_signed_in(page, PERSON, "/formulation/edit/")
    box = page.get_by_label("Historical influences")
    # Meanwhile the clinician saves the same part.
    save_formulation(
        client=robin, texts={"history": "Written with Dr Ash in session."}, based_on=1, by=ash
    )
    box.fill("Written at home, on my own.")
    # The keyboard alone: from the box to Save, and press it.
    box.focus()
    save = page.get_by_role("button", name="Save")
    for _ in range(20):
        page.keyboard.press("Tab")
        if save.evaluate("element => element === document.activeElement"):
            break
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing has been lost")
    expect(page.get_by_label("Historical influences")).to_have_value("Written at home, on my own.")
    expect(page.locator(".clash__theirs")).to_have_text("Written with Dr Ash in session.")
    look(page, f"formulation-conflict-{label}")
    page.locator(".answer--clash").screenshot(
        path=SCREENSHOTS / f"formulation-conflict-part-{label}.png"
    )
    page.get_by_label("The words shown here instead").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(visible_map(page, size))).to_contain_text("Written with Dr Ash")
    look(page, f"formulation-after-conflict-{label}")
    page.locator(visible_map(page, size)).screenshot(
        path=SCREENSHOTS / f"formulation-diagram-{label}-after-conflict.png"
    )


@pytest.mark.parametrize(("size", "scheme"), VARIANTS)
def test_words_typed_are_kept_through_a_closed_tab_a_lost_connection_and_signing_out(
    open_page: OpenPage, size: Size, scheme: ColorScheme
) -> None:
    from kindmind.accounts.models import Session
    from kindmind.formulation.models import Formulation

    make_user(PERSON, display_name="Robin")
    label = describe(size, scheme)
    page = open_page(size=size, color_scheme=scheme, provoked=("/formulation/save/",))
    open_signed_in(page, PERSON, "/formulation/edit/")
    page.wait_for_load_state("load")
    history = page.get_by_label("Historical influences")
    history.type("A house where mistakes were noticed.")
    expect(page.locator("[data-save-status=history]")).to_have_text("Kept")

    # The tab closes before Save: the words are there when the page opens again.
    page.goto("/formulation/")
    expect(page.locator(".notice")).to_contain_text("have not been added to the formulation")
    look(page, f"formulation-not-added-yet-{label}")
    page.get_by_role("link", name="Carry on writing").click()
    expect(history).to_have_value("A house where mistakes were noticed.")
    expect(page.get_by_role("status").first).to_contain_text("are back in the boxes")
    look(page, f"formulation-words-back-{label}")

    # The connection drops while typing: the words stay, and are kept when it returns.
    needs = page.get_by_label("What I need")
    page.context.set_offline(True)
    needs.type("Patience, and someone on my side.")
    expect(page.locator("[data-save-status=needs]")).to_contain_text("we'll keep trying")
    page.context.set_offline(False)
    expect(page.locator("[data-save-status=needs]")).to_have_text("Kept", timeout=20_000)

    # The session ends mid-sentence: kept on this device, and saved after signing in.
    Session.objects.all().delete()
    needs.type(" Rest.")
    alert = page.locator("[data-save-alert]")
    expect(alert).to_contain_text("You've been signed out. Your words are kept on this device")
    screenshot(page, f"formulation-signed-out-{label}")
    alert.get_by_role("link", name="Sign in").click()
    sign_in_here(page)
    expect(needs).to_have_value("Patience, and someone on my side. Rest.")
    expect(history).to_have_value("A house where mistakes were noticed.")
    expect(page.locator("[data-save-status=needs]")).to_have_text("Kept")
    assert not Formulation.objects.exists()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/formulation/$"))
    words = page.locator(".formulation-words")
    expect(words).to_contain_text("Patience, and someone on my side. Rest.")
    expect(words).to_contain_text("A house where mistakes were noticed.")
    expect(page.locator("main")).not_to_contain_text("have not been added to the formulation")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kindmind:'))") == []


def sign_in_here(page: Page) -> None:
    """Sign in on the sign-in page already open, and come back to the formulation."""
    page.get_by_label("Email address").fill(PERSON)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/formulation/edit/$"))
