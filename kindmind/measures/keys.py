"""The scoring keys of kindmind's outcome measures, as data.

A scoring key is a fact about an instrument (which items, which range, which items are
reversed, how the scores are formed), so every key lives here as code, whether or not the
instrument's wording may be shown. Every instrument has the same shape, `Instrument`, so
adding one is adding data, not code; `scoring.py` and `change.py` read these keys and
nothing else.

Conventions, which clinicians and the later Django app rely on:

- Item numbers are 1-based and in the published order of the cited source.
- An answer is the position of the chosen response on the instrument's response scale as
  printed (PHQ-9: 0 = "Not at all" ... 3 = "Nearly every day"; CORE-10: 0 = "Not at all"
  ... 4 = "Most or all of the time"), *before* any reversal. The key reverses; the person
  entering answers never does. (A paper CORE-10 prints 4-0 over items 2 and 3: enter the
  column position, not the printed score.)
- A missing answer is never a zero. A score with a missing item is null unless the
  instrument's manual allows proration (only CORE-10 here: `Proration`).

Sources are cited next to each key. A figure marked "secondary source, unconfirmed" was
seen only in a secondary source and should be checked against the primary paper before it
is relied on (the project's design notes on measures say how the facts were gathered).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Method = Literal["sum", "mean"]

TOTAL = "total"
"""The name under which a total's reliable-change parameters are filed."""


@dataclass(frozen=True)
class Scale:
    """One score made from some items: an instrument's total or one of its subscales.

    `reverse` says whether the instrument's reversed items are reversed for this score.
    It is False only where the manual scores a subscale on the raw responses (the SCS's
    negative subscales, whose means measure the negative quality itself).
    `screen_at`: a score at or above it raises the flag `<name>_screen_positive`.
    """

    name: str
    items: tuple[int, ...]
    method: Method
    lower_is_better: bool
    reverse: bool = True
    screen_at: float | None = None


@dataclass(frozen=True)
class Band:
    """A published severity band of the total, inclusive at both ends."""

    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Proration:
    """The manual allows a total with up to `max_missing` items unanswered.

    The prorated total is items x (sum of answered items) / (number answered), i.e. the
    mean of the answered items scaled to the full length. Subscales are never prorated.
    """

    max_missing: int
    source: str


@dataclass(frozen=True)
class Norms:
    """Mean and standard deviation of a reference population on one score."""

    mean: float
    sd: float


@dataclass(frozen=True)
class RciParameters:
    """What Jacobson & Truax (1991) need for one score of one instrument.

    `sd` is the standard deviation of the reference sample (a clinical baseline, normally)
    and `reliability` the measure's reliability; `reliability_kind` says which kind
    (test-retest or internal consistency), because a reader of the result must know.
    `clinical` and `functional` are the two populations' norms: with both, the cut-off c
    can be computed; without them there is no clinical-significance judgement.
    `source` is the citation a clinician can check.
    """

    sd: float
    reliability: float
    reliability_kind: str
    source: str
    clinical: Norms | None = None
    functional: Norms | None = None

    def __post_init__(self) -> None:
        if not self.sd > 0:
            raise ValueError(f"sd must be above 0, not {self.sd!r}")
        if not 0 <= self.reliability < 1:
            raise ValueError(f"reliability must be in [0, 1), not {self.reliability!r}")
        for norms in (self.clinical, self.functional):
            if norms is not None and not norms.sd > 0:
                raise ValueError(f"a norm's sd must be above 0, not {norms.sd!r}")


@dataclass(frozen=True)
class Instrument:
    """The scoring key of one instrument. See the module docstring for conventions."""

    id: str
    name: str
    items: int
    response_min: int
    response_max: int
    total: Scale | None
    subscales: tuple[Scale, ...]
    key_source: str
    wording: Literal["builtin", "pack"]
    reversed: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()
    risk_items: frozenset[int] = frozenset()
    bands: tuple[Band, ...] = ()
    proration: Proration | None = None
    rci: Mapping[str, RciParameters] = field(default_factory=lambda: MappingProxyType({}))

    def reverse(self, value: int) -> int:
        """The reversed value of a response on this instrument's scale (e.g. 6 - x on 1-5)."""
        return self.response_min + self.response_max - value

    def scale(self, name: str) -> Scale | None:
        """The total (name "total") or the named subscale, or None if there is none."""
        if name == TOTAL:
            return self.total
        return next((s for s in self.subscales if s.name == name), None)

    @property
    def scored_items(self) -> tuple[int, ...]:
        return tuple(i for i in range(1, self.items + 1) if i not in self.excluded)


