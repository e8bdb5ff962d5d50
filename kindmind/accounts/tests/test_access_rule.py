"""Every branch of the one access rule (kindmind.accounts.access), and every client
object page seen by each of the three standing people."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from conftest import CLIENT_OBJECT_PAGES, make_checkin, make_user
from kindmind.accounts import actions
from kindmind.accounts.access import get_client_object, get_own_object
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.checkins.models import CheckIn

pytestmark = pytest.mark.django_db

CLIENTS = User.objects.filter(role=User.Role.CLIENT)


def test_the_owner_reads_and_changes_their_own_object(client_user: User) -> None:
    assert (
        get_client_object(client_user, CLIENTS, client_user.id, category="profile") == client_user
    )
    assert get_own_object(client_user, CLIENTS, str(client_user.id)) == client_user
    assert not AuditEvent.objects.filter(action="view").exists()


def test_nobody_signed_out_sees_anything(client_user: User) -> None:
    with pytest.raises(Http404):
        get_client_object(AnonymousUser(), CLIENTS, client_user.id, category="profile")


def test_a_deactivated_owner_sees_nothing(client_user: User) -> None:
    client_user.is_active = False
    with pytest.raises(Http404):
        get_client_object(client_user, CLIENTS, client_user.id, category="profile")


@pytest.mark.parametrize(
    "bad_id", ["1", "not-a-uuid", "", "' OR 1=1 --", "7d3f0a52-6c1e-4b8a-9f00-000000000000"]
)
def test_an_id_that_is_not_a_uuid_or_names_nothing_is_a_404(client_user: User, bad_id: str) -> None:
    with pytest.raises(Http404):
        get_client_object(client_user, CLIENTS, bad_id, category="profile")


def test_the_sharing_clinician_reads_and_the_reading_is_audited(
    client_user: User, sharing_clinician: User
) -> None:
    got = get_client_object(sharing_clinician, CLIENTS, client_user.id, category="profile")
    assert got == client_user
    event = AuditEvent.objects.get(action="view")
    assert event.actor_id == sharing_clinician.id
    assert event.actor_role == "clinician"
    assert event.subject_id == client_user.id
    assert event.object_type == "accounts.user"


@time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, 5, tzinfo=dt.UTC), tick=False)
def test_a_reading_again_is_counted_and_never_lost_when_its_row_is_gone(
    client_user: User, sharing_clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    def read() -> None:
        # Each reading committed, as a request's is: the worker then remembers its row.
        with django_capture_on_commit_callbacks(execute=True):
            get_client_object(sharing_clinician, CLIENTS, client_user.id, category="profile")

    # The second reading of the minute adds to the first's row, with no new row...
    read()
    read()
    views = AuditEvent.objects.filter(action="view")
    assert list(views.values_list("times", flat=True)) == [2]
    # ...and when that row is gone (the table emptied by hand), the next reading is
    # written afresh, not counted on a row that is no longer there.
    AuditEvent.objects.all().delete()
    read()
    assert list(views.values_list("times", "subject_id")) == [(1, client_user.id)]


@time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, 5, tzinfo=dt.UTC), tick=False)
def test_a_remembered_row_that_is_someone_elses_is_never_counted_on(
    client_user: User, sharing_clinician: User
) -> None:
    # However a worker came to remember a wrong row (an id reused after a rollback), a
    # reading counts only on a row of the same clinician and minute.
    other = make_user("second@example.org", role=User.Role.CLINICIAN)
    theirs = AuditEvent.objects.create(
        actor_id=other.id,
        actor_role="clinician",
        subject_id=client_user.id,
        action="view",
        object_type="accounts.user",
        object_id=str(client_user.id),
    )
    reading = actions.Reading(client_user.id, "accounts.user", str(client_user.id))
    minute = timezone.now().replace(second=0, microsecond=0)
    actions._remember((sharing_clinician.id, minute), {reading: theirs.pk})
    get_client_object(sharing_clinician, CLIENTS, client_user.id, category="profile")
    theirs.refresh_from_db()
    assert theirs.times == 1
    assert AuditEvent.objects.get(actor_id=sharing_clinician.id, action="view").times == 1


@time_machine.travel(dt.datetime(2026, 4, 1, 10, 0, 5, tzinfo=dt.UTC), tick=False)
def test_two_clinicians_or_two_things_read_in_one_minute_are_rows_of_their_own(
    client_user: User, sharing_clinician: User
) -> None:
    other = make_user("second@example.org", role=User.Role.CLINICIAN)
    actions.share_with_clinician(
        client=client_user, clinician=other, categories=["profile", "checkins"], by=client_user
    )
    get_client_object(sharing_clinician, CLIENTS, client_user.id, category="profile")
    get_client_object(other, CLIENTS, client_user.id, category="profile")
    checkin = make_checkin(client_user)
    get_client_object(other, CheckIn, checkin.id, category="checkins")
    get_client_object(other, CheckIn, checkin.id, category="checkins")
    rows = AuditEvent.objects.filter(action="view").values_list("actor_id", "object_type", "times")
    assert sorted(rows, key=str) == sorted(
        [
            (sharing_clinician.id, "accounts.user", 1),
            (other.id, "accounts.user", 1),
            (other.id, "checkins.checkin", 2),
        ],
        key=str,
    )


def test_the_sharing_clinician_may_not_change(client_user: User, sharing_clinician: User) -> None:
    with pytest.raises(Http404):
        get_own_object(sharing_clinician, CLIENTS, client_user.id)


def test_a_category_that_is_not_shared_stays_hidden(
    client_user: User, sharing_clinician: User
) -> None:
    with pytest.raises(Http404):
        get_client_object(sharing_clinician, CLIENTS, client_user.id, category="letters")
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_revoked_share_grants_nothing(client_user: User, sharing_clinician: User) -> None:
    share = Share.objects.get(client=client_user)
    actions.revoke_share(share=share, by=client_user)
    with pytest.raises(Http404):
        get_client_object(sharing_clinician, CLIENTS, client_user.id, category="profile")


def test_the_unrelated_clinician_sees_nothing(client_user: User, unrelated_clinician: User) -> None:
    with pytest.raises(Http404):
        get_client_object(unrelated_clinician, CLIENTS, client_user.id, category="profile")


def test_another_client_sees_nothing_even_when_named_as_a_clinician_would_be(
    client_user: User,
) -> None:
    other = make_user("other.client@example.org")
    with pytest.raises(Http404):
        get_client_object(other, CLIENTS, client_user.id, category=None)


@pytest.mark.parametrize("page", sorted(CLIENT_OBJECT_PAGES))
def test_every_client_object_page_is_a_404_for_the_unrelated_clinician(
    page: str, client_user: User, as_unrelated_clinician: Client
) -> None:
    response = as_unrelated_clinician.get(CLIENT_OBJECT_PAGES[page](client_user))
    assert response.status_code == 404
    assert "This page isn't here" in response.content.decode()


@pytest.mark.parametrize("page", sorted(CLIENT_OBJECT_PAGES))
def test_every_client_object_page_opens_for_the_sharing_clinician_and_is_audited(
    page: str, client_user: User, as_sharing_clinician: Client
) -> None:
    response = as_sharing_clinician.get(CLIENT_OBJECT_PAGES[page](client_user))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view", subject_id=client_user.id).count() == 1


@pytest.mark.parametrize("page", sorted(CLIENT_OBJECT_PAGES))
def test_every_client_object_page_sends_a_signed_out_visitor_to_sign_in(
    page: str, client_user: User, client: Client
) -> None:
    response = client.get(CLIENT_OBJECT_PAGES[page](client_user))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/signin/")


def test_every_url_that_names_an_object_is_covered_by_the_access_tests() -> None:
    """A new page with an object id in its address must join CLIENT_OBJECT_PAGES (or the
    owner-only list below, whose tests live with their feature)."""
    owner_only = {
        "accounts:stop_sharing",
        "accounts:change_sharing",
        "clinic:revoke_invitation",
        "clinic:dismiss_departure",
        # The clinician's own safety alert (kindmind/clinic/tests/test_caseload.py).
        "clinic:acknowledge_alert",
        "checkins:edit",
        "checkins:delete",
        "measures:stop",
        "practice:session",
        "practice:progress",
        "practice:finish",
        "practice:stop",
        "practice:stirred",
        "practice:after",
        "critic:step",
        "critic:autosave",
        "critic:delete",
        "quickhelp:let_go",
        "reminders:edit",
        "reminders:delete",
        "reminders:accept",
        # A facilitator's own course group (kindmind/course/tests/test_groups.py).
        "course:group",
        "course:open_week",
        "course:invite",
        "course:withdraw",
        # A POST only (it downloads and is audited): kindmind/clinic/tests/test_person_page.py.
        "clinic:person_export",
        "casenotes:delete",
        # Notes kept after someone left: their writer's own (kindmind/casenotes/tests).
        "casenotes:kept",
        # The clinician ends homework they set (kindmind/homework/tests).
        "homework:end",
        # A POST only: a sharing clinician's unsent words about the formulation
        # (kindmind/formulation/tests/test_formulation_drafts.py).
        "formulation_clinic:autosave",
    }
    named: set[str] = set()

    def walk(patterns: Sequence[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = getattr(pattern, "namespace", None)
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif "_id>" in str(getattr(pattern, "pattern", "")):
                named.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    assert named, "the walk found the id-bearing URLs"
    assert named <= set(CLIENT_OBJECT_PAGES) | owner_only
