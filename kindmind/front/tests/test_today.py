import pytest
import time_machine
from django.test import Client

from conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_signed_out_visitor_is_welcomed_and_sent_nowhere_private(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Create an account" in response.content.decode()
    assert client.get("/today/")["Location"].startswith("/account/signin/?next=/today/")


def test_today_greets_by_the_persons_own_clock_and_calendar(client: Client) -> None:
    user = make_user("tokyo@example.org", timezone_name="Asia/Tokyo", display_name="Kestrel")
    # 23:30 on Sunday in London is 08:30 on Monday in Tokyo.
    with time_machine.travel("2026-03-29 23:30Z", tick=False):
        client.force_login(user)
        html = client.get("/today/").content.decode()
    assert "Good morning, Kestrel" in html
    assert "Monday 30 March" in html


def test_today_follows_a_daylight_saving_change(client: Client) -> None:
    user = make_user("london@example.org", timezone_name="Europe/London")
    # 11:30 UTC is 11:30 in London before the clocks go forward and 12:30 after.
    with time_machine.travel("2026-03-28 11:30Z", tick=False):
        client.force_login(user)
        assert "Good morning" in client.get("/today/").content.decode()
    with time_machine.travel("2026-03-29 11:30Z", tick=False):
        client.force_login(user)
        assert "Good afternoon" in client.get("/today/").content.decode()


def test_changing_the_timezone_in_settings_changes_today(client: Client) -> None:
    user = make_user("mover@example.org", timezone_name="Europe/London")
    with time_machine.travel("2026-06-01 20:00Z", tick=False):
        client.force_login(user)
        assert "Good evening" in client.get("/today/").content.decode()
        response = client.post(
            "/account/settings/", {"display_name": "", "timezone": "Pacific/Auckland"}
        )
        assert response.status_code == 302
        # 20:00 UTC is 08:00 the next day in Auckland.
        html = client.get("/today/").content.decode()
    assert "Good morning" in html
    assert "Tuesday 2 June" in html


def test_a_timezone_that_does_not_exist_changes_nothing(client: Client) -> None:
    user = make_user("stay@example.org", timezone_name="Europe/London")
    client.force_login(user)
    response = client.post(
        "/account/settings/", {"display_name": "New", "timezone": "Atlantis/Deep"}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert (user.timezone, user.display_name) == ("Europe/London", "")


def test_clinicians_are_pointed_to_their_clients(client: Client) -> None:
    client.force_login(make_user("c@example.org", role="clinician"))
    html = client.get("/today/").content.decode()
    assert "See the people who share with you" in html
    assert "/account/sharing/" not in html


def test_late_at_night_it_just_says_hello(client: Client) -> None:
    user = make_user("night@example.org", timezone_name="Europe/London")
    with time_machine.travel("2026-11-22 03:30Z", tick=False):
        client.force_login(user)
        html = client.get("/today/").content.decode()
    assert "Hello" in html
    assert "Good evening" not in html and "Good morning" not in html
