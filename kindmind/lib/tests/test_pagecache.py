"""Kept pages (kindmind.lib.pagecache): served again only while nothing has been written."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from conftest import make_checkin, make_user
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.checkins.models import CheckIn
from kindmind.lib import pagecache

pytestmark = pytest.mark.django_db

# Every page kept for the person reading it.
KEPT = [
    "/today/",
    "/checkins/",
    "/checkins/trend/?weeks=52",
    "/practice/log/",
    "/critic/",
    "/measures/progress/",
]
# A kept page costs the session's query (with the person) and the counter's.
KEPT_QUERIES = 2


def _queries(browser: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _kept(browser: Client, path: str) -> str:
    """Draw `path`, then read it again: the second time it is the kept page. (A browser's
    first page brings its CSRF cookie: pages are kept only for a browser that has one.)"""
    if "csrftoken" not in browser.cookies:
        browser.get("/help/plan/")
    first = browser.get(path)
    assert first.status_code == 200
    count, page = _queries(browser, path)
    assert count == KEPT_QUERIES, f"{path} was drawn again ({count} queries)"
    assert page == first.content.decode()
    return page


@pytest.fixture
def person(client_user: User) -> User:
    for days in range(3):
        make_checkin(client_user, note=f"day {days}", threat=days + 2)
    return client_user


@pytest.mark.parametrize("path", KEPT)
def test_reading_a_page_again_serves_the_page_kept_and_writes_nothing(
    as_client: Client, person: User, path: str
) -> None:
    before = pagecache.epoch()
    _kept(as_client, path)
    assert pagecache.epoch() == before, f"reading {path} wrote to the database"


@pytest.mark.parametrize("path", KEPT)
def test_anything_written_by_anyone_draws_every_page_afresh(
    as_client: Client, person: User, path: str
) -> None:
    _kept(as_client, path)
    # Someone else's check-in, saved outside any request (as another worker would).
    make_checkin(make_user("someone.else@example.org"), note="theirs")
    count, _page = _queries(as_client, path)
    assert count > KEPT_QUERIES


def test_a_deleted_check_in_is_gone_from_the_kept_history_at_once(
    as_client: Client, person: User
) -> None:
    page = _kept(as_client, "/checkins/")
    gone = CheckIn.objects.filter(client=person).first()
    assert gone is not None and f"/checkins/{gone.id}/" in page
    as_client.post(f"/checkins/{gone.id}/delete/")
    after = as_client.get("/checkins/").content.decode()
    assert f"/checkins/{gone.id}/" not in after
    assert "That check-in is deleted." in after


def test_a_new_check_in_shows_on_today_and_in_the_history_at_once(
    as_client: Client, person: User
) -> None:
    _kept(as_client, "/today/")
    _kept(as_client, "/checkins/")
    response = as_client.post(
        "/checkins/new/",
        {
            "threat": "9",
            "drive": "1",
            "soothing": "4",
            "note": "",
            "when": "",
            "submission_id": str(uuid.uuid4()),
        },
    )
    new = response["Location"]
    assert new in as_client.get("/checkins/").content.decode()
    assert "Threat 9, Drive 1, Soothing 4" in as_client.get("/today/").content.decode()


def test_each_person_sees_only_their_own_page(as_client: Client, person: User) -> None:
    mine = _kept(as_client, "/checkins/")
    other = make_user("second@example.org")
    theirs = make_checkin(other, note="not yours")
    browser = Client()
    browser.force_login(other)
    page = _kept(browser, "/checkins/")
    assert f"/checkins/{theirs.id}/" in page
    assert not set(re.findall(r"/checkins/[0-9a-f-]{36}/", mine)) & set(
        re.findall(r"/checkins/[0-9a-f-]{36}/", page)
    )


def test_each_browser_gets_a_page_whose_form_its_own_token_can_send(person: User) -> None:
    """The sign-out form (in every page's header) carries the browser's CSRF token: a
    page kept for one browser is never handed to another."""
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(person)  # signing in writes: both before any page is kept
    tokens = []
    for browser in browsers:
        page = _kept(browser, "/checkins/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found is not None
        tokens.append(found.group(1))
    for browser, token in zip(browsers, tokens, strict=True):
        sent = browser.post("/account/signout/", {"csrfmiddlewaretoken": token})
        assert sent.status_code == 302, "the kept page's token was refused"
    assert tokens[0] != tokens[1]


def test_a_write_inside_a_transaction_counts_only_once_it_is_committed(
    transactional_db: None,
) -> None:
    person = make_user("committed@example.org")
    before = pagecache.epoch()
    with transaction.atomic():
        make_checkin(person, note="inside")
        # Another worker reading now must not see a new counter with the old rows.
        assert pagecache.epoch() == before
    assert pagecache.epoch() > before


def test_a_rolled_back_write_leaves_the_counter_alone_and_counts_nothing_later(
    transactional_db: None,
) -> None:
    person = make_user("rolled.back@example.org")
    before = pagecache.epoch()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_checkin(person, note="never kept")
        raise RuntimeError
    assert pagecache.epoch() == before
    make_checkin(person, note="kept")
    assert pagecache.epoch() > before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda p: make_checkin(p, note="saved"), id="save"),
        pytest.param(lambda p: CheckIn.objects.filter(client=p).update(threat=1), id="update"),
        pytest.param(lambda p: CheckIn.objects.filter(client=p).delete(), id="delete"),
        pytest.param(
            lambda p: CheckIn.objects.bulk_create(
                [CheckIn(client=p, threat=3, timezone="UTC", submission_id=uuid.uuid4())]
            ),
            id="bulk",
        ),
        pytest.param(
            lambda p: connection.cursor().execute(
                f"UPDATE {CheckIn._meta.db_table} SET drive = 2"  # noqa: S608
            ),
            id="plain SQL",
        ),
    ],
)
def test_every_way_of_writing_raises_the_counter(person: User, write: Any) -> None:
    before = pagecache.epoch()
    write(person)
    assert pagecache.epoch() > before


def test_writes_no_page_shows_leave_kept_pages_as_they_are(as_client: Client, person: User) -> None:
    before = pagecache.epoch()
    AuditEvent.objects.create(
        actor_id=person.pk, subject_id=person.pk, action="view", object_type="checkins.checkin"
    )
    session = as_client.session
    session["something"] = "else"
    session.save()
    assert pagecache.epoch() == before


def test_a_notice_waiting_to_be_shown_is_never_hidden_by_a_kept_page(person: User) -> None:
    request = RequestFactory().get("/checkins/")
    request.user = person
    request.META["CSRF_COOKIE"] = "a" * 32
    request.session = {}  # type: ignore[assignment]
    notices = FallbackStorage(request)
    request._messages = notices  # type: ignore[attr-defined]
    assert pagecache._key(request, "checkins")
    notices.add(20, "Saved.")
    assert pagecache._key(request, "checkins") is None


def test_kept_pages_can_be_switched_off(as_client: Client, person: User, settings: Any) -> None:
    settings.KINDMIND_PAGE_CACHE = False
    as_client.get("/checkins/")
    count, _page = _queries(as_client, "/checkins/")
    assert count > KEPT_QUERIES


def test_a_worker_counts_once_before_it_first_serves_a_kept_page(
    as_client: Client, person: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed between a commit and its count is replaced by one that counts."""
    monkeypatch.setattr(pagecache, "_started", False)
    before = pagecache.epoch()
    _kept(as_client, "/checkins/")
    assert pagecache.epoch() == before + 1
    _kept(as_client, "/checkins/")
    assert pagecache.epoch() == before + 1


def test_a_failed_count_never_fails_the_write_and_nothing_kept_is_served_until_it_is_made(
    as_client: Client, person: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kept(as_client, "/checkins/")
    real = pagecache._counted

    def unreachable(conn: Any) -> bool:
        raise DatabaseError("the database went away")

    monkeypatch.setattr(pagecache, "_counted", unreachable)
    checkin = make_checkin(person, note="committed before the count failed")
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    assert pagecache._owed is True
    # Still owed: the page is drawn (it shows the new check-in), and not kept.
    for _ in range(2):
        response = as_client.get("/checkins/")
        assert response.templates and f"/checkins/{checkin.id}/" in response.content.decode()
    monkeypatch.setattr(pagecache, "_counted", real)
    _kept(as_client, "/checkins/")
    assert pagecache._owed is False


def test_a_count_that_failed_is_made_before_the_next_page_is_served(
    as_client: Client, person: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database went away between a write and its count: once it answers again, the
    worker counts it before serving anything it kept."""
    _kept(as_client, "/checkins/")
    before = pagecache.epoch()
    monkeypatch.setattr(pagecache, "_owed", True)
    count, _page = _queries(as_client, "/checkins/")
    assert pagecache.epoch() == before + 1
    assert count > KEPT_QUERIES
    assert pagecache._owed is False


def _clinician_pages(person: User) -> list[str]:
    checkin = CheckIn.objects.filter(client=person).first()
    assert checkin is not None
    return [
        f"/clinic/clients/{person.id}/",
        f"/clinic/clients/{person.id}/checkins/",
        f"/clinic/clients/{person.id}/checkins/trend/",
        f"/clinic/clients/{person.id}/practice/",
        f"/clinic/clients/{person.id}/critic/",
        f"/clinic/clients/{person.id}/questionnaires/",
        f"/checkins/{checkin.id}/",
        "/clinic/clients/",  # the caseload: one reading recorded for the one person on it
    ]


def _readings(clinician: User) -> int:
    """How many readings the audit log holds for `clinician`, each counted as often as
    it was read."""
    return sum(AuditEvent.objects.filter(actor_id=clinician.pk).values_list("times", flat=True))


def test_a_clinicians_kept_page_still_records_each_reading_and_checks_access_each_time(
    as_sharing_clinician: Client, sharing_clinician: User, person: User
) -> None:
    from kindmind.accounts import actions

    as_sharing_clinician.get("/help/plan/")  # the browser's CSRF cookie
    for path in _clinician_pages(person):
        # A first reading may write (the caseload gives each person a number once).
        as_sharing_clinician.get(path)
        pagecache.bump()
        drawn, first = _queries(as_sharing_clinician, path)
        readings = _readings(sharing_clinician)
        kept, again = _queries(as_sharing_clinician, path)
        assert kept < drawn, f"{path} was drawn again"
        assert again == first
        # Each reading is recorded, kept page or not (a reading within the same minute
        # counts on its row: one more whichever way).
        assert _readings(sharing_clinician) == readings + 1
    assert str(person.id) in as_sharing_clinician.get("/clinic/clients/").content.decode()
    share = Share.objects.get(client=person, clinician=sharing_clinician)
    actions.revoke_share(share=share, by=person)
    *about_them, caseload = _clinician_pages(person)
    for path in about_them:
        assert as_sharing_clinician.get(path).status_code == 404, path
    assert str(person.id) not in as_sharing_clinician.get(caseload).content.decode()


ONE_TIME = re.compile(r'name="submission_id" value="([0-9a-f-]{36})"')


@pytest.mark.parametrize("path", ["/checkins/new/", "/practice/library/soothing-rhythm-breathing/"])
def test_a_kept_form_is_served_with_a_new_one_time_id_each_time(
    as_client: Client, person: User, path: str
) -> None:
    as_client.get("/help/plan/")
    drawn = as_client.get(path)
    assert drawn.templates, "the first serving is drawn"
    first = drawn.content.decode()
    ids = set(ONE_TIME.findall(first))
    for _ in range(3):
        kept = as_client.get(path)
        assert not kept.templates, "later servings are the kept page"
        page = kept.content.decode()
        ids |= set(ONE_TIME.findall(page))
        assert ONE_TIME.sub("", page) == ONE_TIME.sub("", first)
    assert len(ids) == 4


def test_two_check_ins_from_two_servings_of_the_kept_form_are_both_saved(
    as_client: Client, person: User
) -> None:
    as_client.get("/help/plan/")
    before = CheckIn.objects.filter(client=person).count()
    pages = [as_client.get("/checkins/new/").content.decode() for _ in range(2)]
    # Nothing is written between the two servings: the second is the kept page.
    for page, threat in zip(pages, ("3", "8"), strict=True):
        found = ONE_TIME.search(page)
        assert found is not None
        as_client.post(
            "/checkins/new/",
            {
                "threat": threat,
                "drive": "5",
                "soothing": "5",
                "note": "",
                "when": "",
                "submission_id": found.group(1),
            },
        )
    assert CheckIn.objects.filter(client=person).count() == before + 2


@pytest.mark.parametrize(
    ("sql", "counts"),
    [
        ('SELECT "checkins_checkin"."id" FROM "checkins_checkin"', False),
        ('SAVEPOINT "s1"', False),
        ('(SELECT "a"."id" FROM "a") UNION (SELECT "b"."id" FROM "b")', False),
        ('INSERT INTO "checkins_checkin" ("id") VALUES (%s)', True),
        ('INSERT OR IGNORE INTO "clinic_clientlabel" ("id") VALUES (%s)', True),
        ('UPDATE "checkins_checkin" SET "threat" = %s', True),
        ('DELETE FROM "critic_entry" WHERE "id" = %s', True),
        ('INSERT INTO "accounts_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "accounts_auditevent" SET "object_id" = %s', False),
        # Anything that is not plainly a read counts: these forms are not Django's own.
        ('WITH gone AS (SELECT 1) DELETE FROM "checkins_checkin"', True),
        ('/* a comment */ UPDATE "checkins_checkin" SET "drive" = 1', True),
        ('TRUNCATE "checkins_checkin"', True),
    ],
)
def test_every_statement_but_a_read_or_an_unseen_table_counts(sql: str, counts: bool) -> None:
    assert pagecache._writes(sql) is counts
