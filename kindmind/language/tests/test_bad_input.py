"""Texts nobody planned for: empty, huge, broken, emoji only, other languages."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from kindmind.language import PATTERNS, analyse, cli, default_analyser, features
from kindmind.language import text as text_forms

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


def test_an_empty_text_is_unsupported_and_calm() -> None:
    for text in ("", "   ", "\n\t"):
        result = analyse(text)
        assert result["supported"] is False
        assert result["language"] == "und"
        assert result["crisis"] == {"level": "none", "score": 0.0}
        assert result["self_criticism"] == {"score": None, "form": None}


def test_the_models_read_only_the_start_of_a_100000_character_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What keeps one pasted book from holding up a worker: the encoder and the linear
    # models read the first MODEL_CHARS characters, however long the text (the crisis
    # rules read it all: see the next test). Its speed is `kindmind bench language`'s to
    # measure, not a timed test's.
    text = ("I keep making the same mistakes and I'm such an idiot. " * 2000)[:100_000]
    analyser = default_analyser()
    read: list[int] = []
    embed = analyser._embed
    words = features.words

    def embed_spy(texts: list[str]) -> list[Any]:
        read.extend(len(t) for t in texts)
        return embed(texts)

    def words_spy(cleaned: str) -> Any:
        read.append(len(cleaned))
        return words(cleaned)

    monkeypatch.setattr(analyser, "_embed", embed_spy)
    monkeypatch.setattr(features, "words", words_spy)
    result = analyse(text)
    assert read and max(read) <= text_forms.MODEL_CHARS
    assert result["supported"] is True
    assert result["self_criticism"]["score"] > 0.5


def test_risk_at_the_end_of_a_long_text_is_still_noticed() -> None:
    text = "The weather was fine and we went out. " * 2700 + "I want to kill myself."
    assert len(text) > 100_000
    assert analyse(text)["crisis"]["level"] == "urgent"


def test_invalid_utf8_and_lone_surrogates_do_not_break_anything() -> None:
    out = io.StringIO()
    lines = (
        b'{"id": 1, "text": "\xff\xfe broken"}\n'
        b'{"id": 2, "text": "\\ud800 half a pair"}\n'
        b"\xc3\x28\n"
    )
    assert cli.analyse_main([], stdin=io.BytesIO(lines), stdout=out, stderr=io.StringIO()) == 0
    results = [json.loads(x) for x in out.getvalue().splitlines()]
    assert results[0] == {"id": 1, "error": "the line is not valid UTF-8"}
    assert results[1]["id"] == 2 and "crisis" in results[1]
    assert set(results[2]) == {"error"}
    out = io.StringIO()
    assert (
        cli.analyse_main(["--plain"], stdin=io.BytesIO(b"\xff\n"), stdout=out, stderr=io.StringIO())
        == 0
    )
    assert json.loads(out.getvalue()) == {"id": 1, "error": "the line is not valid UTF-8"}


def test_emoji_only_says_unsupported_instead_of_guessing() -> None:
    result = analyse("😭😭😭🙏")
    assert result["supported"] is False
    assert result["thinking_patterns"] == dict.fromkeys(PATTERNS)
    assert result["warmth"] == {"score": None}
    assert result["systems"] == {"threat": None, "drive": None, "soothing": None}
    assert result["crisis"]["level"] == "none"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ich bin heute sehr müde und ich weiß nicht warum.", "de"),
        ("Je suis tellement fatigué, je ne sais pas quoi faire.", "fr"),
        ("Hoy estoy muy cansada y no sé por qué.", "es"),
        ("Oggi sono molto stanco e non so perché.", "it"),
        ("Сегодня я очень устал.", "ru"),
        ("今日はとても疲れました。", "ja"),
        ("我今天很累。", "zh"),
    ],
)
def test_other_languages_are_named_and_not_guessed_at(text: str, language: str) -> None:
    result = analyse(text)
    assert result["language"] == language
    assert result["supported"] is False
    assert result["self_criticism"]["score"] is None
    assert result["crisis"]["level"] == "none"


@pytest.mark.parametrize(
    "text",
    ["Ich will nicht mehr leben.", "Quiero morir.", "Je veux mourir.", "死にたい", "Хочу умереть."],
)
def test_crisis_still_runs_its_direct_phrases_in_other_languages(text: str) -> None:
    result = analyse(text)
    assert result["supported"] is False
    assert result["crisis"]["level"] in ("concern", "urgent")


def test_non_strings_are_refused_by_the_library() -> None:
    with pytest.raises(TypeError):
        analyse(None)  # type: ignore[arg-type]
