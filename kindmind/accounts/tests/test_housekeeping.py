"""`kindmind housekeeping` lets go of what must not be kept: sessions that have ended
(anyone can start one, by sending a form while signed out) and the record of sign-ins
(email address, network address, browser) once it is older than the retention.
`kindmind serve` runs it beside the web workers (see test_serve.py)."""

import datetime
import io
import uuid

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import Client

from conftest import PASSWORD, make_user
from kindmind.accounts.models import Session, User

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def housekeeping() -> str:
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    return out.getvalue()


def test_sessions_that_have_ended_are_cleared_and_live_ones_kept(
    client: Client, client_user: User
) -> None:
    visitor = Client()
    with time_machine.travel(T0, tick=False):
        # A signed-out visitor's form is held in a session of its own.
        visitor.post(f"/critic/{uuid.uuid4()}/step/words/", {"critic_words": "held"})
        assert Session.objects.count() == 1
    # An hour and a half later (sessions end after an idle hour), someone signs in.
    with time_machine.travel(T0 + datetime.timedelta(minutes=90), tick=False):
        assert (
            client.post(
                "/account/signin/", {"username": client_user.email, "password": PASSWORD}
            ).status_code
            == 302
        )
        housekeeping()
        assert Session.objects.count() == 1
        assert client.get("/today/").status_code == 200, "still signed in"


def test_the_sign_in_record_is_kept_for_the_retention_then_removed(
    client: Client, client_user: User, settings: object
) -> None:
    with time_machine.travel(T0, tick=False):
        client.post("/account/signin/", {"username": client_user.email, "password": PASSWORD})
        Client().post(
            "/account/signin/", {"username": "someone.else@example.org", "password": "no"}
        )
    assert AccessLog.objects.count() == 1
    assert AccessAttempt.objects.count() == 1
    with time_machine.travel(T0 + datetime.timedelta(days=29), tick=False):
        said = housekeeping()
    assert AccessLog.objects.count() == 1, "kept for 30 days"
    assert not AccessAttempt.objects.exists(), "a failure whose pause has passed goes"
    assert "kept 30 days" in said
    assert "example.org" not in said, "counts only, never who"
    with time_machine.travel(T0 + datetime.timedelta(days=30, minutes=1), tick=False):
        housekeeping()
    assert not AccessLog.objects.exists()


def test_the_retention_is_the_deployers_to_choose(
    client: Client, client_user: User, settings: object
) -> None:
    settings.SIGNIN_LOG_DAYS = 7  # type: ignore[attr-defined]
    with time_machine.travel(T0, tick=False):
        client.post("/account/signin/", {"username": client_user.email, "password": PASSWORD})
    with time_machine.travel(T0 + datetime.timedelta(days=6), tick=False):
        housekeeping()
        assert AccessLog.objects.count() == 1
    with time_machine.travel(T0 + datetime.timedelta(days=7, minutes=1), tick=False):
        housekeeping()
        assert not AccessLog.objects.exists()


def test_sign_ups_never_confirmed_go_a_week_after_their_link_ran_out(client_user: User) -> None:
    def waiting(email: str, joined: datetime.datetime) -> User:
        user = make_user(email)
        User.objects.filter(pk=user.pk).update(
            is_active=False, awaiting_confirmation=True, date_joined=joined
        )
        return user

    with time_machine.travel(T0, tick=False):
        old = waiting("old@example.org", T0 - datetime.timedelta(days=9))
        recent = waiting("recent@example.org", T0 - datetime.timedelta(days=2))
        # An account someone switched off is not a sign-up waiting: it stays.
        switched_off = make_user("paused@example.org")
        User.objects.filter(pk=switched_off.pk).update(
            is_active=False, date_joined=T0 - datetime.timedelta(days=400)
        )
        said = housekeeping()
    left = set(User.objects.values_list("email", flat=True))
    assert old.email not in left
    assert {recent.email, switched_off.email, client_user.email} <= left
    assert "1 sign-ups never confirmed" in said
