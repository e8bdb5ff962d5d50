"""A client reads plain words about what is not available and about reliable change; the
technical source (the licensed-pack reason, Jacobson and Truax's reliable change index)
stays for clinicians, and for anyone who opens "How this is worked out"."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from conftest import make_measure_response
from kindmind.accounts.models import User

pytestmark = pytest.mark.django_db

PLAIN_UNAVAILABLE = "This questionnaire isn't available here yet."
SOURCE = "Jacobson and Truax (1991)"


def outside_details(html: str) -> str:
    """The page as it reads before any "How this is worked out" is opened."""
    return re.sub(r"<details class=\"more source\">.*?</details>", "", html, flags=re.S)


def test_a_client_reads_plainly_that_a_questionnaire_is_not_available(as_client: Client) -> None:
    html = as_client.get("/measures/").content.decode()
    assert PLAIN_UNAVAILABLE in html
    assert "needs a licensed instrument pack" not in outside_details(html)
    # The reason is kept, for whoever runs this kindmind, behind "How this is worked out".
    assert "How this is worked out" in html
    assert "needs a licensed instrument pack" in html
    page = as_client.get("/measures/answer/fscrs/").content.decode()
    assert "needs a licensed instrument pack" not in outside_details(page)


def progress_with_a_change(client_user: User) -> str:
    first = make_measure_response(client_user, answers=[3, 3, 3, 2, 2, 2, 2, 2, 0])
    first.completed_at -= timedelta(days=28)
    first.save(update_fields=["completed_at"])
    return str(make_measure_response(client_user, answers=[1, 1, 1, 0, 0, 1, 0, 0, 0]).id)


def test_a_client_reads_reliable_change_in_plain_words(
    as_client: Client, client_user: User
) -> None:
    later = progress_with_a_change(client_user)
    progress = as_client.get("/measures/progress/").content.decode()
    assert "a change this big is unlikely to be chance" in progress
    assert SOURCE not in outside_details(progress)
    assert "1.96" not in outside_details(progress)
    assert SOURCE in progress
    response = as_client.get(f"/measures/responses/{later}/").content.decode()
    assert "Reliable improvement" in response
    assert "change index" not in outside_details(response)
    assert "Reliable change index (Jacobson and Truax, 1991): -6.17" in response


def test_a_clinician_sees_the_index_and_its_source(
    client_user: User, as_sharing_clinician: Client
) -> None:
    later = progress_with_a_change(client_user)
    html = as_sharing_clinician.get(f"/measures/responses/{later}/").content.decode()
    assert "reliable change index -6.17; Jacobson and Truax (1991)" in outside_details(html)
