"""Words typed into the formulation are kept as they are typed, for the writer alone,
until they save: a closed tab, a dropped connection or an ended session loses nothing,
and two writers never type over each other before one of them saves."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.drafts.models import Draft
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import NAMES
from kindmind.formulation.tests.test_formulation import MINE, current_texts, form, theirs
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import URGENT

pytestmark = pytest.mark.django_db


def typed(
    field: str, text: str, *, base: int = 0, sitting: uuid.UUID | None = None, rev: int = 1
) -> dict[str, Any]:
    return {
        "field": field,
        "text": text,
        "base_version": base,
        "sitting": str(sitting or uuid.uuid4()),
        "rev": rev,
    }


def test_words_typed_are_kept_and_back_in_the_box_when_the_page_opens_again(
    as_client: Client, client_user: User
) -> None:
    answer = as_client.post(MINE + "save/", typed("history", "a house with loud voices"))
    assert answer.status_code == 200
    assert answer.json() == {"status": "saved", "version": 0}
    # Kept for the writer, not yet part of the formulation.
    assert not Formulation.objects.exists()
    page = as_client.get(MINE).content.decode()
    assert "have not been added to the formulation yet" in page
    assert "Carry on writing" in page
    # Words were typed: the page does not say nothing is written.
    assert "Nothing is written yet" not in page
    edit = as_client.get(MINE + "edit/").content.decode()
    assert "a house with loud voices</textarea>" in edit
    assert "are back in the boxes" in edit
    assert 'data-autosave="history"' in edit
    # Nothing saved yet: nothing to go back to.
    assert "Go back to the saved version" not in edit


def test_saving_makes_the_words_a_version_and_lets_the_draft_go(
    as_client: Client, client_user: User
) -> None:
    as_client.post(MINE + "save/", typed("needs", "rest, and someone patient"))
    response = as_client.post(MINE + "edit/", form(0, needs="rest, and someone patient"))
    assert response["Location"] == MINE
    assert current_texts(client_user)["needs"] == "rest, and someone patient"
    assert not Draft.objects.exists()
    edit = as_client.get(MINE + "edit/").content.decode()
    assert "are back in the boxes" not in edit


def test_a_pages_older_words_arriving_late_never_replace_its_newer_ones(
    as_client: Client,
) -> None:
    sitting = uuid.uuid4()
    as_client.post(MINE + "save/", typed("history", "newer words", sitting=sitting, rev=5))
    late = as_client.post(MINE + "save/", typed("history", "older", sitting=sitting, rev=3))
    assert late.json()["status"] == "late"
    assert Draft.objects.get().text == "newer words"
    # Another page of the same writer (a second tab) typing on: the newest words typed.
    as_client.post(MINE + "save/", typed("history", "from the phone", rev=1))
    assert Draft.objects.get().text == "from the phone"


def test_each_writer_has_their_own_draft_and_neither_sees_the_others(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "save/", typed("history", "the persons own words"))
    answer = as_sharing_clinician.post(
        theirs(client_user, "save/"), typed("history", "the clinicians words")
    )
    assert answer.status_code == 200
    assert Draft.objects.count() == 2
    own = as_client.get(MINE + "edit/").content.decode()
    assert "the persons own words" in own and "the clinicians words" not in own
    clinic = as_sharing_clinician.get(theirs(client_user, "edit/")).content.decode()
    assert "the clinicians words" in clinic and "the persons own words" not in clinic


def test_a_clinicians_typing_is_not_audited_per_keystroke_but_opening_the_page_is(
    as_sharing_clinician: Client, client_user: User
) -> None:
    for n in range(3):
        as_sharing_clinician.post(
            theirs(client_user, "save/"), typed("needs", "words " * (n + 1), rev=n + 1)
        )
    assert not AuditEvent.objects.filter(subject_id=client_user.id, action="view").exists()
    as_sharing_clinician.get(theirs(client_user, "edit/"))
    assert AuditEvent.objects.filter(subject_id=client_user.id, action="view").count() == 1


def test_only_a_clinician_the_formulation_is_shared_with_may_keep_words_about_it(
    as_unrelated_clinician: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    other = as_unrelated_clinician.post(theirs(client_user, "save/"), typed("needs", "x"))
    assert other.status_code == 404
    share = Share.objects.get(client=client_user)
    account_actions.share_with_clinician(
        client=client_user,
        clinician=share.clinician,
        categories=[c for c in share.categories if c != "formulation"],
        by=client_user,
    )
    narrowed = as_sharing_clinician.post(theirs(client_user, "save/"), typed("needs", "x"))
    assert narrowed.status_code == 404
    assert not Draft.objects.exists()


def test_stopping_sharing_lets_go_of_the_clinicians_unsent_words(
    as_sharing_clinician: Client, client_user: User, sharing_clinician: User
) -> None:
    as_client_words = Client()
    as_client_words.force_login(client_user)
    as_client_words.post(MINE + "save/", typed("history", "mine, kept"))
    as_sharing_clinician.post(theirs(client_user, "save/"), typed("needs", "the clinician's"))
    account_actions.revoke_share(share=Share.objects.get(client=client_user), by=client_user)
    assert list(Draft.objects.values_list("text", flat=True)) == ["mine, kept"]
    gone = as_sharing_clinician.post(theirs(client_user, "save/"), typed("needs", "again"))
    assert gone.status_code == 404
    assert Draft.objects.count() == 1


def test_signed_out_typing_is_answered_in_json_and_keeps_nothing(client: Client) -> None:
    answer = client.post(MINE + "save/", typed("history", "words"))
    assert answer.status_code == 401
    assert "kept on this device" in answer.json()["message"]
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"field": "not_a_part"}, "isn't part of this page"),
        ({"text": "x" * 20_001}, "up to 20,000 characters"),
        ({"sitting": "nope"}, "arrived incomplete"),
        ({"rev": "-1"}, "arrived incomplete"),
        ({"base_version": ""}, "arrived incomplete"),
    ],
)
def test_a_save_that_cannot_be_kept_says_so_kindly_and_keeps_nothing(
    as_client: Client, change: dict[str, Any], message: str
) -> None:
    answer = as_client.post(MINE + "save/", {**typed("history", "words"), **change})
    assert answer.status_code == 400
    assert message in answer.json()["message"]
    assert not Draft.objects.exists()


def test_words_typed_before_someone_else_saved_other_parts_are_combined_on_opening(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="first words"))
    # The person types on version 1 ...
    as_client.post(MINE + "save/", typed("needs", "to be heard", base=1))
    # ... while the clinician saves version 2, changing another part.
    as_sharing_clinician.post(
        theirs(client_user, "edit/"), form(1, history="first words", consequences="tired")
    )
    edit = as_client.get(MINE + "edit/").content.decode()
    assert "to be heard</textarea>" in edit and "tired</textarea>" in edit
    assert 'name="base_version" value="2"' in edit
    assert "Which words to keep here?" not in edit
    as_client.post(
        MINE + "edit/", form(2, history="first words", consequences="tired", needs="to be heard")
    )
    assert current_texts(client_user) == {
        **dict.fromkeys(NAMES, ""),
        "history": "first words",
        "consequences": "tired",
        "needs": "to be heard",
    }


def test_words_typed_where_someone_else_saved_since_are_shown_beside_theirs(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="first words"))
    as_client.post(MINE + "save/", typed("history", "my new telling", base=1))
    as_sharing_clinician.post(theirs(client_user, "edit/"), form(1, history="their telling"))
    edit = as_client.get(MINE + "edit/").content.decode()
    assert "my new telling</textarea>" in edit
    assert "their telling" in edit
    assert "Which words to keep here?" in edit
    assert "the words you typed and had not saved are in the boxes" in edit
    # Choosing one's own words saves them as the next version; nothing was put over.
    as_client.post(MINE + "edit/", {**form(2, history="my new telling"), "pick__history": "mine"})
    assert current_texts(client_user)["history"] == "my new telling"
    numbers = FormulationVersion.objects.values_list("number", "history").order_by("number")
    assert list(numbers) == [(1, "first words"), (2, "their telling"), (3, "my new telling")]


def test_the_writer_may_choose_the_saved_words_over_their_unsent_ones(
    as_client: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="saved words"))
    as_client.post(MINE + "save/", typed("history", "unsent words", base=1))
    edit = as_client.get(MINE + "edit/").content.decode()
    assert "Go back to the saved version" in edit
    response = as_client.post(MINE + "edit/", {**form(1, history="unsent words"), "let_go": "1"})
    assert response["Location"] == MINE + "edit/"
    assert not Draft.objects.exists()
    assert current_texts(client_user)["history"] == "saved words"
    assert "saved words</textarea>" in as_client.get(MINE + "edit/").content.decode()


def test_heavy_words_typed_by_the_person_are_noticed_without_a_card(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_sharing_clinician.post(theirs(client_user, "save/"), typed("self_relating", URGENT))
    # A clinician's words are not the person's moment.
    assert not SafetyEvent.objects.exists()
    answer = as_client.post(MINE + "save/", typed("self_relating", URGENT))
    assert answer.json()["status"] == "saved"
    event = SafetyEvent.objects.get(client=client_user)
    assert (event.source, event.level) == ("formulation", "urgent")
