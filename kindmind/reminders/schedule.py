"""Local wall-clock times to instants, through daylight-saving changes.

A reminder at 07:30 is at 07:30 in the person's timezone every day, whatever the offset.
On the day clocks go forward, a time in the gap (01:30 in London) does not exist: it is
due at the next minute that does (02:00 local, the moment the clocks jump). On the day
clocks go back, a time in the repeated hour happens twice: it is due at the first, and
the second is the same occurrence (one delivery per local date), so it fires once.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UTC = dt.UTC
# Longest gap to step over minute by minute: real gaps are an hour or less (some 30
# minutes); a whole day covers the odd historical date-line jump.
_MAX_GAP_MINUTES = 24 * 60


def exists(local: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether this naive local time happens on the clock in `zone`."""
    aware = local.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


def occurrence_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of `at` on local `day` in `zone` (see the module's rules)."""
    local = dt.datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None))
    for _ in range(_MAX_GAP_MINUTES):
        if exists(local, zone):
            # fold=0: of a repeated time, the first.
            return local.replace(tzinfo=zone, fold=0).astimezone(UTC)
        local += dt.timedelta(minutes=1)
    raise ValueError("no valid local time within a day")  # pragma: no cover


def local_now(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return now.astimezone(zone)


def in_quiet_hours(local: dt.time, quiet_from: dt.time | None, quiet_until: dt.time | None) -> bool:
    """Whether a local time falls in quiet hours [from, until), which may cross midnight."""
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return False
    t = local.replace(second=0, microsecond=0, tzinfo=None)
    if quiet_from < quiet_until:
        return quiet_from <= t < quiet_until
    return t >= quiet_from or t < quiet_until
