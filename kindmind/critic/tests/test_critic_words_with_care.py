"""The critic's words are shown with care (issue 13, item 5): once, where the person
answers them, beside what the critic may be trying to do for them and what it fears, in
a box they can fold away (a details element: it works without JavaScript), and never
marked up with the names of thinking patterns."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kindmind.accounts.models import User
from kindmind.critic.models import Entry
from kindmind.critic.steps import CRITIC
from kindmind.critic.tests.conftest import make_entry

pytestmark = pytest.mark.django_db

WORDS = "You always let everyone down, you idiot."
PATTERN_NAMES = ("all-or-nothing thinking", "labelling", "thinking pattern", "overgeneralising")


def answered_entry(person: User) -> Entry:
    entry = make_entry(
        person,
        what_happened="The meeting ran late.",
        critic_words=WORDS,
        critic_function="Keep me on my toes.",
        critic_fears="That I'd stop caring.",
        criticised_feels="Small and tired.",
    )
    Entry.objects.filter(id=entry.id).update(
        critic_aims=["mistakes", "belonging"], critic_fear_choices=["lazy"]
    )
    return entry


def page(browser: Client, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("with_language")
def test_the_words_are_shown_once_when_answering_them_and_on_no_other_later_step(
    as_client: Client, client_user: User
) -> None:
    entry = answered_entry(client_user)
    later = [s.slug for s in CRITIC.steps[CRITIC.index("words") + 1 :]]
    for slug in later:
        html = page(as_client, f"/critic/{entry.id}/step/{slug}/")
        expected = 1 if slug == "reply" else 0
        assert html.count(WORDS) == expected, slug
    words_step = page(as_client, f"/critic/{entry.id}/step/words/")
    assert words_step.count(WORDS) == 1, "in its own box, and not repeated under it"


@pytest.mark.usefixtures("with_language")
def test_the_reply_step_says_what_the_critic_may_be_trying_to_do_and_fear(
    as_client: Client, client_user: User
) -> None:
    html = page(as_client, f"/critic/{answered_entry(client_user).id}/step/reply/")
    assert "It may be trying to" in html
    assert "stop me making mistakes" in html
    assert "keep me from being rejected or left out" in html
    assert "Keep me on my toes." in html
    assert "It may fear that" in html
    assert "I&#x27;d become lazy" in html
    assert "That I&#x27;d stop caring." in html
    assert html.index("It may be trying to") < html.index(WORDS)


def test_the_words_can_be_hidden_without_javascript(as_client: Client, client_user: User) -> None:
    entry = answered_entry(client_user)
    html = page(as_client, f"/critic/{entry.id}/step/reply/")
    box = re.search(r"<details class=\"critic-words\"[^>]*>(.*?)</details>", html, re.S)
    assert box is not None, "a details element: it opens and closes without a script"
    assert " open" in box.group(0)[: box.group(0).index(">")], "shown until the person hides it"
    assert "<summary" in box.group(1)
    assert "Hide the critic's words" in box.group(1)
    assert "Show the critic's words" in box.group(1)
    assert WORDS in box.group(1)
    assert f'data-critic-words="{entry.id}"' in box.group(0), "remembered for this entry"
    assert "kindmind/critic-words.js" in html


@pytest.mark.usefixtures("with_language")
def test_no_step_or_page_names_thinking_patterns_or_highlights_the_words(
    as_client: Client, client_user: User
) -> None:
    entry = answered_entry(client_user)
    urls = [f"/critic/{entry.id}/step/{s.slug}/" for s in CRITIC.steps]
    urls.append(f"/critic/{entry.id}/")
    for url in urls:
        html = page(as_client, url)
        assert "<mark>" not in html, url
        for name in PATTERN_NAMES:
            assert name not in html, (url, name)
    hints = as_client.post(
        f"/critic/{entry.id}/save/",
        {
            "field": "critic_words",
            "text": WORDS + " Again.",
            "base_version": "1",
            "sitting": "00000000-0000-0000-0000-000000000009",
            "rev": "2",
        },
    ).json()["hints_html"]
    assert WORDS not in hints and "<mark>" not in hints
    for name in PATTERN_NAMES:
        assert name not in hints


@pytest.mark.usefixtures("with_language")
def test_harsh_words_are_met_with_the_critics_function_not_a_label(
    as_client: Client, client_user: User
) -> None:
    entry = answered_entry(client_user)
    html = page(as_client, f"/critic/{entry.id}/step/words/")
    assert "trying to protect you" in html


def test_the_entry_page_keeps_the_words_folded_until_asked(
    as_client: Client, client_user: User
) -> None:
    html = page(as_client, f"/critic/{answered_entry(client_user).id}/")
    box = re.search(r"<details class=\"critic-words\"[^>]*>(.*?)</details>", html, re.S)
    assert box is not None
    assert " open" not in box.group(0)[: box.group(0).index(">")]
    assert WORDS in box.group(1)
    assert html.count(WORDS) == 1
