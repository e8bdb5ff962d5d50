import pytest
from django.core import mail
from django.test import Client

from conftest import make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, User
from kindmind.safety.actions import record_safety_event, save_safety_plan
from kindmind.safety.models import SafetyEvent, SafetyPlan

pytestmark = pytest.mark.django_db

PLAN = {
    "warning_signs": "Not sleeping. Cancelling plans.",
    "coping_alone": "A hot shower, then the breathing practice.",
    "people_and_places": "",
    "people_to_ask": "My sister, 0700 000 000",
    "professionals": "",
    "safer_surroundings": "",
    "reasons_for_living": "My dog.",
    "whole_plan": "1",
}


def test_a_client_writes_their_plan_and_sees_it_first_on_the_help_page(
    as_client: Client, client_user: User
) -> None:
    assert "Write my safety plan" in as_client.get("/help/plan/").content.decode()
    response = as_client.post("/help/plan/edit/", PLAN)
    assert response["Location"] == "/help/plan/"
    plan = SafetyPlan.objects.get(client=client_user)
    assert plan.reasons_for_living == "My dog."
    shown = as_client.get("/help/plan/").content.decode()
    assert 'My sister, <a href="tel:0700000000">0700 000 000</a>' in shown
    help_page = as_client.get("/help/").content.decode()
    assert help_page.index("Your safety plan") < help_page.index("If you might act on thoughts")
    assert AuditEvent.objects.filter(object_type="safety.safetyplan", action="create").exists()


def test_changing_the_plan_keeps_one_plan(as_client: Client, client_user: User) -> None:
    as_client.post("/help/plan/edit/", PLAN)
    as_client.post("/help/plan/edit/", {**PLAN, "reasons_for_living": "My dog and the sea."})
    assert SafetyPlan.objects.count() == 1
    assert SafetyPlan.objects.get().reasons_for_living == "My dog and the sea."


def test_an_overlong_section_is_explained_and_nothing_changes(
    as_client: Client, client_user: User
) -> None:
    as_client.post("/help/plan/edit/", PLAN)
    response = as_client.post("/help/plan/edit/", {**PLAN, "coping_alone": "x" * 5001})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert SafetyPlan.objects.get().coping_alone == PLAN["coping_alone"]


def test_an_empty_request_never_wipes_a_plan(as_client: Client, client_user: User) -> None:
    as_client.post("/help/plan/edit/", PLAN)
    assert as_client.post("/help/plan/edit/", {}).status_code == 400
    assert SafetyPlan.objects.get().reasons_for_living == "My dog."
    cleared = dict.fromkeys(PLAN, "") | {"whole_plan": "1"}
    assert as_client.post("/help/plan/edit/", cleared).status_code == 302
    assert SafetyPlan.objects.get().is_empty


def test_markup_in_a_plan_is_shown_as_text(as_client: Client) -> None:
    as_client.post("/help/plan/edit/", {**PLAN, "warning_signs": "<script>alert(1)</script>"})
    html = as_client.get("/help/plan/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_plan_is_private_unless_safety_is_shared(
    client_user: User, as_unrelated_clinician: Client, as_sharing_clinician: Client
) -> None:
    save_safety_plan(client=client_user, sections=PLAN, by=client_user)
    url = f"/clinic/clients/{client_user.id}/safety/"
    assert as_unrelated_clinician.get(url).status_code == 404
    assert "My dog." in as_sharing_clinician.get(url).content.decode()


def test_clinicians_have_no_plan_pages_of_their_own(as_unrelated_clinician: Client) -> None:
    assert as_unrelated_clinician.get("/help/plan/").status_code == 404
    assert as_unrelated_clinician.get("/help/plan/edit/").status_code == 404


def test_a_safety_event_tells_only_clinicians_sharing_safety_and_carries_no_words(
    client_user: User, sharing_clinician: User, unrelated_clinician: User
) -> None:
    other = make_user("profile.only@example.org", role=User.Role.CLINICIAN)
    account_actions.share_with_clinician(
        client=client_user, clinician=other, categories=["profile"], by=client_user
    )
    event = record_safety_event(client=client_user, level="urgent", source="checkins.note")
    assert [(a.clinician, a.delivery) for a in event.alerts.all()] == [(sharing_clinician, "sent")]
    assert [m.to for m in mail.outbox] == [[sharing_clinician.email]]
    body = mail.outbox[0].body
    assert "level: urgent" in body
    assert f"/clinic/clients/{client_user.id}/safety/" in body
    assert "checkins" not in body, "not even where it was noticed"


def test_a_safety_event_without_a_sharing_clinician_sends_nothing(client_user: User) -> None:
    event = record_safety_event(client=client_user, level="concern", source="measures.phq9")
    assert not event.alerts.exists()
    assert mail.outbox == []
    assert SafetyEvent.objects.filter(client=client_user).count() == 1


def test_the_sharing_clinician_sees_when_and_where_never_what(
    client_user: User, as_sharing_clinician: Client
) -> None:
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    record_safety_event(client=client_user, level="concern", source="critic.letter")
    record_safety_event(client=client_user, level="concern", source="somewhere.new")
    html = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/safety/").content.decode()
    assert "urgent" in html and "concern" in html
    # The place in words; a place not yet named in PLACES still says where.
    assert "A check-in" in html and "A compassionate letter" in html
    assert "checkins.checkin" not in html and "somewhere.new" in html
    detail = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/").content.decode()
    assert "Safety plan and alerts" in detail


def test_every_questionnaire_with_a_risk_item_is_named_for_clinicians() -> None:
    from kindmind.measures.keys import INSTRUMENTS
    from kindmind.safety.models import PLACES

    with_risk = {f"measures.{key.id}" for key in INSTRUMENTS.values() if key.risk_items}
    assert with_risk >= {"measures.phq9", "measures.fscrs"}
    assert with_risk <= set(PLACES), with_risk - set(PLACES)
