"""The ordering and conflict rules of autosave (kindmind.critic.drafts), rule by rule."""

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kindmind.critic.drafts import (
    EARLIER_GAP,
    Current,
    Decision,
    Incoming,
    Keep,
    Outcome,
    decide,
    normalise,
)

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
HERE = uuid.UUID(int=1)
ELSEWHERE = uuid.UUID(int=2)


def current(
    text: str = "saved words",
    *,
    version: int = 3,
    rev: int = 5,
    ago: int = 1,
    deliberate: bool = False,
) -> Current:
    return Current(
        text=text,
        version=version,
        sitting=HERE,
        rev=rev,
        saved_at=NOW - timedelta(minutes=ago),
        deliberate=deliberate,
    )


def test_the_first_save_creates_the_text() -> None:
    assert decide(None, Incoming("hello", 0, HERE, 1), NOW) == Decision(
        Outcome.CREATED, replace=True
    )


def test_a_skipped_question_stores_nothing() -> None:
    assert decide(None, Incoming("", 0, HERE, 1), NOW).outcome == Outcome.UNCHANGED


def test_the_same_page_typing_on_replaces_in_place_and_keeps_no_copy() -> None:
    got = decide(current(), Incoming("saved words and more", 3, HERE, 6), NOW)
    assert got == Decision(Outcome.SAVED, replace=True)


def test_the_same_page_typing_on_after_a_lost_answer_is_not_a_conflict() -> None:
    # The page never heard that version 3 was saved, so it still says base 2.
    got = decide(current(), Incoming("saved words and more", 2, HERE, 7), NOW)
    assert got.outcome == Outcome.SAVED


def test_older_words_from_the_same_page_arriving_late_never_replace_newer_ones() -> None:
    got = decide(current(), Incoming("saved wor", 2, HERE, 4), NOW)
    assert got == Decision(Outcome.LATE, replace=False, keep=Keep.LATE, keep_incoming=True)


def test_another_page_that_saw_the_current_words_replaces_them() -> None:
    got = decide(current(ago=5), Incoming("new words", 3, ELSEWHERE, 1), NOW)
    assert got == Decision(Outcome.SAVED, replace=True)


def test_coming_back_later_keeps_what_it_said_before_as_an_earlier_version() -> None:
    old = current(ago=int(EARLIER_GAP.total_seconds() // 60) + 1)
    got = decide(old, Incoming("revised words", 3, ELSEWHERE, 1), NOW)
    assert got == Decision(Outcome.SAVED, replace=True, keep=Keep.EARLIER)


def test_words_saved_on_purpose_are_kept_when_another_page_replaces_them_soon() -> None:
    got = decide(current(deliberate=True), Incoming("revised words", 3, ELSEWHERE, 1), NOW)
    assert got == Decision(Outcome.SAVED, replace=True, keep=Keep.EARLIER)


def test_words_saved_on_purpose_are_kept_when_their_own_page_types_on() -> None:
    got = decide(current(deliberate=True), Incoming("saved words, and more", 3, HERE, 6), NOW)
    assert got == Decision(Outcome.SAVED, replace=True, keep=Keep.EARLIER)


def test_an_empty_answer_saved_on_purpose_leaves_no_empty_version() -> None:
    got = decide(current(" ", deliberate=True), Incoming("words", 3, HERE, 6), NOW)
    assert got == Decision(Outcome.SAVED, replace=True)


def test_a_page_that_did_not_see_the_newer_words_keeps_both() -> None:
    got = decide(current(), Incoming("stale page's words", 2, ELSEWHERE, 3), NOW)
    assert got == Decision(Outcome.CONFLICT, replace=True, keep=Keep.CONFLICT)


def test_a_base_from_the_future_is_a_conflict_too() -> None:
    got = decide(current(), Incoming("odd", 99, ELSEWHERE, 1), NOW)
    assert got.outcome == Outcome.CONFLICT


def test_replacing_empty_words_is_never_a_conflict() -> None:
    got = decide(current("  "), Incoming("first real words", 0, ELSEWHERE, 1), NOW)
    assert got == Decision(Outcome.SAVED, replace=True)


def test_the_same_words_change_nothing() -> None:
    for incoming in (
        Incoming("saved words", 3, HERE, 9),
        Incoming("saved words", 1, ELSEWHERE, 1),
        Incoming("saved words", 3, HERE, 1),
    ):
        assert decide(current(), incoming, NOW) == Decision(Outcome.UNCHANGED, replace=False)


def test_one_spelling_of_new_lines() -> None:
    assert normalise("a\r\nb\rc\n") == "a\nb\nc\n"


@given(
    text=st.text(max_size=30),
    base=st.integers(0, 10),
    rev=st.integers(0, 10),
    same_page=st.booleans(),
    minutes=st.integers(0, 120),
    deliberate=st.booleans(),
)
def test_no_rule_ever_drops_words_silently(
    text: str, base: int, rev: int, same_page: bool, minutes: int, deliberate: bool
) -> None:
    """Whatever arrives, afterwards both the old and the new words are either current,
    kept as a version, or replaced by their own page typing on; words saved on purpose
    are always kept."""
    old = current(ago=minutes, deliberate=deliberate)
    incoming = Incoming(text, base, HERE if same_page else ELSEWHERE, rev)
    got = decide(old, incoming, NOW)
    if got.outcome == Outcome.UNCHANGED:
        assert text == old.text
        return
    incoming_survives = got.replace or (got.keep is not None and got.keep_incoming)
    assert incoming_survives
    old_survives = not got.replace or (got.keep is not None and not got.keep_incoming)
    own_page_typing_on = same_page and rev >= old.rev
    recent_deliberate_edit = (
        not same_page and base == old.version and NOW - old.saved_at < EARLIER_GAP
    )
    if deliberate:
        assert old_survives
    assert old_survives or own_page_typing_on or recent_deliberate_edit
