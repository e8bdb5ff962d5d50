import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_checkin, make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.checkins.models import CheckIn

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "threat": "7",
        "drive": "3",
        "soothing": "2",
        "emotions": ["anxious", "tense", "cared for"],
        "other_feelings": "a bit flat",
        "note": "A long meeting.",
        "when": "",
        "submission_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_a_client_checks_in_and_sees_their_circles(as_client: Client, client_user: User) -> None:
    response = as_client.post("/checkins/new/", form())
    checkin = CheckIn.objects.get()
    assert response["Location"] == f"/checkins/{checkin.id}/"
    assert (checkin.threat, checkin.drive, checkin.soothing) == (7, 3, 2)
    assert checkin.emotions == ["anxious", "tense", "cared for"]
    assert checkin.other_feelings == "a bit flat"
    assert checkin.timezone == "Europe/London"
    assert checkin.client == client_user
    page = as_client.get(response["Location"]).content.decode()
    assert "Thank you for checking in." in page
    assert "Threat 7, Drive 3, Soothing 2 out of 10" in page
    assert 'class="chip chip--soothing">cared for' in page
    event = AuditEvent.objects.get(action="create", object_type="checkins.checkin")
    assert event.object_id == str(checkin.id)


def test_the_form_offers_every_curated_word_and_starts_with_no_rating(as_client: Client) -> None:
    html = as_client.get("/checkins/new/").content.decode()
    for word in ("anxious", "motivated", "calm", "cared for"):
        assert f'value="{word}"' in html
    # The number boxes start empty, so an untouched form sends no rating (a 5 would be
    # invented); only the hidden sliders, for JavaScript, rest in the middle.
    for system in ("threat", "drive", "soothing"):
        box = re.search(rf'<input type="number" name="{system}"[^>]*>', html)
        assert box is not None
        assert "value=" not in box.group(0)
    assert 'name="submission_id"' in html


