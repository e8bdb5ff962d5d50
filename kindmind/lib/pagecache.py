"""A signed-in person's pages, kept in the worker's memory until anything is written.

A person reading their own pages (Today, their check-ins, the trend, their practice log,
their critic entries, their questionnaires' progress) reads the same page again and again
between two writes: back and forth between the menu's pages, or back to the list after
reading one entry. Drawing a year of check-ins for each of those costs 4 to 9 ms of CPU;
serving the page drawn a moment ago costs about a tenth of that.

How a kept page can never be out of date:

- **One counter for the whole database** (`front.WriteEpoch`). Every statement that may
  write a table a page may show (anything but a read: SELECT, SAVEPOINT and the like)
  raises it, whichever code wrote it: a view, a background loop, a management command,
  the ORM or plain SQL. The statements are watched where Django sends them to the
  database (`connection.execute_wrappers`), so no path can forget to say it wrote.
- **Raised as soon as the write is committed**: at once in autocommit, else when its
  transaction commits. A page is kept under the counter read *before* it was drawn (and,
  when it is drawn, the signed-in person's own row is read again after the counter), so
  it holds every write the counter had counted by then; any later write raises the
  counter, and the page is never served again (it expires from memory after `TIMEOUT`
  seconds).
- If raising it fails (the database went away just after a commit), the code that wrote
  is not told (its write stands): the worker drops what it kept and keeps and serves
  nothing until the count is made. Each worker also counts once before it first serves a
  kept page, so a worker killed between a commit and its count leaves nothing stale.
- Writes made outside kindmind's own processes (psql, a restore under running workers)
  are not seen: restart kindmind after one.
- Writes that no page shows do not raise it: sessions (rewritten once a minute while a
  person is active), the rate limiter's cache, sign-in attempts (django-axes), the
  record of who looked at what (written on every clinician's read), and the reminder
  loop's heartbeat. A page that ever shows one of those must not use `person_page`.

A write by anyone wipes everyone's kept pages: simple, and never wrong. The pages are in
the worker's memory only, never on disk or in a shared cache, and are kept per person,
address, language, timezone, hour and browser (the CSRF token drawn into every page is
the browser's). A form's one-time submission id (a new check-in, starting a practice) is
replaced by a new one each time a kept page is served (`one_time_ids`): two submissions
from two servings are never taken for one.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

__all__ = [
    "bump",
    "epoch",
    "keep",
    "one_time_ids",
    "person_page",
    "watch",
    "watch_new",
]

Opened = TypeVar("Opened")
log = logging.getLogger(__name__)

# Where a write statement names its table (Django's SQL on SQLite and PostgreSQL).
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)


@cache
def _unseen_tables() -> frozenset[str]:
    """Tables no kept page shows: writing them leaves kept pages as they are."""
    from django.apps import apps

    from kindmind.accounts.models import AuditEvent, Session
    from kindmind.front.models import WriteEpoch
    from kindmind.reminders.models import LoopHeartbeat

    names = {model._meta.db_table for model in (AuditEvent, Session, WriteEpoch, LoopHeartbeat)}
    # The database cache's table (the rate limiter's counts).
    configured = cast(dict[str, dict[str, Any]], settings.CACHES)
    names.update(str(alias.get("LOCATION", "")) for alias in configured.values())
    if apps.is_installed("axes"):
        names.update(model._meta.db_table for model in apps.get_app_config("axes").get_models())
    return frozenset(name.lower() for name in names)


# Statements that never write: anything else counts as a write, to be safe.
_READS = re.compile(
    # (PostgreSQL's UNION of two queries starts "(SELECT".)
    r"[\s(]*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|PRAGMA|SHOW|EXPLAIN|SET)\b",
    re.IGNORECASE,
)


def _writes(sql: object) -> bool:
    if not isinstance(sql, str):
        return True  # not Django's own SQL: counted as a write, to be safe
    found = _WRITE.match(sql)
    if found:
        return found.group(1).lower().rsplit(".", 1)[-1] not in _unseen_tables()
    return not _READS.match(sql)


def _watcher(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if _writes(sql):
        _wrote(context["connection"])
    return result


def watch(conn: BaseDatabaseWrapper) -> None:
    """Watch `conn`'s statements."""
    if _watcher not in conn.execute_wrappers:
        conn.execute_wrappers.append(_watcher)


def watch_new(sender: object, connection: BaseDatabaseWrapper, **_: Any) -> None:
    """Django's `connection_created` receiver: each new connection is watched."""
    watch(connection)


def _inside_a_test(conn: BaseDatabaseWrapper) -> bool:
    # A test's own outer transaction never commits, nor does anything inside it: there,
    # with one connection and nobody else reading, a write counts at once.
    return bool(conn.atomic_blocks) and getattr(conn.atomic_blocks[0], "_from_testcase", False)


def _after_commit() -> None:
    bump()


def _wrote(conn: BaseDatabaseWrapper) -> None:
    """Count a write once it is committed: at once in autocommit, else when its
    transaction commits (once a transaction). Never later than that: a clinician's kept
    Today must show a safety alert the moment its row is committed, not when the request
    that wrote it has finished sending emails."""
    if not settings.KINDMIND_PAGE_CACHE:
        return  # nothing is kept, so nothing needs counting
    if not conn.in_atomic_block or _inside_a_test(conn):
        bump(conn)
    elif not any(waiting[1] is _after_commit for waiting in conn.run_on_commit):
        transaction.on_commit(_after_commit, using=conn.alias)


