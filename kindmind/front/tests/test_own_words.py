"""Our own words pass our own check (PRODUCT.md principle 1): every user-facing string
in templates and code is read by kindmind.language, and none may read as self-critical,
as risk language or as cold, except the reviewed exceptions below.

Coldness is checked where the warmth model is on its own ground: sentences of six words
or more that speak to the person ("you", "your"), as a reply does. It reads labels and
headings poorly, and "not" pulls its score down even in a warm sentence ("That isn't
your fault"), so those few are listed and were read by a person. People still read every
page for tone.
"""

import re
from pathlib import Path

import pytest

from kindmind.language import analyse

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

KINDMIND = Path(__file__).resolve().parents[2]

# Reviewed exceptions: words that quote a critic's voice or a person's own answers on
# purpose, so that a person can recognise them. Each was read and kept deliberately.
QUOTED = {
    # Examples of what a critic fears would happen if it stopped (critic flow). Since the
    # models read meaning (issue 14) they hear these fears as the self-criticism they are.
    "I'd make more mistakes",
    "I'd become lazy",
    "I'd become selfish or arrogant",
    # Examples of what the critic may be trying to do (critic flow).
    "keep me safe from being hurt again",
    "keep my hopes low, so I won't be disappointed",
    "keep me from being rejected or left out",
    "stop me making mistakes",
    # The safety plan's own Stanley-Brown heading, in the person's voice.
    "What matters to me, and what I am living for",
    # Short button labels the models misread (no sentence around them to read): the
    # practice player's stop button, and answers to the safety check's question.
    "I need to stop",
    "I'm not sure",
    "No, I'm not",
    # The safety plan's "internal coping" heading, in the person's voice; the crisis model
    # reads "get through" as a faint sign of risk.
    "Things I can do on my own to get through",
    # The threat-focused formulation's own heading (CONTENT.md, "Formulation"), in the
    # person's voice: it names the place in the loop where self-criticism and shame sit,
    # so the model hears them in it (0.89). Every rewording kept the meaning and the score.
    "How I then relate to myself",
    # Not a quote: a known misreading, kept here so the failure stays in sight rather than
    # the sentence being reworded around it. The reminders page's quiet-hours hint is an
    # instruction about leaving fields empty; the meaning-level crisis models hear leaving,
    # emptiness and "none" arriving, with P(risk) 0.87 (MODEL_CARD.md, "Known failure
    # modes": instructions are a kind of text they never learnt "none" from).
    "No reminder arrives between these times. Leave both empty for none.",
}

COLD_BELOW = 0.1
# Reviewed: warm or neutral sentences that the warmth model scores as cold, almost all
# because of "not" or "nobody" (a bag of words cannot see what is negated).
NOT_COLD = {
    "In your own words. Leave out anything you don't want to write yet.",
    "Nobody else has looked at your data.",
    "A score is information about how things have been, not a judgement of you.",
    "Many critics echo someone from long ago. That isn't your fault.",
    "This is what we mean by a tricky brain. You did not design it. Nobody chose it. It is "
    "not a sign that something is wrong with you. It is how human brains work.",
    # Plain, neutral sentences, read again after the encoder came in (issue 14): questions,
    # permissions and statements of fact that the warmth model finds too plain to be warm.
    "How does the part of you being criticised feel?",
    "Only a record that things happened, with no words and no name in it, such as the date "
    "a page was looked at. It no longer points to you.",
    "These words sound harsh. Critics often speak this way when they are trying to protect "
    "you from something they fear.",
    "You aren't sharing anything with anyone.",
    "You may leave one question empty if it really doesn't fit.",
}


def speaks_to_the_person(text: str) -> bool:
    return len(text.split()) >= 6 and re.search(r"\byou(?:r|rs|rself)?\b", text, re.I) is not None


def user_facing_strings() -> set[str]:
    found: set[str] = set()
    for path in KINDMIND.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'\{%\s*translate\s+"([^"]+)"', text))
        for block in re.findall(
            r"\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*(?:plural|endblocktranslate)", text, re.S
        ):
            found.add(re.sub(r"\s+", " ", block).strip())
    for path in KINDMIND.rglob("*.py"):
        if "tests" in path.parts or "language" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r'\b_\(\s*((?:"[^"]*"\s*)+)\)', text):
            found.add("".join(re.findall(r'"([^"]*)"', call)))
    return {s for s in found if len(s.split()) >= 3}


STRINGS = sorted(user_facing_strings())


def test_the_strings_were_found() -> None:
    assert len(STRINGS) > 300
    assert "Sign out" not in STRINGS  # three words or more only
    assert any("There are no right answers" in s for s in STRINGS)


def test_the_check_would_catch_a_harsh_sentence() -> None:
    harsh = "You failed again. I am so stupid and useless, I hate myself."
    assert analyse(harsh)["self_criticism"]["score"] >= 0.5


def test_the_coldness_check_would_catch_a_cold_sentence() -> None:
    for cold in (
        "You should have tried harder. No excuses.",
        "Stop whining and get on with it, you know what to do.",
        "Nobody cares how you feel, just fill in the form.",
    ):
        assert speaks_to_the_person(cold)
        assert (analyse(cold)["warmth"]["score"] or 0.0) < COLD_BELOW, cold


def test_no_sentence_to_the_person_reads_as_cold() -> None:
    cold = []
    for text in STRINGS:
        if text in NOT_COLD or text in QUOTED or not speaks_to_the_person(text):
            continue
        warmth = analyse(text)["warmth"]["score"]
        if warmth is not None and warmth < COLD_BELOW:
            cold.append(f"{warmth:.2f}: {text[:80]}")
    assert cold == [], "\n".join(cold)


def test_no_string_reads_as_self_critical_or_as_risk_language() -> None:
    flagged = []
    for text in STRINGS:
        if text in QUOTED:
            continue
        result = analyse(text)
        score = result["self_criticism"]["score"] or 0.0
        if score >= 0.5 or result["crisis"]["level"] != "none":
            flagged.append(f"{score:.2f} {result['crisis']['level']}: {text[:80]}")
    assert flagged == [], "\n".join(flagged)


@pytest.mark.parametrize("text", sorted(QUOTED | NOT_COLD))
def test_every_reviewed_exception_is_still_in_use(text: str) -> None:
    assert text in STRINGS