def test_submitting_the_same_form_twice_saves_it_once(as_client: Client) -> None:
    data = form()
    first = as_client.post("/checkins/new/", data)
    second = as_client.post("/checkins/new/", data)
    assert CheckIn.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"threat": "11"}, "Please choose a number from 0 to 10."),
        ({"drive": "-1"}, "Please choose a number from 0 to 10."),
        ({"soothing": "lots"}, "Please choose a whole number from 0 to 10."),
        ({"emotions": ["jubilant"]}, "Please choose feelings from the list"),
        ({"note": "x" * 100_000}, "at most 5000 characters"),
        ({"other_feelings": "y" * 201}, "at most 200 characters"),
        ({"when": "2026-11-18T14:00"}, "hasn&#x27;t happened yet"),
        ({"when": "2026-11-01T09:00"}, "up to a week back"),
        ({"when": "yesterday-ish"}, "Enter a valid date/time."),
        ({"submission_id": "not-a-uuid"}, "This form arrived incomplete."),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    as_client: Client, overrides: dict[str, Any], message: str
) -> None:
    response = as_client.post("/checkins/new/", form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CheckIn.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_check_in_can_be_dated_earlier_in_the_persons_own_timezone(
    client: Client,
) -> None:
    person = make_user("auckland@example.org", timezone_name="Pacific/Auckland")
    client.force_login(person)
    # 07:30 on 18 November in Auckland (NZDT, +13) is 18:30 UTC on the 17th.
    client.post("/checkins/new/", form(when="2026-11-18T07:30"))
    checkin = CheckIn.objects.get()
    assert checkin.at.isoformat() == "2026-11-17T18:30:00+00:00"
    assert checkin.local_date.isoformat() == "2026-11-18"


def test_nobody_can_check_in_in_another_persons_name(as_client: Client, client_user: User) -> None:
    other = make_user("other.client@example.org")
    as_client.post("/checkins/new/", form(client=str(other.id), client_id=str(other.id)))
    assert CheckIn.objects.get().client == client_user
    assert not CheckIn.objects.filter(client=other).exists()


def test_a_client_changes_their_check_in(as_client: Client, client_user: User) -> None:
    checkin = make_checkin(client_user)
    response = as_client.post(
        f"/checkins/{checkin.id}/edit/", form(threat="1", soothing="9", emotions=["calm"])
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.threat, checkin.soothing, checkin.emotions) == (1, 9, ["calm"])
    assert AuditEvent.objects.filter(action="change", object_id=str(checkin.id)).exists()


def test_a_bad_change_leaves_the_check_in_as_it_was(as_client: Client, client_user: User) -> None:
    checkin = make_checkin(client_user, threat=4)
    response = as_client.post(f"/checkins/{checkin.id}/edit/", form(threat="99"))
    assert response.status_code == 400
    checkin.refresh_from_db()
    assert checkin.threat == 4


def test_deleting_asks_first_then_deletes_for_real(as_client: Client, client_user: User) -> None:
    checkin = make_checkin(client_user, note="private words")
    confirm = as_client.get(f"/checkins/{checkin.id}/delete/")
    assert "Delete this check-in?" in confirm.content.decode()
    assert CheckIn.objects.exists()
    as_client.post(f"/checkins/{checkin.id}/delete/")
    assert not CheckIn.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.object_id == str(checkin.id)
    assert "private" not in str(event.__dict__)


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_only_the_owner_may_change_or_delete(
    action: str,
    client_user: User,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
) -> None:
    checkin = make_checkin(client_user, threat=4)
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    for browser in (as_sharing_clinician, as_unrelated_clinician, as_other):
        assert browser.get(f"/checkins/{checkin.id}/{action}/").status_code == 404
        assert (
            browser.post(f"/checkins/{checkin.id}/{action}/", form(threat="0")).status_code == 404
        )
    checkin.refresh_from_db()
    assert checkin.threat == 4


def test_the_sharing_clinician_sees_a_check_in_only_while_check_ins_are_shared(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    checkin = make_checkin(client_user)
    page = as_sharing_clinician.get(f"/checkins/{checkin.id}/")
    assert page.status_code == 200
    assert "/edit/" not in page.content.decode(), "no change buttons for a reader"
    account_actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["profile"], by=client_user
    )
    assert as_sharing_clinician.get(f"/checkins/{checkin.id}/").status_code == 404
    Share.objects.update(revoked_at="2026-11-01T00:00Z")
    assert as_sharing_clinician.get(f"/checkins/{checkin.id}/").status_code == 404


def test_clinician_accounts_have_no_check_in_pages(as_unrelated_clinician: Client) -> None:
    for path in ("/checkins/", "/checkins/new/", "/checkins/week/", "/checkins/trend/"):
        assert as_unrelated_clinician.get(path).status_code == 404


def test_the_history_page_costs_the_same_queries_for_few_or_many(
    as_client: Client, client_user: User
) -> None:
    make_checkin(client_user)
    as_client.get("/checkins/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert as_client.get("/checkins/").status_code == 200
    for _ in range(40):
        make_checkin(client_user)
    with CaptureQueriesContext(connection) as many:
        response = as_client.get("/checkins/")
    assert response.content.decode().count('class="history__item"') == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_history_pages_through_older_check_ins(as_client: Client, client_user: User) -> None:
    for _ in range(31):
        make_checkin(client_user)
    second = as_client.get("/checkins/?page=2").content.decode()
    assert second.count('class="history__item"') == 1
    assert as_client.get("/checkins/?page=banana").status_code == 200


def _history_links(html: str) -> list[str]:
    listing = html.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'href="(/checkins/[0-9a-f-]+/)"', listing)


@time_machine.travel(NOW, tick=False)
def test_following_older_reaches_every_check_in_down_to_the_first(
    as_client: Client, client_user: User
) -> None:
    start = datetime(2026, 11, 18, 11, 0, tzinfo=UTC)
    made = [make_checkin(client_user, at=start - timedelta(hours=5 * n)) for n in range(65)]
    seen: list[str] = []
    path: str | None = "/checkins/"
    while path:
        html = as_client.get(path).content.decode()
        seen += _history_links(html)
        older = re.search(r'<a href="(\?page=\d+)">Older</a>', html)
        path = f"/checkins/{older.group(1)}" if older else None
    # Newest first, each once, down to the very first check-in.
    assert seen == [f"/checkins/{c.id}/" for c in made]
    assert "Page 3 of 3" in html


@pytest.mark.parametrize("page", ["0", "-2", "99999", "", "2.5", "9" * 40, "%00", "last"])
def test_an_odd_page_number_shows_a_page_of_check_ins_never_an_error(
    as_client: Client, client_user: User, page: str
) -> None:
    for _ in range(31):
        make_checkin(client_user)
    response = as_client.get(f"/checkins/?page={page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(_history_links(html)) in (1, 30)
    assert re.search(r"Page [12] of 2", html)


def test_the_trend_costs_the_same_queries_for_few_or_many(
    as_client: Client, client_user: User
) -> None:
    make_checkin(client_user)
    as_client.get("/checkins/trend/?weeks=52")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert as_client.get("/checkins/trend/?weeks=52").status_code == 200
    for n in range(60):
        make_checkin(client_user, at=timezone.now() - timedelta(days=5 * n))
    with CaptureQueriesContext(connection) as many:
        response = as_client.get("/checkins/trend/?weeks=52")
    assert response.content.decode().count("<tr><td>") == 52
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_week_view_draws_the_weeks_average(client: Client) -> None:
    person = make_user("week@example.org", timezone_name="Europe/London")
    with time_machine.travel("2026-11-18 12:00Z", tick=False):
        make_checkin(person, threat=8, drive=2, soothing=2)
        make_checkin(person, threat=4, drive=4, soothing=6)
        client.force_login(person)
        html = client.get("/checkins/week/").content.decode()
    assert "16 November to 22 November 2026" in html
    assert "Threat 6, Drive 3, Soothing 4 out of 10" in html
    assert "Drawn from the numbers of 2 check-ins this week." in html


def test_the_week_view_for_an_earlier_week_and_a_nonsense_date(client: Client) -> None:
    person = make_user("week2@example.org")
    with time_machine.travel("2026-11-18 12:00Z", tick=False):
        client.force_login(person)
        earlier = client.get("/checkins/week/?start=2026-11-04").content.decode()
        nonsense = client.get("/checkins/week/?start=31-31-31")
    assert "2 November to 8 November 2026" in earlier
    assert "No check-ins this week." in earlier
    assert nonsense.status_code == 200


def test_the_trend_shows_weekly_averages_in_a_chart_and_a_table(client: Client) -> None:
    person = make_user("trend@example.org", timezone_name="Europe/London")
    with time_machine.travel("2026-11-18 12:00Z", tick=False):
        for day, threat in [("2026-11-03", 8), ("2026-11-05", 6), ("2026-11-17", 2)]:
            make_checkin(person, threat=threat, at=f"{day}T09:00Z")
        client.force_login(person)
        html = client.get("/checkins/trend/?weeks=12").content.decode()
        fallback = client.get("/checkins/trend/?weeks=7")
    assert "<polyline" in html
    assert "<td>2 Nov 2026</td><td>7.0</td>" in html
    assert "<td>16 Nov 2026</td><td>2.0</td>" in html
    assert fallback.status_code == 200


def test_the_trend_offers_an_observation_only_when_the_data_supports_it(client: Client) -> None:
    person = make_user("obs@example.org", timezone_name="UTC")
    with time_machine.travel("2026-11-22 12:00Z", tick=False):
        client.force_login(person)
        assert "Something you might notice" not in client.get("/checkins/trend/").content.decode()
        for d in range(1, 5):
            make_checkin(person, soothing=2, at=f"2026-11-0{d + 4}T12:00Z")
        for d in range(15, 19):
            make_checkin(person, soothing=6, at=f"2026-11-{d}T12:00Z")
        html = client.get("/checkins/trend/").content.decode()
    assert "Soothing seems to have felt a little larger" in html


def test_today_shows_the_last_check_ins_circles(as_client: Client, client_user: User) -> None:
    assert "Noticing takes about fifteen seconds" in as_client.get("/today/").content.decode()
    make_checkin(client_user, threat=1, drive=2, soothing=9)
    html = as_client.get("/today/").content.decode()
    assert "Threat 1, Drive 2, Soothing 9 out of 10" in html
    assert "Check in again" in html


def test_a_form_that_lost_its_one_time_id_can_be_sent_again(as_client: Client) -> None:
    response = as_client.post("/checkins/new/", form(submission_id=""))
    assert response.status_code == 400
    fresh = response.context["form"].data["submission_id"]
    assert uuid.UUID(fresh)
    assert as_client.post("/checkins/new/", form(submission_id=fresh)).status_code == 302
    assert CheckIn.objects.count() == 1
