"""The written-down rules of guided practice: backdraft follow-up and what to practise next.

Pure: no Django. Every rule is a small named function with its numbers here in the open,
so that a clinician can read them and the tests can hold them. Views turn the reasons
(Reason, below) into words the person reads; every suggestion is shown with its reason.

Sources for the rules: CONTENT.md ("Fears, blocks and resistances" and the practice
notes). Warmth can stir grief, fear or anger (backdraft); that is normal. When practice
floods rather than settles: pause, ground, then behavioural self-compassion; go slower,
shorter, eyes open; start from compassion flowing out, usually the least feared flow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from kindmind.practice.library import Practice

# Backdraft: distress that rises this much from before to after a practice.
DISTRESS_RISE = 2
# Repeated backdraft: this many times within this many days brings the gentle page about
# fears of compassion and, when the person shares their practice, a flag for the clinician.
REPEAT_TIMES = 3
REPEAT_WINDOW = timedelta(days=14)
# After backdraft, suggestions stay shorter, eyes-open and gentle for this long.
GO_GENTLY_FOR = timedelta(days=7)
# Distress at or above this in the last rating: settle first.
HIGH_DISTRESS = 7
# A gap this long since the last practice earns a welcome back (never a "you missed").
WELCOME_BACK_AFTER = timedelta(days=7)
# How far back "already done lately" looks when choosing something new.
LATELY = timedelta(days=14)
SUGGESTIONS = 3
# The time a practice logs is measured by the server from start to finish or stop, but
# never more than the practice's own length plus this much room for pauses (a practice
# left open overnight is not logged as a night of practice), and never over an hour.
PAUSE_ROOM_SECONDS = 5 * 60
MAX_SECONDS = 3600
# While going gently, only practices of these kinds are suggested: imagery asks the
# person to go inward with eyes closed, which is what stepping back steps away from.
NOT_WHILE_GENTLE = ("imagery",)

# The order in which CFT builds the compassionate mind (CONTENT.md, "Individual CFT":
# soothing first, then safe place, compassionate other and self, least-feared flows first).
BUILDING_SEQUENCE = (
    "soothing-rhythm-breathing",
    "friendly-face-warm-voice",
    "safe-place",
    "compassionate-colour",
    "compassionate-other",
    "compassionate-self",
    "compassion-flowing-out",
    "compassion-flowing-in",
    "compassion-to-self",
)
# The practice of each week of the 8-week course (CONTENT.md, "Programmes"); soothing
# rhythm breathing belongs to every week as well.
PROGRAMME_WEEKS = {
    1: "soothing-rhythm-breathing",
    2: "mindful-noticing",
    3: "safe-place",
    4: "compassionate-self",
    5: "compassionate-other",
    6: "compassion-to-self",
    7: "compassion-flowing-out",
    8: "effort-appreciation",
}
GROUNDING = "grounding"
KIND_ACTION = "behavioural-self-compassion"
FLOW_OUT = "compassion-flowing-out"
DOORWAY = "soothing-rhythm-breathing"


@dataclass(frozen=True)
class Ratings:
    """The optional 0-10 ratings around a practice. None: not rated."""

    distress: int | None = None
    calm: int | None = None
    warmth: int | None = None


# --- Time spent ---------------------------------------------------------------------


def seconds_spent(started: datetime, ended: datetime, *, practice_seconds: int) -> int:
    """The time a practice logs: from start to end as the server saw them, clamped to
    0 and to the practice's length plus PAUSE_ROOM_SECONDS (at most MAX_SECONDS)."""
    spent = int((ended - started).total_seconds())
    ceiling = min(MAX_SECONDS, practice_seconds + PAUSE_ROOM_SECONDS)
    return max(0, min(spent, ceiling))


# --- Backdraft follow-up ------------------------------------------------------------


def distress_rose(before: int | None, after: int | None) -> bool:
    """Whether distress went up by DISTRESS_RISE or more. Needs both ratings."""
    if before is None or after is None:
        return False
    return after - before >= DISTRESS_RISE


def is_backdraft(*, before: Ratings, after: Ratings, stirred: bool) -> bool:
    """Backdraft: the person said the practice stirred something difficult, or their
    distress rose by DISTRESS_RISE or more."""
    return stirred or distress_rose(before.distress, after.distress)


def repeated_backdraft(moments: Iterable[datetime], *, now: datetime) -> bool:
    """Whether backdraft came REPEAT_TIMES or more times within the last REPEAT_WINDOW."""
    since = now - REPEAT_WINDOW
    return sum(1 for moment in moments if since <= moment <= now) >= REPEAT_TIMES


class FollowUpKind(StrEnum):
    BACKDRAFT = "backdraft"  # it stirred something difficult
    STOPPED = "stopped"  # the person pressed "I need to stop"
    SETTLED = "settled"  # nothing difficult said or measured


