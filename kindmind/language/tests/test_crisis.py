"""Crisis language: direct risk is noticed, everyday hyperbole is not.

Only ids (the parameter index) and levels appear in test output, never the texts' meaning
beyond what a reader of this file already sees.
"""

from __future__ import annotations

import pytest

from kindmind.language import analyse, corpora, crisis

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

IDIOMS = [
    "This exam is killing me.",
    "I could kill for a coffee.",
    "I'm dying to see it!",
    "My feet are killing me.",
    "I nearly died laughing.",
    "My mum is going to kill me.",
    "I'm bored to death.",
    "That cake is to die for.",
    "I cut myself shaving.",
    "I burned myself on the oven.",
    "Shoot me a message later.",
    "My phone is dying.",
    "I'm dead tired.",
    "We killed time at the station.",
    "I want to die of embarrassment.",
]
URGENT = [
    "I want to kill myself.",
    "I'm going to kill myself tonight.",
    "I have a plan to end my life.",
    "I took an overdose an hour ago.",
    "I tried to hang myself yesterday.",
    "I'm going to jump off the bridge.",
    "I've been saving pills to take all at once.",
    "I'm cutting myself right now.",
    "I wrote a suicide note.",
]
CONCERN = [
    "I wish I could disappear.",
    "Everyone would be better off without me.",
    "I wish I wasn't alive.",
    "There's no hope left for me.",
    "I have the urge to hurt myself.",
    "I don't want to wake up tomorrow.",
]


@pytest.mark.parametrize("index", range(len(IDIOMS)))
def test_everyday_hyperbole_is_not_flagged(index: int) -> None:
    assert analyse(IDIOMS[index])["crisis"]["level"] == "none"


@pytest.mark.parametrize("index", range(len(URGENT)))
def test_direct_plans_intent_and_attempts_are_urgent(index: int) -> None:
    result = analyse(URGENT[index])["crisis"]
    assert result["level"] == "urgent"
    assert result["score"] >= 0.8


@pytest.mark.parametrize("index", range(len(CONCERN)))
def test_passive_ideation_and_urges_are_concern(index: int) -> None:
    result = analyse(CONCERN[index])["crisis"]
    assert result["level"] == "concern"
    assert 0.5 <= result["score"] < 0.8


def test_a_negated_intent_still_deserves_a_gentle_question() -> None:
    assert analyse("I'm not going to kill myself.")["crisis"]["level"] == "concern"
    assert analyse("I would never kill myself, I promise.")["crisis"]["level"] == "concern"


def test_a_negated_passive_phrase_is_not_flagged_but_scores_higher() -> None:
    result = analyse("I'm not suicidal, just very tired.")["crisis"]
    assert result["level"] == "none"
    assert 0.3 <= result["score"] < 0.5


def test_a_distant_attempt_is_concern_not_urgent() -> None:
    assert (
        analyse("I tried to kill myself years ago, when I was a teenager.")["crisis"]["level"]
        == "concern"
    )


def test_someone_elses_words_are_not_the_writers_risk() -> None:
    assert (
        analyse("I'm worried about a friend who said she feels suicidal.")["crisis"]["level"]
        == "none"
    )


def test_the_score_keeps_to_the_band_of_its_level() -> None:
    for text in IDIOMS + URGENT + CONCERN:
        result = analyse(text)["crisis"]
        low, high = {"none": (0, 0.5), "concern": (0.5, 0.8), "urgent": (0.8, 1.0001)}[
            result["level"]
        ]
        assert low <= result["score"] < high


def test_the_lexicon_artefact_names_its_source_and_licence() -> None:
    urgent, concern = crisis._lexicon()
    assert urgent is not None and concern is not None
    import json

    data = json.loads((crisis.ARTEFACTS / "crisis_lexicon.json").read_text(encoding="utf-8"))
    assert data["licence"] == "Apache-2.0"
    assert "Low et al. 2024" in data["source"]


def test_a_past_attempt_told_with_recovery_is_not_flagged() -> None:
    # The words of the past are that story; nothing here asks for a check-in.
    text = (
        "Nine years ago I tried to end my life. "
        "These days I coach the under-tens and I'm glad I stayed."
    )
    assert analyse(text)["crisis"]["level"] == "none"


def test_recovery_with_an_urge_now_is_still_concern() -> None:
    text = "I used to cut as a student. Three years clean, but the urge to cut is back tonight."
    assert analyse(text)["crisis"]["level"] != "none"


def test_a_questionnaire_item_answered_not_at_all_is_not_the_persons_risk() -> None:
    text = "Did the form at the surgery. Thoughts that you would be better off dead: not at all."
    assert crisis.rules(text).level == 0


def test_a_decision_to_die_told_without_a_method_word_is_urgent() -> None:
    assert analyse("I've decided I'm going to die this weekend.")["crisis"]["level"] == "urgent"
    peace = "Made my peace with my decision to leave this world."
    assert analyse(peace)["crisis"]["level"] == "urgent"


