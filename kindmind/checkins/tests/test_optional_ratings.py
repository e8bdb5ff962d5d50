"""A rating is recorded only when the person gives it: untouched ratings stay missing,
and every place that reads ratings leaves the missing ones out rather than inventing
them. A check-in in words is a whole check-in; a check-in with nothing is not saved."""

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_checkin, make_user
from kindmind.accounts.models import User
from kindmind.checkins.circles import Circles, evenings_and_mornings, soothing_lately
from kindmind.checkins.models import CheckIn

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"


def untouched(**fields: Any) -> dict[str, Any]:
    """What the form sends when no rating was touched: three empty number boxes."""
    data: dict[str, Any] = {
        "threat": "",
        "drive": "",
        "soothing": "",
        "other_feelings": "",
        "note": "",
        "when": "",
        "submission_id": str(uuid.uuid4()),
    }
    data.update(fields)
    return data


@time_machine.travel(NOW, tick=False)
def test_untouched_ratings_are_not_recorded(as_client: Client) -> None:
    response = as_client.post("/checkins/new/", untouched(emotions=["calm"]))
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (None, None, None)
    assert checkin.emotions == ["calm"]


@time_machine.travel(NOW, tick=False)
def test_only_the_ratings_given_are_recorded(as_client: Client) -> None:
    # Fields left out of the request altogether count as untouched too.
    data = untouched(threat="6")
    del data["drive"], data["soothing"]
    as_client.post("/checkins/new/", data)
    checkin = CheckIn.objects.get()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (6, None, None)
    page = as_client.get(f"/checkins/{checkin.id}/").content.decode()
    assert "Threat 6, Drive not given, Soothing not given out of 10" in page
    # In the history: a dash for each rating left out, and only its empty ring drawn.
    history = as_client.get("/checkins/").content.decode()
    assert "Threat 6 · Drive \u2013 · Soothing \u2013" in history  # en dashes
    assert history.count('class="circles__ring"') == 3
    assert history.count('class="circles__fill') == 1
    assert 'class="circles__fill circles__fill--threat" cx="50" cy="50"' in history


@time_machine.travel(NOW, tick=False)
def test_a_note_only_check_in_is_shown_as_a_check_in_in_words(as_client: Client) -> None:
    response = as_client.post("/checkins/new/", untouched(note="A quiet walk."))
    checkin = CheckIn.objects.get()
    assert checkin.note == "A quiet walk."
    assert not checkin.is_rated
    page = as_client.get(response["Location"]).content.decode()
    assert "A check-in in words, without numbers. That is a whole check-in too." in page
    assert "A quiet walk." in page
    assert 'class="circles__svg"' not in page
    history = as_client.get("/checkins/").content.decode()
    assert "In words, without numbers" in history
    assert "history__circles" not in history


@time_machine.travel(NOW, tick=False)
def test_a_check_in_with_nothing_in_it_is_refused_kindly_and_not_saved(as_client: Client) -> None:
    response = as_client.post("/checkins/new/", untouched(note="   "))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There&#x27;s nothing here to save yet. Any one thing is enough" in html
    assert "Nothing has been lost" in html
    assert not CheckIn.objects.exists()


def test_a_change_can_take_a_rating_away_but_not_everything(
    as_client: Client, client_user: User
) -> None:
    checkin = make_checkin(client_user, threat=6, drive=3, soothing=2, emotions=[], note="")
    data = untouched(threat="6")
    del data["submission_id"], data["when"]
    assert as_client.post(f"/checkins/{checkin.id}/edit/", data).status_code == 302
    checkin.refresh_from_db()
    assert (checkin.threat, checkin.drive, checkin.soothing) == (6, None, None)
    # The edit form shows an empty box for a rating that was not given.
    form = as_client.get(f"/checkins/{checkin.id}/edit/").content.decode()
    assert 'name="threat" value="6"' in form
    assert 'name="drive" value=' not in form
    emptied = as_client.post(f"/checkins/{checkin.id}/edit/", {**data, "threat": ""})
    assert emptied.status_code == 400
    checkin.refresh_from_db()
    assert checkin.threat == 6


