"""After a check-in with threat big or soothing small, one gentle next step is offered,
with its reason, once, on the page the person lands on; never a verdict, and nothing at
all when the ratings that matter were not given."""

import uuid
from typing import Any

import pytest
from django.test import Client

from kindmind.accounts.models import Session
from kindmind.checkins.models import CheckIn
from kindmind.checkins.suggest import Suggestion, next_step
from kindmind.checkins.views import JUST_SAVED
from kindmind.practice.library import PRACTICES
from kindmind.safety.tests.test_screening import URGENT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("threat", "soothing", "expected"),
    [
        # Threat big: a soothing breath; very big: grounding, eyes open.
        (7, 6, Suggestion("soothing-rhythm-breathing", "threat-high")),
        (8, None, Suggestion("soothing-rhythm-breathing", "threat-high")),
        (9, 5, Suggestion("grounding", "threat-very-high")),
        (10, None, Suggestion("grounding", "threat-very-high")),
        # Soothing small: one small kind thing.
        (2, 3, Suggestion("behavioural-self-compassion", "soothing-low")),
        (None, 0, Suggestion("behavioural-self-compassion", "soothing-low")),
        # Both: calming threat first is what lets soothing return.
        (7, 1, Suggestion("soothing-rhythm-breathing", "threat-high")),
        (9, 0, Suggestion("grounding", "threat-very-high")),
        # Nothing otherwise, and nothing without the ratings that matter.
        (6, 4, None),
        (0, 10, None),
        (None, 4, None),
        (6, None, None),
        (None, None, None),
    ],
)
def test_the_rules_offer_one_fitting_step_or_none(
    threat: int | None, soothing: int | None, expected: Suggestion | None
) -> None:
    assert next_step(threat, soothing) == expected


def test_every_practice_the_rules_name_is_in_the_library() -> None:
    for threat, soothing in ((9, None), (7, None), (None, 0)):
        found = next_step(threat, soothing)
        assert found is not None
        assert found.practice in PRACTICES


def checkin(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"threat": "", "drive": "", "soothing": "", "note": ""}
    data["submission_id"] = str(uuid.uuid4())
    data.update(fields)
    return data


def test_after_a_check_in_with_threat_big_a_soothing_breath_is_offered_once(
    as_client: Client,
) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="8", soothing="5"))
    page = as_client.get(saved["Location"]).content.decode()
    assert "Threat is big right now. Would a two-minute soothing breath help?" in page
    assert 'href="/practice/library/soothing-rhythm-breathing/?version=short"' in page
    assert "Soothing rhythm breathing, 2 minutes" in page
    assert "It's fine to simply carry on." in page
    # Moving on lets it go: the same page later shows the check-in alone.
    again = as_client.get(saved["Location"]).content.decode()
    assert "If it helps, a next step" not in again
    assert "Your three circles" in again


def test_after_a_check_in_with_soothing_small_one_small_kind_thing_is_offered(
    as_client: Client,
) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="3", soothing="2"))
    page = as_client.get(saved["Location"]).content.decode()
    assert "Soothing is small right now." in page
    assert 'href="/practice/library/behavioural-self-compassion/?version=short"' in page


def test_very_big_threat_brings_grounding(as_client: Client) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="10", soothing="1"))
    page = as_client.get(saved["Location"]).content.decode()
    assert "Threat is very big right now." in page
    assert 'href="/practice/library/grounding/?version=short"' in page


@pytest.mark.parametrize(
    "fields",
    [
        {"threat": "5", "drive": "5", "soothing": "5"},
        {"note": "Just a few words today."},
        {"drive": "9"},
    ],
)
def test_no_step_is_offered_when_the_rules_find_none(
    as_client: Client, fields: dict[str, str]
) -> None:
    saved = as_client.post("/checkins/new/", checkin(**fields))
    assert saved.status_code == 302
    page = as_client.get(saved["Location"]).content.decode()
    assert "If it helps, a next step" not in page


def test_a_step_is_offered_only_to_the_person_who_just_checked_in(
    as_client: Client, as_sharing_clinician: Client
) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="8"))
    page = as_sharing_clinician.get(saved["Location"])
    assert page.status_code == 200
    assert "If it helps, a next step" not in page.content.decode()


def test_a_safety_step_comes_alone_with_no_practice_on_top(as_client: Client) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="9", note=URGENT))
    assert "/checkins/" not in saved["Location"].split("?")[0], "a safety step comes first"
    page = as_client.get(f"/checkins/{CheckIn.objects.get().id}/").content.decode()
    assert "If it helps, a next step" not in page


def test_saving_a_check_in_writes_nothing_to_the_session(as_client: Client) -> None:
    # The offer rides on a signed cookie sent only to the new check-in's page: saving a
    # check-in is not also a write of the person's session row.
    as_client.get("/checkins/new/")
    key = as_client.cookies["sessionid"].value
    before = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    saved = as_client.post("/checkins/new/", checkin(threat="8"))
    after = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    assert after == before
    mark = saved.cookies[JUST_SAVED]
    assert mark["path"] == saved["Location"] and mark["httponly"] and mark["samesite"] == "Lax"
    made = str(CheckIn.objects.get().id)
    assert mark.value.startswith(made + ":") and mark.value != made  # the id, signed


def test_a_mark_not_signed_by_kindmind_offers_nothing(as_client: Client) -> None:
    saved = as_client.post("/checkins/new/", checkin(threat="8"))
    made = CheckIn.objects.get()
    as_client.cookies[JUST_SAVED] = str(made.id)  # the id alone, as anyone could set it
    page = as_client.get(saved["Location"]).content.decode()
    assert "If it helps, a next step" not in page
