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

import logging
import math
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from kindmind.language import crisis, cues, detect, encoder, model
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
    """Loads the committed models once; `analyse` one text, `analyse_many` a batch.

    The sentence encoder under the models (`encoder.py`) is loaded with them. If its
    files are missing or damaged, `EncoderUnavailable` names the file; the crisis rules
    (the floor) need none of it, so `crisis_floor_only()` still reads every text."""

    def __init__(self, directory: Path = model.ARTEFACTS) -> None:
        self.directory = directory
        self.models = model.load(directory)
        self._column = self.models.outputs
        self._crisis_threshold = float(self.models.meta["crisis_model_threshold"])
        self._urgent_threshold = float(self.models.meta.get("crisis_urgent_threshold", 1.0))
        self.encoder = encoder.default_encoder() if self.models.dense is not None else None

    def _embed(self, texts: list[str]) -> list[Any]:
        """Each text's embedding (None where the models need none), in one batch."""
        if self.encoder is None or not texts:
            return [None] * len(texts)
        return list(self.encoder.embed(texts))

    def analyse(self, text: str) -> dict[str, Any]:
        return self.analyse_many([text])[0]

    def analyse_many(self, texts: Iterable[str]) -> list[dict[str, Any]]:
        """Every text at once: the encoder reads them in batches, the rest text by text."""
        cleaned = []
        for text in texts:
            if not isinstance(text, str):
                raise TypeError("text must be a string")
            cleaned.append(_SURROGATES.sub("\ufffd", text))
        languages = [detect.detect(text) for text in cleaned]
        prepared = [text_forms.prepare(text) for text in cleaned]
        supported = [detect.is_supported(language) for language in languages]
        read = [text_forms.encoder_text(p) for p, ok in zip(prepared, supported, strict=True) if ok]
        vectors = iter(self._embed(read))
        return [
            self._one(text, language, p, next(vectors) if ok else None, ok)
            for text, language, p, ok in zip(cleaned, languages, prepared, supported, strict=True)
        ]

    def _one(
        self,
        text: str,
        language: str,
        prepared: text_forms.Prepared,
        embedding: Any,
        supported: bool,
    ) -> dict[str, Any]:
        found = crisis.rules(prepared, self.directory)
        if not supported:
            return _rules_only(language, found, self._crisis_threshold)
        raw = self.models.raw_scores(prepared, embedding)
        column = self._column
        urgency = column.get("crisis_urgent")
        # A text with no rule and no word from any of the fields of meaning of risk
        # (cues.py: a means, a decision, an end, vanishing, a burden ...) is raised by the
        # models only when they are as sure as the urgent band (P(risk) >= 0.8). With the
        # encoder in, instructions ("leave both empty", "start again
        # whenever you like") read as risk at 0.7-0.87: close in meaning to leaving and
        # ending, far from the everyday texts the models learnt "none" from. A gate on the
        # risk words alone cost ten points of recall; this one seven texts in 784 of the
        # blind sets (MODEL_CARD.md, "Known failure modes").
        risk = _sigmoid(float(raw[column["crisis_risk"]]))
        heard = found.level > 0 or _has_risk_words(prepared) or risk >= crisis.URGENT_BAND
        level, score = crisis.decide(
            found,
            risk if heard else None,
            self._crisis_threshold,
            None if urgency is None or not heard else _sigmoid(float(raw[urgency])),
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
            # The words change person; the meaning read from the text as written stays
            # (a second encoder run here doubled the time of a third of long texts).
            again = self.models.raw_scores(text_forms.prepare(view), embedding)
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


# The risk fields of cues.py that say when, not what: "right now", "tonight" are not risk
# by themselves ("what do I need right now?" in a soothing practice).
_ONLY_WHEN = frozenset({"risk_now", "risk_time_soon"})


def _has_risk_words(prepared: text_forms.Prepared) -> bool:
    """Whether any of the risk fields of meaning in cues.py, other than the two that only
    say when, occurs in the text (as the models read it: the same stretch of it)."""
    counts = cues.cue_counts(prepared.normalised[: text_forms.MODEL_CHARS + 500])
    return any(name.startswith("risk_") and name not in _ONLY_WHEN for name in counts)


def _rules_only(language: str, found: crisis.Rules, threshold: float) -> dict[str, Any]:
    """The crisis rules' reading alone, every model output null."""
    level, score = crisis.decide(found, None, threshold)
    return {
        "language": language,
        "supported": False,
        "crisis": {"level": level, "score": score},
        "self_criticism": {"score": None, "form": None},
        "thinking_patterns": dict.fromkeys(PATTERNS),
        "warmth": {"score": None},
        "systems": dict.fromkeys(SYSTEMS),
    }


@cache
def default_analyser() -> Analyser:
    """One shared Analyser per process (the models are read once, on first use)."""
    return Analyser()


_told_broken = False


def analyse(text: str) -> dict[str, Any]:
    """Analyse one text with the committed models (see the module docstring).

    If the models or the encoder's files are missing or damaged, the crisis rules still
    read the text (the floor never depends on a file that can break), every model output
    is null, and the problem, naming the file, is logged once per process."""
    try:
        analyser = default_analyser()
    except (model.MissingArtefacts, encoder.EncoderUnavailable) as error:
        global _told_broken
        if not _told_broken:
            _told_broken = True
            logging.getLogger(__name__).error("language models unavailable: %s", error)
        safe = _SURROGATES.sub("\ufffd", text)
        language = detect.detect(safe)
        return _rules_only(language, crisis.rules(text_forms.prepare(safe)), 1.0)
    return analyser.analyse(text)


__all__ = ["FORMS", "PATTERNS", "SYSTEMS", "Analyser", "analyse", "default_analyser"]
