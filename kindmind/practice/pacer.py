"""The breathing pacer's patterns: in, pause, out, pause, in seconds.

Pure: no Django. The default is about 5-6 breaths a minute with a slightly longer
out-breath (CONTENT.md, soothing rhythm breathing: "about 5-6 breaths a minute (some
guides say 4-5; a count of about 5 each way)"). No preset is rushed: every one takes at
least ten seconds a breath. The JavaScript pacer (static/kindmind/pacer.js) reads the
same numbers from the page, and so does the timing test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# No preset may be faster than this many seconds a breath (6 breaths a minute).
SLOWEST_RUSH = 10.0


@dataclass(frozen=True)
class Pattern:
    breathe_in: float
    hold_in: float
    breathe_out: float
    hold_out: float

    @property
    def cycle(self) -> float:
        """Seconds for one whole breath."""
        return self.breathe_in + self.hold_in + self.breathe_out + self.hold_out

    @property
    def per_minute(self) -> float:
        return 60 / self.cycle

    def breaths(self, minutes: int) -> int:
        """Whole breaths in a session: it ends at the end of a breath, never mid-way."""
        return max(1, math.floor(minutes * 60 / self.cycle + 1e-9))

    def phases(self) -> list[tuple[str, float]]:
        """The phases of one breath that take any time, in order."""
        named = [
            ("in", self.breathe_in),
            ("hold-in", self.hold_in),
            ("out", self.breathe_out),
            ("hold-out", self.hold_out),
        ]
        return [(name, seconds) for name, seconds in named if seconds > 0]

    def boundaries(self, minutes: int) -> list[tuple[float, str]]:
        """Every phase change of a session, as (seconds from the start, the new phase),
        ending with ("end") after the last breath. The schedule the pacer keeps."""
        out: list[tuple[float, str]] = []
        at = 0.0
        for _ in range(self.breaths(minutes)):
            for name, seconds in self.phases():
                out.append((at, name))
                at += seconds
        out.append((at, "end"))
        return out


DEFAULT = Pattern(5, 0, 6, 0)

# slug -> (pattern, what it is for). Names and words are in the view (translatable).
PRESETS: dict[str, Pattern] = {
    "soothing": DEFAULT,
    "gentle-start": Pattern(4, 0, 6, 0),
    "with-pauses": Pattern(4, 1, 5, 1),
    "slower": Pattern(5, 0, 7, 0),
    "very-slow": Pattern(6, 0, 8, 0),
}
