"""The clinician's caseload: who needs attention first, only what each person shares, the
clinician's own labels, and safety alerts acknowledged (issue 15, item 2)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_checkin, make_critic_entry, make_measure_response, make_user
from kindmind.accounts import actions
from kindmind.accounts.access import CATEGORIES
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.checkins.models import CheckIn
from kindmind.clinic import caseload
from kindmind.clinic.models import ClientLabel
from kindmind.formulation.models import Formulation
from kindmind.formulation.sections import NAMES
from kindmind.measures.scoring import score
from kindmind.practice.tests.factories import make_practice_session
from kindmind.safety.actions import record_safety_event
from kindmind.safety.models import SafetyAlert, SafetyEvent
from kindmind.safety.tests.words import URGENT

pytestmark = pytest.mark.django_db

URL = "/clinic/clients/"
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def person(clinician: User, email: str, categories: list[str], **extra: Any) -> User:
    client = make_user(email, **extra)
    actions.share_with_clinician(
        client=client, clinician=clinician, categories=categories, by=client
    )
    return client


def phq9(client: User, answers: list[int], when: Any) -> None:
    make_measure_response(
        client, answers=answers, result=score("phq9", answers).as_json(), completed_at=when
    )


@pytest.fixture
def clinician(db: None) -> User:
    return make_user("therapist@example.org", role=User.Role.CLINICIAN)


@pytest.fixture
def as_clinician(clinician: User) -> Client:
    browser = Client()
    browser.force_login(clinician)
    return browser


def order_of(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


@time_machine.travel(NOW, tick=False)
def test_what_needs_attention_comes_first_in_that_order(
    clinician: User, as_clinician: Client
) -> None:
    everything = list(CATEGORIES)
    calm = person(clinician, "calm@example.org", everything, display_name="Avery")
    quiet = person(clinician, "quiet@example.org", everything, display_name="Blair")
    backdraft = person(clinician, "backdraft@example.org", everything, display_name="Casey")
    worse = person(clinician, "worse@example.org", everything, display_name="Devon")
    alerted = person(clinician, "alert@example.org", everything, display_name="Emery")
    for someone in (calm, backdraft, worse, alerted):
        make_checkin(someone, at=NOW - timedelta(days=1))
    make_checkin(quiet, at=NOW - timedelta(days=20))
    for days in (1, 3, 5):
        make_practice_session(backdraft, started_at=NOW - timedelta(days=days), backdraft=True)
    phq9(worse, [0, 0, 0, 0, 0, 0, 0, 0, 0], NOW - timedelta(days=60))
    phq9(worse, [3, 3, 3, 2, 2, 2, 2, 1, 0], NOW - timedelta(days=2))
    record_safety_event(client=alerted, level="urgent", source="checkins.checkin")
    Share.objects.update(created_at=NOW - timedelta(days=90))

    page = as_clinician.get(URL).content.decode()

    names = ["Avery", "Blair", "Casey", "Devon", "Emery"]
    assert order_of(page, names) == ["Emery", "Devon", "Casey", "Blair", "Avery"]
    assert "A safety alert is waiting for you" in page
    assert "A reliable deterioration since their first score: PHQ-9" in page
    assert "Practice felt like too much 3 times in the last 14 days" in page
    assert "Nothing new in what they share for 20 days" in page
    assert "Everyone else" in page


@time_machine.travel(NOW, tick=False)
def test_each_row_shows_activity_minutes_circles_and_reliable_change(
    clinician: User, as_clinician: Client
) -> None:
    client = person(clinician, "sam@example.org", list(CATEGORIES), display_name="Sam")
    make_checkin(client, threat=7, drive=4, soothing=2, at=NOW - timedelta(days=2))
    make_practice_session(client, started_at=NOW - timedelta(hours=3), seconds=600)
    make_practice_session(client, started_at=NOW - timedelta(hours=2), seconds=30)
    phq9(client, [3, 3, 3, 2, 2, 2, 2, 1, 0], NOW - timedelta(days=60))
    phq9(client, [1, 1, 0, 0, 0, 0, 0, 0, 0], NOW - timedelta(hours=1))

    page = as_clinician.get(URL).content.decode()

    assert "11 minutes" in page  # ten minutes and a part-minute
    assert "threat 7, drive 4, soothing 2" in page
    assert "A reliable improvement since their first score (18, 17 Jan 2026)" in page
    assert "18 Mar 2026" in page  # last activity: the questionnaire an hour ago


@time_machine.travel(NOW, tick=False)
def test_a_category_that_is_not_shared_says_so_and_is_not_read(
    clinician: User, as_clinician: Client
) -> None:
    client = person(clinician, "pat@example.org", ["practice"], display_name="Pat")
    make_checkin(client, threat=9, drive=1, soothing=1)
    phq9(client, [3, 3, 3, 3, 3, 3, 3, 3, 3], NOW - timedelta(days=1))
    record_safety_event(client=client, level="urgent", source="checkins.checkin")

    page = as_clinician.get(URL).content.decode()

    assert page.count("not shared") == 2  # circles and questionnaires
    assert "threat 9" not in page and "PHQ-9" not in page
    assert "safety alert is waiting" not in page
    assert "Pat" not in page and "pat@example.org" not in page
    assert "Person 1" in page
    event = AuditEvent.objects.get(action="view", object_type="clinic.caseload")
    assert (event.actor_id, event.subject_id, event.object_id) == (
        clinician.id,
        client.id,
        "practice",
    )


def test_a_revoked_share_leaves_the_caseload(clinician: User, as_clinician: Client) -> None:
    client = person(clinician, "gone@example.org", ["profile"], display_name="Quinn")
    assert "Quinn" in as_clinician.get(URL).content.decode()
    actions.revoke_share(share=Share.objects.get(client=client), by=client)
    assert "Quinn" not in as_clinician.get(URL).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_only_the_people_whose_reading_it_recorded(
    clinician: User, as_clinician: Client
) -> None:
    # The caseload records its reading from a light read of the shares, then reads the
    # people only when it draws the page: someone who starts sharing in between is left
    # for the next reading, never shown without a record of it.
    first = person(clinician, "first@example.org", ["profile"], display_name="Rowan")
    recorded = caseload.shares_to_audit(clinician)
    caseload.audit_reading(clinician, recorded)
    later = person(clinician, "later@example.org", ["profile"], display_name="Sasha")
    rows = caseload.caseload(clinician, shares=recorded)
    assert [row.client_id for row in rows] == [first.id]
    page = as_clinician.get(URL).content.decode()
    assert "Rowan" in page and "Sasha" in page
    seen = AuditEvent.objects.filter(
        actor_id=clinician.id, object_type="clinic.caseload", action=AuditEvent.Action.VIEW
    )
    # Two readings of Rowan (within a minute: one row, twice), one of Sasha.
    assert sorted((str(e.subject_id), e.times) for e in seen) == sorted(
        [(str(first.id), 2), (str(later.id), 1)]
    )


def test_the_name_shows_only_when_shared_and_a_label_otherwise(
    clinician: User, as_clinician: Client
) -> None:
    named = person(clinician, "named@example.org", ["profile", "checkins"], display_name="Riley")
    unnamed = person(clinician, "unnamed@example.org", ["checkins"], display_name="Secret")
    page = as_clinician.get(URL).content.decode()
    assert "Riley" in page
    assert "Secret" not in page and "unnamed@example.org" not in page
    assert "Person 2" in page

    response = as_clinician.post(f"/clinic/clients/{unnamed.id}/label/", {"label": "J.T."})
    assert response.status_code == 302
    page = as_clinician.get(URL).content.decode()
    assert "J.T." in page and "Person 2" not in page
    # The label stays the clinician's: nobody else's caseload shows it.
    other = make_user("colleague@example.org", role=User.Role.CLINICIAN)
    actions.share_with_clinician(
        client=unnamed, clinician=other, categories=["checkins"], by=unnamed
    )
    colleague = Client()
    colleague.force_login(other)
    assert "J.T." not in colleague.get(URL).content.decode()

    # A label beside a shared name; clearing goes back to the number.
    as_clinician.post(f"/clinic/clients/{named.id}/label/", {"label": "Tuesday group"})
    assert "Your label: Tuesday group" in as_clinician.get(URL).content.decode()
    as_clinician.post(f"/clinic/clients/{unnamed.id}/label/", {"label": ""})
    assert "Person 2" in as_clinician.get(URL).content.decode()


def test_person_numbers_stay_the_same_when_someone_stops_sharing(
    clinician: User, as_clinician: Client
) -> None:
    first = person(clinician, "one@example.org", ["checkins"])
    person(clinician, "two@example.org", ["checkins"])
    as_clinician.get(URL)
    actions.revoke_share(share=Share.objects.get(client=first), by=first)
    person(clinician, "three@example.org", ["checkins"])
    page = as_clinician.get(URL).content.decode()
    assert "Person 2" in page and "Person 3" in page and "Person 1" not in page


def test_a_label_that_is_too_long_keeps_what_was_typed_and_changes_nothing(
    clinician: User, as_clinician: Client
) -> None:
    client = person(clinician, "long@example.org", ["checkins"])
    typed = "x" * 61
    response = as_clinician.post(f"/clinic/clients/{client.id}/label/", {"label": typed})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please keep it to 60 characters or fewer." in body
    assert typed in body
    assert ClientLabel.objects.get(client=client).label == ""


def test_only_a_sharing_clinician_may_label_someone(
    client_user: User, as_unrelated_clinician: Client, as_client: Client
) -> None:
    url = f"/clinic/clients/{client_user.id}/label/"
    assert as_unrelated_clinician.post(url, {"label": "x"}).status_code == 404
    assert as_client.get(url).status_code == 404
    assert not ClientLabel.objects.exists()


def test_acknowledging_an_alert_records_who_and_when_once(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    alert = SafetyAlert.objects.get()
    url = f"/clinic/alerts/{alert.id}/acknowledge/"
    assert as_sharing_clinician.get(url).status_code == 405

    with time_machine.travel(NOW, tick=False):
        response = as_sharing_clinician.post(url, follow=True)
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledged_at) == (sharing_clinician, NOW)
    assert "The alert is acknowledged" in response.content.decode()
    assert "A safety alert is waiting for you" not in response.content.decode()
    assert AuditEvent.objects.filter(action="change", object_id=str(alert.id)).count() == 1

    again = as_sharing_clinician.post(url, follow=True).content.decode()
    assert "already acknowledged" in again
    alert.refresh_from_db()
    assert alert.acknowledged_at == NOW
    assert AuditEvent.objects.filter(action="change", object_id=str(alert.id)).count() == 1


def test_nobody_else_can_acknowledge_an_alert(
    client_user: User,
    sharing_clinician: User,
    as_unrelated_clinician: Client,
    as_client: Client,
    as_sharing_clinician: Client,
) -> None:
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    url = f"/clinic/alerts/{SafetyAlert.objects.get().id}/acknowledge/"
    assert as_unrelated_clinician.post(url).status_code == 404
    assert as_client.post(url).status_code == 404
    assert (
        as_sharing_clinician.post(f"/clinic/alerts/{uuid.uuid4()}/acknowledge/").status_code == 404
    )
    assert as_sharing_clinician.post("/clinic/alerts/not-an-id/acknowledge/").status_code == 404
    # Once the person stops sharing safety, the alert is theirs again.
    actions.revoke_share(share=Share.objects.get(client=client_user), by=client_user)
    assert as_sharing_clinician.post(url).status_code == 404
    assert SafetyAlert.objects.get().acknowledged_at is None


def test_an_urgent_alert_waits_on_the_clinicians_today_until_acknowledged(
    client_user: User, as_sharing_clinician: Client
) -> None:
    record_safety_event(client=client_user, level="concern", source="critic.letter")
    assert "urgent safety alert" not in as_sharing_clinician.get("/today/").content.decode()
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    today = as_sharing_clinician.get("/today/").content.decode()
    assert "An urgent safety alert is waiting for you" in today
    assert f"/clinic/clients/{client_user.id}/safety/" in today
    assert "Noticed in: A check-in" in today
    urgent = SafetyAlert.objects.get(event__level="urgent")
    response = as_sharing_clinician.post(
        f"/clinic/alerts/{urgent.id}/acknowledge/", {"back": "today"}
    )
    assert response["Location"] == "/today/"
    assert "urgent safety alert" not in as_sharing_clinician.get("/today/").content.decode()
    # The concern still waits on the caseload.
    assert "A safety alert is waiting for you" in as_sharing_clinician.get(URL).content.decode()


def test_the_homework_hook_adds_its_reasons_in_their_place(
    clinician: User, as_clinician: Client
) -> None:
    person(clinician, "first@example.org", ["profile"], display_name="Harper")
    later = person(clinician, "later@example.org", ["profile"], display_name="Zion")

    def homework(_: User, rows: Any) -> dict[uuid.UUID, list[caseload.Reason]]:
        return {later.id: [caseload.Reason(caseload.Rank.HOMEWORK_DUE, "Homework is ready")]}

    caseload.register_attention_source(homework)
    try:
        page = as_clinician.get(URL).content.decode()
    finally:
        caseload.ATTENTION_SOURCES.remove(homework)
    assert order_of(page, ["Harper", "Zion"]) == ["Zion", "Harper"]
    assert "Homework is ready" in page


def seed_caseload(clinician: User, size: int) -> None:
    """`size` people, each sharing everything, with a little of everything."""
    for n in range(size):
        client = person(
            clinician, f"p{size}-{n}@example.org", list(CATEGORIES), display_name=f"P{n}"
        )
        make_checkin(client)
        make_practice_session(client, backdraft=n % 2 == 0)
        phq9(client, [0, 0, 0, 0, 0, 0, 0, 0, 0], timezone.now() - timedelta(days=30))
        phq9(client, [3, 3, 3, 2, 2, 2, 2, 1, 0], timezone.now())
        if n % 3 == 0:
            record_safety_event(client=client, level="urgent", source="checkins.checkin")


def count_queries(browser: Client) -> int:
    browser.get(URL)  # the first visit gives everyone their number
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_the_caseload_takes_the_same_number_of_queries_for_5_and_50_people(db: None) -> None:
    counts = []
    for size in (5, 50):
        clinician = make_user(f"clinician{size}@example.org", role=User.Role.CLINICIAN)
        seed_caseload(clinician, size)
        browser = Client()
        browser.force_login(clinician)
        counts.append(count_queries(browser))
        assert len(caseload.caseload(clinician)) == size
    assert counts[0] == counts[1], counts


def test_an_alert_links_to_what_raised_it_only_when_that_is_shared(
    clinician: User, as_clinician: Client
) -> None:
    both = person(clinician, "both@example.org", ["safety", "checkins"])
    safety_only = person(clinician, "safety@example.org", ["safety"])
    for client in (both, safety_only):
        checkin = make_checkin(client)
        record_safety_event(
            client=client, level="urgent", source="checkins.checkin", source_id=checkin.id
        )
    linked = CheckIn.objects.get(client=both)
    hidden = CheckIn.objects.get(client=safety_only)
    for page in (as_clinician.get(URL), as_clinician.get("/today/")):
        body = page.content.decode()
        assert f'href="/checkins/{linked.id}/"' in body
        assert str(hidden.id) not in body
        assert f"/clinic/clients/{safety_only.id}/safety/" in body
    # Opening it goes through the access rule, as any shared check-in does.
    assert as_clinician.get(f"/checkins/{linked.id}/").status_code == 200


def test_a_check_in_that_raised_an_alert_is_named_by_the_event(
    client_user: User, as_client: Client
) -> None:
    response = as_client.post(
        "/checkins/new/",
        {
            "threat": "8",
            "drive": "2",
            "soothing": "1",
            "note": URGENT,
            "submission_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    event = SafetyEvent.objects.get()
    assert event.source_id == CheckIn.objects.get().id


def test_critic_work_that_raised_an_alert_is_named_by_the_event_and_linked_when_shared(
    clinician: User, as_clinician: Client
) -> None:
    shared = person(clinician, "critic@example.org", ["safety", "critic_work"])
    unshared = person(clinician, "nocritic@example.org", ["safety"])
    entries = {}
    for client in (shared, unshared):
        browser = Client()
        browser.force_login(client)
        entry = make_critic_entry(client)
        entries[client.pk] = entry
        # Typed, and kept by autosave: noticed with no card, named by its entry.
        answer = browser.post(
            f"/critic/{entry.id}/save/",
            {
                "field": "critic_words",
                "text": URGENT,
                "base_version": 0,
                "sitting": str(uuid.uuid4()),
                "rev": 1,
            },
        )
        assert answer.status_code == 200
        assert SafetyEvent.objects.get(client=client).source_id == entry.id
    for page in (as_clinician.get(URL), as_clinician.get("/today/")):
        body = page.content.decode()
        assert f'href="/critic/{entries[shared.pk].id}/"' in body
        assert str(entries[unshared.pk].id) not in body
    assert as_clinician.get(f"/critic/{entries[shared.pk].id}/").status_code == 200


def test_a_formulation_that_raised_an_alert_links_to_it_only_when_shared(
    clinician: User, as_clinician: Client
) -> None:
    shared = person(clinician, "form@example.org", ["safety", "formulation"])
    unshared = person(clinician, "noform@example.org", ["safety"])
    for client in (shared, unshared):
        browser = Client()
        browser.force_login(client)
        words: dict[str, Any] = dict.fromkeys(NAMES, "")
        words.update(self_relating=URGENT, base_version=0)
        assert browser.post("/formulation/edit/", words).status_code == 302
        event = SafetyEvent.objects.get(client=client)
        assert event.source_id == Formulation.objects.get(client=client).id
    for page in (as_clinician.get(URL), as_clinician.get("/today/")):
        body = page.content.decode()
        assert f'href="/clinic/clients/{shared.id}/formulation/"' in body
        assert f"/clinic/clients/{unshared.id}/formulation/" not in body
        assert "does not share that part with you" in body
    assert as_clinician.get(f"/clinic/clients/{shared.id}/formulation/").status_code == 200
    # The person's safety page for the clinician lists the event the same way.
    safety = as_clinician.get(f"/clinic/clients/{shared.id}/safety/").content.decode()
    assert f'href="/clinic/clients/{shared.id}/formulation/"' in safety
    safety = as_clinician.get(f"/clinic/clients/{unshared.id}/safety/").content.decode()
    assert "formulation/" not in safety
    assert "Not shared with you" in safety


def test_an_alert_from_words_no_one_else_may_read_says_so_and_links_nowhere(
    clinician: User, as_clinician: Client
) -> None:
    client = person(clinician, "words@example.org", list(CATEGORIES))
    browser = Client()
    browser.force_login(client)
    answer = browser.post(
        "/quick-help/words/", {"sentence": URGENT, "keep": "on", "submission_id": str(uuid.uuid4())}
    )
    assert answer.status_code == 302
    assert SafetyEvent.objects.get(client=client).source == "quickhelp.sentence"
    for page in (as_clinician.get(URL), as_clinician.get("/today/")):
        body = page.content.decode()
        assert "A kind sentence, in quick help" in body
        assert "can read those words: kindmind shows them to no one else" in body
        assert "/quick-help/kept/" not in body
    safety = as_clinician.get(f"/clinic/clients/{client.id}/safety/").content.decode()
    assert "A kind sentence, in quick help" in safety
    assert "Words only they can read" in safety


def test_a_label_is_stored_encrypted(clinician: User, as_clinician: Client) -> None:
    client = person(clinician, "enc@example.org", ["checkins"])
    as_clinician.post(f"/clinic/clients/{client.id}/label/", {"label": "plumheron label"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM clinic_clientlabel")
        (stored,) = cursor.fetchone()
    assert "plumheron" not in stored
    assert ClientLabel.objects.get(client=client).label == "plumheron label"