def _items(*numbers: int) -> tuple[int, ...]:
    return tuple(numbers)


def _all(count: int, excluded: frozenset[int] = frozenset()) -> tuple[int, ...]:
    return tuple(i for i in range(1, count + 1) if i not in excluded)


def _frozen(mapping: dict[str, RciParameters]) -> Mapping[str, RciParameters]:
    return MappingProxyType(mapping)


# --- Reliable-change parameters from the literature ------------------------------------
#
# Only PHQ-9, GAD-7 and CORE-10 have built-in parameters. No published reliable-change
# figures were found for the CFT scales, nor for the PHQ-4: a deployer who has them passes
# them to `change.reliable_change(..., parameters=...)`.

# PHQ-9. Reliability .84: test-retest, the PHQ-9 completed in clinic against the same
# questionnaire given by a mental health professional by telephone within 48 hours
# (Kroenke, Spitzer & Williams 2001, "Reliability" in Results). SD 4.3: the SD of PHQ-9
# totals in depressed (clinical) samples, as listed in kindmind's MEASURES.md. Neither
# figure could be read in the primary paper with the tools at hand, so both carry
# "secondary source, unconfirmed". With them, reliable change needs 1.96 x S_diff = 4.77
# points. No clinical/functional norm pair was confirmed, so no cut-off c is computed;
# the PHQ-9's own threshold of 10 is shown by the band, not used as c.
PHQ9_RCI = RciParameters(
    sd=4.3,
    reliability=0.84,
    reliability_kind="test-retest",
    source=(
        "Reliability r = .84 (test-retest, clinic vs telephone re-administration within "
        "48 hours): Kroenke K, Spitzer RL, Williams JBW (2001). The PHQ-9: validity of a "
        "brief depression severity measure. J Gen Intern Med 16(9):606-613 - secondary "
        "source, unconfirmed. SD = 4.3 (depressed samples): kindmind MEASURES.md - "
        "secondary source, unconfirmed."
    ),
)

# GAD-7. Both figures from one paper whose abstract states them (confirmed): test-retest
# r = .87 over 14-28 days and a Jacobson-Truax RCI of 5.59 points (Bischoff, Anderson,
# Heafner & Tambling 2020). The SD is not in the abstract; it is the SD that the published
# RCI implies: SD = 5.59 / (1.96 x sqrt(2 x (1 - .87))) = 5.59. (MEASURES.md's "about
# 4.8 to 5.6" agrees.) Spitzer et al. 2006's test-retest ICC of .83 was seen only in a
# secondary summary, so it is not used. The paper gives the clinical and community means
# (10.57 and 4.14) but no SDs in its abstract, so no cut-off c is computed.
GAD7_RCI = RciParameters(
    sd=5.59,
    reliability=0.87,
    reliability_kind="test-retest",
    source=(
        "Bischoff T, Anderson SR, Heafner J, Tambling R (2020). Establishment of a "
        "reliable change index for the GAD-7. Psychology, Community & Health 8(1):176-187. "
        "doi:10.5964/pch.v8i1.309. Test-retest r = .87 (14-28 days) and RCI = 5.59 points "
        "from the abstract; SD = 5.59 is the SD implied by that RCI and r."
    ),
)

# CORE-10. Reliability .90: internal consistency (alpha), Barkham et al. 2013 abstract
# (confirmed; the same abstract gives the clinical cut-off 11.0 and a reliable change of
# 6 points at a 90% criterion). Norms from the CORE-10 User Manual (Connell & Barkham
# 2007, Table 3): primary care counselling sample n = 1835, M = 19.7, SD = 7.7 (clinical,
# and the SD used for S_diff); general population n = 535, M = 4.7, SD = 4.8 (functional).
# These were read in a summary of the manual (NovoPsych), not the manual itself:
# "secondary source, unconfirmed". With them: S_diff = 7.7 x sqrt(0.2) = 3.44, so
# reliable change at 95% needs 6.75 points (the manual's 6 is the 90% criterion), and
# c = (7.7 x 4.7 + 4.8 x 19.7) / (7.7 + 4.8) = 10.46, which matches the published 11.
CORE10_RCI = RciParameters(
    sd=7.7,
    reliability=0.90,
    reliability_kind="internal consistency (Cronbach's alpha)",
    source=(
        "Reliability alpha = .90: Barkham M, Bewick B, Mullin T, Gilbody S, Connell J, "
        "Cahill J, Mellor-Clark J, Richards D, Unsworth G, Evans C (2013). The CORE-10: a "
        "short measure of psychological distress for routine use in the psychological "
        "therapies. Counselling and Psychotherapy Research 13(1):3-13 (abstract; published "
        "cut-off 11.0). SD and norms: Connell J, Barkham M (2007). CORE-10 User Manual, "
        "version 1.0, Table 3: clinical M = 19.7, SD = 7.7 (n = 1835); general population "
        "M = 4.7, SD = 4.8 (n = 535) - secondary source, unconfirmed."
    ),
    clinical=Norms(mean=19.7, sd=7.7),
    functional=Norms(mean=4.7, sd=4.8),
)


