"""The access rule for critic work: the owner reads and changes; the clinician they share
"critic_work" with reads (audited) and changes nothing; everyone else sees a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from kindmind.accounts import actions as account_actions
from kindmind.accounts.access import CATEGORIES, CATEGORY_CHOICES
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.tests.conftest import make_entry

pytestmark = pytest.mark.django_db


def test_critic_work_is_a_category_a_person_can_share() -> None:
    assert str(CATEGORIES["critic_work"]) == "Work with the critic"
    assert "letters and multiple selves" in str(CATEGORY_CHOICES["critic_work"])


@pytest.mark.parametrize("page", ["", "versions/"])
def test_the_sharing_clinician_reads_an_entry_only_while_critic_work_is_shared(
    page: str, client_user: User, sharing_clinician: User, as_sharing_clinician: Client
) -> None:
    entry = make_entry(client_user, critic_words="shared words")
    response = as_sharing_clinician.get(f"/critic/{entry.id}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/step/" not in html, "no change links for a reader"
    assert "/delete/" not in html
    event = AuditEvent.objects.get(action="view")
    assert (event.actor_id, event.subject_id, event.object_type) == (
        sharing_clinician.id,
        client_user.id,
        "critic.entry",
    )
    account_actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["checkins"], by=client_user
    )
    assert as_sharing_clinician.get(f"/critic/{entry.id}/{page}").status_code == 404
    account_actions.share_with_clinician(
        client=client_user, clinician=sharing_clinician, categories=["critic_work"], by=client_user
    )
    Share.objects.update(revoked_at="2026-11-01T00:00Z")
    assert as_sharing_clinician.get(f"/critic/{entry.id}/{page}").status_code == 404


def test_a_shared_letter_reads_without_its_owners_buttons(
    client_user: User, as_sharing_clinician: Client
) -> None:
    entry = make_entry(client_user, "letter", letter_body="Dear me")
    html = as_sharing_clinician.get(f"/critic/{entry.id}/").content.decode()
    assert "Dear me" in html
    assert "Revise the letter" not in html


@pytest.mark.parametrize("action", ["step/words/", "delete/", "save/"])
def test_only_the_owner_may_change_or_delete(
    action: str,
    client_user: User,
    as_sharing_clinician: Client,
    as_unrelated_clinician: Client,
) -> None:
    entry = make_entry(client_user, critic_words="mine")
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    data = {
        "step": "words",
        "sitting": "00000000-0000-0000-0000-000000000001",
        "base__critic_words": "1",
        "rev__critic_words": "1",
        "critic_words": "changed",
        "field": "critic_words",
        "text": "changed",
        "base_version": "1",
        "rev": "2",
    }
    for browser in (as_sharing_clinician, as_unrelated_clinician, as_other):
        if action != "save/":
            assert browser.get(f"/critic/{entry.id}/{action}").status_code == 404
        assert browser.post(f"/critic/{entry.id}/{action}", data).status_code == 404
    assert Entry.objects.filter(id=entry.id).exists()
    assert Text.objects.get(entry=entry).body == "mine"


def test_the_unrelated_clinician_and_other_clients_see_nothing(
    client_user: User, as_unrelated_clinician: Client
) -> None:
    entry = make_entry(client_user, critic_words="mine")
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    for browser in (as_unrelated_clinician, as_other):
        for page in ("", "versions/"):
            response = browser.get(f"/critic/{entry.id}/{page}")
            assert response.status_code == 404
            assert "mine" not in response.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(
    client: Client, client_user: User
) -> None:
    entry = make_entry(client_user)
    response = client.get(f"/critic/{entry.id}/step/words/")
    assert response.status_code == 302
    assert response["Location"] == f"/account/signin/?next=/critic/{entry.id}/step/words/"


def test_a_clinician_reads_only_the_current_words_unless_earlier_ones_are_shared(
    client_user: User, as_client: Client
) -> None:
    """Words a person has since replaced are theirs: a clinician sharing "critic_work"
    reads what the entry says now, and earlier versions only if the person chooses to
    share those too."""
    clinician = make_user("reader@example.org", role=User.Role.CLINICIAN)
    as_clinician = Client()
    as_clinician.force_login(clinician)
    account_actions.share_with_clinician(
        client=client_user, clinician=clinician, categories=["critic_work"], by=client_user
    )
    entry = make_entry(client_user, critic_words="first draft")
    TextVersion.objects.create(
        entry=entry,
        field="critic_words",
        body="an earlier, replaced draft",
        version=1,
        reason=TextVersion.Reason.EARLIER,
        saved_at=timezone.now(),
    )
    page = as_clinician.get(f"/critic/{entry.id}/").content.decode()
    assert "first draft" in page
    assert "/versions/" not in page, "no way to the earlier words"
    assert as_clinician.get(f"/critic/{entry.id}/versions/").status_code == 404
    assert "/versions/" in as_client.get(f"/critic/{entry.id}/").content.decode()
    # The person chooses to share them too.
    account_actions.share_with_clinician(
        client=client_user,
        clinician=clinician,
        categories=["critic_work", "critic_versions"],
        by=client_user,
    )
    assert "/versions/" in as_clinician.get(f"/critic/{entry.id}/").content.decode()
    versions = as_clinician.get(f"/critic/{entry.id}/versions/")
    assert "an earlier, replaced draft" in versions.content.decode()
    # Earlier versions alone, without the work itself, show nothing.
    account_actions.share_with_clinician(
        client=client_user, clinician=clinician, categories=["critic_versions"], by=client_user
    )
    assert as_clinician.get(f"/critic/{entry.id}/versions/").status_code == 404
