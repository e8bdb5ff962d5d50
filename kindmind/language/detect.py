"""Which language a text is in: lingua's n-gram models, restricted to the languages
kindmind names (issue 14, item 3).

The models were built for English only, so the decision that matters is "English or
not"; naming the other language is a courtesy. The detector knows English and the 17
other languages whose most direct crisis phrases `crisis.py` holds, no more: fewer
languages load faster and confuse English less. Texts in scripts none of them uses
(Hebrew, Greek, Thai, ...) come back as "und".

It runs in lingua's low-accuracy mode (trigram models only): the high-accuracy models
took 5-7 s and 300-430 MB to load here, far beyond kindmind's 1.5 s start-up budget (see
docs/decisions/0003-language-approach.md for the figures). Low accuracy is unreliable on
texts shorter than about 120 characters, and short English messages ("im done", "hate
myself") came back as Indonesian or German, which would switch the models off for the
short messages people write at hard moments. So a text is named as another language only
when lingua gives that language at least `MIN_CONFIDENCE`; otherwise it is read as
English, as most short Latin-script fragments here are.

Returns an ISO 639-1 code, "und" when there is nothing to go on (no letters, emoji only,
digits, or letters of a script none of the languages uses).
"""

from __future__ import annotations

import threading

from lingua import ConfidenceValue, Language, LanguageDetector, LanguageDetectorBuilder

# English, and the languages of crisis.py's direct phrases in other languages.
LANGUAGES = (
    Language.ENGLISH,
    Language.ARABIC,
    Language.CHINESE,
    Language.DANISH,
    Language.DUTCH,
    Language.FRENCH,
    Language.GERMAN,
    Language.HINDI,
    Language.INDONESIAN,
    Language.ITALIAN,
    Language.JAPANESE,
    Language.KOREAN,
    Language.POLISH,
    Language.PORTUGUESE,
    Language.RUSSIAN,
    Language.SPANISH,
    Language.SWEDISH,
    Language.TURKISH,
)
# Lingua reads at most this many characters of a text: the language shows in the first
# lines, and a 100,000-character text must not cost more than an ordinary one. (1,000 took
# 1.8 ms of a long text's 20 ms budget once the encoder was in; 500 takes under half.)
SAMPLE_CHARS = 500
# How sure lingua must be of a language other than English before a text is named as it.
# Chosen on GoEmotions dev (real English Reddit comments) and the team's own short
# sentences in the other languages; the figures are in docs/decisions/0003.
MIN_CONFIDENCE = 0.9
# Letters-only fragments this short and with no trigram lingua knows ("ok", "hi") are read
# as English, the way most of them are here.
_FEW_WORDS = 3

_lock = threading.Lock()
_built: list[LanguageDetector] = []


def detector() -> LanguageDetector:
    """The one detector of this process, built on first use (about 0.1 s)."""
    if not _built:
        with _lock:
            if not _built:
                _built.append(
                    LanguageDetectorBuilder.from_languages(*LANGUAGES)
                    .with_low_accuracy_mode()
                    .with_preloaded_language_models()
                    .build()
                )
    return _built[0]


def _confidences(sample: str) -> list[ConfidenceValue]:
    try:
        return detector().compute_language_confidence_values(sample)
    except UnicodeEncodeError:  # a lone surrogate cannot cross into lingua's Rust code
        clean = sample.encode("utf-8", "replace").decode("utf-8")
        return detector().compute_language_confidence_values(clean)


def detect(raw: str) -> str:
    """The ISO 639-1 code of `raw`'s language, or "und"."""
    sample = raw[:SAMPLE_CHARS]
    if not any(char.isalpha() for char in sample):
        return "und"
    values = _confidences(sample)
    if not values or values[0].value == 0.0:
        # Lingua found nothing to go on: too short for a trigram, or a script none of the
        # languages uses.
        words = sample.split()
        if sample.isascii() and len(words) <= _FEW_WORDS:
            return "en"
        return "und"
    best = values[0]
    if best.language is not Language.ENGLISH and best.value < MIN_CONFIDENCE:
        return "en" if _latin(sample) else best.language.iso_code_639_1.name.lower()
    return best.language.iso_code_639_1.name.lower()


def _latin(sample: str) -> bool:
    """Whether most of the letters are Latin (only then can English be the answer)."""
    letters = [char for char in sample if char.isalpha()]
    latin = sum(1 for char in letters if char.isascii() or "\u00c0" <= char <= "\u024f")
    return latin * 2 > len(letters)


def is_supported(code: str) -> bool:
    """The models were built for English texts only."""
    return code == "en"
