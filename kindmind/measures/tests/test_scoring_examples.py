"""Worked examples, computed by hand from the published keys (see keys.py for sources).

Each test is something a clinician relies on: a total they could check with a pencil, a
risk item that is never hidden by a low total, a missing answer that is never a zero.
Answers are given in published item order; None is a missing answer.
"""

from __future__ import annotations

import pytest

from kindmind.measures.keys import UnknownInstrument
from kindmind.measures.scoring import AnswerError, score

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def _pattern(count: int) -> list[int | None]:
    """Answers 1, 2, 3, 4, 0, 1, 2, ... (item number modulo 5), for 0-4 instruments."""
    return [item % 5 for item in range(1, count + 1)]


# --- PHQ-9 ------------------------------------------------------------------------------


def test_phq9_total_is_the_sum_with_its_band() -> None:
    # 1+2+1+2+1+0+1+0+0 = 8, in the 5-9 band: mild.
    result = score("phq9", [1, 2, 1, 2, 1, 0, 1, 0, 0])
    assert (result.total, result.band, result.complete, result.flags) == (8, "mild", True, ())


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_change_exactly_at_5_10_15_and_20(total: int, band: str) -> None:
    # Fill items 1-8 first (item 9 stays 0 so no risk flag): e.g. 10 = 3+3+3+1.
    answers: list[int | None] = [0] * 9
    left = total
    for index in range(9):
        answers[index] = min(3, left)
        left -= answers[index] or 0
    assert score("phq9", answers).band == band


def test_phq9_item_9_is_flagged_even_when_the_total_is_minimal() -> None:
    # Total 1 ("minimal"), but the one point is item 9: thoughts of self-harm.
    result = score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1
    assert result.band == "minimal"
    assert result.flags == ("risk_item",)


def test_phq9_item_9_is_flagged_even_when_the_score_is_incomplete() -> None:
    result = score("phq9", [None, 0, 0, 0, 0, 0, 0, 0, 2])
    assert result.complete is False
    assert result.total is None
    assert "risk_item" in result.flags


def test_phq9_missing_answer_is_never_counted_as_zero() -> None:
    # Eight answers of 3 and one missing: not 24, and not the "moderately severe" band.
    result = score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, None])
    assert (result.complete, result.total, result.band) == (False, None, None)
    assert "prorated" not in result.flags


# --- GAD-7 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0, 0, 1, 1, 1, 1, 0], 4, "minimal"),  # 4
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),  # 5
        ([2, 2, 1, 1, 1, 1, 2], 10, "moderate"),  # 2+2+1+1+1+1+2 = 10
        ([3, 3, 3, 2, 2, 2, 0], 15, "severe"),  # 15
        ([3, 3, 3, 3, 3, 3, 3], 21, "severe"),  # the maximum
    ],
)
def test_gad7_totals_and_bands(answers: list[int | None], total: int, band: str) -> None:
    result = score("gad7", answers)
    assert (result.total, result.band, result.subscales) == (total, band, {})


def test_gad7_takes_the_seven_scored_items_only() -> None:
    # The difficulty question is not part of the score and is not accepted as an 8th.
    with pytest.raises(AnswerError, match="7 items; got 8"):
        score("gad7", [0, 0, 0, 0, 0, 0, 0, 0])


# --- PHQ-4 ------------------------------------------------------------------------------


def test_phq4_subscales_and_screens() -> None:
    # Anxiety (items 1-2) = 2+1 = 3: a positive screen (>= 3).
    # Depression (items 3-4) = 0+1 = 1. Total 4: "mild" (3-5).
    result = score("phq4", [2, 1, 0, 1])
    assert result.total == 4
    assert result.subscales == {"anxiety": 3, "depression": 1}
    assert result.band == "mild"
    assert result.flags == ("anxiety_screen_positive",)


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ([1, 1, 0, 0], "normal"),
        ([1, 1, 1, 0], "mild"),
        ([2, 2, 1, 1], "moderate"),
        ([3, 3, 3, 0], "severe"),
    ],
)
def test_phq4_bands(answers: list[int | None], band: str) -> None:
    # 2 normal (0-2); 3 mild (3-5); 6 moderate (6-8); 9 severe (9-12).
    assert score("phq4", answers).band == band


# --- CORE-10 ----------------------------------------------------------------------------


def test_core10_reverses_items_2_and_3() -> None:
    # Raw answers 2,4,0,2,1,0,3,2,2,1. Items 2 and 3 are scored 4 - x: 4 -> 0 and 0 -> 4.
    # 2 + 0 + 4 + 2 + 1 + 0 + 3 + 2 + 2 + 1 = 17 (the raw sum, wrongly, would be 17 + 1).
    result = score("core10", [2, 4, 0, 2, 1, 0, 3, 2, 2, 1])
    assert result.total == 17
    assert result.complete is True
    assert result.band is None  # no bands are built in for CORE-10


