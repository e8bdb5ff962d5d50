"""A clinician's own practice, in the library's file format: checked by the same parser
with kind words, played by the same player, and open only to the people who share with
that clinician."""

from __future__ import annotations

import json
import uuid
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.homework.models import Homework, OwnPractice
from kindmind.homework.own import slug_of
from kindmind.practice.library import DATA, PRACTICES
from kindmind.practice.tests.factories import make_practice_session

pytestmark = pytest.mark.django_db

NOW = "2026-11-18 12:00Z"


def practice_json(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((DATA / "grounding.json").read_text(encoding="utf-8"))
    raw.update(slug="kind-pause", title="A kind pause before the next client")
    raw.update(overrides)
    return raw


def add(browser: Client, text: str) -> Any:
    return browser.post("/homework/practices/", {"text": text})


def test_a_clinician_adds_a_practice_by_pasting_it(
    as_sharing_clinician: Client, sharing_clinician: User
) -> None:
    response = add(as_sharing_clinician, json.dumps(practice_json()))
    assert response.status_code == 302
    found = OwnPractice.objects.get()
    assert (found.clinician, found.slug, found.title) == (
        sharing_clinician,
        "kind-pause",
        "A kind pause before the next client",
    )
    page = as_sharing_clinician.get("/homework/practices/").content.decode()
    assert "A kind pause before the next client" in page


def test_a_clinician_adds_a_practice_as_a_file(as_sharing_clinician: Client) -> None:
    upload = BytesIO(json.dumps(practice_json()).encode())
    upload.name = "kind-pause.json"
    response = as_sharing_clinician.post("/homework/practices/", {"file": upload})
    assert response.status_code == 302
    assert OwnPractice.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "the JSON stops making sense at line 1, column 2"),
        (json.dumps(practice_json(kind="singing")), "&#x27;kind&#x27; must be one of"),
        (json.dumps({"slug": "x"}), "Nearly there. One thing doesn"),
        ("", "Please paste a practice, or choose its file."),
        ("x" * 100_001, "larger than a practice file can be"),
    ],
)
def test_a_practice_that_does_not_fit_is_explained_kindly_and_kept(
    as_sharing_clinician: Client, text: str, message: str
) -> None:
    response = add(as_sharing_clinician, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if text and len(text) < 1000:
        assert "Nothing has been lost" in page
    assert not OwnPractice.objects.exists()


def test_steps_that_do_not_add_up_to_the_minutes_are_named(as_sharing_clinician: Client) -> None:
    raw = practice_json()
    first = next(iter(raw["versions"].values()))
    first["steps"][0]["seconds"] += 5
    page = add(as_sharing_clinician, json.dumps(raw)).content.decode()
    assert "the steps take" in page and "not the stated" in page


def test_a_second_practice_with_the_same_slug_is_refused(as_sharing_clinician: Client) -> None:
    add(as_sharing_clinician, json.dumps(practice_json()))
    response = add(as_sharing_clinician, json.dumps(practice_json(title="Another")))
    assert response.status_code == 400
    assert "You already have a practice with the slug" in response.content.decode()
    assert OwnPractice.objects.count() == 1


def test_clients_cannot_add_practices(as_client: Client) -> None:
    assert add(as_client, json.dumps(practice_json())).status_code == 404
    assert not OwnPractice.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_the_clinicians_own_people_can_open_it_and_doing_it_counts(
    as_sharing_clinician: Client, as_client: Client, client_user: User
) -> None:
    add(as_sharing_clinician, json.dumps(practice_json()))
    slug = slug_of(OwnPractice.objects.get())
    assert as_client.get(f"/practice/library/{slug}/").status_code == 200
    stranger = Client()
    stranger.force_login(make_user("stranger@example.org"))
    assert stranger.get(f"/practice/library/{slug}/").status_code == 404
    assert stranger.get(f"/practice/library/own-{uuid.uuid4().hex}/").status_code == 404

    response = as_sharing_clinician.post(
        f"/homework/clients/{client_user.id}/assign/",
        {"kind": "practice", "practice": slug, "how_often": "7", "until": "2026-11-30"},
    )
    assert response.status_code == 302
    assert Homework.objects.get().target == slug
    page = as_client.get("/today/").content.decode()
    assert "A kind pause before the next client" in page
    assert f'href="/practice/library/{slug}/"' in page

    # Through the real start form and the real player's finish.
    start = as_client.post(
        f"/practice/library/{slug}/", {"version": "short", "submission_id": str(uuid.uuid4())}
    )
    assert start.status_code == 302
    session = make_practice_session(client_user, practice="grounding")
    session.practice = slug
    session.save(update_fields=["practice"])
    short = PRACTICES["grounding"].versions["short"]
    finish = as_client.post(
        f"/practice/sessions/{session.id}/finish/",
        {"steps_done": len(short.steps), "seconds": short.seconds},
    )
    assert finish.status_code == 302
    assert "Done today. Thank you." in as_client.get("/today/").content.decode()
    log = as_client.get("/practice/log/").content.decode()
    assert "A kind pause before the next client" in log


def test_another_clinician_cannot_suggest_someone_elses_practice(
    as_sharing_clinician: Client, client_user: User, unrelated_clinician: User
) -> None:
    from kindmind.accounts.actions import share_with_clinician

    share_with_clinician(
        client=client_user, clinician=unrelated_clinician, categories=["practice"], by=client_user
    )
    add(as_sharing_clinician, json.dumps(practice_json()))
    slug = slug_of(OwnPractice.objects.get())
    other = Client()
    other.force_login(unrelated_clinician)
    response = other.post(
        f"/homework/clients/{client_user.id}/assign/",
        {"kind": "practice", "practice": slug, "how_often": "7", "until": "2027-01-01"},
    )
    assert response.status_code == 400
    assert not Homework.objects.exists()
