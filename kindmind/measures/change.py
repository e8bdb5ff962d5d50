"""Reliable and clinically significant change (Jacobson & Truax, 1991). Pure.

Jacobson NS, Truax P (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. J Consult Clin Psychol 59(1):12-19.

- S_diff = SD x sqrt(2 x (1 - r)): the standard error of the difference between two
  scores, from the reference sample's SD and the measure's reliability r.
- RCI = (post - pre) / S_diff; |RCI| > 1.96 is a reliable change (p < .05).
- Whether a reliable change is an improvement depends on the measure: lower is better for
  PHQ-9, GAD-7, PHQ-4, CORE-10, FCS and FSCRS inadequate/hated self, higher for the rest.
- Cut-off c = (SD_clin x M_func + SD_func x M_clin) / (SD_clin + SD_func), when both
  populations' norms exist. Clinically significant = a reliable improvement that moves the
  score from the clinical side of c to the functional side.

Parameters come from the key (`keys.Instrument.rci`, each with its citation) or from the
deployer (`parameters=`), who may hold figures for the CFT scales that kindmind does not.
Without parameters the result says why and computes nothing: "not established" is shown,
never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kindmind.measures.keys import TOTAL, Instrument, Norms, RciParameters, Scale, get

Z_CRITERION = 1.96
"""Jacobson & Truax's criterion: |RCI| above this is unlikely (p < .05) without real change."""

Direction = Literal["improved", "deteriorated", "no_reliable_change"]

ParameterKey = tuple[str, str | None]
"""(instrument id, subscale name or None for the total)."""


class UnknownSubscale(ValueError):
    """The instrument has no score of that name."""


class ChangeInputError(ValueError):
    """A pre or post score that the scale cannot produce (outside its range, or not finite)."""


@dataclass(frozen=True)
class JacobsonTruax:
    """The arithmetic of one pre/post pair, free of any instrument."""

    s_diff: float
    rci: float
    reliable: bool
    direction: Direction
    cutoff: float | None
    clinically_significant: bool | None


def s_diff(sd: float, reliability: float) -> float:
    """Standard error of the difference: SD x sqrt(2 x (1 - r))."""
    return sd * math.sqrt(2 * (1 - reliability))


def cutoff_c(clinical: Norms, functional: Norms) -> float:
    """Jacobson & Truax's cut-off c: the point between the two populations' means,
    weighted by their standard deviations."""
    return (clinical.sd * functional.mean + functional.sd * clinical.mean) / (
        clinical.sd + functional.sd
    )


def jacobson_truax(
    pre: float,
    post: float,
    *,
    sd: float,
    reliability: float,
    lower_is_better: bool,
    cutoff: float | None = None,
) -> JacobsonTruax:
    """Classify one change. `cutoff` enables the clinical-significance judgement."""
    difference = s_diff(sd, reliability)
    rci = (post - pre) / difference
    reliable = abs(rci) > Z_CRITERION
    better = rci < 0 if lower_is_better else rci > 0
    direction: Direction = (
        "no_reliable_change" if not reliable else ("improved" if better else "deteriorated")
    )
    clinically_significant: bool | None = None
    if cutoff is not None:
        if lower_is_better:
            crossed = pre > cutoff and post < cutoff
        else:
            crossed = pre < cutoff and post > cutoff
        clinically_significant = direction == "improved" and crossed
    return JacobsonTruax(
        s_diff=difference,
        rci=rci,
        reliable=reliable,
        direction=direction,
        cutoff=cutoff,
        clinically_significant=clinically_significant,
    )