def test_the_weeks_average_leaves_missing_ratings_out(client: Client) -> None:
    person = make_user("week@example.org", timezone_name="Europe/London")
    with time_machine.travel(NOW, tick=False):
        make_checkin(person, threat=8, drive=None, soothing=None)
        make_checkin(person, threat=4, drive=None, soothing=6)
        make_checkin(person, threat=None, drive=None, soothing=None, note="words only")
        client.force_login(person)
        html = client.get("/checkins/week/").content.decode()
    # Not (8 + 4 + 5) / 3 or the like: only the ratings given are averaged.
    assert "Threat 6, Drive not given, Soothing 6 out of 10" in html
    assert "Drawn from the numbers of 2 check-ins this week." in html


def test_a_week_in_words_only_draws_no_circles(client: Client) -> None:
    person = make_user("words@example.org", timezone_name="Europe/London")
    with time_machine.travel(NOW, tick=False):
        make_checkin(person, threat=None, drive=None, soothing=None)
        client.force_login(person)
        html = client.get("/checkins/week/").content.decode()
    assert "are in words, without numbers, so there are no circles to draw" in html
    assert 'class="circles__svg"' not in html


def test_the_trend_leaves_missing_ratings_out(client: Client) -> None:
    person = make_user("trend@example.org", timezone_name="Europe/London")
    with time_machine.travel(NOW, tick=False):
        make_checkin(person, threat=8, drive=None, soothing=2, at="2026-11-03T09:00Z")
        make_checkin(person, threat=None, drive=None, soothing=4, at="2026-11-05T09:00Z")
        make_checkin(person, threat=None, drive=None, soothing=None, at="2026-11-17T09:00Z")
        client.force_login(person)
        html = client.get("/checkins/trend/?weeks=12").content.decode()
    gap = "<td>\u2013</td>"  # an en dash: no rating that week
    assert f"<td>2 Nov 2026</td><td>8.0</td>{gap}<td>3.0</td><td>2</td>" in html
    assert f"<td>16 Nov 2026</td>{gap * 3}<td>1</td>" in html
    # Drive was never given: it has no line at all.
    assert "trend__series--drive" in html
    drive = html.split("trend__series--drive", 1)[1].split("</g>", 1)[0]
    assert "<polyline" not in drive


def test_today_shows_the_last_circles_given(as_client: Client, client_user: User) -> None:
    make_checkin(client_user, threat=3, drive=4, soothing=7, at="2026-11-17T09:00Z")
    make_checkin(
        client_user,
        threat=None,
        drive=None,
        soothing=None,
        note="later, in words",
        at="2026-11-18T09:00Z",
    )
    html = as_client.get("/today/").content.decode()
    assert "Threat 3, Drive 4, Soothing 7 out of 10" in html
    assert "Threat 5" not in html


class Item:
    def __init__(self, day: int, hour: int, threat: int | None, soothing: int | None) -> None:
        self.threat, self.drive, self.soothing = threat, None, soothing
        self.local_date = date(2026, 11, day)
        self.local_at = datetime(2026, 11, day, hour, tzinfo=UTC)


def test_observations_count_only_ratings_that_were_given() -> None:
    today = date(2026, 11, 22)
    before = [Item(d, 12, None, 2) for d in range(5, 9)]
    recent = [Item(d, 12, None, 6) for d in range(15, 18)]
    # Three soothing ratings in the recent fortnight and one without: not enough to speak.
    unrated = [Item(18, 12, 5, None)]
    assert soothing_lately([*before, *recent, *unrated], today) is None
    assert soothing_lately([*before, *recent, Item(19, 12, None, 6)], today) is not None
    mornings = [Item(d, 8, 2, None) for d in range(1, 5)]
    evenings = [Item(d, 20, 6, None) for d in range(1, 4)] + [Item(4, 20, None, 5)]
    assert evenings_and_mornings([*mornings, *evenings]) is None


def test_an_average_of_nothing_given_is_no_circles() -> None:
    assert Circles.average([Item(1, 8, None, None)]) is None
    only = Circles.average([Item(1, 8, 4, None), Item(2, 8, None, 3)])
    assert only == Circles(4.0, None, 3.0)
