"""Gentle tone support, from kindmind.language when it is installed.

The one place the critic app touches the language module. It is imported lazily, and
every function here answers None when the module is missing or fails: the flow is then
the same, minus these hints. Hints never score or block anything: they only notice when
the critic's words read as harsh (so the page can say what harsh critics are usually
trying to do, rather than name a "thinking pattern"; the patterns the module finds
are read, never shown), and offer a soft, optional suggestion when a compassionate
reply reads as cold, commanding or critical.

What we rely on from the module: `analyse(text) -> dict` with "self_criticism"
({"score": 0..1}), "thinking_patterns" ({name: 0..1}) and "warmth" ({"score": 0..1});
scores may be None for text the models don't support. Anything else is ignored.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# A phrase counts as self-critical, or as showing a pattern, from this probability on.
LIKELY = 0.5
# A reply whose warmth score is under this reads as cool (the module's 0-1 scale).
COOL = 0.3
# Below this many letters a reply is still being started: no suggestion yet.
REPLY_MIN_LETTERS = 25
# At most this many sentences of the critic's words are analysed (a few ms each).
MAX_SENTENCES = 80

_SENTENCE_END = re.compile(r"(?<=[.!?;\n])")


def _import() -> Any:
    return importlib.import_module("kindmind.language")


def _load() -> Callable[[str], Any] | None:
    try:
        module = _import()
    except ImportError:
        return None
    except Exception as exc:
        # Installed but broken: the flow goes on without hints rather than fail.
        logger.warning("kindmind.language cannot be imported (%s); no hints", type(exc).__name__)
        return None
    analyse = getattr(module, "analyse", None)
    return analyse if callable(analyse) else None


def analyse(text: str) -> dict[str, Any] | None:
    """The language module's analysis of `text`, or None without it (or if it fails)."""
    run = _load()
    if run is None:
        return None
    try:
        result = run(text)
    except Exception as exc:
        # Never the text itself in a log line, and never a broken page for a hint.
        logger.warning("kindmind.language.analyse failed (%s); no hints", type(exc).__name__)
        return None
    return result if isinstance(result, dict) else None


def _probability(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        for key in ("p", "probability", "score"):
            if isinstance(value.get(key), int | float):
                return float(value[key])
    return None


def _any_pattern(result: dict[str, Any]) -> bool:
    found = result.get("thinking_patterns")
    if not isinstance(found, dict):
        return False
    return any((_probability(p) or 0.0) >= LIKELY for p in found.values())


@dataclass(frozen=True)
class Piece:
    """A stretch of the critic's words; `marked` when it reads as self-critical."""

    text: str
    marked: bool = False


_SECOND_PERSON = [
    (re.compile(r"\byou are\b", re.I), "I am"),
    (re.compile(r"\byou(?:'|\u2019)re\b", re.I), "I'm"),
    (re.compile(r"\byou were\b", re.I), "I was"),
    (re.compile(r"\byou(?:'|\u2019)ve\b", re.I), "I've"),
    (re.compile(r"\byou(?:'|\u2019)ll\b", re.I), "I'll"),
    (re.compile(r"\byou(?:'|\u2019)d\b", re.I), "I'd"),
    (re.compile(r"\byourself\b", re.I), "myself"),
    (re.compile(r"\byours\b", re.I), "mine"),
    (re.compile(r"\byour\b", re.I), "my"),
    # "you" opening a clause is the subject ("you never..."), elsewhere the object.
    (re.compile(r"(^|[.,;:!?]\s*|\b(?:and|but|so|because|when|if|that)\s+)you\b", re.I), r"\1I"),
    # ...and after an auxiliary in a question ("why do you...").
    (
        re.compile(r"\b(do|did|can|could|will|would|should|must|have|had)\s+you\b", re.I),
        r"\1 I",
    ),
    (re.compile(r"\byou\b", re.I), "me"),
]


def as_first_person(sentence: str) -> str:
    """The critic's words as the person would say them of themselves.

    The critic speaks to us ("you're useless"); text models of self-criticism learn it
    mostly in the first person ("I'm useless"). Reading both and keeping the stronger
    signal finds the critic's voice either way. A rough rewording, for analysis only:
    it is never shown.
    """
    for pattern, replacement in _SECOND_PERSON:
        sentence = pattern.sub(replacement, sentence)
    return sentence


def _strongest(first: dict[str, Any], second: dict[str, Any] | None) -> dict[str, Any]:
    if second is None:
        return first
    critic = max(
        _probability(first.get("self_criticism")) or 0.0,
        _probability(second.get("self_criticism")) or 0.0,
    )
    patterns: dict[str, float] = {}
    for result in (first, second):
        found = result.get("thinking_patterns")
        if isinstance(found, dict):
            for name, p in found.items():
                patterns[str(name)] = max(patterns.get(str(name), 0.0), _probability(p) or 0.0)
    return {"self_criticism": critic, "thinking_patterns": patterns}


def critic_pieces(text: str) -> list[Piece] | None:
    """The critic's words cut into sentences (joined again they are the text exactly),
    the self-critical ones marked. None without the module; an empty list when there is
    nothing to mark."""
    if _load() is None or not text.strip():
        return None
    pieces: list[Piece] = []
    analysed = 0
    any_marked = False
    for sentence in _SENTENCE_END.split(text):
        if not sentence:
            continue
        if not sentence.strip() or analysed >= MAX_SENTENCES:
            pieces.append(Piece(sentence))
            continue
        analysed += 1
        result = analyse(sentence)
        if result is None:
            return None
        reworded = as_first_person(sentence)
        if reworded != sentence:
            result = _strongest(result, analyse(reworded))
        critical = (_probability(result.get("self_criticism")) or 0.0) >= LIKELY
        marked = critical or _any_pattern(result)
        any_marked = any_marked or marked
        # Spaces and line breaks around a sentence stay outside its mark.
        core = sentence.strip()
        start = sentence.index(core)
        if start:
            pieces.append(Piece(sentence[:start]))
        pieces.append(Piece(core, marked=marked))
        if start + len(core) < len(sentence):
            pieces.append(Piece(sentence[start + len(core) :]))
    return pieces if any_marked else []


def sounds_harsh(text: str) -> bool:
    """Whether any of the critic's words read as self-critical (False without the
    module)."""
    return bool(critic_pieces(text))


@dataclass(frozen=True)
class ReplyHint:
    """How a reply reads: "critical", "commanding" or "cool" (the first that applies)."""

    reason: str


def reply_hint(text: str) -> ReplyHint | None:
    """A soft suggestion for a reply that reads as critical, commanding or cool; None
    when it reads kindly, is only just begun, or the module is missing."""
    if sum(c.isalpha() for c in text) < REPLY_MIN_LETTERS:
        return None
    result = analyse(text)
    if result is None:
        return None
    if (_probability(result.get("self_criticism")) or 0.0) >= LIKELY:
        return ReplyHint("critical")
    patterns = result.get("thinking_patterns")
    if isinstance(patterns, dict) and any(
        ("should" in str(name) or "command" in str(name) or "must" in str(name))
        and (_probability(p) or 0.0) >= LIKELY
        for name, p in patterns.items()
    ):
        return ReplyHint("commanding")
    warmth = _probability(result.get("warmth"))
    if warmth is not None and warmth < COOL:
        return ReplyHint("cool")
    return None