@dataclass(frozen=True)
class ReliableChange:
    instrument: str
    subscale: str | None
    pre: float
    post: float
    sd: float | None
    reliability: float | None
    s_diff: float | None
    rci: float | None
    reliable: bool | None
    direction: Direction | None
    cutoff: float | None
    clinically_significant: bool | None
    source: str | None
    reason: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "instrument": self.instrument,
            "subscale": self.subscale,
            "pre": self.pre,
            "post": self.post,
            "sd": self.sd,
            "reliability": self.reliability,
            "s_diff": self.s_diff,
            "rci": self.rci,
            "reliable": self.reliable,
            "direction": self.direction,
            "cutoff": self.cutoff,
            "clinically_significant": self.clinically_significant,
            "source": self.source,
            "reason": self.reason,
        }


def score_range(instrument: Instrument, scale: Scale) -> tuple[float, float]:
    """The lowest and highest score the scale can produce."""
    if scale.method == "mean":
        return float(instrument.response_min), float(instrument.response_max)
    count = len([item for item in scale.items if item not in instrument.excluded])
    return float(count * instrument.response_min), float(count * instrument.response_max)


def _scale(instrument: Instrument, subscale: str | None) -> Scale:
    if subscale is None:
        if instrument.total is None:
            names = ", ".join(s.name for s in instrument.subscales)
            raise UnknownSubscale(f"{instrument.id} has no total; choose a subscale: {names}")
        return instrument.total
    found = next((s for s in instrument.subscales if s.name == subscale), None)
    if found is None:
        names = ", ".join(s.name for s in instrument.subscales) or "none"
        raise UnknownSubscale(f"{instrument.id} has no subscale {subscale!r} (subscales: {names})")
    return found


def _check_score(instrument: Instrument, scale: Scale, label: str, value: float) -> None:
    low, high = score_range(instrument, scale)
    if not math.isfinite(value) or not low <= value <= high:
        what = "the total" if scale.name == TOTAL else f"the {scale.name} subscale"
        raise ChangeInputError(
            f"{label} must be a score of {what} of {instrument.id}, from {low:g} to {high:g}; "
            f"got {value:g}"
        )


def reliable_change(
    instrument_id: str,
    pre: float,
    post: float,
    *,
    subscale: str | None = None,
    parameters: Mapping[ParameterKey, RciParameters] | None = None,
) -> ReliableChange:
    """Reliable (and, where norms exist, clinically significant) change on one score.

    `parameters` lets a deployer supply or override figures, keyed by (instrument id,
    subscale name or None for the total); they win over the built-in ones. Raises
    keys.UnknownInstrument, UnknownSubscale or ChangeInputError for bad input.
    """
    instrument = get(instrument_id)
    scale = _scale(instrument, subscale)
    _check_score(instrument, scale, "pre", pre)
    _check_score(instrument, scale, "post", post)

    supplied = (parameters or {}).get((instrument.id, subscale))
    found = supplied or instrument.rci.get(TOTAL if subscale is None else subscale)
    if found is None:
        what = "its total" if subscale is None else f"its {subscale} subscale"
        return ReliableChange(
            instrument=instrument.id,
            subscale=subscale,
            pre=pre,
            post=post,
            sd=None,
            reliability=None,
            s_diff=None,
            rci=None,
            reliable=None,
            direction=None,
            cutoff=None,
            clinically_significant=None,
            source=None,
            reason=(
                f"Reliable change is not established for {instrument.id} ({what}): no "
                "published reliability and reference SD are built in; a deployer may "
                "supply them."
            ),
        )

    cutoff = (
        cutoff_c(found.clinical, found.functional)
        if found.clinical is not None and found.functional is not None
        else None
    )
    result = jacobson_truax(
        pre,
        post,
        sd=found.sd,
        reliability=found.reliability,
        lower_is_better=scale.lower_is_better,
        cutoff=cutoff,
    )
    return ReliableChange(
        instrument=instrument.id,
        subscale=subscale,
        pre=pre,
        post=post,
        sd=found.sd,
        reliability=found.reliability,
        s_diff=result.s_diff,
        rci=result.rci,
        reliable=result.reliable,
        direction=result.direction,
        cutoff=result.cutoff,
        clinically_significant=result.clinically_significant,
        source=found.source,
        reason=None,
    )