def test_a_screening_question_told_without_if_and_answered_no_is_nothing() -> None:
    text = (
        "Nurse went through the usual questions, had I had any thoughts of ending my life. "
        "I said no, which is true."
    )
    assert crisis.rules(text).level == 0


def test_letters_left_in_case_anything_happens_are_care_not_a_plan() -> None:
    text = "Sorted the will and life insurance, and letters for the kids in case anything happens."
    assert crisis.rules(text).level == 0


def test_taking_everything_in_a_cupboard_is_read_by_where_it_went() -> None:
    assert crisis.rules("I took everything in the cupboard to the tip.").level == 0
    assert crisis.rules("I swallowed everything in the medicine cupboard.").level == 2


# Issue 14. The rules for an overdose already taken and for a voice urging death were
# written from these examples; crisis_heldout_issue14b.jsonl, written after the rules were
# frozen, measures them (test below and BENCHMARKS.md).
OVERDOSE_TAKEN = [
    "I took a whole packet of paracetamol an hour ago.",
    "I took all my pills an hour ago.",
    "swallowed the rest of my sertraline",
    "I OD'd on my meds",
    "necked a bottle of co-codamol",
    "Just downed loads of my sleeping tablets with wine.",
    "took 30 ibuprofen earlier",
    "I've had too many of my citalopram, on purpose.",
    "took my fluoxetine, the whole box",
    "I've overdosed on insulin",
    "Took a handful of my mum's tramadol before bed",
    "I'm going to take all of my antidepressants tonight",
    "took a load of tablets from my dad's drawer",
    "I swallowed all the pills in the bathroom cabinet",
]
ORDINARY_DOSES = [
    "Took two paracetamol an hour ago for my headache.",
    "took 2 tablets an hour ago",
    "I took all my meds this morning.",
    "Had a whole box of ibuprofen in the cupboard.",
    "Took a box of paracetamol round to my nan's.",
    "I took my sertraline with breakfast as usual.",
    "She took a lot of prescription medicine for her back over the years.",
    "I OD'd on Netflix this weekend.",
    "Took the out-of-date tablets back to the chemist.",
]
URGING = [
    "You should kill yourself.",
    "you should just die",
    "You'd be better off dead.",
    "nobody would miss you",
    "The world would be better without you.",
    "u should kys",
    "You don't deserve to live.",
    "you should just drop dead",
    "My dad always said you should never have been born.",
    "You deserve to hurt yourself after that.",
    "you might as well not wake up",
    "Go kill yourself.",
]
URGING_LOOKALIKES = [
    "You should cut yourself some slack.",
    "you should die laughing at this",
    "You're going to kill it at the gym.",
    "Nobody will miss you at the meeting if you skip it.",
    "You should end it with her.",
    "Don't kill yourself over it.",
    "I'll just die if he sees me.",
    "In this level you just die if you fall.",
    "Tell her off yourself that she's too old for this.",
    "People live and die by their reviews.",
]


@pytest.mark.parametrize("index", range(len(OVERDOSE_TAKEN)))
def test_an_overdose_taken_in_everyday_words_is_urgent(index: int) -> None:
    assert crisis.rules(OVERDOSE_TAKEN[index]).level == 2


@pytest.mark.parametrize("index", range(len(ORDINARY_DOSES)))
def test_an_ordinary_dose_or_a_box_carried_is_not_an_overdose(index: int) -> None:
    assert crisis.rules(ORDINARY_DOSES[index]).level == 0


@pytest.mark.parametrize("index", range(len(URGING)))
def test_a_voice_urging_death_or_self_harm_is_at_least_concern(index: int) -> None:
    assert analyse(URGING[index])["crisis"]["level"] in ("concern", "urgent")


@pytest.mark.parametrize("index", range(len(URGING_LOOKALIKES)))
def test_second_person_everyday_speech_is_not_flagged(index: int) -> None:
    assert crisis.rules(URGING_LOOKALIKES[index]).level == 0


def test_urging_reported_as_someone_elses_words_is_not_lowered() -> None:
    # "My friend said she feels suicidal" is lowered one level; a voice telling the reader
    # to die is about the reader, whoever is quoted as saying it.
    assert crisis.rules("He told me you should just kill yourself.").level == 1


def test_the_issue_14_held_out_texts_keep_their_first_measured_figures() -> None:
    """crisis_heldout_issue14b.jsonl was measured once when written (BENCHMARKS.md): the
    figures may rise, not fall. Only ids are reported on failure."""
    rows = corpora.team("crisis", "heldout_issue14b")
    levels = {r["id"]: analyse(r["text"])["crisis"]["level"] for r in rows}
    overdose = [r["id"] for r in rows if r["kind"] == "attempt" and levels[r["id"]] != "urgent"]
    urging = [r["id"] for r in rows if r["kind"] == "urging" and levels[r["id"]] == "none"]
    flagged = [r["id"] for r in rows if r["level"] == "none" and levels[r["id"]] != "none"]
    assert len(overdose) <= 4, overdose
    assert len(urging) <= 3, urging
    assert len(flagged) <= 2, flagged
