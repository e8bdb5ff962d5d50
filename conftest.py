"""Standing fixtures every kindmind test can use.

The three people of the access rule: a client, the clinician they share with, and a
clinician they have nothing to do with. Later features add their client-owned pages to
CLIENT_OBJECT_PAGES so that the same access tests cover them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kindmind.accounts import actions
from kindmind.accounts.access import CATEGORIES
from kindmind.accounts.models import Share, User
from kindmind.casenotes.models import SessionNote
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Entry
from kindmind.lib import pagecache
from kindmind.measures.models import Response
from kindmind.measures.scoring import score

pytest_plugins = ["kindmind.lib.browser_testing"]

# One fixed key for every test run, on both databases (a production database refuses to
# start without one). Tests that are about keys set their own; the real server in
# test_serve.py runs with none, as the embedded default does.
os.environ.setdefault("KINDMIND_ENCRYPTION_KEYS", "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQta2V5LTMyYnk=")

PASSWORD = "a calm river at dusk"

# Every page that shows one client-owned object: name -> (URL for the client's object).
# The access tests load each as the owner (200), as the sharing clinician (200 or 404 as
# the page allows) and as the unrelated clinician (always 404).
CLIENT_OBJECT_PAGES: dict[str, Callable[[User], str]] = {
    "clinic:client_detail": lambda client: reverse("clinic:client_detail", args=[client.id]),
    "checkins:detail": lambda client: reverse("checkins:detail", args=[make_checkin(client).id]),
    "measures:response": lambda client: reverse(
        "measures:response", args=[make_measure_response(client).id]
    ),
    "clinic:client_safety": lambda client: reverse("clinic:client_safety", args=[client.id]),
    "critic:detail": lambda client: reverse("critic:detail", args=[make_critic_entry(client).id]),
    "critic:versions": lambda client: reverse(
        "critic:versions", args=[make_critic_entry(client).id]
    ),
    # A clinician's own label for a client who shares with them (kindmind.clinic).
    "clinic:client_label": lambda client: reverse("clinic:client_label", args=[client.id]),
    # A clinician's "Suggest a reminder" form for a client who shares with them.
    "clinic:suggest_reminder": lambda client: reverse("clinic:suggest_reminder", args=[client.id]),
    # A client's formulation, which a clinician they share it with may read and change.
    "formulation_clinic:index": lambda client: reverse(
        "formulation_clinic:index", args=[client.id]
    ),
    "formulation_clinic:edit": lambda client: reverse("formulation_clinic:edit", args=[client.id]),
    "formulation_clinic:versions": lambda client: reverse(
        "formulation_clinic:versions", args=[client.id]
    ),
    # A person's page for the clinician, a page for each thing shared, and the
    # clinician's own sessions and notes under it.
    "clinic:person_checkins": lambda client: reverse("clinic:person_checkins", args=[client.id]),
    "clinic:person_checkins_trend": lambda client: reverse(
        "clinic:person_checkins_trend", args=[client.id]
    ),
    "clinic:person_practice": lambda client: reverse("clinic:person_practice", args=[client.id]),
    "clinic:person_critic": lambda client: reverse("clinic:person_critic", args=[client.id]),
    "clinic:person_measures": lambda client: reverse("clinic:person_measures", args=[client.id]),
    "casenotes:index": lambda client: reverse("casenotes:index", args=[client.id]),
    "casenotes:edit": lambda client: reverse(
        "casenotes:edit", args=[client.id, make_session_note(client).id]
    ),
    # A clinician's homework and questionnaire pages for a client who shares with them.
    "homework:client": lambda client: reverse("homework:client", args=[client.id]),
    "homework:assign": lambda client: reverse("homework:assign", args=[client.id]),
    "homework:plan_measure": lambda client: reverse("homework:plan_measure", args=[client.id]),
}


def make_checkin(client: User, **fields: Any) -> CheckIn:
    values: dict[str, Any] = {
        "threat": 6,
        "drive": 3,
        "soothing": 2,
        "emotions": ["worried"],
        "note": "test note",
        "timezone": client.timezone,
        "submission_id": uuid.uuid4(),
    }
    values.update(fields)
    return CheckIn.objects.create(client=client, **values)


def make_session_note(client: User) -> SessionNote:
    """A session held with `client`, noted by the clinician they share with (or, when
    they share with nobody, by a clinician of its own)."""
    share = Share.objects.filter(client=client).order_by("-created_at").first()
    clinician = (
        share.clinician
        if share
        else make_user(f"notes.{uuid.uuid4().hex[:8]}@example.org", role=User.Role.CLINICIAN)
    )
    return SessionNote.objects.create(
        clinician=clinician, client=client, held_on=date(2026, 1, 5), note="a note"
    )


def make_measure_response(client: User, **fields: Any) -> Response:
    """A saved PHQ-9, scored by the pure core as the app does at completion."""
    answers = fields.pop("answers", [1, 1, 2, 0, 1, 1, 0, 0, 0])
    values: dict[str, Any] = {
        "instrument": "phq9",
        "answers": answers,
        "result": score(fields.get("instrument", "phq9"), answers).as_json(),
        "timezone": client.timezone,
        "submission_id": uuid.uuid4(),
    }
    values.update(fields)
    return Response.objects.create(client=client, **values)


def make_critic_entry(client: User, kind: str = "critic") -> Entry:
    return Entry.objects.create(client=client, kind=kind, submission_id=uuid.uuid4())


def pytest_configure(config: pytest.Config) -> None:
    # Here rather than in pyproject.toml, whose every change makes scripts/_env.sh install
    # the packages again.
    config.addinivalue_line(
        "markers", "slow: tens of seconds of real servers and no test database; started first"
    )
    config.addinivalue_line(
        "markers",
        "database_free: touches no database, not even through a command or server it starts;"
        " run in the SQLite pass only, since the PostgreSQL pass could find nothing new",
    )
    config.addinivalue_line(
        "markers",
        "embedded: touches only the embedded SQLite databases of the servers and commands it"
        " starts, never the pass's database; run in the SQLite pass only, since the"
        " PostgreSQL pass would run it exactly the same way",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `slow` first (stable, so the rest keep pytest-django's order).

    Each takes tens of seconds of real servers. Started at the end of a parallel pass,
    one of them kept a single worker busy long after the other had run out of tests;
    started first, the other workers share out the short tests meanwhile. They use no
    test database, so running them before pytest-django's database groups is safe.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("browser") and not item.path.name.startswith("test_browser"):
            # scripts/test's browser passes collect test_browser*.py files only.
            raise pytest.UsageError(f"{item.nodeid} is a browser test outside test_browser*.py")
        if item.get_closest_marker("slow") and {"db", "transactional_db"} & fixtures:
            raise pytest.UsageError(f"{item.nodeid} is marked slow but uses the test database")
        for mark in ("database_free", "embedded"):
            if item.get_closest_marker(mark) and (
                item.get_closest_marker("django_db")
                or {"db", "transactional_db", "live_server"} & fixtures
            ):
                raise pytest.UsageError(f"{item.nodeid} is marked {mark} but uses the database")
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate-limit counts start afresh in every test: an in-memory cache of the test's own
    # (test_rate_limits.py runs the real database cache on both databases).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        },
        # Kept pages too (kindmind.lib.pagecache): on, as in production, empty per test.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-pages-{uuid.uuid4()}",
        },
    }


@pytest.fixture(autouse=True)
def _pages_worker_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as in a worker that has served a kept page already: a worker's
    first one raises the write counter once (kindmind.lib.pagecache), which would make a
    test's query count depend on which test its process ran first. That first count has
    its own test in kindmind/lib/tests/test_pagecache.py."""
    monkeypatch.setattr(pagecache, "_started", True)