def _counted(conn: BaseDatabaseWrapper) -> bool:
    """Whether `conn`'s database has the counter's table yet (not while the first
    migrations run): asked until the answer is yes, then remembered."""
    from kindmind.front.models import WriteEpoch

    if getattr(conn, "_kindmind_counted", False):
        return True
    found = WriteEpoch._meta.db_table in conn.introspection.table_names()
    if found:
        conn._kindmind_counted = True  # type: ignore[attr-defined]
    return found


# Set when raising the counter failed after a write (the database went away between the
# two): until it is raised, this worker serves no kept page and keeps none.
_owed = False
# Each worker raises the counter once before it first serves a kept page: a worker that
# was killed between a commit and its count (and replaced) leaves none owed.
_started = False


def bump(conn: BaseDatabaseWrapper | None = None) -> bool:
    """Raise the counter: every kept page is out of date. A failure never reaches the
    code that wrote (its write is committed): the worker owes the count instead, drops
    what it kept, and pays before it serves a kept page again. True if raised."""
    global _owed
    from kindmind.front.models import WriteEpoch

    conn = conn or connection
    try:
        if not _counted(conn):
            return False
        table = conn.ops.quote_name(WriteEpoch._meta.db_table)
        with conn.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (id, counter) VALUES (1, 1) "  # noqa: S608 - our own table
                f"ON CONFLICT (id) DO UPDATE SET counter = {table}.counter + 1"
            )
    except DatabaseError:
        _owed = True
        caches["pages"].clear()
        log.warning("kept pages: the write counter could not be raised; owed until it can")
        return False
    _owed = False
    return True


def _ready_to_keep() -> bool:
    """Whether this worker may serve and keep pages now: nothing owed, and its start
    counted."""
    global _started
    if _owed or not _started:
        if not bump():
            return False
        _started = True
    return True


def epoch() -> int:
    """The counter as it stands (0 before the first write is counted)."""
    from kindmind.front.models import WriteEpoch

    table = connection.ops.quote_name(WriteEpoch._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT counter FROM {table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# The headers a kept page may carry: anything else was the view's own decision for this
# one response, so that response is not kept.
_PLAIN_HEADERS = frozenset({"content-type"})


def _key(request: HttpRequest, name: str) -> str | None:
    if not settings.KINDMIND_PAGE_CACHE or request.method != "GET":
        return None
    user = getattr(request, "user", None)
    csrf = request.META.get("CSRF_COOKIE")
    if user is None or not user.is_authenticated or not csrf:
        return None
    # A notice waiting to be shown belongs to this one drawing of the page.
    if len(get_messages(request)) or not _ready_to_keep():
        return None
    now = timezone.localtime()
    parts = (
        str(epoch()),
        name,
        str(user.pk),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        now.strftime("%Y-%m-%d %H %z"),  # the offset too: a repeated hour differs in it
        csrf,
    )
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and {name.lower() for name in response.headers} <= _PLAIN_HEADERS
        and not len(get_messages(request))
        # A drawing that changed the session (a suggestion shown once) was for this once.
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def keep(
    request: HttpRequest,
    name: str,
    opening: Callable[[], Opened],
    draw: Callable[[Opened], HttpResponse],
) -> HttpResponse:
    """The page `draw(opening())` draws for this GET, kept until anything is written.
    `opening()` runs on every request, kept page or not: a clinician's page checks access
    and records the reading there. The counter is read first, so everything the page
    shows, whatever `opening()` read too, is at least as new as the counter it is kept
    under. `name` tells this view's pages from others'."""
    key = _key(request, name)
    opened = opening()
    if key is None:
        return draw(opened)
    pages = caches["pages"]
    kept_page = pages.get(key)
    if kept_page is not None:
        content, content_type, once = kept_page
        for value in once:
            content = content.replace(value, str(uuid.uuid4()).encode())
        get_token(request)  # the CSRF cookie is renewed, as drawing the page would
        return HttpResponse(content, content_type=content_type)
    # Read before the counter (with the session): read again, so that the drawing is no
    # older than the counter it is kept under.
    request.user.refresh_from_db()  # type: ignore[union-attr]
    response = draw(opened)
    once = tuple(value.encode() for value in getattr(response, _ONE_TIME, ()))
    if _keepable(request, response) and all(value in response.content for value in once):
        pages.set(key, (response.content, response["Content-Type"], once))
    return response


_ONE_TIME = "kindmind_one_time_ids"


def one_time_ids(response: HttpResponse, *ids: uuid.UUID | str) -> HttpResponse:
    """Mark ids drawn into `response` that must differ every time the page is served (a
    form's one-time submission id): a kept copy of the page gets new ones each time."""
    setattr(response, _ONE_TIME, tuple(str(value) for value in ids))
    return response


def person_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep this GET page, drawn for the signed-in person, until anything is written.
    For pages that show only what the database holds (no one-time ids, nothing from the
    session), the same for every drawing within an hour."""
    name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def kept(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return keep(request, name, lambda: None, lambda _: view(request, *args, **kwargs))

    return kept
