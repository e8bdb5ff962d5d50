import logging
import uuid
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from conftest import PASSWORD
from kindmind.accounts.models import Session, User
from kindmind.checkins.models import CheckIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down() -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse),
        mock.patch.object(BaseDatabaseWrapper, "_cursor", refuse),
    ):
        yield


def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        # No reminders loop has run in this test: said, and not a failure.
        "reminders_loop_last_run": None,
    }


def test_healthz_answers_503_when_the_database_does_not(
    client: Client, database_down: None
) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize("path", ["/today/", "/account/sharing/", "/account/settings/"])
def test_pages_answer_with_the_calm_503_page_when_the_database_is_down(
    as_client: Client, path: str, database_down: None
) -> None:
    as_client.raise_request_exception = False
    response = as_client.get(path)
    assert response.status_code == 503
    html = response.content.decode()
    assert "can&#x27;t reach its storage" in html or "can't reach its storage" in html
    assert "Traceback" not in html


def test_a_sign_in_while_the_database_is_down_gets_the_503_page(
    client: Client, database_down: None
) -> None:
    client.raise_request_exception = False
    response = client.post("/account/signin/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 503


def test_a_form_without_its_security_token_gets_a_kind_403(csrf_client: Client) -> None:
    response = csrf_client.post("/account/signup/", {"email": "a@example.org"})
    assert response.status_code == 403
    assert "Please try once more" in response.content.decode()


def test_what_a_person_types_never_reaches_the_logs(
    client: Client, client_user: object, caplog: pytest.LogCaptureFixture
) -> None:
    secret_words = "my-private-words-xyzzy"
    caplog.set_level(logging.DEBUG)
    client.post(
        "/account/signup/", {"email": f"{secret_words}@example.org", "password1": secret_words}
    )
    client.post("/account/signin/", {"username": "client@example.org", "password": secret_words})
    for _ in range(6):
        client.post(
            "/account/signin/", {"username": f"{secret_words}@example.org", "password": "x"}
        )
    client.post("/account/signin/", {"username": "client@example.org", "password": PASSWORD})
    client.get(f"/today/?q={secret_words}")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert secret_words not in logged
    assert "client@example.org" not in logged


def test_a_database_lost_while_the_session_is_saved_gets_the_503_page_not_a_400(
    as_client: Client, client_user: User
) -> None:
    # The check-in is written, then the database goes away before the session (its
    # "thank you" message) is: the person is told to try again later, never that their
    # request could not be read and nothing was changed.
    as_client.raise_request_exception = False
    key = uuid.uuid4()
    form = {"threat": "4", "drive": "5", "soothing": "3", "submission_id": str(key)}
    with mock.patch.object(Session, "save", side_effect=OperationalError("server closed")):
        response = as_client.post("/checkins/new/", form)
    assert response.status_code == 503
    assert "reach its storage" in response.content.decode().replace("&#x27;", "'")
    # What the view saved before the database went away is there.
    assert CheckIn.objects.filter(client=client_user, submission_id=key).exists()
