"""Taking the course with a group: one-time codes, weeks the facilitator opens, and totals
that never point to one person."""

from __future__ import annotations

import datetime as dt
import html
import uuid
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_measure_response, make_user
from kindmind.accounts.models import User
from kindmind.course import actions
from kindmind.course.models import Cohort, CohortWeek, Enrolment, Invitation
from kindmind.course.weeks import BY_NUMBER
from kindmind.practice.tests.factories import make_logged

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(settings: Any) -> Any:
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text(response: Any) -> str:
    body: bytes = response.content
    return html.unescape(body.decode())


def new_group(browser: Client, name: str = "Tuesday evenings") -> Cohort:
    response = browser.post(
        "/course/groups/new/", {"name": name, "submission_id": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(name=name)
    assert response["Location"] == f"/course/groups/{cohort.id}/"
    return cohort


def code_for(cohort: Cohort, facilitator: User) -> str:
    return actions.invite(cohort=cohort, by=facilitator, now=timezone.now()).code


def members(cohort: Cohort, facilitator: User, count: int) -> list[User]:
    people = []
    for n in range(count):
        person = make_user(f"member{n}-{uuid.uuid4().hex[:6]}@example.org")
        joined = actions.join_group(
            client=person, typed_code=code_for(cohort, facilitator), now=timezone.now()
        )
        assert joined.cohort == cohort
        people.append(person)
    return people


def test_a_facilitator_creates_a_group_once_however_often_the_button_is_pressed(
    as_sharing_clinician: Client,
) -> None:
    submission = str(uuid.uuid4())
    for _ in range(2):
        as_sharing_clinician.post(
            "/course/groups/new/", {"name": "Mornings", "submission_id": submission}
        )
    assert Cohort.objects.filter(name="Mornings").count() == 1
    page = text(as_sharing_clinician.get("/course/"))
    assert "Mornings" in page


def test_a_group_without_a_name_keeps_what_was_typed_and_makes_nothing(
    as_sharing_clinician: Client,
) -> None:
    response = as_sharing_clinician.post(
        "/course/groups/new/", {"name": "", "submission_id": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert "Please give the group a name." in text(response)
    assert not Cohort.objects.exists()


def test_a_member_joins_with_a_code_and_sees_a_week_only_once_the_facilitator_opens_it(
    as_client: Client,
    client_user: User,
    as_sharing_clinician: Client,
    sharing_clinician: User,
    time_machine: Any,
) -> None:
    cohort = new_group(as_sharing_clinician)
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/invite/")
    code = Invitation.objects.get(cohort=cohort).code
    # Typed as people type: lower case, with a space and a dash.
    typed = f"{code[:4].lower()} - {code[4:]}"
    response = as_client.post("/course/join/", {"code": typed})
    assert response.status_code == 302
    assert Enrolment.objects.get(client=client_user).cohort == cohort

    assert "This week isn't open yet" in text(as_client.get("/course/week/1/"))
    assert "Your course" in text(as_client.get("/today/"))
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/open-week/", {"week": "1"})
    assert str(BY_NUMBER[1].reflection) in text(as_client.get("/course/week/1/"))

    # A month on, week 2 is still closed: only the facilitator opens it.
    time_machine.move_to(NOW + dt.timedelta(days=30))
    assert "This week isn't open yet" in text(as_client.get("/course/week/2/"))
    assert as_client.post("/course/week/2/", {"text": "early"}).status_code == 403
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/open-week/", {"week": "2"})
    assert str(BY_NUMBER[2].reflection) in text(as_client.get("/course/week/2/"))
    assert "Your course: week 2" in text(as_client.get("/today/"))


def test_weeks_open_only_in_order_and_only_once(
    as_sharing_clinician: Client, sharing_clinician: User
) -> None:
    cohort = new_group(as_sharing_clinician)
    url = f"/course/groups/{cohort.id}/open-week/"
    as_sharing_clinician.post(url, {"week": "3"})
    assert not CohortWeek.objects.exists()
    as_sharing_clinician.post(url, {"week": "1"})
    as_sharing_clinician.post(url, {"week": "1"})
    response = as_sharing_clinician.post(url, {"week": "9"}, follow=True)
    assert "no week was opened" in text(response)
    assert list(CohortWeek.objects.values_list("number", flat=True)) == [1]


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("unknown", "That code doesn't match a group"),
        ("used", "That code has already been used"),
        ("expired", "That code has run out of time"),
        ("withdrawn", "That code doesn't match a group"),
    ],
)
def test_a_bad_or_used_code_is_refused_kindly_and_changes_nothing(
    what: str,
    message: str,
    as_client: Client,
    client_user: User,
    sharing_clinician: User,
    time_machine: Any,
) -> None:
    cohort = Cohort.objects.create(
        facilitator=sharing_clinician, name="Group", submission_id=uuid.uuid4()
    )
    code = code_for(cohort, sharing_clinician)
    if what == "unknown":
        code = "ZZZZ9999"
    elif what == "used":
        someone = make_user("someone@example.org")
        actions.join_group(client=someone, typed_code=code, now=timezone.now())
    elif what == "expired":
        time_machine.move_to(NOW + dt.timedelta(days=31))
    else:
        invitation = Invitation.objects.get(code=code)
        actions.withdraw(invitation=invitation, by=sharing_clinician, now=timezone.now())
    before = list(Invitation.objects.values_list("id", "used_at", "withdrawn_at"))
    response = as_client.post("/course/join/", {"code": code})
    assert response.status_code == 400
    page = text(response)
    assert message in page
    # What was typed stays in the box.
    assert f'value="{code}"' in page
    assert not Enrolment.objects.filter(client=client_user).exists()
    assert list(Invitation.objects.values_list("id", "used_at", "withdrawn_at")) == before


def test_a_code_can_be_withdrawn_by_its_facilitator_only(
    as_sharing_clinician: Client,
    sharing_clinician: User,
    as_unrelated_clinician: Client,
    as_client: Client,
) -> None:
    cohort = new_group(as_sharing_clinician)
    invitation = actions.invite(cohort=cohort, by=sharing_clinician, now=timezone.now())
    url = f"/course/groups/{cohort.id}/codes/{invitation.id}/withdraw/"
    assert as_unrelated_clinician.post(url).status_code == 404
    assert as_client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert as_sharing_clinician.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_only_the_facilitator_opens_their_group_and_nobody_else_changes_it(
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
    as_client: Client,
) -> None:
    cohort = new_group(as_sharing_clinician)
    base = f"/course/groups/{cohort.id}/"
    assert as_sharing_clinician.get(base).status_code == 200
    for browser in (as_unrelated_clinician, as_client):
        assert browser.get(base).status_code == 404
        assert browser.post(base + "open-week/", {"week": "1"}).status_code == 404
        assert browser.post(base + "invite/").status_code == 404
    assert not CohortWeek.objects.exists()
    assert not Invitation.objects.exists()
    for bad in ("not-a-uuid", str(uuid.uuid4())):
        assert as_sharing_clinician.get(f"/course/groups/{bad}/").status_code == 404


def test_a_group_of_three_sees_no_totals_and_a_sentence_saying_why(
    as_sharing_clinician: Client, sharing_clinician: User
) -> None:
    cohort = new_group(as_sharing_clinician)
    people = members(cohort, sharing_clinician, 3)
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/open-week/", {"week": "1"})
    for person in people:
        make_logged(person, timezone.now() - dt.timedelta(minutes=5), seconds=600)
    page = text(as_sharing_clinician.get(f"/course/groups/{cohort.id}/"))
    assert "Totals appear once 5 or more people are in the group" in page
    assert "a total could point to one person" in page
    assert "People who practised" not in page
    assert "3 of 3" not in page


def test_totals_count_the_whole_group_week_by_week_and_never_name_anyone(
    as_sharing_clinician: Client, sharing_clinician: User, time_machine: Any
) -> None:
    cohort = new_group(as_sharing_clinician)
    people = members(cohort, sharing_clinician, 6)
    for n, person in enumerate(people):
        person.display_name = f"Member Name {n}"
        person.save(update_fields=["display_name"])
    # A first questionnaire for two people, before the course.
    for person in people[:2]:
        make_measure_response(
            person, answers=[3] * 9, completed_at=timezone.now() - dt.timedelta(days=1)
        )
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/open-week/", {"week": "1"})
    # Week 1: four people practise, 10 minutes each; one writes a reflection.
    time_machine.move_to(NOW + dt.timedelta(days=2))
    for person in people[:4]:
        make_logged(person, timezone.now(), seconds=600)
    actions.save_reflection(client=people[0], week=1, text="words of my own", now=timezone.now())
    time_machine.move_to(NOW + dt.timedelta(days=7))
    as_sharing_clinician.post(f"/course/groups/{cohort.id}/open-week/", {"week": "2"})
    # Week 2: one person practises 30 minutes, and one questionnaire improves reliably.
    time_machine.move_to(NOW + dt.timedelta(days=9))
    make_logged(people[5], timezone.now(), seconds=1800)
    make_measure_response(people[0], answers=[0] * 9, completed_at=timezone.now())

    page = text(as_sharing_clinician.get(f"/course/groups/{cohort.id}/"))
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    week1, week2 = rows.split("</tr>")[:2]
    # 4 of 6 practised; 40 minutes over 6 members is about 7 each; nobody improved yet.
    assert "4 of 6" in week1 and "<td>7</td>" in week1 and "0 of 6" in week1
    # 1 of 6 practised; 30 minutes over 6 is 5 each; one reliable improvement.
    assert week2.count("1 of 6") == 2 and "<td>5</td>" in week2
    for person in people:
        assert person.display_name not in page
        assert person.email not in page
        assert str(person.id) not in page
    assert "words of my own" not in page


def test_the_totals_take_the_same_number_of_queries_for_five_members_and_for_thirty(
    as_sharing_clinician: Client, sharing_clinician: User
) -> None:
    small = new_group(as_sharing_clinician, "Small")
    large = new_group(as_sharing_clinician, "Large")
    for cohort, size in ((small, 5), (large, 30)):
        people = members(cohort, sharing_clinician, size)
        for week in (1, 2, 3):
            actions.open_week(cohort=cohort, number=week, by=sharing_clinician, now=timezone.now())
        for person in people:
            make_logged(person, timezone.now(), seconds=300)
            make_measure_response(person)
            make_measure_response(person, answers=[0] * 9)
    with CaptureQueriesContext(connection) as few:
        assert as_sharing_clinician.get(f"/course/groups/{small.id}/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert as_sharing_clinician.get(f"/course/groups/{large.id}/").status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_leaving_a_group_keeps_every_open_week_and_the_next_opens_a_week_later(
    as_client: Client, client_user: User, sharing_clinician: User, time_machine: Any
) -> None:
    cohort = Cohort.objects.create(
        facilitator=sharing_clinician, name="Group", submission_id=uuid.uuid4()
    )
    actions.join_group(
        client=client_user, typed_code=code_for(cohort, sharing_clinician), now=timezone.now()
    )
    for week in (1, 2, 3):
        actions.open_week(cohort=cohort, number=week, by=sharing_clinician, now=timezone.now())
    assert as_client.post("/course/leave/").status_code == 302
    enrolment = Enrolment.objects.get(client=client_user)
    assert enrolment.cohort is None
    assert as_client.get("/course/week/3/").status_code == 200
    assert "This week isn't open yet" in text(as_client.get("/course/week/4/"))
    time_machine.move_to(NOW + dt.timedelta(days=7))
    assert str(BY_NUMBER[4].reflection) in text(as_client.get("/course/week/4/"))


def test_joining_a_group_after_starting_alone_keeps_the_weeks_already_open(
    as_client: Client, client_user: User, sharing_clinician: User, time_machine: Any
) -> None:
    as_client.post("/course/start/")
    time_machine.move_to(NOW + dt.timedelta(days=15))
    cohort = Cohort.objects.create(
        facilitator=sharing_clinician, name="Group", submission_id=uuid.uuid4()
    )
    as_client.post("/course/join/", {"code": code_for(cohort, sharing_clinician)})
    assert Enrolment.objects.get(client=client_user).cohort == cohort
    assert as_client.get("/course/week/3/").status_code == 200
    assert "This week isn't open yet" in text(as_client.get("/course/week/4/"))


def test_a_clinician_cannot_join_a_group_as_a_member(
    as_unrelated_clinician: Client, sharing_clinician: User
) -> None:
    cohort = Cohort.objects.create(
        facilitator=sharing_clinician, name="Group", submission_id=uuid.uuid4()
    )
    code = code_for(cohort, sharing_clinician)
    assert as_unrelated_clinician.post("/course/join/", {"code": code}).status_code == 404
    assert Invitation.objects.get(code=code).used_at is None


def test_many_codes_tried_quickly_pause_joining_and_change_nothing(
    as_client: Client, client_user: User, sharing_clinician: User, settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "course_join": (2, 30)}
    cohort = Cohort.objects.create(
        facilitator=sharing_clinician, name="Group", submission_id=uuid.uuid4()
    )
    for guess in ("AAAA2222", "BBBB3333"):
        assert as_client.post("/course/join/", {"code": guess}).status_code == 400
    code = code_for(cohort, sharing_clinician)
    response = as_client.post("/course/join/", {"code": code})
    assert response.status_code == 429
    page = text(response)
    assert "paused for a few minutes" in page
    assert f'value="{code}"' in page
    assert not Enrolment.objects.filter(client=client_user).exists()
    assert Invitation.objects.get(code=code).used_at is None
