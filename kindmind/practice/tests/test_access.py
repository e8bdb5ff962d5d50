"""A person's practice is theirs alone: every page with a practice's id is for its owner
only (a 404 for anyone else, who learns nothing and changes nothing), and the practice
pages are for clients."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.practice.models import PracticeSession
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db

SESSION_PAGES = ["session", "progress", "finish", "stop", "stirred", "after"]
FINISH = {"steps_done": 4, "seconds": 120, "distress": 3}


def state(session: PracticeSession) -> tuple[object, ...]:
    session.refresh_from_db()
    return (session.ended_at, session.seconds, session.steps_done, session.stirred)


@pytest.mark.parametrize("name", SESSION_PAGES)
@pytest.mark.parametrize("who", ["another client", "sharing clinician", "unrelated clinician"])
def test_nobody_but_the_owner_opens_or_changes_a_practice(
    name: str,
    who: str,
    client_user: User,
    sharing_clinician: User,
    unrelated_clinician: User,
) -> None:
    session = make_practice_session(client_user)
    if name == "after":
        session.ended_at = session.started_at
        session.save(update_fields=["ended_at"])
    visitor = {
        "another client": make_user("another.client@example.org"),
        "sharing clinician": sharing_clinician,
        "unrelated clinician": unrelated_clinician,
    }[who]
    browser = Client()
    browser.force_login(visitor)
    before = state(session)
    url = reverse(f"practice:{name}", args=[session.id])
    for method in ("get", "post"):
        response = getattr(browser, method)(url, FINISH if method == "post" else None)
        assert response.status_code in (404, 405), (method, url, response.status_code)
        if response.status_code == 404:
            assert "This page isn&#x27;t here" in response.content.decode() or (
                "This page isn't here" in response.content.decode()
            )
    assert state(session) == before


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_a_signed_out_visitor_is_sent_to_sign_in(
    name: str, client_user: User, client: Client
) -> None:
    session = make_practice_session(client_user)
    url = reverse(f"practice:{name}", args=[session.id])
    response = client.get(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith("/account/signin/")


@pytest.mark.parametrize("bad_id", ["1", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_id_that_names_nothing_is_a_404(as_client: Client, bad_id: str) -> None:
    assert as_client.get(f"/practice/sessions/{bad_id}/").status_code == 404
    assert as_client.post(f"/practice/sessions/{bad_id}/finish/", FINISH).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/practice/",
        "/practice/log/",
        "/practice/library/grounding/",
        "/practice/builders/compassionate-other/",
        "/practice/builders/compassionate-self/",
    ],
)
def test_practice_pages_are_for_clients(url: str, as_unrelated_clinician: Client) -> None:
    assert as_unrelated_clinician.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/practice/", "/practice/log/", "/practice/breathe/", "/practice/going-gently/"],
)
def test_signed_out_visitors_sign_in_first(url: str, client: Client) -> None:
    assert client.get(url)["Location"].startswith("/account/signin/")


def test_the_owner_opens_their_practice(as_client: Client, client_user: User) -> None:
    session = make_practice_session(client_user)
    assert as_client.get(f"/practice/sessions/{session.id}/").status_code == 200
