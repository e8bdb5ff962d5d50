"""Score one completed questionnaire from its key. Pure: no Django, no I/O.

The contract clinicians rely on:

- `answers` has one entry per item in published order; None is a missing answer.
- A missing answer is never counted as 0. A score with a missing item is None, except a
  total the manual allows to prorate (CORE-10, one item): then the flag "prorated" says so.
- `complete` is True only when every scored item was answered (a prorated total is not
  complete). Excluded (filler) items may be missing without making a score incomplete.
- Sums are ints; means (SCS, SCS-SF) and prorated totals are floats, never rounded.
- Flags, in this order when present:
  - "risk_item": a risk item was answered above its lowest response (PHQ-9 item 9,
    FSCRS item 9, CORE-10 item 6), whatever the total and even if the score is incomplete;
  - "prorated": the total was prorated over a missing item;
  - "<subscale>_screen_positive": a screening subscale reached its threshold (PHQ-4).
- Bands come only from published bands of a total (PHQ-9, GAD-7, PHQ-4); otherwise None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kindmind.measures.keys import Instrument, Scale, get

Number = int | float


class AnswerError(ValueError):
    """The answers do not fit the key: wrong count, wrong type or out of range."""


@dataclass(frozen=True)
class Score:
    instrument: str
    complete: bool
    total: Number | None
    subscales: dict[str, Number | None]
    band: str | None
    flags: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "instrument": self.instrument,
            "complete": self.complete,
            "total": self.total,
            "subscales": dict(self.subscales),
            "band": self.band,
            "flags": list(self.flags),
        }


def check_answers(instrument: Instrument, answers: Sequence[int | None]) -> None:
    """Raise AnswerError unless `answers` fits the key (count, whole numbers, range)."""
    if len(answers) != instrument.items:
        raise AnswerError(
            f"{instrument.id} has {instrument.items} items; got {len(answers)} answers"
        )
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise AnswerError(f"answer {number} must be a whole number or missing")
        if not instrument.response_min <= answer <= instrument.response_max:
            raise AnswerError(
                f"answer {number} is {answer}; {instrument.id} answers run from "
                f"{instrument.response_min} to {instrument.response_max}"
            )


def item_value(instrument: Instrument, scale: Scale, item: int, answer: int) -> int:
    """The value an answer contributes to `scale`, after reversal where the key says so."""
    if scale.reverse and item in instrument.reversed:
        return instrument.reverse(answer)
    return answer


def _score_scale(
    instrument: Instrument,
    scale: Scale,
    answers: Sequence[int | None],
    *,
    may_prorate: bool,
) -> tuple[Number | None, bool]:
    """The scale's score (or None) and whether it was prorated."""
    items = [item for item in scale.items if item not in instrument.excluded]
    values = [
        item_value(instrument, scale, item, answer)
        for item in items
        if (answer := answers[item - 1]) is not None
    ]
    missing = len(items) - len(values)
    if missing == 0:
        if scale.method == "mean":
            return sum(values) / len(values), False
        return sum(values), False
    proration = instrument.proration
    if may_prorate and proration is not None and values and missing <= proration.max_missing:
        # items x sum / answered, as the manual states it (a mean scale: just the mean).
        if scale.method == "mean":
            return sum(values) / len(values), True
        return len(items) * sum(values) / len(values), True
    return None, False


def _band(instrument: Instrument, total: Number | None) -> str | None:
    if total is None:
        return None
    return next((b.label for b in instrument.bands if b.low <= total <= b.high), None)


def score(instrument_id: str, answers: Sequence[int | None]) -> Score:
    """Score `answers` (published item order, None = missing) on the named instrument.

    Raises keys.UnknownInstrument for an unknown id and AnswerError for answers that do
    not fit the key. The instrument's wording need not be available: a key is a fact.
    """
    instrument = get(instrument_id)
    check_answers(instrument, answers)

    flags: list[str] = []
    if any(
        (answer := answers[item - 1]) is not None and answer > instrument.response_min
        for item in sorted(instrument.risk_items)
    ):
        flags.append("risk_item")

    total: Number | None = None
    if instrument.total is not None:
        total, prorated = _score_scale(instrument, instrument.total, answers, may_prorate=True)
        if prorated:
            flags.append("prorated")

    subscales: dict[str, Number | None] = {}
    for scale in instrument.subscales:
        value, _ = _score_scale(instrument, scale, answers, may_prorate=False)
        subscales[scale.name] = value
        if value is not None and scale.screen_at is not None and value >= scale.screen_at:
            flags.append(f"{scale.name}_screen_positive")

    complete = all(answers[item - 1] is not None for item in instrument.scored_items)
    return Score(
        instrument=instrument.id,
        complete=complete,
        total=total,
        subscales=subscales,
        band=_band(instrument, total),
        flags=tuple(flags),
    )
