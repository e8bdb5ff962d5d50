import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import PASSWORD
from kindmind.accounts.models import User

pytestmark = pytest.mark.django_db

NEW = "a slow tide under the moon"


def test_a_person_changes_their_password(as_client: Client, client_user: User) -> None:
    response = as_client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.check_password(NEW)
    # They stay signed in after changing it.
    assert as_client.get("/today/").status_code == 200


def test_a_wrong_current_password_changes_nothing(as_client: Client, client_user: User) -> None:
    response = as_client.post(
        "/account/password/",
        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 400
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_an_emailed_link(
    client: Client, client_user: User, settings: object
) -> None:
    response = client.post("/account/password/reset/", {"email": "Client@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [client_user.email]
    match = re.search(
        r"http://127\.0\.0\.1:8000(/account/password/reset/\S+/\S+/)", str(message.body)
    )
    assert match, "the email carries a full link to the site root"
    # The link redirects once to a token-free address, then offers the form.
    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done.status_code == 302
    client_user.refresh_from_db()
    assert client_user.check_password(NEW)


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client: Client) -> None:
    response = client.post("/account/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_broken_reset_link_says_so_kindly(client: Client, client_user: User) -> None:
    response = client.get("/account/password/reset/MQ/not-a-token/", follow=True)
    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()


def _reset_link(client: Client) -> str:
    client.post("/account/password/reset/", {"email": "client@example.org"})
    match = re.search(
        r"http://127\.0\.0\.1:8000(/account/password/reset/\S+/\S+/)", str(mail.outbox[-1].body)
    )
    assert match
    return match.group(1)


def test_a_reset_link_works_for_one_hour_and_says_so(client: Client, client_user: User) -> None:
    """An old reset email left in an inbox must not open the account later: the link
    works for an hour, and the email and the pages say so, so nobody is surprised."""
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        sent = client.get("/account/password/reset/sent/")
        link = _reset_link(client)
    assert "one hour" in str(mail.outbox[-1].body)
    assert "one hour" in sent.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert client.get(link, follow=True).context["validlink"]
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        late = client.get(link, follow=True)
        assert not late.context["validlink"]
        assert "one hour" in late.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)