@dataclass(frozen=True)
class FollowUp:
    kind: FollowUpKind
    # Offer grounding before anything else.
    ground_first: bool
    # Offer behavioural self-compassion: what do I need, and one small kind thing.
    offer_kind_action: bool
    # Show the gentle page about fears of compassion.
    fears_page: bool


def follow_up(*, backdraft: bool, needed_to_stop: bool, repeated: bool) -> FollowUp:
    """What kindmind offers after a practice ends.

    Backdraft and "I need to stop" both bring grounding first, then behavioural
    self-compassion. Repeated backdraft also brings the page about fears of compassion.
    A practice that settled brings thanks, and still the door to say it was difficult.
    """
    if backdraft:
        kind = FollowUpKind.BACKDRAFT
    elif needed_to_stop:
        kind = FollowUpKind.STOPPED
    else:
        kind = FollowUpKind.SETTLED
    difficult = kind is not FollowUpKind.SETTLED
    return FollowUp(
        kind=kind,
        ground_first=difficult,
        offer_kind_action=difficult,
        fears_page=backdraft and repeated,
    )


# --- What to practise next ----------------------------------------------------------


class Reason(StrEnum):
    """Why a practice is suggested. The view shows each in words."""

    GROUND_AFTER_BACKDRAFT = "ground_after_backdraft"
    KIND_ACTION_AFTER_BACKDRAFT = "kind_action_after_backdraft"
    FLOW_OUT_FIRST = "flow_out_first"
    SETTLE_HIGH_DISTRESS = "settle_high_distress"
    PROGRAMME_WEEK = "programme_week"
    FIRST_STEP = "first_step"
    BUILDER_READY = "builder_ready"
    NEXT_IN_SEQUENCE = "next_in_sequence"
    EVERYDAY = "everyday"
    DOORWAY = "doorway"
    # Added to another reason: why the short version.
    SHORT_FOR_NOW = "short_for_now"
    FITS_YOUR_TIME = "fits_your_time"


@dataclass(frozen=True)
class PastPractice:
    """One practice the person did (finished or not), as the rules need it."""

    practice: str
    at: datetime
    seconds: int = 0
    backdraft: bool = False
    distress_before: int | None = None
    distress_after: int | None = None
    # The person pressed "I need to stop": like backdraft, suggestions then go gently.
    needed_to_stop: bool = False


@dataclass(frozen=True)
class Situation:
    now: datetime
    # What the person has done, any order; the rules look at the last few weeks.
    history: Sequence[PastPractice] = ()
    # Minutes the person says they have; None when they have not said.
    minutes_available: int | None = None
    # Which builders the person has filled in: {"other", "self"}.
    builders: frozenset[str] = frozenset()
    # The week of the 8-week course they are in (kindmind.course); None otherwise.
    programme_week: int | None = None


@dataclass(frozen=True)
class Suggestion:
    practice: str
    version: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    programme_week: int | None = None
    # Going gently: do it with eyes open this time.
    eyes_open: bool = False


def _newest_first(history: Sequence[PastPractice]) -> list[PastPractice]:
    return sorted(history, key=lambda p: p.at, reverse=True)


def recent_backdraft(situation: Situation) -> bool:
    """Backdraft, or "I need to stop", within GO_GENTLY_FOR: suggestions go shorter,
    eyes open, gentler (the after page promises exactly that)."""
    since = situation.now - GO_GENTLY_FOR
    return any((p.backdraft or p.needed_to_stop) and p.at >= since for p in situation.history)


def going_gently(situation: Situation) -> bool:
    """After recent backdraft, or when the last rating showed high distress."""
    distress = last_distress(situation)
    return recent_backdraft(situation) or (distress is not None and distress >= HIGH_DISTRESS)


def last_distress(situation: Situation) -> int | None:
    """The most recent distress rating, after a practice if given, else before."""
    for past in _newest_first(situation.history):
        if past.distress_after is not None:
            return past.distress_after
        if past.distress_before is not None:
            return past.distress_before
    return None


def welcome_back(history: Sequence[PastPractice], *, now: datetime) -> bool:
    """Whether to welcome the person back: they have practised before, and not for
    WELCOME_BACK_AFTER. Never a count of days missed."""
    if not history:
        return False
    return now - max(p.at for p in history) >= WELCOME_BACK_AFTER


def done_lately(situation: Situation) -> set[str]:
    since = situation.now - LATELY
    return {p.practice for p in situation.history if p.at >= since and p.seconds > 0}


def rule_after_backdraft(situation: Situation) -> list[Suggestion]:
    """After backdraft: grounding first, then one small kind thing, then compassion
    flowing out (usually the least feared flow) before any flow toward oneself."""
    if not recent_backdraft(situation):
        return []
    return [
        Suggestion(GROUNDING, "short", (Reason.GROUND_AFTER_BACKDRAFT,)),
        Suggestion(KIND_ACTION, "short", (Reason.KIND_ACTION_AFTER_BACKDRAFT,)),
        Suggestion(FLOW_OUT, "short", (Reason.FLOW_OUT_FIRST,)),
    ]


