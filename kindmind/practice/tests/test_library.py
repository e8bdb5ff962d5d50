"""The practice library: every script is valid data of one shape, timed as it says, and
written as a compassionate other would write it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import readability

from kindmind.language import analyse
from kindmind.practice import library
from kindmind.practice.library import (
    BUILDER_FIELDS,
    DATA,
    ORDER,
    PRACTICES,
    PracticeError,
    load,
    parse,
)
from kindmind.practice.models import CompassionateOther, CompassionateSelf
from kindmind.practice.reasons import REASONS

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

FILES = sorted(DATA.glob("*.json"))
# A reading age of about 12 (US grade 7 on Flesch-Kincaid), as for the learning pages.
MAX_GRADE = 7.0
# Words that judge, blame or count failures (PRODUCT.md principle 1).
HARSH = re.compile(r"\b(should|must|failed|fail|missed|streak|lazy|weak|hurry)\b", re.I)


def every_text(practice: library.Practice) -> list[str]:
    texts = [practice.title, practice.summary]
    for version in practice.versions.values():
        for step in version.steps:
            texts.append(step.text)
            if step.personal:
                texts.append(step.personal)
    return texts


def test_the_library_holds_every_practice_of_the_issue() -> None:
    assert set(ORDER) == set(PRACTICES)
    assert len(PRACTICES) == 14 == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_is_valid_and_named_by_its_slug(path: Path) -> None:
    practice = parse(json.loads(path.read_text()), path.name)
    assert practice.slug == path.stem


@pytest.mark.parametrize("slug", ORDER)
def test_short_versions_take_one_to_three_minutes_exactly_as_stated(slug: str) -> None:
    practice = PRACTICES[slug]
    assert "short" in practice.versions, "every practice has a short version"
    short = practice.versions["short"]
    assert 1 <= short.minutes <= 3
    assert sum(step.seconds for step in short.steps) == short.minutes * 60
    standard = practice.versions.get("standard")
    if standard:
        assert standard.minutes > short.minutes
        assert sum(step.seconds for step in standard.steps) == standard.minutes * 60


def test_breathing_practices_breathe_with_the_pacer() -> None:
    for slug in ("soothing-rhythm-breathing", "friendly-face-warm-voice"):
        for version in PRACTICES[slug].versions.values():
            assert version.has_pacer


def test_the_safe_place_says_that_images_are_fleeting_and_vague() -> None:
    first_steps = " ".join(s.text for s in PRACTICES["safe-place"].versions["short"].steps[:2])
    assert "fleeting and blurry" in first_steps
    assert "normal" in first_steps


def test_breath_focus_that_unsettles_is_met_with_other_ways() -> None:
    text = " ".join(
        s.text for s in PRACTICES["soothing-rhythm-breathing"].versions["standard"].steps
    )
    assert "not your fault" in text
    assert "eyes open" in text and "count" in text


@pytest.mark.parametrize("slug", ORDER)
def test_scripts_are_warm_and_plain(slug: str) -> None:
    practice = PRACTICES[slug]
    texts = every_text(practice)
    for text in texts:
        assert not HARSH.search(text), f"{slug}: {text!r}"
    words = " ".join(texts)
    sentences = re.split(r"(?<=[.!?])\s+", words)
    tokenised = "\n".join(
        " ".join(re.findall(r"[\w'\u2019-]+|[.,!?;:]", s)) for s in sentences if s
    )
    grade = readability.getmeasures(tokenised, lang="en")["readability grades"]["Kincaid"]
    assert grade <= MAX_GRADE, f"{slug} reads at grade {grade:.1f}"


def test_our_own_analyser_reads_no_script_or_reason_as_self_critical_or_as_risk() -> None:
    """The same check as front/tests/test_own_words.py, for words kept as data (the
    scripts) and the reasons shown beside suggestions."""
    texts = [text for slug in ORDER for text in every_text(PRACTICES[slug])]
    texts += [str(words) for words in REASONS.values()]
    flagged = []
    for text in texts:
        result = analyse(text)
        score = result["self_criticism"]["score"] or 0.0
        if score >= 0.5 or result["crisis"]["level"] != "none":
            flagged.append(f"{score:.2f} {result['crisis']['level']}: {text[:80]}")
    assert len(texts) > 200
    assert flagged == []


def test_the_builders_hold_the_fields_that_practices_use() -> None:
    assert BUILDER_FIELDS["other"] == CompassionateOther.FIELDS
    assert BUILDER_FIELDS["self"] == CompassionateSelf.FIELDS
    assert PRACTICES["compassionate-other"].builders == {"other"}
    assert PRACTICES["compassionate-self"].builders == {"self"}


def test_a_step_weaves_in_the_persons_words_only_when_all_are_there() -> None:
    step = PRACTICES["compassionate-other"].versions["standard"].steps[2]
    assert step.uses == ("other.colour", "other.senses")
    plain = step.text_for({"other.colour": "deep blue"})
    assert plain == step.text
    woven = step.text_for({"other.colour": " deep blue ", "other.senses": "warm, like sun"})
    assert "Notice its colour, deep blue, and the feel of its presence: warm, like sun." in woven


def good() -> dict[str, Any]:
    return {
        "slug": "a-practice",
        "title": "A practice",
        "summary": "Something kind.",
        "kind": "attention",
        "eyes": "open",
        "intensity": "gentle",
        "flow": None,
        "versions": {
            "short": {
                "minutes": 1,
                "steps": [{"text": "One.", "seconds": 30}, {"text": "Two.", "seconds": 30}],
            }
        },
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["versions"]["short"].update(minutes=2), "not the stated 2 min"),
        (lambda p: p["versions"]["short"].update(minutes=4), "short version takes 1-3"),
        (lambda p: p.update(kind="dance"), "'kind' must be one of"),
        (lambda p: p.update(slug="Not A Slug"), "'slug'"),
        (lambda p: p.update(extra=1), "unknown keys"),
        (lambda p: p.update(versions={"long": {}}), "'versions'"),
        (lambda p: p["versions"]["short"]["steps"][0].update(seconds="30"), "'seconds'"),
        (lambda p: p["versions"]["short"]["steps"][0].update(seconds=2), "'seconds'"),
        (lambda p: p["versions"]["short"]["steps"][0].update(text=""), "'text'"),
        (
            lambda p: p["versions"]["short"]["steps"][0].update(uses=["other.shoe"]),
            "not a builder field",
        ),
        (
            lambda p: p["versions"]["short"]["steps"][0].update(
                uses=["other.voice"], personal="No placeholder."
            ),
            "place exactly the fields",
        ),
        (
            lambda p: p["versions"]["short"]["steps"][0].update(personal="{other.voice}"),
            "'personal' needs 'uses'",
        ),
    ],
)
def test_a_file_that_does_not_fit_is_refused_with_a_reason(change: Any, message: str) -> None:
    raw = good()
    parse(raw, "good.json")
    change(raw)
    with pytest.raises(PracticeError, match=re.escape(message)):
        parse(raw, "bad.json")


def test_a_directory_with_a_broken_or_misnamed_file_names_it(tmp_path: Path) -> None:
    (tmp_path / "a-practice.json").write_text(json.dumps(good()))
    assert list(load(tmp_path)) == ["a-practice"]
    (tmp_path / "other-name.json").write_text(json.dumps(good()))
    with pytest.raises(PracticeError, match=r"other-name\.json: the slug must match"):
        load(tmp_path)
    (tmp_path / "other-name.json").write_text("{not json")
    with pytest.raises(PracticeError, match=r"other-name\.json: not valid JSON"):
        load(tmp_path)


def test_steps_within_counts_whole_steps_only() -> None:
    short = PRACTICES["soothing-rhythm-breathing"].versions["short"]
    # 15 + 10 + 80 + 15 seconds.
    assert [short.steps_within(s) for s in (0, 14, 15, 24.9, 25, 104, 105, 120, 999)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        4,
        4,
    ]
    assert short.seconds_for(3) == 105
    with pytest.raises(ValueError):
        short.seconds_for(5)
