"""The written-down rules: backdraft follow-up and what to practise next (pure, no Django)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kindmind.practice.library import PRACTICES
from kindmind.practice.rules import (
    BUILDING_SEQUENCE,
    FollowUpKind,
    PastPractice,
    Ratings,
    Reason,
    Situation,
    distress_rose,
    follow_up,
    going_gently,
    is_backdraft,
    repeated_backdraft,
    suggest,
    welcome_back,
)

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def past(slug: str, days: float, **fields: object) -> PastPractice:
    return PastPractice(slug, ago(days), seconds=120, **fields)  # type: ignore[arg-type]


# --- Backdraft --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "rose"),
    [(3, 5, True), (3, 4, False), (0, 10, True), (5, 3, False), (None, 9, False), (2, None, False)],
)
def test_distress_rising_by_two_or_more_is_backdraft(
    before: int | None, after: int | None, rose: bool
) -> None:
    assert distress_rose(before, after) is rose
    assert (
        is_backdraft(before=Ratings(distress=before), after=Ratings(distress=after), stirred=False)
        is rose
    )


def test_saying_it_stirred_something_is_backdraft_whatever_the_ratings() -> None:
    assert is_backdraft(before=Ratings(distress=6), after=Ratings(distress=2), stirred=True)
    assert is_backdraft(before=Ratings(), after=Ratings(), stirred=True)
    assert not is_backdraft(before=Ratings(), after=Ratings(), stirred=False)


def test_backdraft_brings_grounding_first_then_a_kind_action() -> None:
    follow = follow_up(backdraft=True, needed_to_stop=False, repeated=False)
    assert follow.kind is FollowUpKind.BACKDRAFT
    assert follow.ground_first and follow.offer_kind_action
    assert not follow.fears_page


def test_needing_to_stop_brings_grounding_first_too() -> None:
    follow = follow_up(backdraft=False, needed_to_stop=True, repeated=True)
    assert follow.kind is FollowUpKind.STOPPED
    assert follow.ground_first and follow.offer_kind_action
    # The fears page is for backdraft that repeats, not for stopping.
    assert not follow.fears_page


def test_a_practice_that_settled_brings_thanks_only() -> None:
    follow = follow_up(backdraft=False, needed_to_stop=False, repeated=True)
    assert follow.kind is FollowUpKind.SETTLED
    assert not (follow.ground_first or follow.offer_kind_action or follow.fears_page)


def test_repeated_backdraft_brings_the_page_about_fears_of_compassion() -> None:
    follow = follow_up(backdraft=True, needed_to_stop=False, repeated=True)
    assert follow.fears_page


def test_backdraft_three_times_in_fourteen_days_is_repeated() -> None:
    assert repeated_backdraft([ago(1), ago(5), ago(13.9)], now=NOW)
    assert not repeated_backdraft([ago(1), ago(5)], now=NOW)
    # The third one is older than fourteen days.
    assert not repeated_backdraft([ago(1), ago(5), ago(14.1)], now=NOW)
    assert not repeated_backdraft([], now=NOW)


# --- Welcome back -----------------------------------------------------------------------


def test_a_gap_of_a_week_brings_a_welcome_back() -> None:
    assert welcome_back([past("grounding", 8)], now=NOW)
    assert welcome_back([past("grounding", 7)], now=NOW)
    assert not welcome_back([past("grounding", 8), past("savouring", 2)], now=NOW)
    # Someone new is welcomed, not welcomed back.
    assert not welcome_back([], now=NOW)


# --- Suggestions ------------------------------------------------------------------------


def slugs(situation: Situation) -> list[str]:
    return [s.practice for s in suggest(situation, PRACTICES)]


def test_someone_new_starts_with_soothing_rhythm_breathing() -> None:
    found = suggest(Situation(now=NOW), PRACTICES)
    assert found[0].practice == "soothing-rhythm-breathing"
    assert found[0].version == "short"
    assert found[0].reasons == (Reason.FIRST_STEP,)
    assert len(found) == 3
    assert all(s.reasons for s in found), "every suggestion has its reason"


def test_after_backdraft_grounding_then_a_kind_action_then_flowing_out() -> None:
    history = [past("compassion-to-self", 1, backdraft=True)]
    found = suggest(Situation(now=NOW, history=history), PRACTICES)
    assert [s.practice for s in found] == [
        "grounding",
        "behavioural-self-compassion",
        "compassion-flowing-out",
    ]
    assert [s.reasons[0] for s in found] == [
        Reason.GROUND_AFTER_BACKDRAFT,
        Reason.KIND_ACTION_AFTER_BACKDRAFT,
        Reason.FLOW_OUT_FIRST,
    ]
    assert all(s.version == "short" and s.eyes_open for s in found)


def test_after_backdraft_no_deep_practice_is_suggested_for_a_week() -> None:
    history = [past("compassion-flowing-in", 6, backdraft=True)]
    for minutes in (None, 2, 5, 10):
        found = suggest(
            Situation(
                now=NOW,
                history=history,
                minutes_available=minutes,
                builders=frozenset({"other", "self"}),
            ),
            PRACTICES,
            limit=14,
        )
        assert found
        for s in found:
            assert PRACTICES[s.practice].intensity != "deep", s
            assert s.version == "short"
            assert s.eyes_open
    # A week on, they come back.
    later = Situation(now=NOW + timedelta(days=2), history=history, builders=frozenset({"other"}))
    assert "compassionate-other" in slugs(later)


def test_compassion_flowing_out_comes_before_compassion_to_oneself_after_backdraft() -> None:
    history = [past("compassion-to-self", 2, backdraft=True)]
    found = slugs(Situation(now=NOW, history=history))
    assert "compassion-flowing-out" in found
    assert "compassion-to-self" not in found


def test_high_distress_in_the_last_rating_settles_first() -> None:
    history = [past("safe-place", 1, distress_before=4, distress_after=8)]
    found = suggest(Situation(now=NOW, history=history), PRACTICES)
    assert found[0].practice == "grounding"
    assert found[0].reasons[0] is Reason.SETTLE_HIGH_DISTRESS
    assert going_gently(Situation(now=NOW, history=history))
    calm = [past("safe-place", 1, distress_before=4, distress_after=3)]
    assert not going_gently(Situation(now=NOW, history=calm))


def test_the_time_available_chooses_the_version_and_what_fits() -> None:
    history = [past(slug, 3) for slug in BUILDING_SEQUENCE[:4]]
    two = suggest(Situation(now=NOW, history=history, minutes_available=2), PRACTICES)
    for s in two:
        assert PRACTICES[s.practice].versions[s.version].minutes <= 2
        assert Reason.FITS_YOUR_TIME in s.reasons
    ten = suggest(Situation(now=NOW, history=history, minutes_available=10), PRACTICES)
    assert ten[0].practice == "compassionate-other"
    assert ten[0].version == "standard"
    five = suggest(Situation(now=NOW, history=history, minutes_available=5), PRACTICES)
    # The compassionate other's standard version is 8 minutes: the short one fits 5.
    assert (five[0].practice, five[0].version) == ("compassionate-other", "short")


def test_described_builders_bring_their_practices_forward() -> None:
    history = [past("soothing-rhythm-breathing", 1)]
    found = suggest(Situation(now=NOW, history=history, builders=frozenset({"self"})), PRACTICES)
    assert found[0].practice == "compassionate-self"
    assert found[0].reasons == (Reason.BUILDER_READY,)
    done = [*history, past("compassionate-self", 2)]
    assert "compassionate-self" not in slugs(
        Situation(now=NOW, history=done, builders=frozenset({"self"}))
    )


def test_the_next_step_in_the_sequence_skips_what_was_done_lately() -> None:
    history = [past("soothing-rhythm-breathing", 1), past("friendly-face-warm-voice", 3)]
    found = suggest(Situation(now=NOW, history=history), PRACTICES)
    assert (found[0].practice, found[0].reasons) == ("safe-place", (Reason.NEXT_IN_SEQUENCE,))
    # Done more than two weeks ago counts as not done lately.
    old = [past("soothing-rhythm-breathing", 20)]
    assert slugs(Situation(now=NOW, history=old))[0] == "soothing-rhythm-breathing"


def test_the_programme_week_suggests_that_weeks_practice_once_programmes_exist() -> None:
    history = [past("grounding", 1)]
    found = suggest(Situation(now=NOW, history=history, programme_week=4), PRACTICES)
    assert found[0].practice == "compassionate-self"
    assert found[0].reasons == (Reason.PROGRAMME_WEEK,)
    assert found[0].programme_week == 4
    # Backdraft still comes first.
    gentle = [past("grounding", 1, backdraft=True)]
    assert slugs(Situation(now=NOW, history=gentle, programme_week=4))[0] == "grounding"


def test_a_practice_is_suggested_once() -> None:
    history = [past("grounding", 1, backdraft=True, distress_after=9)]
    found = slugs(Situation(now=NOW, history=history))
    assert len(found) == len(set(found))
