"""A person downloads everything from Settings, signs up as someone new (in another
kindmind, as far as the archive can tell), brings the archive in, and finds their letter
there. On small and large screens, light and dark."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_checkin, make_user
from kindmind.critic.tests.conftest import make_entry
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
    sign_out,
)

pytestmark = pytest.mark.browser

LETTER = "A letter about the long winter"


def look(page: Page, name: str) -> None:
    check_fits_width(page)
    screenshot(page, name)
    check_accessibility(page)


@pytest.mark.parametrize(("size", "scheme"), VARIANTS_WITH_SMALL)
def test_download_everything_then_bring_it_into_a_new_account(
    open_page: OpenPage, size: Size, scheme: ColorScheme, tmp_path: Path
) -> None:
    person = make_user("client@example.org")
    make_entry(person, "letter", letter_about=LETTER, letter_body="Dear me, go gently.")
    make_checkin(person, note="the kettle and the quiet")
    page = open_page(size=size, color_scheme=scheme)
    label = describe(size, scheme)
    sign_in(page, "client@example.org", PASSWORD)

    page.goto("/account/settings/")
    expect(page.get_by_role("heading", name="Everything you have written")).to_be_visible()
    # Something is written here, so bringing an archive in is not offered.
    expect(page.get_by_role("link", name="Bring in your archive")).to_have_count(0)
    look(page, f"settings-everything-{label}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything I have written").click()
    assert download.value.suggested_filename.startswith("kindmind-everything-")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        data = json.loads(archive.read("data.json"))
        assert any(n.startswith("letters/") for n in archive.namelist())
    assert data["kinds"]["critic.entry"] and data["kinds"]["checkins.checkin"]

    sign_out(page)
    page.goto("/account/signup/")
    page.get_by_label("Email address").fill("starting.again@example.org")
    page.get_by_label("Choose a password").fill("a different quiet song")
    page.get_by_label("The same password again").fill("a different quiet song")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url("/today/")

    page.goto("/account/settings/")
    page.get_by_role("link", name="Bring in your archive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring in your archive")
    look(page, f"import-{label}")

    # A file that is not an archive: a kind word, and nothing changes.
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("only some notes")
    page.get_by_label("Your archive", exact=True).set_input_files(not_an_archive)
    page.get_by_role("button", name="Bring it in").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has changed here")
    look(page, f"import-refused-{label}")

    page.get_by_label("Your archive", exact=True).set_input_files(saved)
    page.get_by_role("button", name="Bring it in").click()
    expect(page).to_have_url("/today/")
    expect(page.get_by_text("Your archive has come in.")).to_be_visible()
    look(page, f"import-done-{label}")

    page.goto("/critic/")
    expect(page.get_by_text(LETTER)).to_be_visible()
    page.goto("/checkins/")
    page.locator(".history__link").first.click()
    expect(page.get_by_text("the kettle and the quiet")).to_be_visible()