def test_core10_prorates_one_missing_item_as_the_manual_allows() -> None:
    # Item 10 missing. Answered items score 2+0+4+2+1+0+3+2+2 = 16 over 9 items:
    # 10 x 16 / 9 = 17.78, not 16 (which a missing-as-zero total would give).
    result = score("core10", [2, 4, 0, 2, 1, 0, 3, 2, 2, None])
    assert result.total == pytest.approx(160 / 9)
    assert result.complete is False
    assert "prorated" in result.flags


def test_core10_with_two_missing_items_has_no_total() -> None:
    result = score("core10", [2, 4, 0, 2, 1, 0, 3, 2, None, None])
    assert (result.total, result.complete) == (None, False)
    assert "prorated" not in result.flags


def test_core10_risk_item_6_is_flagged_when_the_total_is_low() -> None:
    # Items 2 and 3 at 4 reverse to 0; only item 6 ("I made plans to end my life") = 1.
    result = score("core10", [0, 4, 4, 0, 0, 1, 0, 0, 0, 0])
    assert result.total == 1
    assert result.flags == ("risk_item",)


def test_core10_risk_item_is_flagged_in_a_prorated_score() -> None:
    result = score("core10", [None, 4, 4, 0, 0, 2, 0, 0, 0, 0])
    assert result.flags == ("risk_item", "prorated")


# --- FSCRS ------------------------------------------------------------------------------


def test_fscrs_three_subscales_and_no_total() -> None:
    # Answers 1,2,3,4,0,1,2,3,4,0,1,2,3,4,0,1,2,3,4,0,1,2 (item modulo 5).
    # inadequate self 1,2,4,6,7,14,17,18,20: 1+2+4+1+2+4+2+3+0 = 19
    # hated self 9,10,12,15,22: 4+0+2+0+2 = 8
    # reassured self 3,5,8,11,13,16,19,21: 3+0+3+1+3+1+4+1 = 16
    result = score("fscrs", _pattern(22))
    assert result.subscales == {"inadequate_self": 19, "hated_self": 8, "reassured_self": 16}
    assert result.total is None


def test_fscrs_never_has_bands_even_at_the_extremes() -> None:
    # No published cut-offs exist: the engine must not invent "severe" self-criticism.
    for answers in ([4] * 22, [0] * 22):
        assert score("fscrs", list(answers)).band is None


def test_fscrs_item_9_is_flagged_when_everything_else_is_zero() -> None:
    answers: list[int | None] = [0] * 22
    answers[8] = 1  # item 9: wanting to hurt oneself
    result = score("fscrs", answers)
    assert result.subscales["hated_self"] == 1
    assert result.flags == ("risk_item",)


def test_fscrs_a_missing_item_nulls_only_its_own_subscale() -> None:
    answers = _pattern(22)
    answers[2] = None  # item 3 belongs to reassured self
    result = score("fscrs", answers)
    assert result.subscales == {"inadequate_self": 19, "hated_self": 8, "reassured_self": None}
    assert result.complete is False


# --- SCS and SCS-SF ---------------------------------------------------------------------

# Answers (item modulo 5) + 1: 2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2,3,4,5,1,2.
SCS_ANSWERS: list[int | None] = [item % 5 + 1 for item in range(1, 27)]


def test_scs_subscales_are_means_of_raw_responses() -> None:
    # self-kindness 5,12,19,23,26: 1+3+5+4+2 = 15 / 5 = 3.0
    # self-judgement 1,8,11,16,21: 2+4+2+2+2 = 12 / 5 = 2.4 (raw: more self-judgement)
    # common humanity 3,7,10,15: 4+3+1+1 = 9 / 4 = 2.25
    # isolation 4,13,18,25: 5+4+4+1 = 14 / 4 = 3.5 (raw)
    # mindfulness 9,14,17,22: 5+5+3+3 = 16 / 4 = 4.0
    # over-identification 2,6,20,24: 3+2+1+5 = 11 / 4 = 2.75 (raw)
    result = score("scs", SCS_ANSWERS)
    assert result.subscales == pytest.approx(
        {
            "self_kindness": 3.0,
            "self_judgement": 2.4,
            "common_humanity": 2.25,
            "isolation": 3.5,
            "mindfulness": 4.0,
            "over_identification": 2.75,
        }
    )


