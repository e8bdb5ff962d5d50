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


# Second-person speech read as the person's own (issue 14, item 4). The critic speaks to
# the person ("you are pathetic, you ruin everything"); the self-criticism model learnt
# self-attack mostly in the first person ("I am pathetic"). A rough rewording, for reading
# only, never shown. `kindmind/critic/tone.py` rewords the critic's field the same way.
_SECOND = re.compile(r"\b(?:you|u|ya|your|ur|yours|yourself|urself|you're|you've|you'll|you'd)\b")
_FIRST = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'll|i'd|im|ive)\b")
_TO_FIRST = [
    (re.compile(r"\b(?:you|u)'?re\b|\byou are\b|\bu r\b|\bu are\b"), "i am"),
    (re.compile(r"\byou were\b"), "i was"),
    (re.compile(r"\byou'?ve\b"), "i have"),
    (re.compile(r"\byou'?ll\b"), "i will"),
    (re.compile(r"\byou'd\b"), "i would"),
    (re.compile(r"\b(?:yourself|urself|ur self)\b"), "myself"),
    (re.compile(r"\byours\b"), "mine"),
    (re.compile(r"\b(?:your|ur)\b"), "my"),
    # "you" opening a clause is the subject ("you never..."), elsewhere the object.
    (
        re.compile(
            r"(^|[.,;:!?]\s*|\b(?:and|but|so|because|when|if|that|why|how)\s+)(?:you|u|ya)\b"
        ),
        r"\1i",
    ),
    (re.compile(r"\b(do|did|can|could|will|would|should|must|have|had)\s+(?:you|u)\b"), r"\1 i"),
    (re.compile(r"\b(?:you|u|ya)\b"), "me"),
]


def encoder_text(prepared: Prepared) -> str:
    """What the sentence encoder reads of a text: the cleaned text, cut where the models
    stop reading. Training and use both take it from here, so they embed the same words."""
    return prepared.cleaned[:MODEL_CHARS]


def first_person_view(cleaned: str) -> str | None:
    """The text reworded into the first person when it speaks to "you" and the writer is
    not in it as "I" ("I think you're an idiot" is about someone else); None otherwise.
    `cleaned` is `clean` output (lower case, one kind of apostrophe)."""
    if not _SECOND.search(cleaned) or _FIRST.search(cleaned):
        return None
    for pattern, replacement in _TO_FIRST:
        cleaned = pattern.sub(replacement, cleaned)
    return cleaned
