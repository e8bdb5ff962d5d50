import uuid
from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from kindmind.accounts.models import Session, User

pytestmark = pytest.mark.django_db

URL = "/account/signin/"


def sign_in(browser: Client, email: str, password: str) -> int:
    return browser.post(URL, {"username": email, "password": password}).status_code


def test_it_signs_in_with_any_case_of_the_address(client: Client, client_user: User) -> None:
    response = client.post(URL, {"username": "CLIENT@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("front:today")
    assert client.get(reverse("front:today")).context["user"] == client_user


def test_it_says_kindly_that_the_details_do_not_match(client: Client, client_user: User) -> None:
    response = client.post(URL, {"username": client_user.email, "password": "not it"})
    assert response.status_code == 400
    assert "don&#x27;t match an account here" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_pauses_sign_in_after_five_failures_then_lets_them_back(
    client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        for _ in range(4):
            assert sign_in(client, client_user.email, "wrong") == 400
        assert sign_in(client, client_user.email, "wrong") == 429
        # Locked: even the right password waits out the pause.
        response = client.post(URL, {"username": client_user.email, "password": PASSWORD})
        assert response.status_code == 429
        assert "paused for a few minutes" in response.content.decode()
    with time_machine.travel("2026-11-22 10:16Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302


def test_a_lock_out_for_one_address_leaves_others_alone(client: Client, client_user: User) -> None:
    for _ in range(5):
        sign_in(client, "someone.else@example.org", "wrong")
    assert sign_in(client, client_user.email, PASSWORD) == 302


def test_sign_out_needs_a_post_and_ends_the_session(as_client: Client) -> None:
    assert as_client.get("/account/signout/").status_code == 405
    response = as_client.post("/account/signout/")
    assert response.status_code == 302
    assert as_client.get(reverse("front:today")).status_code == 302


def test_an_idle_session_ends_after_the_configured_time(client: Client, client_user: User) -> None:
    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302
    with time_machine.travel("2026-11-22 10:59Z", tick=False):
        # Activity keeps the session alive...
        assert client.get(reverse("front:today")).status_code == 200
    with time_machine.travel("2026-11-22 11:58Z", tick=False):
        assert client.get(reverse("front:today")).status_code == 200
    with time_machine.travel("2026-11-22 13:00Z", tick=False):
        # ...and an hour without any ends it.
        response = client.get(reverse("front:today"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:signin"))


def _session_writes(browser: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if "accounts_session" in query["sql"] and query["sql"].lstrip().upper().startswith("UPDATE")
    )


def test_an_active_session_is_rewritten_at_most_once_a_minute(
    client: Client, client_user: User
) -> None:
    today = reverse("front:today")
    with time_machine.travel("2026-11-22 10:00:00Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302
    with time_machine.travel("2026-11-22 10:00:30Z", tick=False):
        assert _session_writes(client, today) == 0
    with time_machine.travel("2026-11-22 10:00:59Z", tick=False):
        assert _session_writes(client, today) == 0
    with time_machine.travel("2026-11-22 10:01:00Z", tick=False):
        assert _session_writes(client, today) == 1
        assert _session_writes(client, today) == 0


@pytest.mark.parametrize(
    ("last_request", "ends_at", "after"),
    [
        # Within the minute of the last write: the hour counts from the write, so the
        # session ends 59 min 1 s after the last request, never later than 60 min.
        ("10:00:59", "11:00:00", "11:00:01"),
        # A minute or more after it: the request writes, and the hour counts from it.
        ("10:01:00", "11:01:00", "11:01:01"),
    ],
)
def test_the_idle_rule_stays_exact_to_the_minute(
    client: Client, client_user: User, last_request: str, ends_at: str, after: str
) -> None:
    today = reverse("front:today")
    with time_machine.travel("2026-11-22 10:00:00Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302
    with time_machine.travel(f"2026-11-22 {last_request}Z", tick=False):
        assert client.get(today).status_code == 200
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.expire_date == datetime.fromisoformat(f"2026-11-22T{ends_at}+00:00")
    with time_machine.travel(f"2026-11-22 {after}Z", tick=False):
        assert client.get(today).status_code == 302


def test_a_deactivated_account_cannot_sign_in(client: Client, client_user: User) -> None:
    client_user.is_active = False
    client_user.save(update_fields=["is_active"])
    assert sign_in(client, client_user.email, PASSWORD) == 400


def test_a_session_signed_in_before_kindmind_had_its_own_backend_stays_signed_in(
    client: Client, client_user: User
) -> None:
    # Sessions made before the upgrade name Django's own backend.
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("front:today"))
    assert response.status_code == 200
    assert response.context["user"] == client_user


def test_an_account_switched_off_is_signed_out_on_its_next_request(
    as_client: Client, client_user: User
) -> None:
    assert as_client.get(reverse("front:today")).status_code == 200
    User.objects.filter(pk=client_user.pk).update(is_active=False)
    response = as_client.get(reverse("front:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_an_account_deleted_elsewhere_is_signed_out_on_its_next_request(
    as_client: Client, client_user: User
) -> None:
    User.objects.filter(pk=client_user.pk).delete()
    assert as_client.get(reverse("front:today")).status_code == 302


def test_a_session_key_nobody_was_given_is_never_taken_up() -> None:
    """A key a visitor made up (or one that has ended) reads as an empty session and is
    dropped, so whatever is saved next gets a new key: nobody can choose another
    person's session key in advance."""
    from kindmind.lib.sessions import SessionStore

    chosen = "k" * 32
    session = SessionStore(chosen)
    assert session.load() == {}
    session["note"] = "words"
    session.save()
    assert session.session_key not in (None, chosen)
    assert SessionStore(session.session_key).load() == {"note": "words"}


def test_an_ended_session_reads_as_empty(client: Client, client_user: User) -> None:
    from kindmind.lib.sessions import SessionStore

    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with time_machine.travel("2026-11-22 10:59Z", tick=False):
        assert SessionStore(key).load()["_auth_user_id"] == str(client_user.pk)
    with time_machine.travel("2026-11-22 11:00:01Z", tick=False):
        assert SessionStore(key).load() == {}


def _person_reads(browser: Client, url: str = "/healthz") -> list[str]:
    """The queries a request makes that read the session or the account."""
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and ("accounts_session" in q["sql"] or "accounts_user" in q["sql"])
    ]


def _session_row(browser: Client) -> Session:
    return Session.objects.get(session_key=browser.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_signed_in_request_reads_its_session_and_person_in_one_query(
    client: Client, client_user: User
) -> None:
    assert sign_in(client, client_user.email, PASSWORD) == 302
    assert _session_row(client).account_id == client_user.pk
    reads = _person_reads(client)
    assert len(reads) == 1
    assert "accounts_session" in reads[0] and "accounts_user" in reads[0]
    assert client.get(reverse("front:today")).context["user"] == client_user


def test_a_session_stored_before_it_named_its_account_stays_signed_in_and_learns_it(
    client: Client, client_user: User
) -> None:
    with time_machine.travel("2026-11-22 10:00Z", tick=False):
        assert sign_in(client, client_user.email, PASSWORD) == 302
    Session.objects.update(account=None)
    with time_machine.travel("2026-11-22 10:00:30Z", tick=False):
        # The person is read with a query of their own, and is who they were.
        assert len(_person_reads(client)) == 2
        assert client.get(reverse("front:today")).context["user"] == client_user
    with time_machine.travel("2026-11-22 10:01:30Z", tick=False):
        client.get(reverse("front:today"))  # the once-a-minute refresh saves the row
    assert _session_row(client).account_id == client_user.pk


def test_the_session_row_never_decides_who_is_signed_in(client: Client, client_user: User) -> None:
    """Only the session's data names the person: a row whose account column says
    someone else (however it came to) is read as the data says, with a query of its own."""
    other = User.objects.create_user(email="other@example.org", password=PASSWORD)
    assert sign_in(client, client_user.email, PASSWORD) == 302
    Session.objects.update(account=other)
    assert len(_person_reads(client)) == 2
    assert client.get(reverse("front:today")).context["user"] == client_user


def test_a_session_naming_an_account_that_is_gone_reads_as_nobody_without_a_second_query(
    client: Client, client_user: User
) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from kindmind.accounts.backends import PATH
    from kindmind.lib.sessions import SessionStore

    gone = uuid.uuid4()
    store = SessionStore()
    store.update({SESSION_KEY: str(gone), BACKEND_SESSION_KEY: PATH, HASH_SESSION_KEY: "x"})
    store.save(must_create=True)
    assert Session.objects.get(session_key=store.session_key).account_id == gone
    client.cookies[settings.SESSION_COOKIE_NAME] = str(store.session_key)
    assert len(_person_reads(client)) == 1
    response = client.get(reverse("front:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_a_changed_password_still_signs_out_the_other_sessions(
    as_client: Client, client_user: User
) -> None:
    other_browser = Client()
    assert sign_in(other_browser, client_user.email, PASSWORD) == 302
    assert other_browser.get(reverse("front:today")).status_code == 200
    changed = User.objects.get(pk=client_user.pk)
    changed.set_password("a wholly new pass phrase 42")
    changed.save(update_fields=["password"])
    response = other_browser.get(reverse("front:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_the_upgrade_moves_live_sessions_from_djangos_table_and_empties_it(
    client: Client, client_user: User
) -> None:
    import importlib

    from django.apps import apps

    move_sessions = importlib.import_module(
        "kindmind.accounts.migrations.0008_session"
    ).move_sessions
    assert sign_in(client, client_user.email, PASSWORD) == 302
    live = _session_row(client)
    rows = [
        (live.session_key, live.session_data, "2999-01-01 00:00:00"),
        ("ended" + "0" * 27, live.session_data, "2001-01-01 00:00:00"),
    ]
    Session.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, "
            "session_data text NOT NULL, expire_date timestamp with time zone NOT NULL)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, "
            "session_data text NOT NULL, expire_date datetime NOT NULL)"
        )
        cursor.executemany("INSERT INTO django_session VALUES (%s, %s, %s)", rows)
    # The step reads only its editor's connection (SQLite's own editor cannot open
    # inside a test's transaction).
    move_sessions(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_session")
        left = cursor.fetchone()[0]
    assert left == 0
    moved: list[tuple[str, object]] = list(Session.objects.values_list("session_key", "account_id"))
    assert moved == [(live.session_key, None)]
    assert client.get(reverse("front:today")).context["user"] == client_user


def test_the_person_read_with_the_session_is_the_person_the_orm_reads(
    client: Client, client_user: User
) -> None:
    """Every column, converted as the ORM converts it (ids, times, flags, on either
    database), so nothing downstream can tell how the person was read."""
    from kindmind.lib.sessions import SessionStore

    User.objects.filter(pk=client_user.pk).update(
        display_name="Sam", country="NZ", timezone="Pacific/Auckland"
    )
    assert sign_in(client, client_user.email, PASSWORD) == 302
    store = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    store.load()
    stored = User.objects.get(pk=client_user.pk)
    fields = User._meta.concrete_fields
    assert [getattr(store.account, f.attname) for f in fields] == [
        getattr(stored, f.attname) for f in fields
    ]
    assert store.account._state.db == "default" and not store.account._state.adding