# --- The instruments -------------------------------------------------------------------

_PHQ_BANDS_SOURCE = (
    "Kroenke K, Spitzer RL, Williams JBW (2001). The PHQ-9: validity of a brief depression "
    "severity measure. J Gen Intern Med 16(9):606-613 (abstract: scores of 5, 10, 15 and 20 "
    "represent mild, moderate, moderately severe and severe depression)."
)

PHQ9 = Instrument(
    id="phq9",
    name="Patient Health Questionnaire-9 (PHQ-9)",
    items=9,
    response_min=0,
    response_max=3,
    # The unscored difficulty question is not part of the key: it is never passed in.
    total=Scale(TOTAL, _all(9), "sum", lower_is_better=True),
    subscales=(),
    # Item 9: thoughts of being better off dead or of self-harm. Any answer above "Not
    # at all" is a risk signal whatever the total.
    risk_items=frozenset({9}),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately_severe"),
        Band(20, 27, "severe"),
    ),
    key_source=_PHQ_BANDS_SOURCE,
    wording="builtin",
    rci=_frozen({TOTAL: PHQ9_RCI}),
)

GAD7 = Instrument(
    id="gad7",
    name="Generalized Anxiety Disorder-7 (GAD-7)",
    items=7,
    response_min=0,
    response_max=3,
    total=Scale(TOTAL, _all(7), "sum", lower_is_better=True),
    subscales=(),
    # Cut-points 5, 10 and 15 for mild, moderate and severe anxiety.
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
    key_source=(
        "Spitzer RL, Kroenke K, Williams JBW, Lowe B (2006). A brief measure for assessing "
        "generalized anxiety disorder: the GAD-7. Arch Intern Med 166(10):1092-1097."
    ),
    wording="builtin",
    rci=_frozen({TOTAL: GAD7_RCI}),
)

PHQ4 = Instrument(
    id="phq4",
    name="Patient Health Questionnaire-4 (PHQ-4)",
    items=4,
    response_min=0,
    response_max=3,
    total=Scale(TOTAL, _all(4), "sum", lower_is_better=True),
    # Anxiety = GAD-2 (items 1-2), depression = PHQ-2 (items 3-4); a subscale score of 3
    # or more is a positive screen.
    subscales=(
        Scale("anxiety", _items(1, 2), "sum", lower_is_better=True, screen_at=3),
        Scale("depression", _items(3, 4), "sum", lower_is_better=True, screen_at=3),
    ),
    bands=(
        Band(0, 2, "normal"),
        Band(3, 5, "mild"),
        Band(6, 8, "moderate"),
        Band(9, 12, "severe"),
    ),
    key_source=(
        "Kroenke K, Spitzer RL, Williams JBW, Lowe B (2009). An ultra-brief screening scale "
        "for anxiety and depression: the PHQ-4. Psychosomatics 50(6):613-621. Bands and the "
        "subscale threshold of 3 as summarised by the NINDS Common Data Elements PHQ-4 "
        "record."
    ),
    wording="builtin",
)

CORE10 = Instrument(
    id="core10",
    name="Clinical Outcomes in Routine Evaluation-10 (CORE-10)",
    items=10,
    response_min=0,
    response_max=4,
    total=Scale(TOTAL, _all(10), "sum", lower_is_better=True),
    # No domain scores are used from the CORE-10 (CORE System Trust, "CORE-10 information").
    subscales=(),
    # Items 2 ("someone to turn to for support") and 3 ("able to cope") are positively
    # worded and scored 4-0.
    reversed=frozenset({2, 3}),
    # Item 6, "I made plans to end my life": the risk item.
    risk_items=frozenset({6}),
    proration=Proration(
        max_missing=1,
        source=(
            "CORE System Trust, 'CORE-10 information' (coresystemtrust.org.uk): the CORE-10 "
            "can be prorated if only one item is omitted; Evans C, 'What's in a name (1): "
            "scoring CORE measures' (CORE System Trust): clinical score = 10 x mean of the "
            "completed items."
        ),
    ),
    key_source=(
        "Barkham M et al. (2013). The CORE-10: a short measure of psychological distress "
        "for routine use in the psychological therapies. Counselling and Psychotherapy "
        "Research 13(1):3-13. Clinical cut-off 11.0."
    ),
    wording="builtin",
    rci=_frozen({TOTAL: CORE10_RCI}),
)

