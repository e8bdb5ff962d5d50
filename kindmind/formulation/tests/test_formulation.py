"""The formulation made together: the person writes it, a clinician they share it with
may change it too (only while shared), every version is kept, and two saves at once never
lose anyone's words."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.access import (
    CATEGORIES,
    CATEGORY_CHOICES,
    SHARED_WRITES,
    get_client_for_shared_edit,
)
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import NAMES
from kindmind.safety.models import SafetyEvent
from kindmind.safety.tests.words import URGENT

pytestmark = pytest.mark.django_db

MINE = "/formulation/"


def theirs(client: User, page: str = "") -> str:
    return f"/clinic/clients/{client.id}/formulation/{page}"


def form(base: int, **texts: str) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(NAMES, "")
    data.update(texts)
    data["base_version"] = base
    return data


def current_texts(client: User) -> dict[str, str]:
    formulation = Formulation.objects.get(client=client)
    return FormulationVersion.objects.get(
        formulation=formulation, number=formulation.current
    ).texts()


def test_formulation_is_a_category_a_person_can_share_and_it_says_the_clinician_may_change_it() -> (
    None
):
    assert str(CATEGORIES["formulation"]) == "Formulation"
    assert "may change it with you" in str(CATEGORY_CHOICES["formulation"])


def test_a_person_writes_their_formulation_and_reads_it_as_a_diagram_and_in_words(
    as_client: Client, client_user: User
) -> None:
    empty = as_client.get(MINE).content.decode()
    assert "Nothing is written yet" in empty
    assert "Still to explore" in empty
    response = as_client.post(
        MINE + "edit/", form(0, history="a noisy house", needs="quiet and patience")
    )
    assert response.status_code == 302 and response["Location"] == MINE
    html = as_client.get(MINE).content.decode()
    # The diagram, in both layouts, each with its text alternative named.
    assert html.count('role="img"') == 2
    assert "which feeds the threat again" in html
    # And the words in full, under headings.
    assert '<h2 id="formulation-words">In words</h2>' in html
    assert "a noisy house" in html and "quiet and patience" in html
    assert "Last saved by you" in html
    assert current_texts(client_user)["history"] == "a noisy house"


def test_every_save_is_kept_as_a_version_with_who_and_when(
    as_client: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="first words"))
    as_client.post(MINE + "edit/", form(1, history="second words"))
    as_client.post(MINE + "edit/", form(2, history="second words"))  # nothing new
    versions = FormulationVersion.objects.filter(formulation__client=client_user)
    assert sorted(v.history for v in versions) == ["first words", "second words"]
    html = as_client.get(MINE + "versions/").content.decode()
    assert "Version 2" in html and "Version 1" in html and "Version 3" not in html
    assert "first words" in html and "second words" in html
    assert html.count("Saved by you") == 2


def test_the_sharing_clinician_edits_while_shared_and_the_change_is_audited(
    as_client: Client,
    as_sharing_clinician: Client,
    client_user: User,
    sharing_clinician: User,
) -> None:
    as_client.post(MINE + "edit/", form(0, history="what the person wrote"))
    page = as_sharing_clinician.get(theirs(client_user, "edit/"))
    assert page.status_code == 200
    assert "what the person wrote" in page.content.decode()
    response = as_sharing_clinician.post(
        theirs(client_user, "edit/"),
        form(1, history="what the person wrote", consequences="written in session"),
    )
    assert response.status_code == 302
    assert response["Location"] == theirs(client_user)
    assert current_texts(client_user)["consequences"] == "written in session"
    latest = FormulationVersion.objects.get(number=2)
    assert latest.author_id == sharing_clinician.id and not latest.by_owner
    change = AuditEvent.objects.get(action="change", actor_id=sharing_clinician.id)
    assert change.subject_id == client_user.id
    assert change.object_type == "formulation.formulation"
    # The person sees who saved it.
    html = as_client.get(MINE + "versions/").content.decode()
    assert "Saved by clinician@example.org" in html
    assert "Saved by you" in html


def test_the_sharing_clinician_reads_the_formulation_and_each_reading_is_audited(
    as_client: Client, as_sharing_clinician: Client, client_user: User, sharing_clinician: User
) -> None:
    as_client.post(MINE + "edit/", form(0, safety_internal="keeping watch"))
    for page in ("", "versions/"):
        response = as_sharing_clinician.get(theirs(client_user, page))
        assert response.status_code == 200
        assert "keeping watch" in response.content.decode()
    views = AuditEvent.objects.filter(action="view", actor_id=sharing_clinician.id)
    # Both pages read the one formulation: within a minute, one row read twice.
    assert sum(v.times for v in views) == 2
    assert {v.subject_id for v in views} == {client_user.id}


def test_a_clinician_may_not_open_or_change_a_formulation_that_is_not_shared(
    as_client: Client, client_user: User
) -> None:
    clinician = make_user("another.clinician@example.org", role=User.Role.CLINICIAN)
    account_actions.share_with_clinician(
        client=client_user, clinician=clinician, categories=["profile", "checkins"], by=client_user
    )
    browser = Client()
    browser.force_login(clinician)
    as_client.post(MINE + "edit/", form(0, history="kept private"))
    for page in ("", "edit/", "versions/"):
        assert browser.get(theirs(client_user, page)).status_code == 404
    response = browser.post(theirs(client_user, "edit/"), form(1, history="changed"))
    assert response.status_code == 404
    assert current_texts(client_user)["history"] == "kept private"
    assert FormulationVersion.objects.count() == 1
    assert not AuditEvent.objects.filter(
        actor_id=clinician.id, action__in=["view", "change"]
    ).exists()


def test_a_share_revoked_while_the_clinicians_page_is_open_saves_nothing(
    as_client: Client,
    as_sharing_clinician: Client,
    client_user: User,
) -> None:
    as_client.post(MINE + "edit/", form(0, history="before"))
    assert as_sharing_clinician.get(theirs(client_user, "edit/")).status_code == 200
    account_actions.revoke_share(share=Share.objects.get(client=client_user), by=client_user)
    response = as_sharing_clinician.post(theirs(client_user, "edit/"), form(1, history="after"))
    assert response.status_code == 404
    assert "This page isn't here" in response.content.decode()
    assert current_texts(client_user)["history"] == "before"
    assert FormulationVersion.objects.count() == 1


def test_the_unrelated_clinician_and_other_clients_see_and_change_nothing(
    as_client: Client, as_unrelated_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="mine alone"))
    other = make_user("other.client@example.org")
    another = Client()
    another.force_login(other)
    for browser in (as_unrelated_clinician, another):
        for page in ("", "edit/", "versions/"):
            assert browser.get(theirs(client_user, page)).status_code == 404
        assert browser.post(theirs(client_user, "edit/"), form(1, history="x")).status_code == 404
    # Their own /formulation/ is theirs: the other client's is empty, a clinician has none.
    assert "mine alone" not in another.get(MINE).content.decode()
    assert as_unrelated_clinician.get(MINE).status_code == 404
    assert FormulationVersion.objects.count() == 1
    assert not AuditEvent.objects.filter(action="view").exists()


def test_two_saves_at_once_on_the_same_part_keep_both_and_show_them_side_by_side(
    as_client: Client,
    as_sharing_clinician: Client,
    client_user: User,
    sharing_clinician: User,
) -> None:
    as_client.post(MINE + "edit/", form(0, history="start", needs="rest"))
    # Both open version 1. The clinician saves first.
    as_sharing_clinician.post(
        theirs(client_user, "edit/"), form(1, history="the clinician's words", needs="rest")
    )
    # The person saves later, on the page that showed version 1.
    response = as_client.post(
        MINE + "edit/", form(1, history="the person's words", needs="rest and company")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing has been lost" in html
    # Side by side: the person's words in the box, the clinician's beside them.
    assert "the person&#x27;s words</textarea>" in html
    assert "the clinician&#x27;s words" in html
    assert "What clinician@example.org saved" in html
    # The part only the person changed is already theirs; the other needs no choice.
    assert "rest and company</textarea>" in html
    assert html.count('value="theirs"') == 1
    # Nothing was put over the clinician's words, and the person's are kept whole.
    assert current_texts(client_user)["history"] == "the clinician's words"
    set_aside = FormulationVersion.objects.get(kind="set_aside")
    assert set_aside.history == "the person's words" and set_aside.by_owner
    assert set_aside.needs == "rest and company"
    # The page comes back based on the version now shown: choosing saves cleanly.
    assert 'name="base_version" value="2"' in html
    merged = "the clinician's words, and the person's words"
    response = as_client.post(
        MINE + "edit/",
        form(2, history=merged, needs="rest and company") | {"pick__history": "mine"},
    )
    assert response.status_code == 302
    assert current_texts(client_user)["history"] == merged
    assert current_texts(client_user)["needs"] == "rest and company"
    kept = sorted(v.history for v in FormulationVersion.objects.all())
    assert kept == sorted(["start", "the clinician's words", "the person's words", merged])


def test_after_a_conflict_the_other_persons_words_can_be_chosen(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="start"))
    as_sharing_clinician.post(theirs(client_user, "edit/"), form(1, history="clinician"))
    as_client.post(MINE + "edit/", form(1, history="person"))
    response = as_client.post(
        MINE + "edit/", form(2, history="person") | {"pick__history": "theirs"}
    )
    assert response.status_code == 302
    assert current_texts(client_user)["history"] == "clinician"
    assert "person" in [v.history for v in FormulationVersion.objects.all()]


def test_the_same_person_in_two_windows_is_told_so(as_client: Client, client_user: User) -> None:
    as_client.post(MINE + "edit/", form(0, history="start"))
    as_client.post(MINE + "edit/", form(1, history="window one"))
    response = as_client.post(MINE + "edit/", form(1, history="window two"))
    assert response.status_code == 409
    assert "You also saved changes in another window" in response.content.decode()


def test_saves_at_once_on_different_parts_are_combined(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    as_client.post(MINE + "edit/", form(0, history="start"))
    as_sharing_clinician.post(
        theirs(client_user, "edit/"), form(1, history="start", threats_external="criticism")
    )
    response = as_client.post(
        MINE + "edit/",
        form(1, history="start", compassionate_self="you did your best"),
        follow=True,
    )
    assert "both sets of changes are in" in response.content.decode()
    now = current_texts(client_user)
    assert now["threats_external"] == "criticism"
    assert now["compassionate_self"] == "you did your best"
    assert not FormulationVersion.objects.filter(kind="set_aside").exists()


def test_too_many_words_keep_what_was_typed_and_save_nothing(
    as_client: Client, client_user: User
) -> None:
    long = "word " * 4001
    response = as_client.post(MINE + "edit/", form(0, history=long, needs="kept too"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "longer than 20,000 characters" in html
    assert "Nothing has been lost" in html
    assert "kept too</textarea>" in html
    assert not FormulationVersion.objects.exists()


@pytest.mark.parametrize("base", ["", "7", "-1", "x"])
def test_a_form_with_a_version_that_cannot_be_right_is_refused_kindly(
    as_client: Client, client_user: User, base: str
) -> None:
    data = form(0, history="kept")
    data["base_version"] = base
    response = as_client.post(MINE + "edit/", data)
    assert response.status_code == 400
    assert "Please send it once more: your words are kept." in response.content.decode()
    assert "kept</textarea>" in response.content.decode()
    assert not Formulation.objects.exists()


def test_heavy_words_are_saved_then_met_with_the_safety_page(
    as_client: Client, client_user: User
) -> None:
    response = as_client.post(MINE + "edit/", form(0, self_relating=URGENT))
    assert response.status_code == 302
    assert response["Location"].startswith("/help/urgent/")
    assert current_texts(client_user)["self_relating"] == URGENT
    event = SafetyEvent.objects.get(client=client_user)
    assert (event.source, event.level) == ("formulation", "urgent")


def test_the_versions_page_reads_with_the_same_queries_however_many_versions(
    as_client: Client, as_sharing_clinician: Client, client_user: User
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert as_client.get(MINE + "versions/").status_code == 200
        return len(queries)

    as_client.post(MINE + "edit/", form(0, history="one"))
    as_sharing_clinician.post(theirs(client_user, "edit/"), form(1, history="two"))
    few = count()
    for n in range(2, 12):
        as_client.post(MINE + "edit/", form(n, history=f"again {n}"))
    assert FormulationVersion.objects.count() == 12
    assert count() == few


def test_the_clinicians_client_page_links_to_the_formulation_only_while_shared(
    client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    page = f"/clinic/clients/{client_user.id}/"
    assert theirs(client_user) in as_sharing_clinician.get(page).content.decode()
    share = Share.objects.get(client=client_user)
    share.categories = ["profile"]
    share.save()
    assert theirs(client_user) not in as_sharing_clinician.get(page).content.decode()


def test_the_person_finds_it_on_today(as_client: Client) -> None:
    html = as_client.get("/today/").content.decode()
    assert '<a href="/formulation/">Making sense: how your story' in html


def test_words_sent_after_being_signed_out_are_back_in_the_boxes_after_signing_in(
    client: Client, client_user: User
) -> None:
    response = client.post(MINE + "edit/", form(0, history="typed before the session ended"))
    assert response.status_code == 302
    assert response["Location"] == "/account/signin/?next=/formulation/edit/"
    assert not Formulation.objects.exists()
    client.force_login(client_user)
    html = client.get(MINE + "edit/").content.decode()
    assert "typed before the session ended</textarea>" in html
    assert "are back in the boxes" in html
    # Kept, not yet a version: saving makes it one.
    assert not Formulation.objects.exists()
    assert (
        client.post(MINE + "edit/", form(0, history="typed before the session ended"))["Location"]
        == MINE
    )
    assert current_texts(client_user)["history"] == "typed before the session ended"
    # A page without words simply asks to sign in.
    client.logout()
    assert client.get(MINE + "edit/")["Location"].startswith("/account/signin/")
    assert client.post(MINE + "edit/", {})["Location"].startswith("/account/signin/")


def test_more_words_than_a_session_holds_come_back_to_copy_and_nothing_is_saved(
    client: Client,
) -> None:
    long = "a long evening of writing " * 1000
    response = client.post(MINE + "edit/", form(0, history=long, needs=long, consequences=long))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You were signed out before these words could be saved" in html
    assert "a long evening of writing" in html
    assert "/account/signin/?next=%2Fformulation%2Fedit%2F" in html
    assert not Formulation.objects.exists()


def test_the_one_exception_to_rule_4_is_named_and_narrow(
    client_user: User, sharing_clinician: User, unrelated_clinician: User
) -> None:
    """get_client_for_shared_edit: only categories in SHARED_WRITES, only while shared,
    audited like any other opening; a 404 for anyone else."""
    with pytest.raises(ValueError, match="not a category others may change"):
        get_client_for_shared_edit(sharing_clinician, client_user.id, category="critic_work")
    assert frozenset({"formulation"}) == SHARED_WRITES
    got = get_client_for_shared_edit(sharing_clinician, client_user.id, category="formulation")
    assert got == client_user
    assert AuditEvent.objects.filter(action="view", actor_id=sharing_clinician.id).count() == 1
    with pytest.raises(Http404):
        get_client_for_shared_edit(unrelated_clinician, client_user.id, category="formulation")
    share = Share.objects.get(client=client_user)
    share.categories = [c for c in share.categories if c != "formulation"]
    share.save()
    with pytest.raises(Http404):
        get_client_for_shared_edit(sharing_clinician, client_user.id, category="formulation")


def test_the_progress_report_holds_the_formulation_only_when_the_person_asks(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    report = "/report/"
    assert 'name="parts" value="formulation">' in as_client.get(report).content.decode()
    chosen = {"parts": ["formulation"]}
    nothing = as_client.get(report, chosen).content.decode()
    assert '<h2 id="part-formulation">Your formulation</h2>' in nothing
    assert "Nothing to show here for this period." in nothing
    as_client.post(MINE + "edit/", form(0, history="a noisy house", needs="quiet and patience"))
    # Off unless ticked: these are the person's own words.
    assert "a noisy house" not in as_client.get(report).content.decode()
    html = as_client.get(report, chosen).content.decode()
    assert "a noisy house" in html and "quiet and patience" in html
    assert "which feeds the threat again" in html and html.count('role="img"') == 2
    # Someone else's report never holds it.
    other = Client()
    other.force_login(make_user("someone.else@example.org"))
    assert "a noisy house" not in other.get(report, chosen).content.decode()
