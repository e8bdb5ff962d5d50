"""Every version of a letter a person saves on purpose is kept (issue 13, item 7).

"Earlier versions are kept" is what the letter's first page promises. Autosaves of one
sitting may fold into one another (one person typing in one box is one version), but a
press of "Save this version" is a version, however soon the next one comes."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.test import Client

from kindmind.accounts.models import User
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.tests.test_flow_pages import begin, form_of, submit

pytestmark = pytest.mark.django_db


def kept(entry: Entry) -> list[str]:
    return list(
        TextVersion.objects.filter(entry=entry, field="letter_body")
        .order_by("saved_at", "id")
        .values_list("body", flat=True)
    )


def body(entry: Entry) -> str:
    return Text.objects.get(entry=entry, field="letter_body").body


def autosave(browser: Client, entry: Entry, text: str, *, sitting: str, rev: int) -> None:
    base = Text.objects.filter(entry=entry, field="letter_body").values_list("version", flat=True)
    data = {
        "field": "letter_body",
        "text": text,
        "base_version": str(base.first() or 0),
        "sitting": sitting,
        "rev": str(rev),
    }
    answer = browser.post(f"/critic/{entry.id}/save/", data, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200


def test_the_write_step_offers_save_this_version(as_client: Client, client_user: User) -> None:
    entry = begin(as_client, "letter")
    page = as_client.get(f"/critic/{entry.id}/step/write/").content.decode()
    assert '<button type="submit" name="go" value="next" class="button">Save this version' in page


def test_each_version_saved_on_purpose_is_kept_even_minutes_apart(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        entry = begin(as_client, "letter")
        submit(as_client, entry, "about", letter_about="The exam.")
        done = submit(as_client, entry, "write", letter_body="Dear me, first.")
    assert done.status_code == 302
    with time_machine.travel("2026-11-18 09:04Z", tick=False):
        submit(as_client, entry, "write", letter_body="Dear me, second.")
    with time_machine.travel("2026-11-18 09:07Z", tick=False):
        submit(as_client, entry, "write", letter_body="Dear me, third.")
        letter = as_client.get(f"/critic/{entry.id}/").content.decode()
        versions = as_client.get(f"/critic/{entry.id}/versions/").content.decode()
    assert body(entry) == "Dear me, third."
    assert kept(entry) == ["Dear me, first.", "Dear me, second."]
    assert "Earlier versions" in letter
    assert "There are no earlier versions yet" not in versions
    assert versions.index("Dear me, second.") < versions.index("Dear me, first."), "newest first"


def test_autosaves_of_one_sitting_fold_into_the_version_then_saved(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        entry = begin(as_client, "letter")
        submit(as_client, entry, "write", letter_body="Dear me, first.")
    with time_machine.travel("2026-11-18 09:02Z", tick=False):
        sitting = form_of(as_client, entry, "write")["sitting"]
        # Typing a revision: three autosaves of one page, then "Save this version".
        autosave(as_client, entry, "Dear me, se", sitting=sitting, rev=2)
        autosave(as_client, entry, "Dear me, seco", sitting=sitting, rev=3)
        autosave(as_client, entry, "Dear me, second", sitting=sitting, rev=4)
        data = form_of(as_client, entry, "write")
        data.pop("csrfmiddlewaretoken", None)
        data.update(sitting=sitting, rev__letter_body="5", letter_body="Dear me, second.")
        data["go"] = "next"
        as_client.post(f"/critic/{entry.id}/step/write/", data)
    assert body(entry) == "Dear me, second."
    assert kept(entry) == ["Dear me, first."], "the half-typed words are not versions"


def test_typing_on_after_saving_keeps_the_saved_version(
    as_client: Client, client_user: User
) -> None:
    """The same page, after "Save this version" was pressed (e.g. the form came back
    with a message): what was saved stays a version when typing goes on."""
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        entry = begin(as_client, "letter")
        sitting = str(uuid.uuid4())
        data = form_of(as_client, entry, "write")
        data.pop("csrfmiddlewaretoken", None)
        data.update(sitting=sitting, letter_body="Dear me, saved.", go="next")
        as_client.post(f"/critic/{entry.id}/step/write/", data)
    with time_machine.travel("2026-11-18 09:01Z", tick=False):
        autosave(as_client, entry, "Dear me, saved. And more", sitting=sitting, rev=9)
    assert body(entry) == "Dear me, saved. And more"
    assert kept(entry) == ["Dear me, saved."]


def test_a_sitting_that_only_autosaved_folds_into_the_next_within_half_an_hour(
    as_client: Client, client_user: User
) -> None:
    """Drafts nobody saved on purpose: reloading a page mid-letter doesn't pile up copies
    (drafts.py, rule 4). Only words saved on purpose are always versions."""
    with time_machine.travel("2026-11-18 09:00Z", tick=False):
        entry = begin(as_client, "letter")
        autosave(as_client, entry, "Dear me, a draft", sitting=str(uuid.uuid4()), rev=1)
    with time_machine.travel("2026-11-18 09:05Z", tick=False):
        autosave(as_client, entry, "Dear me, a better draft", sitting=str(uuid.uuid4()), rev=1)
    assert kept(entry) == []


def test_saving_says_that_each_version_is_kept(as_client: Client, client_user: User) -> None:
    entry = begin(as_client, "letter")
    done = submit(as_client, entry, "write", letter_body="Dear me.")
    page = as_client.get(done["Location"]).content.decode()
    assert "Your letter is saved. Every version you save is kept." in page