def rule_high_distress(situation: Situation) -> list[Suggestion]:
    """The last rating showed high distress: settle first, with eyes open."""
    distress = last_distress(situation)
    if distress is None or distress < HIGH_DISTRESS:
        return []
    return [
        Suggestion(GROUNDING, "short", (Reason.SETTLE_HIGH_DISTRESS,)),
        Suggestion(DOORWAY, "short", (Reason.SETTLE_HIGH_DISTRESS,)),
    ]


def rule_programme_week(situation: Situation) -> list[Suggestion]:
    """Inside the 8-week course: the practice of this week."""
    slug = PROGRAMME_WEEKS.get(situation.programme_week or 0)
    if slug is None:
        return []
    return [
        Suggestion(
            slug, "standard", (Reason.PROGRAMME_WEEK,), programme_week=situation.programme_week
        )
    ]


def rule_first_step(situation: Situation) -> list[Suggestion]:
    """Someone new to practice starts with soothing rhythm breathing, the doorway."""
    if situation.history:
        return []
    return [Suggestion(DOORWAY, "short", (Reason.FIRST_STEP,))]


def rule_builder_ready(situation: Situation) -> list[Suggestion]:
    """A described compassionate other or self is ready to be practised with, when that
    practice has not been done lately."""
    lately = done_lately(situation)
    found = []
    for builder, slug in (("other", "compassionate-other"), ("self", "compassionate-self")):
        if builder in situation.builders and slug not in lately:
            found.append(Suggestion(slug, "standard", (Reason.BUILDER_READY,)))
    return found


def rule_next_in_sequence(situation: Situation) -> list[Suggestion]:
    """The first practice of the building sequence not done lately."""
    lately = done_lately(situation)
    for slug in BUILDING_SEQUENCE:
        if slug not in lately:
            return [Suggestion(slug, "standard", (Reason.NEXT_IN_SEQUENCE,))]
    return []


# Short everyday skills (CONTENT.md: effort appreciation, savouring, mindful noticing).
EVERYDAY_SKILLS = ("effort-appreciation", "savouring", "mindful-noticing")


def rule_everyday(situation: Situation) -> list[Suggestion]:
    """The short everyday skills not done lately, in order."""
    lately = done_lately(situation)
    return [
        Suggestion(slug, "short", (Reason.EVERYDAY,))
        for slug in EVERYDAY_SKILLS
        if slug not in lately
    ]


def rule_doorway(situation: Situation) -> list[Suggestion]:
    """Soothing rhythm breathing is always a good choice."""
    return [Suggestion(DOORWAY, "standard", (Reason.DOORWAY,))]


RULES = (
    rule_after_backdraft,
    rule_high_distress,
    rule_programme_week,
    rule_first_step,
    rule_builder_ready,
    rule_next_in_sequence,
    rule_everyday,
    rule_doorway,
)


def fit(
    suggestion: Suggestion, practice: Practice, situation: Situation, *, gently: bool
) -> Suggestion | None:
    """Choose the version that fits, or None when the practice does not fit now.

    Going gently (after backdraft, "I need to stop" or with high distress): only a short
    version, eyes open, no imagery and no "deep" practice (flowing in, to oneself, the
    compassionate other): what the after page promises. With
    minutes given: the standard version when it fits, the short one when only that fits,
    nothing when neither does.
    """
    if gently and (
        practice.intensity == "deep"
        or practice.kind in NOT_WHILE_GENTLE
        or "short" not in practice.versions
    ):
        return None
    version = suggestion.version if suggestion.version in practice.versions else "short"
    if version not in practice.versions:
        version = next(iter(practice.versions))
    reasons = suggestion.reasons
    if gently and "short" in practice.versions:
        if version != "short":
            reasons = (*reasons, Reason.SHORT_FOR_NOW)
        version = "short"
    available = situation.minutes_available
    if available is not None:
        if practice.versions[version].minutes > available:
            if "short" not in practice.versions or practice.versions["short"].minutes > available:
                return None
            version = "short"
        reasons = (*reasons, Reason.FITS_YOUR_TIME)
    return Suggestion(
        practice.slug,
        version,
        reasons,
        suggestion.programme_week,
        eyes_open=gently or practice.eyes == "open",
    )


def suggest(
    situation: Situation, practices: Mapping[str, Practice], *, limit: int = SUGGESTIONS
) -> list[Suggestion]:
    """Up to `limit` practices to try next, each with its reasons, from RULES in order.

    A practice appears once, with the reasons of the first rule that named it.
    """
    gently = going_gently(situation)
    chosen: list[Suggestion] = []
    for rule in RULES:
        for suggestion in rule(situation):
            practice = practices.get(suggestion.practice)
            if practice is None or any(c.practice == practice.slug for c in chosen):
                continue
            fitted = fit(suggestion, practice, situation, gently=gently)
            if fitted is not None:
                chosen.append(fitted)
            if len(chosen) >= limit:
                return chosen
    return chosen
