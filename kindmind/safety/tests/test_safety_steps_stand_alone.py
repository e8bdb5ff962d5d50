"""The crisis page never opens under a cheerful banner (issue 13, item 2): a safety step
(the urgent page, the warm question, the Help page after a questionnaire's risk answer)
replaces every other message, and the message does not turn up on a later page either."""

from __future__ import annotations

import uuid

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory

from kindmind.accounts.models import User
from kindmind.critic.tests.conftest import make_entry
from kindmind.critic.tests.test_flow_pages import submit
from kindmind.measures.tests.test_measure_pages import answers_form
from kindmind.safety.tests.words import CONCERN, URGENT
from kindmind.safety.views import quiet_other_messages

pytestmark = pytest.mark.django_db

BANNERS = (
    "Thank you for checking in.",
    "Saved. You can carry on whenever you like.",
    "Thank you. Your answers are saved.",
)


def _banners(html: str) -> list[str]:
    return [b for b in BANNERS if b in html]


def _next_request_messages(quiet: bool) -> list[str]:
    """Queue two messages on one request, optionally quiet them, and read what the next
    request of the same browser would show."""
    request = RequestFactory().get("/help/urgent/")
    request.session = SessionStore()
    storage = FallbackStorage(request)
    request._messages = storage  # type: ignore[attr-defined]
    messages.success(request, "Thank you for checking in.")
    messages.info(request, "Something else.")
    if quiet:
        assert quiet_other_messages(request) == {"messages": ()}
    response = HttpResponse()
    storage.update(response)
    after = RequestFactory().get("/today/")
    after.session = request.session
    after.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    return [str(m) for m in FallbackStorage(after)]


def test_the_helper_takes_every_queued_message_off_the_page_and_out_of_the_queue() -> None:
    assert _next_request_messages(quiet=False) == ["Thank you for checking in.", "Something else."]
    assert _next_request_messages(quiet=True) == []


def check_in(browser: Client, note: str) -> str:
    response = browser.post(
        "/checkins/new/",
        {
            "threat": "6",
            "drive": "3",
            "soothing": "2",
            "note": note,
            "submission_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize(("words", "page"), [(URGENT, "/help/urgent/"), (CONCERN, "/help/check/")])
def test_after_a_heavy_check_in_the_safety_page_has_no_banner(
    as_client: Client, words: str, page: str
) -> None:
    where = check_in(as_client, words)
    assert where.startswith(page)
    html = as_client.get(where).content.decode()
    assert _banners(html) == []
    assert 'class="messages"' not in html
    # Nor does the cheerful word wait for the page after.
    assert _banners(as_client.get("/today/").content.decode()) == []


def test_after_heavy_words_in_the_critic_work_the_urgent_page_has_no_banner(
    as_client: Client, client_user: User
) -> None:
    entry = make_entry(client_user, "critic")
    where = submit(as_client, entry, "reply", go="stop", reply=URGENT)["Location"]
    assert where.startswith("/help/urgent/")
    html = as_client.get(where).content.decode()
    assert _banners(html) == [] and 'class="messages"' not in html
    assert "Talk to someone now" in html


def test_after_a_questionnaires_risk_answer_help_comes_without_a_banner(
    as_client: Client,
) -> None:
    response = as_client.post("/measures/answer/phq9/", answers_form([0] * 8 + [1]))
    assert response["Location"] == "/help/?from=measure"
    html = as_client.get(response["Location"]).content.decode()
    assert 'class="messages"' not in html and 'class="notice' not in html
    # Said once, quietly, in the page's own words instead of a banner above it.
    assert html.count("Thank you. Your answers are saved.") == 1
    assert html.index("One of your answers spoke") < html.index("Your answers are saved.")


def test_the_urgent_page_sent_back_for_its_tick_still_shows_no_banner(
    as_client: Client,
) -> None:
    where = check_in(as_client, URGENT)
    stray = as_client.post(where, {"next": "/today/"})
    assert stray.status_code == 400
    assert _banners(stray.content.decode()) == []


def test_other_pages_still_show_their_messages(as_client: Client) -> None:
    where = check_in(as_client, "A slow morning with tea")
    assert "Thank you for checking in." in as_client.get(where).content.decode()
