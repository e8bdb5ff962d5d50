"""kindmind.language: what a piece of text says about risk, the inner critic, thinking
patterns, warmth and the three systems. Pure Python and numpy; no Django, no downloads.

    >>> from kindmind.language import analyse
    >>> analyse("I always mess everything up")["thinking_patterns"]["overgeneralising"] > 0.5
    True

`analyse(text)` returns the dictionary that `kindmind analyse` prints per line (without
the id): language, supported, crisis {level, score}, self_criticism {score, form},
thinking_patterns {name: p}, warmth {score}, systems {threat, drive, soothing}.
For texts the models were not built for (`supported` is false: not English, empty, emoji
only) the model outputs are null rather than guesses; crisis still runs its rules.
See MODEL_CARD.md: this is not a diagnostic tool.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kindmind.language import crisis, cues, detect, model
from kindmind.language import text as text_forms

PATTERNS = (
    "all_or_nothing",
    "overgeneralising",
    "labelling",
    "should_statements",
    "catastrophising",
    "mind_reading",
    "fortune_telling",
    "personalising",
    "blaming",
    "emotional_reasoning",
    "disqualifying_positive",
    "mental_filter",
    "comparing",
)
SYSTEMS = ("threat", "drive", "soothing")
FORMS = ("none", "inadequate", "hated")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def _p(value: float) -> float:
    return round(_sigmoid(value), 4)


class Analyser:
    """Loads the committed models once; `analyse` one text, `analyse_many` a batch."""

    def __init__(self, directory: Path = model.ARTEFACTS) -> None:
        self.directory = directory
        self.models = model.load(directory)
        self._column = self.models.outputs
        self._crisis_threshold = float(self.models.meta["crisis_model_threshold"])
        self._urgent_threshold = float(self.models.meta.get("crisis_urgent_threshold", 1.0))

    def analyse(self, text: str) -> dict[str, Any]:
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        text = _SURROGATES.sub("\ufffd", text)
        language = detect.detect(text)
        supported = detect.is_supported(language)
        prepared = text_forms.prepare(text)
        found = crisis.rules(prepared, self.directory)
        if not supported:
            level, score = crisis.decide(found, None, self._crisis_threshold)
            return {
                "language": language,
                "supported": False,
                "crisis": {"level": level, "score": score},
                "self_criticism": {"score": None, "form": None},
                "thinking_patterns": dict.fromkeys(PATTERNS),
                "warmth": {"score": None},
                "systems": dict.fromkeys(SYSTEMS),
            }
        raw = self.models.raw_scores(prepared)
        column = self._column
        urgency = column.get("crisis_urgent")
        level, score = crisis.decide(
            found,
            _sigmoid(float(raw[column["crisis_risk"]])),
            self._crisis_threshold,
            None if urgency is None else _sigmoid(float(raw[urgency])),
            self._urgent_threshold,
        )
        critic_raw, hated_raw = (
            float(raw[column["self_criticism"]]),
            float(raw[column["form_hated"]]),
        )
        # Second-person speech ("you are pathetic, you ruin everything") is how a critic
        # speaks; read it also as the person would say it of themselves, and keep the
        # stronger reading (issue 14, item 4; MODEL_CARD.md says what this costs).
        view = None
        if cues.harsh_to_you(prepared.normalised[: text_forms.MODEL_CHARS + 500]):
            view = text_forms.first_person_view(prepared.cleaned[: text_forms.MODEL_CHARS])
        if view is not None:
            again = self.models.raw_scores(text_forms.prepare(view))
            if float(again[column["self_criticism"]]) > critic_raw:
                critic_raw = float(again[column["self_criticism"]])
                hated_raw = float(again[column["form_hated"]])
        critic = _p(critic_raw)
        form = "none"
        if critic >= 0.5:
            form = "hated" if hated_raw >= 0 else "inadequate"
        logits = np.array([raw[column["system:" + name]] for name in SYSTEMS], dtype=np.float64)
        exp = np.exp(logits - logits.max())
        shares = exp / exp.sum()
        threat, drive = round(float(shares[0]), 4), round(float(shares[1]), 4)
        return {
            "language": language,
            "supported": True,
            "crisis": {"level": level, "score": score},
            "self_criticism": {"score": critic, "form": form},
            "thinking_patterns": {
                name: _p(float(raw[column["pattern:" + name]])) for name in PATTERNS
            },
            "warmth": {"score": _p(float(raw[column["warmth"]]))},
            "systems": {
                "threat": threat,
                "drive": drive,
                "soothing": round(1.0 - threat - drive, 4),
            },
        }

    def analyse_many(self, texts: Iterable[str]) -> list[dict[str, Any]]:
        return [self.analyse(text) for text in texts]


@cache
def default_analyser() -> Analyser:
    """One shared Analyser per process (the models are read once)."""
    return Analyser()


def analyse(text: str) -> dict[str, Any]:
    """Analyse one text with the committed models (see the module docstring)."""
    return default_analyser().analyse(text)


__all__ = ["FORMS", "PATTERNS", "SYSTEMS", "Analyser", "analyse", "default_analyser"]
