"""Small helpers the benches share: a percentile and a free local port.

Pure Python, no Django: `kindmind bench web` and `kindmind bench encryption` use them, and
the tests that start real servers take their ports from here too."""

from __future__ import annotations

import math
import socket
from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float:
    """The value at `share` (0 to 1) of the sorted values, by the nearest rank between the
    first and the last (0.5 of [1, 2, 3, 4] is 3); NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing was listening on a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
