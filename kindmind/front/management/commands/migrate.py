"""`kindmind migrate`: Django's own migrate, one run at a time on a PostgreSQL database.

Two migrate runs at once on PostgreSQL collide. Measured on a fresh database (issue 17):
of two `kindmind migrate` started together, one failed in most tries, with
`relation "django_migrations" already exists` or a duplicate key in `pg_type`; a
migration added by an upgrade would race the same way (the loser stops with "column
already exists"). Several `kindmind serve` started at once each migrate first, and a
deployer may run `kindmind migrate` while a server restarts. So on PostgreSQL this holds a
session-level advisory lock for the whole run: a second run waits for the first, then
finds nothing left to do. Each migration is still its own transaction, as before.

SQLite, the embedded default, is one server on one machine, and is left as Django has it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import DatabaseError, connections

# The advisory lock's key: any fixed number no other code uses. Advisory locks belong to
# one database, so test databases and other apps on the same server never wait on it.
MIGRATE_LOCK = 0x6B696E64  # "kind"


class Command(migrate.Command):
    help = (
        "Apply database migrations. On PostgreSQL, a second run started at the same "
        "time waits for the first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            super().handle(*args, **options)
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE_LOCK])
            (locked,) = cursor.fetchone()
            if not locked:
                if options["verbosity"] >= 1:
                    self.stdout.write("Another migrate is running on this database: waiting.")
                    self.stdout.flush()
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
        try:
            super().handle(*args, **options)
        finally:
            # A closed connection has let go of the lock already; a broken one lets go
            # of it when closed.
            if connection.connection is not None:
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])
                except DatabaseError:
                    connection.close()
