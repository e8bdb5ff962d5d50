"""Turning raw input into the forms every signal reads. No Django, no I/O.

`normalise` is what the crisis rules and the cue patterns match against: lower case,
one kind of apostrophe, contractions spelt out ("don't" -> "do not", "i'm" -> "i am"),
punctuation as spaces, single spaces. The linear models see `clean` text (lower case,
NFKC, apostrophes unified) through `kindmind.language.features`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Texts longer than this are read in full by the crisis rules but only this much of them
# feeds the linear models, so one pasted book cannot hold up a worker (documented in
# MODEL_CARD.md).
MODEL_CHARS = 5_000

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Scots forms, common enough in writing to spell out.
_SCOTS = {
    "cannae": "can not",
    "canna": "can not",
    "dinnae": "do not",
    "dinna": "do not",
    "didnae": "did not",
    "doesnae": "does not",
    "isnae": "is not",
    "wasnae": "was not",
    "wouldnae": "would not",
    "couldnae": "could not",
    "willnae": "will not",
    "havenae": "have not",
    "nae": "no",
    "oot": "out",
    "gonnae": "going to",
    "dae": "do",
    "daein": "doing",
    "ahm": "i am",
    "ah'm": "i am",
    "anythin": "anything",
    "naebody": "nobody",
    "naethin": "nothing",
    "naething": "nothing",
    "anymair": "anymore",
    "masel": "myself",
}
_SIMPLE = {
    "cant": "can not",
    "can't": "can not",
    "cannot": "can not",
    "wont": "will not",
    "won't": "will not",
    "aint": "am not",
    "ain't": "am not",
    "im": "i am",
    "i'm": "i am",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    **_SCOTS,
}
_SUFFIXES = {
    "n't": " not",
    "nt": " not",
    "'ll": " will",
    "'ve": " have",
    "'d": " would",
    "'re": " are",
    "'s": " is",
}
# One pass over the text for every contraction we spell out.
_CONTRACTION = re.compile(
    r"\b(?:can'?t|cannot|won'?t|ain'?t|i'?m|gonna|wanna|gotta"
    + "".join("|" + re.escape(word) for word in _SCOTS)
    + r"|(?:do|does|did|is|are|was|were|have|has|had|would|should|could|must|need)n'?t"
    r"|(?:i|you|we|they|he|she|it|that|there)'ll|(?:i|you|we|they)'ve|(?:i|you|we|they|he|she)'d"
    r"|(?:you|we|they)'re|(?:it|that|there|what|he|she|here)'s)\b"
)


def _expand(match: re.Match[str]) -> str:
    word = match.group()
    simple = _SIMPLE.get(word)
    if simple is not None:
        return simple
    for suffix in ("n't", "nt", "'ll", "'ve", "'d", "'re", "'s"):
        if word.endswith(suffix):
            return word[: -len(suffix)] + _SUFFIXES[suffix]
    return word


_NOT_WORD = re.compile(r"[^\w']+")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC, lower case, apostrophes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return _SPACES.sub(" ", text).strip()


def _normalise_clean(text: str) -> str:
    text = _CONTRACTION.sub(_expand, text)
    text = _NOT_WORD.sub(" ", text).replace("'", "")
    return " " + _SPACES.sub(" ", text).strip() + " "


def normalise(text: str) -> str:
    """`clean`, then contractions spelt out and punctuation turned into spaces.

    The result starts and ends with a space, so patterns can use " word " boundaries.
    """
    return _normalise_clean(clean(text))


_SENTENCE_END = re.compile(r"[.!?;\n]+")


@dataclass(frozen=True)
class Prepared:
    """One text in every form the signals read, computed once per text."""

    raw: str
    cleaned: str  # `clean(raw)`
    sentences: tuple[str, ...]  # each sentence `normalise`d (for negation scope)
    normalised: str  # the sentences joined: `normalise(raw)` without sentence punctuation


def prepare(raw: str) -> Prepared:
    base = unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES).lower()
    sentences = tuple(_normalise_clean(part) for part in _SENTENCE_END.split(base) if part.strip())
    normalised = (
        " " + " ".join(sentence.strip() for sentence in sentences) + " " if sentences else " "
    )
    return Prepared(
        raw=raw, cleaned=_SPACES.sub(" ", base).strip(), sentences=sentences, normalised=normalised
    )