FSCRS = Instrument(
    id="fscrs",
    name="Forms of Self-Criticising/Attacking and Self-Reassuring Scale (FSCRS)",
    items=22,
    response_min=0,
    response_max=4,
    # No total: the three forms are scored separately. There are no published cut-offs
    # or severity bands: none are invented here.
    total=None,
    subscales=(
        Scale(
            "inadequate_self", _items(1, 2, 4, 6, 7, 14, 17, 18, 20), "sum", lower_is_better=True
        ),
        Scale("hated_self", _items(9, 10, 12, 15, 22), "sum", lower_is_better=True),
        Scale("reassured_self", _items(3, 5, 8, 11, 13, 16, 19, 21), "sum", lower_is_better=False),
    ),
    # Item 9 concerns wanting to hurt oneself: a risk signal whatever the subscale scores.
    risk_items=frozenset({9}),
    key_source=(
        "Gilbert P, Clarke M, Hempel S, Miles JNV, Irons C (2004). Criticizing and "
        "reassuring oneself: an exploration of forms, styles and reasons in female "
        "students. Br J Clin Psychol 43(1):31-50."
    ),
    wording="pack",
)

_SCS_NEGATIVE = frozenset({1, 8, 11, 16, 21, 4, 13, 18, 25, 2, 6, 20, 24})

SCS = Instrument(
    id="scs",
    name="Self-Compassion Scale (SCS)",
    items=26,
    response_min=1,
    response_max=5,
    # Total: the MEAN of all 26 items after reversing the negative subscales' items
    # (6 - x). Never a sum. The mean is not rounded.
    total=Scale(TOTAL, _all(26), "mean", lower_is_better=False),
    # Subscales: the MEAN of each subscale's raw responses (Neff's key: "subscale scores
    # are computed by calculating the mean of subscale item responses"), so a higher
    # self_judgement, isolation or over_identification means more of that quality; their
    # items are reversed only for the total.
    subscales=(
        Scale("self_kindness", _items(5, 12, 19, 23, 26), "mean", lower_is_better=False),
        Scale(
            "self_judgement", _items(1, 8, 11, 16, 21), "mean", lower_is_better=True, reverse=False
        ),
        Scale("common_humanity", _items(3, 7, 10, 15), "mean", lower_is_better=False),
        Scale("isolation", _items(4, 13, 18, 25), "mean", lower_is_better=True, reverse=False),
        Scale("mindfulness", _items(9, 14, 17, 22), "mean", lower_is_better=False),
        Scale(
            "over_identification", _items(2, 6, 20, 24), "mean", lower_is_better=True, reverse=False
        ),
    ),
    reversed=_SCS_NEGATIVE,
    key_source=(
        "Neff KD (2003). The development and validation of a scale to measure "
        "self-compassion. Self and Identity 2(3):223-250; scoring key as published by the "
        "author (subscale = mean of its items; total = mean after reversing the "
        "self-judgement, isolation and over-identification items)."
    ),
    wording="pack",
)

SCS_SF = Instrument(
    id="scs_sf",
    name="Self-Compassion Scale - Short Form (SCS-SF)",
    items=12,
    response_min=1,
    response_max=5,
    # Total only: the authors advise against the short form's two-item subscales.
    total=Scale(TOTAL, _all(12), "mean", lower_is_better=False),
    subscales=(),
    # Self-judgement 11, 12; isolation 4, 8; over-identification 1, 9 (published order
    # of Raes et al. 2011).
    reversed=frozenset({1, 4, 8, 9, 11, 12}),
    key_source=(
        "Raes F, Pommier E, Neff KD, Van Gucht D (2011). Construction and factorial "
        "validation of a short form of the Self-Compassion Scale. Clin Psychol Psychother "
        "18(3):250-255 (item order and reversed items as published there)."
    ),
    wording="pack",
)

