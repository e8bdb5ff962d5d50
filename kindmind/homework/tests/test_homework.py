"""Homework through HTTP: a clinician suggests it, the person finds it on Today in gentle
words, doing the thing (not ticking a box) is what counts, and the clinician sees that
only in the categories the person shares."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.critic.models import Entry, Text
from kindmind.homework.models import Homework
from kindmind.homework.today import homework_due_for
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"  # a Wednesday
BREATHING = "soothing-rhythm-breathing"
UNKIND = ("overdue", "missed", "late", "failed", "behind")


def assign(browser: Client, client: User, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "kind": "practice",
        "practice": BREATHING,
        "how_often": "7",
        "until": "2026-12-01",
        "note": "Two minutes after breakfast could be a kind start.",
    }
    data.update(overrides)
    return browser.post(f"/homework/clients/{client.id}/assign/", data)


def today_page(browser: Client) -> str:
    return browser.get("/today/").content.decode()


def homework_card(browser: Client) -> str:
    page = today_page(browser)
    start = page.find('<section class="card homework-today"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def finish_practice(browser: Client, client: User, practice: str = BREATHING) -> None:
    session = make_practice_session(client, practice=practice)
    response = browser.post(
        f"/practice/sessions/{session.id}/finish/", {"steps_done": 4, "seconds": 120}
    )
    assert response.status_code == 302


def write_critic_entry(client: User, kind: str = "critic", words: str = "I noticed it") -> Entry:
    entry = Entry.objects.create(client=client, kind=kind, submission_id=uuid.uuid4())
    if words:
        Text.objects.create(
            entry=entry,
            field="what_happened",
            body=words,
            version=1,
            sitting=uuid.uuid4(),
            rev=1,
            saved_at=timezone.now(),
        )
    return entry


def share_only(client: User, clinician: User, categories: list[str]) -> None:
    share = Share.objects.get(client=client, clinician=clinician)
    share.categories = categories
    share.save(update_fields=["categories"])


@time_machine.travel(NOW, tick=False)
def test_a_clinician_suggests_a_practice_and_it_shows_on_today_in_gentle_words(
    as_sharing_clinician: Client, as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    response = assign(as_sharing_clinician, client_user)
    assert response.status_code == 302
    homework = Homework.objects.get()
    assert (homework.client, homework.clinician, homework.kind, homework.target) == (
        client_user,
        sharing_clinician,
        "practice",
        BREATHING,
    )
    assert homework.times_a_week == 7 and homework.until == date(2026, 12, 1)
    assert AuditEvent.objects.filter(action="create", object_type="homework.homework").exists()
    page = today_page(as_client)
    assert "From clinician@example.org:" in page
    assert "Soothing rhythm breathing" in page
    assert "Two minutes after breakfast could be a kind start." in page
    assert "Open it when you're ready" in page
    assert f'href="/practice/library/{BREATHING}/"' in page
    card = homework_card(as_client)
    for word in UNKIND:
        assert word not in card.lower()


@time_machine.travel(NOW, tick=False)
def test_the_note_is_encrypted_at_rest(as_sharing_clinician: Client, client_user: User) -> None:
    assign(as_sharing_clinician, client_user, note="A private note")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM homework_homework")
        (stored,) = cursor.fetchone()
    assert "A private note" not in stored
    assert Homework.objects.get().note == "A private note"


@time_machine.travel(NOW, tick=False)
def test_doing_the_practice_is_what_counts_and_today_says_thank_you(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user)
    # Another practice does not count for this one.
    finish_practice(as_client, client_user, practice="safe-place")
    assert "Done today" not in today_page(as_client)
    finish_practice(as_client, client_user)
    page = today_page(as_client)
    assert "Done today. Thank you." in page
    assert "Open it again" in page
    clinician_page = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/")
    assert "Today: done. 1 day in all." in clinician_page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_practice_before_the_homework_was_set_does_not_count(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-18 11:00Z", tick=False):
        finish_practice(as_client, client_user)
    assign(as_sharing_clinician, client_user)
    assert "Done today" not in today_page(as_client)


@time_machine.travel(NOW, tick=False)
def test_days_a_week_count_the_days_of_this_week(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user, how_often="3")
    finish_practice(as_client, client_user)
    finish_practice(as_client, client_user)
    page = today_page(as_client)
    assert "You&#x27;ve come to it on 1 day this week." in page
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "This week: 1 of 3 days." in text


@time_machine.travel(NOW, tick=False)
def test_a_critic_entry_counts_only_once_it_has_words(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user, kind="critic", practice="", how_often="once")
    page = today_page(as_client)
    assert "When the critic shows up" in page and 'href="/critic/new/critic/"' in page
    write_critic_entry(client_user, words="")
    write_critic_entry(client_user, kind="letter")
    assert "Done. Thank you." not in today_page(as_client)
    write_critic_entry(client_user)
    assert "Done. Thank you." in today_page(as_client)


@time_machine.travel(NOW, tick=False)
def test_a_questionnaire_counts_when_answered(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user, kind="measure", instrument="phq9", how_often="once")
    assert 'href="/measures/answer/phq9/"' in today_page(as_client)
    answers = {f"item_{n}": "1" for n in range(1, 10)}
    response = as_client.post(
        "/measures/answer/phq9/",
        {"item_count": 9, "submission_id": str(uuid.uuid4()), **answers},
    )
    assert response.status_code == 302
    assert "Done. Thank you." in today_page(as_client)
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert "Done on 18 November." in text


@time_machine.travel(NOW, tick=False)
def test_the_clinician_sees_completion_only_where_it_is_shared(
    as_sharing_clinician: Client,
    as_client: Client,
    client_user: User,
    sharing_clinician: User,
) -> None:
    assign(as_sharing_clinician, client_user)
    assign(as_sharing_clinician, client_user, kind="letter", practice="")
    finish_practice(as_client, client_user)
    write_critic_entry(client_user, kind="letter")
    share_only(client_user, sharing_clinician, ["profile", "measures"])
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert text.count("Whether it was done: not shared") == 2
    assert "Today: done" not in text
    share_only(client_user, sharing_clinician, ["practice"])
    text = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    assert text.count("Whether it was done: not shared") == 1
    assert "Today: done. 1 day in all." in text
    found = homework_due_for(sharing_clinician, [client_user.id])[client_user.id]
    assert {i.title: i.shared for i in found} == {
        "Soothing rhythm breathing": True,
        "A compassionate letter": False,
    }


@time_machine.travel(NOW, tick=False)
def test_homework_from_a_clinician_no_longer_shared_with_leaves_today(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user)
    share = Share.objects.get(client=client_user)
    account_actions.revoke_share(share=share, by=client_user)
    assert "Between sessions" not in today_page(as_client)
    response = as_sharing_clinician.get(f"/homework/clients/{client_user.id}/")
    assert response.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_ending_homework_takes_it_off_today(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user)
    homework = Homework.objects.get()
    response = as_sharing_clinician.post(f"/homework/clients/{client_user.id}/{homework.id}/end/")
    assert response.status_code == 302
    assert "Between sessions" not in today_page(as_client)
    assert (
        "Earlier homework"
        in as_sharing_clinician.get(f"/homework/clients/{client_user.id}/").content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_after_its_last_day_homework_leaves_today_quietly(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    assign(as_sharing_clinician, client_user, until="2026-11-19")
    assert "Between sessions" in today_page(as_client)
    with time_machine.travel("2026-11-21 12:00Z", tick=False):
        assert "Between sessions" not in today_page(as_client)


def test_the_unrelated_clinician_gets_a_404_and_nothing_is_saved(
    as_unrelated_clinician: Client, client_user: User
) -> None:
    for url in ("", "assign/", "questionnaires/"):
        assert (
            as_unrelated_clinician.get(f"/homework/clients/{client_user.id}/{url}").status_code
            == 404
        )
    assert assign(as_unrelated_clinician, client_user).status_code == 404
    assert not Homework.objects.exists()


def test_a_client_cannot_set_homework_for_themselves_or_others(
    as_client: Client, client_user: User
) -> None:
    other = make_user("other@example.org")
    assert assign(as_client, client_user).status_code == 404
    assert assign(as_client, other).status_code == 404
    assert not Homework.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_one_clinician_cannot_end_anothers_homework(
    as_sharing_clinician: Client, client_user: User, unrelated_clinician: User
) -> None:
    account_actions.share_with_clinician(
        client=client_user, clinician=unrelated_clinician, categories=["practice"], by=client_user
    )
    other = Client()
    other.force_login(unrelated_clinician)
    assign(as_sharing_clinician, client_user)
    homework = Homework.objects.get()
    response = other.post(f"/homework/clients/{client_user.id}/{homework.id}/end/")
    assert response.status_code == 404
    homework.refresh_from_db()
    assert homework.ended_at is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"practice": ""}, "Please choose which practice to suggest."),
        ({"practice": "no-such-practice"}, "Please choose a practice from the list."),
        ({"kind": "measure", "instrument": ""}, "Please choose which questionnaire to suggest."),
        (
            {"kind": "measure", "instrument": "fscrs"},
            "Please choose a questionnaire from the list.",
        ),
        ({"kind": "nonsense"}, "Please choose one of the options shown."),
        ({"how_often": "9"}, "Please choose one of the options shown."),
        ({"until": "2026-11-01"}, "Please choose the last day, from today to a year from now."),
        ({"until": "2028-01-01"}, "Please choose the last day, from today to a year from now."),
        ({"until": "soon"}, "Please choose the last day, from today to a year from now."),
        ({"note": "x" * 501}, "Please keep the note to 500 characters or fewer"),
    ],
)
def test_bad_input_is_explained_keeps_what_was_typed_and_saves_nothing(
    as_sharing_clinician: Client, client_user: User, overrides: dict[str, str], message: str
) -> None:
    response = assign(as_sharing_clinician, client_user, **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if "note" not in overrides:
        assert "Two minutes after breakfast could be a kind start." in page
    assert not Homework.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_caseload_reads_homework_in_the_same_few_queries_for_1_or_5_people(
    sharing_clinician: User,
) -> None:
    people = [make_user(f"p{n}@example.org") for n in range(5)]
    for person in people:
        account_actions.share_with_clinician(
            client=person,
            clinician=sharing_clinician,
            categories=["practice", "critic_work"],
            by=person,
        )
        for kind, target in (("practice", BREATHING), ("letter", "")):
            Homework.objects.create(
                client=person,
                clinician=sharing_clinician,
                kind=kind,
                target=target,
                times_a_week=3,
                starts_on=date(2026, 11, 18),
                until=date(2026, 11, 18) + timedelta(days=14),
            )
        write_critic_entry(person, kind="letter")

    def count(ids: list[uuid.UUID]) -> int:
        with CaptureQueriesContext(connection) as queries:
            found = homework_due_for(sharing_clinician, ids)
        assert set(found) == set(ids)
        return len(queries)

    assert count([people[0].id]) == count([p.id for p in people]) <= 4
    found = homework_due_for(sharing_clinician, [p.id for p in people])
    for person in people:
        assert sorted((i.title, i.progress_words) for i in found[person.id]) == [
            ("A compassionate letter", "This week: 1 of 3 days. 1 day in all."),
            ("Soothing rhythm breathing", "This week: 0 of 3 days. 0 days in all."),
        ]


@time_machine.travel(NOW, tick=False)
def test_homework_not_yet_come_to_shows_on_the_caseload_only_where_shared(
    as_sharing_clinician: Client,
    as_client: Client,
    client_user: User,
    sharing_clinician: User,
) -> None:
    reason = "Homework not yet come to in this period: Soothing rhythm breathing"
    assign(as_sharing_clinician, client_user, how_often="once")
    assert reason in as_sharing_clinician.get("/clinic/clients/").content.decode()
    # Without "practice" shared the caseload cannot say whether it was done.
    share_only(client_user, sharing_clinician, ["profile", "measures"])
    assert "Homework not yet" not in as_sharing_clinician.get("/clinic/clients/").content.decode()
    share_only(client_user, sharing_clinician, ["profile", "practice"])
    finish_practice(as_client, client_user)
    assert "Homework not yet" not in as_sharing_clinician.get("/clinic/clients/").content.decode()
