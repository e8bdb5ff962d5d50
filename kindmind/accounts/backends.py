"""How a signed-in person's account is read again on each request.

Django's ModelBackend reads it through the ORM, which builds the same query afresh every
time: about 0.18 ms on this machine, several times what running it takes, paid by every
signed-in request (BENCHMARKS.md, Web, "One request's own cost"). This backend reads the
same row, every column, with SQL that needs no building, and checks it as Django does
(an account switched off reads as nobody). Signing in, permissions and everything else
are Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

# The path sessions record (settings.AUTHENTICATION_BACKENDS, and each login()).
PATH = "kindmind.accounts.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        alias = router.db_for_read(model)
        connection = connections[alias]
        quote = connection.ops.quote_name
        key = model._meta.pk
        assert key is not None
        # Names from the model, quoted; the one value is a parameter.
        table, column = quote(model._meta.db_table), quote(key.column)
        sql = f"SELECT * FROM {table} WHERE {column} = %s"  # noqa: S608
        found = list(
            model._default_manager.db_manager(alias).raw(
                sql, [key.get_db_prep_value(user_id, connection)]
            )
        )
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