def test_scs_total_is_a_mean_after_reversing_not_a_sum() -> None:
    # Positive subscales sum 15 + 9 + 16 = 40. Negative items reversed (6 - x):
    # self-judgement 5 x 6 - 12 = 18, isolation 4 x 6 - 14 = 10, over-identification
    # 4 x 6 - 11 = 13. Total = (40 + 18 + 10 + 13) / 26 = 81 / 26 = 3.1154, unrounded.
    result = score("scs", SCS_ANSWERS)
    assert result.total == pytest.approx(81 / 26)
    assert result.total is not None and 1 <= result.total <= 5  # a sum would be 81
    assert result.band is None


def test_scs_a_missing_item_nulls_its_subscale_and_the_total() -> None:
    answers = list(SCS_ANSWERS)
    answers[4] = None  # item 5, self-kindness
    result = score("scs", answers)
    assert result.total is None
    assert result.subscales["self_kindness"] is None
    assert result.subscales["mindfulness"] == 4.0


def test_scs_sf_total_is_the_mean_after_reversing_items_1_4_8_9_11_12() -> None:
    # Raw 1,2,3,4,5,1,2,3,4,5,1,2. Reversed (6 - x): item 1: 5, 4: 2, 8: 3, 9: 2,
    # 11: 5, 12: 4 = 21. Others (2,3,5,6,7,10): 2+3+5+1+2+5 = 18. (21 + 18) / 12 = 3.25.
    result = score("scs_sf", [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2])
    assert result.total == pytest.approx(3.25)
    assert result.subscales == {}


# --- Fears of Compassion ----------------------------------------------------------------


def test_fears_of_compassion_scales_are_sums() -> None:
    # For others (10 items): 0+1+2+3+4+0+1+2+3+4 = 20.
    assert score("fcs_for_others", [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]).total == 20
    # From others (13 items), all 1: 13.
    assert score("fcs_from_others", [1] * 13).total == 13
    # For self (15 items): fourteen 2s and a 4: 28 + 4 = 32.
    assert score("fcs_for_self", [2] * 14 + [4]).total == 32


# --- CEAS -------------------------------------------------------------------------------

CEAS_ANSWERS: list[int | None] = [10, 9, 1, 8, 7, 6, 1, 5, 1, 4, 1, 3, 2]


@pytest.mark.parametrize("instrument", ["ceas_self", "ceas_to_others", "ceas_from_others"])
def test_ceas_fillers_3_7_11_are_dropped_not_reversed(instrument: str) -> None:
    # Engagement 1,2,4,5,6,8: 10+9+8+7+6+5 = 45. Action 9,10,12,13: 1+4+3+2 = 10.
    # Total 55. Reversing the fillers (11 - 1 = 10 each) would give 85; adding them 58.
    result = score(instrument, CEAS_ANSWERS)
    assert result.subscales == {"engagement": 45, "action": 10}
    assert result.total == 55


def test_ceas_missing_filler_does_not_make_the_score_incomplete() -> None:
    answers = list(CEAS_ANSWERS)
    answers[2] = answers[6] = answers[10] = None
    result = score("ceas_self", answers)
    assert (result.complete, result.total) == (True, 55)


def test_ceas_filler_answers_are_still_range_checked() -> None:
    answers = list(CEAS_ANSWERS)
    answers[6] = 0  # the scale runs 1-10
    with pytest.raises(AnswerError, match="answer 7 is 0"):
        score("ceas_self", answers)


# --- TPAS -------------------------------------------------------------------------------


def test_tpas_three_subscales_and_no_total() -> None:
    # Answers (item modulo 5): 1,2,3,4,0,1,2,3,4,0,1,2,3,4,0,1,2,3.
    # active 3,5,6,8,9,13,14,17: 3+0+1+3+4+3+4+2 = 20
    # relaxed 2,4,7,15,16,18: 2+4+2+0+1+3 = 12
    # safe/warm 1,10,11,12: 1+0+1+2 = 4
    result = score("tpas", _pattern(18))
    assert result.subscales == {"active": 20, "relaxed": 12, "safe_warm": 4}
    assert (result.total, result.band) == (None, None)


# --- Bad input --------------------------------------------------------------------------


def test_out_of_range_and_wrong_count_are_refused() -> None:
    with pytest.raises(AnswerError, match="answer 9 is 4"):
        score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 4])
    with pytest.raises(AnswerError, match="answer 1 is 0"):
        score("scs_sf", [0] + [3] * 11)
    with pytest.raises(AnswerError, match="9 items; got 10"):
        score("phq9", [0] * 10)
    with pytest.raises(UnknownInstrument):
        score("phq8", [0] * 8)


def test_booleans_are_not_answers() -> None:
    with pytest.raises(AnswerError, match="whole number"):
        score("phq4", [True, 0, 0, 0])
