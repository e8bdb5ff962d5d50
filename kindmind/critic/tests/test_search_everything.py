"""Search on "Your entries" finds everything the person wrote: critic entries, letters,
and check-in notes with their feelings in their own words (issue 13, item 14). Only their
own, matched in Python (free text will be encrypted at rest), in a bounded number of
queries, and each result says what it is and links to it."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from conftest import make_checkin, make_user
from kindmind.accounts.models import User
from kindmind.critic.tests.conftest import make_entry

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="entry-list__link" href="([^"]+)">')


def links(page: str) -> list[str]:
    return LINK.findall(page)


def test_check_in_notes_and_feelings_are_found_and_link_to_the_check_in(
    as_client: Client, client_user: User
) -> None:
    note = make_checkin(client_user, note="A walk by the harbour.\nThen tea.")
    feeling = make_checkin(client_user, note="", other_feelings="harbour-ish calm")
    make_checkin(client_user, note="Nothing to find here.")
    page = as_client.get("/critic/?q=harbour").content.decode()
    assert sorted(links(page)) == sorted([f"/checkins/{note.id}/", f"/checkins/{feeling.id}/"])
    assert "Check-in" in page, "each result says what kind it is"
    assert "<mark>harbour</mark>" in page
    assert "A walk by the harbour." in page


def test_letters_are_found_and_link_to_the_letter(as_client: Client, client_user: User) -> None:
    letter = make_entry(client_user, "letter", letter_about="Exams", letter_body="Dear me, meadow.")
    page = as_client.get("/critic/?q=meadow").content.decode()
    assert links(page) == [f"/critic/{letter.id}/"]
    assert "A compassionate letter" in page


def test_results_of_every_kind_are_newest_first(as_client: Client, client_user: User) -> None:
    with time_machine.travel("2026-11-02 10:00Z", tick=False):
        oldest = make_entry(client_user, what_happened="lantern one")
    with time_machine.travel("2026-11-09 10:00Z", tick=False):
        middle = make_checkin(client_user, note="lantern two")
    with time_machine.travel("2026-11-16 10:00Z", tick=False):
        newest = make_entry(client_user, "letter", letter_body="lantern three")
    page = as_client.get("/critic/?q=lantern").content.decode()
    assert links(page) == [
        f"/critic/{newest.id}/",
        f"/checkins/{middle.id}/",
        f"/critic/{oldest.id}/",
    ]
    assert "“lantern” is in 3 things you've written." in page


def test_another_persons_notes_never_appear(as_client: Client, client_user: User) -> None:
    other = make_user("other.client@example.org")
    theirs = make_checkin(other, note="zebra crossing", other_feelings="zebra calm")
    their_letter = make_entry(other, "letter", letter_body="zebra letter")
    page = as_client.get("/critic/?q=zebra").content.decode()
    assert "Nothing you've written holds “zebra”." in page
    assert str(theirs.id) not in page
    assert str(their_letter.id) not in page
    assert "crossing" not in page


def test_only_the_searchers_own_check_ins_are_loaded(as_client: Client, client_user: User) -> None:
    make_checkin(client_user, note="mine")
    with CaptureQueriesContext(connection) as queries:
        as_client.get("/critic/?q=mine")
    loads = [q["sql"] for q in queries.captured_queries if '"checkins_checkin"' in q["sql"]]
    assert loads
    for sql in loads:
        assert "client_id" in sql


def test_a_clinician_sees_nothing_new(
    as_sharing_clinician: Client, as_unrelated_clinician: Client, client_user: User
) -> None:
    make_checkin(client_user, note="quiet orchard")
    for browser in (as_sharing_clinician, as_unrelated_clinician):
        response = browser.get("/critic/?q=orchard")
        assert response.status_code == 404
        assert "orchard" not in response.content.decode()


def test_searching_costs_a_bounded_number_of_queries(
    as_client: Client, client_user: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    make_entry(client_user, what_happened="river")
    make_checkin(client_user, note="river")
    as_client.get("/critic/?q=river")
    with CaptureQueriesContext(connection) as few:
        as_client.get("/critic/?q=river")
    for i in range(30):
        make_entry(client_user, what_happened=f"river {i}", critic_words="words")
        make_entry(client_user, "letter", letter_body=f"river letter {i}")
        make_checkin(client_user, note=f"river note {i}", other_feelings="river calm")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = as_client.get("/critic/?q=river").content.decode()
    assert "“river” is in 92 things you've written." in page
    assert len(links(page)) == 50
