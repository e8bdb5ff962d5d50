from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from py_vapid import Vapid

from kindmind.reminders import push

_KEY = Vapid()
_KEY.generate_keys()
VAPID_PEM = _KEY.private_pem().decode()


@pytest.fixture(autouse=True)
def vapid_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """One VAPID key from the environment, as a multi-server deployment sets it."""
    monkeypatch.setenv("KINDMIND_VAPID_PRIVATE_KEY", VAPID_PEM)
    push.vapid.cache_clear()
    yield VAPID_PEM
    push.vapid.cache_clear()


def make_reminder(client: Any, **fields: Any) -> Any:
    import datetime as dt

    from kindmind.reminders.models import Reminder

    values: dict[str, Any] = {
        "kind": "practice",
        "at": dt.time(7, 30),
        "days": list(range(7)),
        "by_email": True,
        "starts_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }
    values.update(fields)
    return Reminder.objects.create(client=client, **values)
