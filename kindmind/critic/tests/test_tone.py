"""The adapter to kindmind.language: hints when the module is there, None when it is not,
and never an error passed on to the person."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

from kindmind.critic import tone
from kindmind.critic.tests.conftest import Analyse, fake_analyse

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def test_without_the_module_there_are_no_hints(without_language: None) -> None:
    assert tone.analyse("You always mess up.") is None
    assert tone.critic_pieces("You always mess up.") is None
    assert tone.reply_hint("You must stop being so useless and just get on with it.") is None


def test_the_critics_harsh_phrases_are_noticed(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(fake_analyse)
    text = "I was late again. You always ruin everything, you idiot!\nMaybe tomorrow."
    pieces = tone.critic_pieces(text)
    assert pieces is not None
    assert "".join(p.text for p in pieces) == text, "the pieces are the words, exactly"
    marked = [p for p in pieces if p.marked]
    assert [p.text for p in marked] == ["You always ruin everything, you idiot!"]
    assert tone.sounds_harsh(text)
    assert not tone.sounds_harsh("Maybe tomorrow.")


def test_words_with_nothing_to_mark_give_an_empty_list(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(fake_analyse)
    assert tone.critic_pieces("It was a long day.") == []


def test_the_critics_second_person_is_also_read_as_the_first(
    install_language: Callable[[Analyse], None],
) -> None:
    """Self-criticism models learn "I'm useless" more than "you're useless"."""

    def first_person_only(text: str) -> dict[str, Any]:
        return {"self_criticism": {"score": 0.9 if text.startswith("I'm") else 0.0}}

    install_language(first_person_only)
    assert tone.as_first_person("You're useless, and you know it.") == "I'm useless, and I know it."
    assert tone.as_first_person("Why do you even try? Look at your face.") == (
        "Why do I even try? Look at my face."
    )
    assert tone.as_first_person("Nobody wants you.") == "Nobody wants me."
    pieces = tone.critic_pieces("You're useless.")
    assert pieces == [tone.Piece("You're useless.", marked=True)]


def test_a_cold_commanding_or_critical_reply_gets_a_soft_suggestion(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(fake_analyse)
    assert tone.reply_hint("Stop it. You are useless and a failure, as usual.") == tone.ReplyHint(
        "critical"
    )
    assert tone.reply_hint("You should just get over it and move on now.") == tone.ReplyHint(
        "commanding"
    )
    assert tone.reply_hint("The facts show the meeting went acceptably overall.") == (
        tone.ReplyHint("cool")
    )


def test_a_warm_or_just_begun_reply_gets_nothing(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(fake_analyse)
    assert tone.reply_hint("It makes sense that you feel tired. I'm here with you.") is None
    assert tone.reply_hint("You should") is None, "too short to judge"


def test_a_failing_module_means_no_hints_and_no_words_in_the_log(
    install_language: Callable[[Analyse], None], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str) -> dict[str, Any]:
        raise ValueError(f"cannot read {text}")

    install_language(broken)
    assert tone.critic_pieces("private words here.") is None
    assert tone.reply_hint("private words that go on for a good while.") is None
    assert "private" not in caplog.text
    assert "ValueError" in caplog.text


def test_a_module_that_fails_to_import_means_no_hints(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_import() -> Any:
        raise NameError("half-written module")

    monkeypatch.setattr(tone, "_import", broken_import)
    assert tone.critic_pieces("You always fail.") is None
    assert tone.reply_hint("A reply that is long enough to be read.") is None
    assert "NameError" in caplog.text


def test_odd_answers_from_the_module_are_ignored(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(
        lambda text: {"self_criticism": "high", "thinking_patterns": ["x"], "warmth": None}
    )
    assert tone.critic_pieces("Something harsh.") == []
    assert tone.reply_hint("A reply that is long enough to be read.") is None


def test_a_likely_pattern_alone_is_enough_to_notice_harsh_words(
    install_language: Callable[[Analyse], None],
) -> None:
    install_language(
        lambda text: {"self_criticism": 0.1, "thinking_patterns": {"harsh_comparison": 0.7}}
    )
    assert tone.critic_pieces("Everyone else copes.") == [
        tone.Piece("Everyone else copes.", marked=True)
    ]


def test_the_real_module_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract with kindmind.language itself, once it has landed."""
    # The real module, not the autouse "missing" stand-in.
    monkeypatch.setattr(tone, "_import", lambda: importlib.import_module("kindmind.language"))
    try:
        language = importlib.import_module("kindmind.language")
        result = language.analyse("You are such an idiot, you always get it wrong.")
    except Exception as exc:  # not there, or its trained model not committed yet
        pytest.skip(f"kindmind.language cannot analyse yet: {type(exc).__name__}")
    assert isinstance(result, dict)
    assert isinstance(result["thinking_patterns"], dict)
    pieces = tone.critic_pieces("You are such an idiot. You always get it wrong.")
    assert pieces is not None
    assert "".join(p.text for p in pieces) == "You are such an idiot. You always get it wrong."
