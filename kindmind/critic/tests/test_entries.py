"""My entries: a private list, search over one's own words only, and how much the critic
was believed before and after each reply, over time."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.critic.models import Entry
from kindmind.critic.search import _fold_char, fold, matches, snippet, terms
from kindmind.critic.tests.conftest import make_entry

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_entries_by_their_first_words_and_nobody_elses(
    as_client: Client, client_user: User
) -> None:
    make_entry(client_user, what_happened="The bus was late.\nAnd then more.")
    make_entry(client_user, "letter", letter_about="My exam")
    make_entry(client_user, "selves")
    other = make_user("other.client@example.org")
    make_entry(other, what_happened="Someone else's morning")
    page = as_client.get("/critic/").content.decode()
    assert "The bus was late." in page
    assert "And then more." not in page, "a title is the first line only"
    assert "My exam" in page
    assert "Multiple selves" in page, "an entry with no words yet is named by its kind"
    assert "Someone else" not in page
    assert page.count('class="entry-list__link"') == 3


def test_a_long_first_line_is_shortened_in_the_list(as_client: Client, client_user: User) -> None:
    make_entry(client_user, what_happened="word " * 40)
    page = as_client.get("/critic/").content.decode()
    assert "word word…" in page


def test_an_empty_list_welcomes_rather_than_prompts(as_client: Client) -> None:
    page = as_client.get("/critic/").content.decode()
    assert "What you write here will gather in this list, whenever you're ready." in page
    assert "How much you believed the critic" not in page


def test_search_finds_my_words_ignoring_case_and_accents(
    as_client: Client, client_user: User
) -> None:
    found = make_entry(client_user, what_happened="At the café", reply="Be gentle with Yourself")
    make_entry(client_user, what_happened="Elsewhere")
    page = as_client.get("/critic/?q=CAFE yourself").content.decode()
    assert f"/critic/{found.id}/" in page
    assert "Elsewhere" not in page
    assert "“CAFE yourself” is in one thing you've written." in page
    assert "<mark>café</mark>" in page


def test_search_never_reveals_anything_of_other_people(
    as_client: Client, client_user: User
) -> None:
    other = make_user("other.client@example.org")
    theirs = make_entry(other, what_happened="zebra crossing", critic_words="zebra again")
    page = as_client.get("/critic/?q=zebra").content.decode()
    assert "Nothing you've written holds “zebra”." in page
    assert str(theirs.id) not in page
    assert "crossing" not in page


def test_search_only_loads_the_searchers_own_words(as_client: Client, client_user: User) -> None:
    make_entry(client_user, what_happened="mine")
    with CaptureQueriesContext(connection) as queries:
        as_client.get("/critic/?q=mine")
    text_queries = [q["sql"] for q in queries.captured_queries if '"critic_text"' in q["sql"]]
    assert text_queries
    for sql in text_queries:
        assert "client_id" in sql


def test_an_overlong_search_is_explained_and_breaks_nothing(as_client: Client) -> None:
    response = as_client.get("/critic/?q=" + "x" * 500)
    assert response.status_code == 200
    assert "Please search for something shorter" in response.content.decode()


def test_the_belief_chart_shows_before_and_after_over_time(client: Client) -> None:
    person = make_user("belief@example.org", timezone_name="Europe/London")
    with time_machine.travel("2026-11-18 12:00Z", tick=False):
        for day, before, after in [("2026-11-02", 90, 60), ("2026-11-09", 80, None)]:
            with time_machine.travel(f"{day} 10:00Z", tick=False):
                entry = make_entry(person)
            Entry.objects.filter(id=entry.id).update(belief_before=before, belief_after=after)
        make_entry(person, "letter")
        client.force_login(person)
        page = client.get("/critic/").content.decode()
    assert "How much you believed the critic, before and after your reply" in page
    assert page.count('class="belief__before"') == 2
    assert page.count('class="belief__after"') == 1
    assert page.count('class="belief__change"') == 1
    assert "<td>2 Nov 2026</td><td>90</td><td>60</td>" in page
    assert "<td>9 Nov 2026</td><td>80</td><td>\u2013</td>" in page
    assert "they're for noticing, not for judging" in page


def test_the_list_costs_the_same_queries_for_few_or_many(
    as_client: Client, client_user: User
) -> None:
    make_entry(client_user, what_happened="one")
    as_client.get("/critic/")
    with CaptureQueriesContext(connection) as few:
        as_client.get("/critic/")
    for i in range(40):
        make_entry(client_user, what_happened=f"entry {i}", critic_words="words")
    with CaptureQueriesContext(connection) as many:
        page = as_client.get("/critic/").content.decode()
    assert page.count('class="entry-list__link"') == 30
    assert len(many.captured_queries) == len(few.captured_queries)
    assert as_client.get("/critic/?page=2").content.decode().count("entry-list__link") == 11
    assert as_client.get("/critic/?page=banana").status_code == 200


def test_the_oldest_entry_is_reached_page_by_page_with_its_own_title_and_address(
    as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-01-05 09:30Z", tick=False):
        oldest = make_entry(client_user, what_happened="The first hard morning\nand more")
    letter = make_entry(client_user, "letter")
    for i in range(30):
        make_entry(client_user, what_happened=f"entry {i}")
    first = as_client.get("/critic/").content.decode()
    assert "Page 1 of 2" in first and 'href="?page=2">Older</a>' in first
    assert "The first hard morning" not in first
    last = as_client.get("/critic/?page=2").content.decode()
    assert last.count("entry-list__link") == 2
    # An entry with no words yet is named by its kind.
    assert (
        f'href="/critic/{letter.id}/"><span class="entry-list__title">A compassionate letter</span>'
        in last
    )
    assert (
        f'<a class="entry-list__link" href="/critic/{oldest.id}/">'
        '<span class="entry-list__title">The first hard morning</span>'
        '<span class="entry-list__meta">When the critic shows up · 5 Jan 2026, 09:30</span></a>'
    ) in last
    assert as_client.get(f"/critic/{oldest.id}/").status_code == 200
    # A page past the end shows the last one; nonsense shows the first.
    assert "The first hard morning" in as_client.get("/critic/?page=99").content.decode()
    for bad in ("0", "-3", "1e9", "%00"):
        response = as_client.get(f"/critic/?page={bad}")
        assert response.status_code == 200
        assert "entry-list__link" in response.content.decode()


def test_search_helpers() -> None:
    assert fold("Ça VA") == "ca va"
    assert terms("  Straße  ÉTÉ ") == ["strasse", "ete"]
    assert matches(["Die Straße", "summer"], terms("strasse summer"))
    assert not matches(["Die Straße"], terms("strasse winter"))
    assert not matches(["anything"], [])
    found = snippet("A long day. Then the Straße was closed.", "strasse")
    assert found is not None
    assert (found.match, found.after) == ("Straße", " was closed.")
    assert snippet("nothing here", "absent") is None


def test_many_matches_show_the_newest_and_say_how_many(
    as_client: Client, client_user: User
) -> None:
    for i in range(52):
        make_entry(client_user, what_happened=f"rainy day {i}")
    page = as_client.get("/critic/?q=rainy").content.decode()
    assert "“rainy” is in 52 things you've written." in page
    assert "Here are the newest 50" in page
    assert page.count('class="entry-list__link"') == 50


@given(st.text())
def test_folding_a_whole_text_is_folding_each_character(text: str) -> None:
    assert fold(text) == "".join(_fold_char(c) for c in text)