_FCS_SOURCE = (
    "Gilbert P, McEwan K, Matos M, Rivis A (2011). Fears of compassion: development of three "
    "self-report measures. Psychol Psychother 84(3):239-255. Items scored 0-4 and summed per "
    "scale; no reversed items and no cut-offs (reversed items: secondary source, unconfirmed)."
)


def _fcs(id_: str, name: str, items: int) -> Instrument:
    return Instrument(
        id=id_,
        name=name,
        items=items,
        response_min=0,
        response_max=4,
        total=Scale(TOTAL, _all(items), "sum", lower_is_better=True),
        subscales=(),
        key_source=_FCS_SOURCE,
        wording="pack",
    )


FCS_FOR_OTHERS = _fcs("fcs_for_others", "Fears of Compassion Scales: compassion for others", 10)
FCS_FROM_OTHERS = _fcs("fcs_from_others", "Fears of Compassion Scales: compassion from others", 13)
FCS_FOR_SELF = _fcs("fcs_for_self", "Fears of Compassion Scales: compassion for self", 15)

_CEAS_FILLERS = frozenset({3, 7, 11})
_CEAS_SOURCE = (
    "Gilbert P, Catarino F, Duarte C, Matos M, Kolts R, Stubbs J, Ceresatto L, Duarte J, "
    "Pinto-Gouveia J, Basran J (2017). The development of compassionate engagement and "
    "action scales for self and others. J Compassionate Health Care 4:4. Items 3, 7 and 11 "
    "are fillers, dropped from every score (not reversed)."
)


def _ceas(id_: str, name: str) -> Instrument:
    return Instrument(
        id=id_,
        name=name,
        items=13,
        response_min=1,
        response_max=10,
        # The total is the sum of the ten scored items (engagement + action); the fillers
        # are EXCLUDED, never reversed. kindmind decision: the papers report the two
        # subscales; the total is offered as their plain sum.
        total=Scale(TOTAL, _all(13, _CEAS_FILLERS), "sum", lower_is_better=False),
        subscales=(
            Scale("engagement", _items(1, 2, 4, 5, 6, 8), "sum", lower_is_better=False),
            Scale("action", _items(9, 10, 12, 13), "sum", lower_is_better=False),
        ),
        excluded=_CEAS_FILLERS,
        key_source=_CEAS_SOURCE,
        wording="pack",
    )


CEAS_SELF = _ceas("ceas_self", "Compassionate Engagement and Action Scales: self-compassion")
CEAS_TO_OTHERS = _ceas(
    "ceas_to_others", "Compassionate Engagement and Action Scales: compassion to others"
)
CEAS_FROM_OTHERS = _ceas(
    "ceas_from_others", "Compassionate Engagement and Action Scales: compassion from others"
)

TPAS = Instrument(
    id="tpas",
    name="Types of Positive Affect Scale (TPAS)",
    items=18,
    response_min=0,
    response_max=4,
    # No total: three kinds of positive affect, summed separately.
    total=None,
    subscales=(
        Scale("active", _items(3, 5, 6, 8, 9, 13, 14, 17), "sum", lower_is_better=False),
        Scale("relaxed", _items(2, 4, 7, 15, 16, 18), "sum", lower_is_better=False),
        Scale("safe_warm", _items(1, 10, 11, 12), "sum", lower_is_better=False),
    ),
    key_source=(
        "Gilbert P, McEwan K, Mitra R, Franks L, Richter A, Rockliff H (2008). Feeling safe "
        "and content: a specific affect regulation system? Relationship to depression, "
        "anxiety, stress, and self-criticism. J Positive Psychology 3(3):182-191. Item "
        "allocation to the three subscales: secondary source, unconfirmed."
    ),
    wording="pack",
)

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        instrument.id: instrument
        for instrument in (
            PHQ9,
            GAD7,
            PHQ4,
            CORE10,
            FSCRS,
            SCS,
            SCS_SF,
            FCS_FOR_OTHERS,
            FCS_FROM_OTHERS,
            FCS_FOR_SELF,
            CEAS_SELF,
            CEAS_TO_OTHERS,
            CEAS_FROM_OTHERS,
            TPAS,
        )
    }
)


class UnknownInstrument(KeyError):
    """No instrument has that id."""

    def __str__(self) -> str:
        return f"unknown instrument {self.args[0]!r}; known: {', '.join(INSTRUMENTS)}"


def get(instrument_id: str) -> Instrument:
    """The key of an instrument, or UnknownInstrument."""
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id) from None
