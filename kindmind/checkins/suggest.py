"""One gentle next step after a check-in: written rules, plain Python, no Django.

The rules only offer; they never judge. They look at the two ratings that say most about
how safe a person feels right now, threat and soothing, and only at ratings the person
actually gave:

- threat 9 or 10: grounding, eyes open. When threat is very big, an inward exercise can
  overwhelm rather than settle; CFT's first step then is to ground (feet on the floor,
  eyes open, the breath), which is also what kindmind offers after backdraft.
- threat 7 or 8: soothing rhythm breathing, short version. A slower out-breath is CFT's
  doorway to the soothing system and calms threat within a couple of minutes.
- soothing 0 to 3 (threat below 7 or not given): "one small kind thing", behavioural
  self-compassion. A small, ordinary kind act is the safest way to bring soothing in for
  people who find warmth hard to feel (PRODUCT.md, "Fears, blocks and resistances").
- both threat 7+ and soothing 3 or less: the threat rule wins. Threat crowds soothing
  out, and calming it first (grounding or breath) is what also lets soothing return.
- anything else, or no threat and no soothing rating at all: no suggestion.

The thresholds are the upper and lower thirds of the 0-10 scale (7 and above, 3 and
below), with 9-10 as the very top. They are starting points for kindness, not clinical
cut-offs, and nothing here is shown as a verdict on the person.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH_THREAT = 7
VERY_HIGH_THREAT = 9
LOW_SOOTHING = 3

GROUNDING = "grounding"
SOOTHING_BREATH = "soothing-rhythm-breathing"
SMALL_KIND_THING = "behavioural-self-compassion"


@dataclass(frozen=True)
class Suggestion:
    """Which practice to offer and why: `reason` names the rule, whose words live in the
    template (checkins/_suggestion.html) so that they can be translated."""

    practice: str
    reason: str  # "threat-very-high", "threat-high", "soothing-low"


def next_step(threat: int | None, soothing: int | None) -> Suggestion | None:
    """The one next step the rules above offer, or None."""
    if threat is not None and threat >= VERY_HIGH_THREAT:
        return Suggestion(GROUNDING, "threat-very-high")
    if threat is not None and threat >= HIGH_THREAT:
        return Suggestion(SOOTHING_BREATH, "threat-high")
    if soothing is not None and soothing <= LOW_SOOTHING:
        return Suggestion(SMALL_KIND_THING, "soothing-low")
    return None
