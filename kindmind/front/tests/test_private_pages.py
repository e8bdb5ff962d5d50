"""No browser or proxy keeps a signed-in person's pages (issue 16, point 9)."""

from __future__ import annotations

import pytest
from django.test import Client

from kindmind.accounts.models import Share, User
from kindmind.front.tests.test_bad_input import ROUTES, url_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["client", "clinician"])
def test_every_page_a_signed_in_person_sees_is_never_stored(
    who: str, client_user: User, sharing_clinician: User
) -> None:
    share = Share.objects.get(client=client_user)
    browser = Client(raise_request_exception=False)
    browser.force_login(client_user if who == "client" else sharing_clinician)
    seen = 0
    for route in ROUTES:
        response = browser.get(url_for(route, share, client_user))
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            seen += 1
            assert "no-store" in response.get("Cache-Control", ""), route
    assert seen > 20  # the sweep really reached the person's pages


def test_pages_for_everyone_keep_their_own_caching(client: Client) -> None:
    response = client.get("/learn/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
