"""The other signals on plain examples, determinism, and the package's own promises."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from kindmind.language import Analyser, analyse

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

PACKAGE = Path(__file__).parents[1]


def test_the_same_text_always_gets_the_same_answer() -> None:
    text = "I should have known better, everyone must think I'm useless."
    first = json.dumps(analyse(text), sort_keys=True)
    again = json.dumps(Analyser().analyse(text), sort_keys=True)
    assert first == again


def test_batch_and_single_agree_and_keep_order() -> None:
    texts = ["I hate myself.", "Thank you for your kindness.", "I'm excited for the trip!"]
    analyser = Analyser()
    assert analyser.analyse_many(texts) == [analyser.analyse(t) for t in texts]


def test_self_criticism_and_its_two_forms() -> None:
    assert analyse("I hate myself and I deserve to suffer.")["self_criticism"]["form"] == "hated"
    assert (
        analyse("I'm so disappointed in myself, I'm not good enough.")["self_criticism"]["form"]
        == "inadequate"
    )
    calm = analyse("We went for a walk by the sea.")["self_criticism"]
    assert calm["form"] == "none" and calm["score"] < 0.5


def test_thinking_patterns_on_textbook_examples() -> None:
    assert analyse("I always mess everything up.")["thinking_patterns"]["overgeneralising"] >= 0.5
    assert (
        analyse("I should be able to cope with this by now.")["thinking_patterns"][
            "should_statements"
        ]
        >= 0.5
    )
    assert (
        analyse("Everyone else is so much better than me.")["thinking_patterns"]["comparing"] >= 0.5
    )


def test_a_warm_reply_scores_warmer_than_a_cold_one() -> None:
    warm = analyse("That sounds really hard. Be gentle with yourself tonight.")["warmth"]["score"]
    cold = analyse("Stop whining and get on with it.")["warmth"]["score"]
    assert warm > 0.5 > cold


def test_systems_sum_to_one_and_follow_the_feeling() -> None:
    assert (
        max(analyse("I'm terrified and furious.")["systems"].items(), key=lambda kv: kv[1])[0]
        == "threat"
    )
    assert (
        max(analyse("Thank you so much, I love you all.")["systems"].items(), key=lambda kv: kv[1])[
            0
        ]
        == "soothing"
    )


def test_no_django_anywhere_in_the_package() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            assert not any(name.split(".")[0] == "django" for name in names), path.name


def test_the_committed_artefacts_are_small() -> None:
    size = sum(p.stat().st_size for p in (PACKAGE / "artefacts").iterdir())
    assert size < 20_000_000


def test_the_fast_vectoriser_matches_the_training_features() -> None:
    from kindmind.language import default_analyser, features, text

    models = default_analyser().models
    samples = ["I always mess up!! 😭", "Don't you dare, it's fine.", "x" * 6000, "", "ok. ok. ok"]
    for sample in samples:
        prepared = text.prepare(sample)
        slow = features.weighted(features.raw_features(prepared), models.vocabulary, models.idf)
        fast = models.vectoriser.vector(prepared)
        expected = dict(zip(slow[0].tolist(), slow[1].tolist(), strict=True))
        got = dict(zip(fast[0].tolist(), fast[1].tolist(), strict=True))
        assert expected.keys() == got.keys()
        assert all(abs(expected[k] - got[k]) < 1e-5 for k in expected)


# Issue 14, item 4: a critic speaks to the person; the model reads that as self-criticism.
SECOND_PERSON_CRITIC = [
    "You are pathetic, you ruin everything.",
    "you're so stupid, why do you always mess up",
    "You useless waste of space, nobody likes you.",
    "u r such a loser",
    "You always let everyone down.",
    "You're disgusting and you know it.",
]
SECOND_PERSON_OTHER = [
    "You did a lovely job today.",
    "You are doing your best.",
    "Could you pass me the salt?",
    "I think you're an idiot.",  # the writer is there as "I": about someone else
    "Thank you, you've been so kind.",
    # Kind sentences to "you" that, reworded, would sound like pain told of oneself.
    "How does that part of you feel when it is criticised?",
    "You stopped to look after yourself.",
    "If you can, put away anything you could use to hurt yourself.",
]


def test_second_person_critic_speech_reads_as_self_criticism() -> None:
    scores = [analyse(t)["self_criticism"] for t in SECOND_PERSON_CRITIC]
    assert all(s["score"] >= 0.5 and s["form"] != "none" for s in scores), scores
    assert analyse("You are pathetic, you ruin everything.")["self_criticism"]["form"] == "hated"


def test_kind_or_plain_second_person_speech_does_not() -> None:
    scores = [analyse(t)["self_criticism"]["score"] for t in SECOND_PERSON_OTHER]
    assert all(s < 0.5 for s in scores), scores


def test_the_first_person_view_rewords_only_speech_without_i() -> None:
    from kindmind.language import text

    assert text.first_person_view(text.clean("You're useless, your work is rubbish")) == (
        "i am useless, my work is rubbish"
    )
    assert text.first_person_view(text.clean("I think you're useless")) is None
    assert text.first_person_view(text.clean("Nothing works today")) is None
