"""How `kindmind bench web` weaves the baseline between a case's slices: the ratio it
reports must be the server's, not the machine's drift while the bench ran."""

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from kindmind.front.bench_web import Slice, measure, schedule

pytestmark = pytest.mark.database_free


def starts_and_ends(plan: list[Slice]) -> list[tuple[bool, float, float]]:
    at, out = 0.0, []
    for part in plan:
        out.append((part.baseline, at, at + part.seconds))
        at += part.seconds
    return out


@pytest.mark.parametrize(("seconds", "slices"), [(20.0, 4), (4.0, 2), (1.0, 1), (9.0, 3)])
def test_the_baseline_gets_as_long_as_the_case_and_is_centred_on_it(
    seconds: float, slices: int
) -> None:
    plan = schedule(seconds, slices)
    kinds = [part.baseline for part in plan]
    # Baseline first and last, and never two slices of the same kind side by side.
    assert kinds[0] and kinds[-1]
    assert all(a != b for a, b in itertools.pairwise(kinds))
    assert kinds.count(False) == slices
    timed = starts_and_ends(plan)
    case = [(start, end) for baseline, start, end in timed if not baseline]
    base = [(start, end) for baseline, start, end in timed if baseline]
    assert sum(end - start for start, end in case) == pytest.approx(seconds)
    assert sum(end - start for start, end in base) == pytest.approx(seconds)

    def middle(parts: list[tuple[float, float]]) -> float:
        return sum((end - start) * (start + end) / 2 for start, end in parts) / seconds

    assert middle(base) == pytest.approx(middle(case))


class DriftingMachine:
    """A fake load run on a machine whose speed drifts while the bench runs: the server
    answers `rate` requests a second times the machine's speed at that moment."""

    def __init__(self, speed: Callable[[float], float], rates: dict[str, float]) -> None:
        self.speed = speed
        self.rates = rates
        self.clock = 0.0

    def drive(self, spec: dict[str, object]) -> dict[str, Any]:
        seconds = float(str(spec["seconds"]))
        steps = 1000
        n = 0.0
        for step in range(steps):
            t = self.clock + (step + 0.5) * seconds / steps
            n += self.rates[str(spec["paths"])] * self.speed(t) * seconds / steps
        self.clock += seconds
        return {"n": round(n), "errors": 0, "latencies": [1.0] * round(n), "elapsed": seconds}


BASELINE = {"paths": "healthz"}
CASE = {"paths": "today"}


@pytest.mark.parametrize(
    "speed",
    [
        pytest.param(lambda t: 1.0 - t / 100, id="slowing down"),
        pytest.param(lambda t: 0.6 + t / 50, id="speeding up"),
        pytest.param(lambda t: 1.0, id="steady"),
    ],
)
def test_a_steady_drift_of_the_machine_leaves_the_ratio_as_it_is(
    speed: Callable[[float], float],
) -> None:
    # The machine ran something else for a minute before this case: the drift is well
    # under way, as it is for a case in the middle of a full run.
    machine = DriftingMachine(speed, {"healthz": 1000.0, "today": 250.0})
    machine.clock = 60.0
    case, baseline_rps = measure(CASE, BASELINE, schedule(20.0, 4), machine.drive)
    assert case["elapsed"] == pytest.approx(20.0)
    assert case["n"] == len(case["latencies"])
    ratio = case["n"] / case["elapsed"] / baseline_rps
    assert ratio == pytest.approx(0.25, abs=0.002)


def test_the_baseline_measured_once_beforehand_would_have_read_the_drift() -> None:
    """Why the weaving: the same drifting machine, with the baseline measured once for 20 s
    a minute before the case (as the bench did), reads a ratio far from the server's."""
    machine = DriftingMachine(lambda t: 1.0 - t / 200, {"healthz": 1000.0, "today": 250.0})
    before = machine.drive({**BASELINE, "seconds": 20.0})
    machine.clock = 80.0
    case = machine.drive({**CASE, "seconds": 20.0})
    once = (case["n"] / 20.0) / (before["n"] / 20.0)
    assert abs(once - 0.25) > 0.05
    machine.clock = 80.0
    woven, baseline_rps = measure(CASE, BASELINE, schedule(20.0, 4), machine.drive)
    assert woven["n"] / woven["elapsed"] / baseline_rps == pytest.approx(0.25, abs=0.002)


def test_errors_in_the_woven_baseline_count_against_the_case() -> None:
    def drive(spec: dict[str, object]) -> dict[str, object]:
        errors = 1 if spec["paths"] == "healthz" else 0
        return {"n": 10, "errors": errors, "latencies": [1.0] * 10, "elapsed": 1.0}

    case, _ = measure(CASE, BASELINE, schedule(4.0, 2), drive)
    # Three baseline slices (B/2, B, B/2), one error each: the run is not clean.
    assert case["errors"] == 3