def make_user(email: str, *, role: str = User.Role.CLIENT, **extra: Any) -> User:
    return actions.create_account(email=email, password=PASSWORD, role=role, **extra)


@pytest.fixture
def client_user(db: None) -> User:
    return make_user("client@example.org", timezone_name="Europe/London")


@pytest.fixture
def sharing_clinician(client_user: User) -> User:
    clinician = make_user("clinician@example.org", role=User.Role.CLINICIAN)
    actions.share_with_clinician(
        client=client_user, clinician=clinician, categories=list(CATEGORIES), by=client_user
    )
    return clinician


@pytest.fixture
def unrelated_clinician(db: None) -> User:
    return make_user("other.clinician@example.org", role=User.Role.CLINICIAN)


@pytest.fixture
def as_client(client_user: User) -> Client:
    browser = Client()
    browser.force_login(client_user)
    return browser


@pytest.fixture
def as_sharing_clinician(sharing_clinician: User) -> Client:
    browser = Client()
    browser.force_login(sharing_clinician)
    return browser


@pytest.fixture
def as_unrelated_clinician(unrelated_clinician: User) -> Client:
    browser = Client()
    browser.force_login(unrelated_clinician)
    return browser


@pytest.fixture
def csrf_client() -> Iterator[Client]:
    """A client that, like a real browser, must send a valid CSRF token."""
    yield Client(enforce_csrf_checks=True)
