"""The features every linear model reads, computed the same way in training and use.

Three blocks, each L2-normalised on its own so that no block drowns the others:
- words: unigrams and bigrams of the cleaned text (`w:`),
- characters: 3- to 5-grams inside each word padded with spaces (`c:`), which carry
  misspellings, inflections and emoji,
- cues: counts of the hand-written patterns in `kindmind.language.cues` (`q:`).
Counts are damped as 1 + log(count) and words and characters are weighted by inverse
document frequency learnt in training. Only the first `text.MODEL_CHARS` characters count.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from kindmind.language import cues, text

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
CHAR_N = (3, 4, 5)
BLOCKS = ("w", "c", "q")


def words(cleaned: str) -> list[str]:
    return _WORD.findall(cleaned)


def _ngrams(token: str) -> tuple[str, ...]:
    """A word's character n-grams."""
    padded = " " + token + " "
    size = len(padded)
    return tuple("c:" + padded[i : i + n] for n in CHAR_N if size >= n for i in range(size - n + 1))


# For training (cached: most words of a text are common words). The vectoriser a server
# uses keeps indices of its own and does not fill this cache (see FastVectoriser).
_char_ngrams = lru_cache(maxsize=65_536)(_ngrams)

# Words whose character n-gram indices a FastVectoriser keeps, the first ones it meets.
# A server process that read many different words (names, misspellings) grew by 144 MB
# with the cap at 200,000 and the training cache above filling beside it (6,000 texts of
# 40 made-up words: 56 MB of kept indices, about 280 bytes a word, and 88 MB of n-gram
# tuples); with this cap and that cache left alone, by 6 MB. The words met first are
# mostly the common ones; a word not kept costs its n-grams' look-ups again, a few
# microseconds.
CHAR_INDEX_WORDS = 20_000


def raw_features(source: str | text.Prepared) -> dict[str, Counter[str]]:
    """Feature counts per block, before weighting (training and use both start here)."""
    prepared = (
        source if isinstance(source, text.Prepared) else text.prepare(source[: text.MODEL_CHARS])
    )
    tokens = words(prepared.cleaned[: text.MODEL_CHARS])
    word_counts: Counter[str] = Counter("w:" + token for token in tokens)
    word_counts.update("w:" + a + "_" + b for a, b in pairwise(tokens))
    char_counts: Counter[str] = Counter()
    for token, count in Counter(tokens).items():
        grams = _char_ngrams(token)
        if count == 1:
            char_counts.update(grams)
        else:
            for gram in grams:
                char_counts[gram] += count
    normalised = prepared.normalised[: text.MODEL_CHARS + 500]
    cue_counts = Counter(
        {"q:" + name: count for name, count in cues.cue_counts(normalised).items()}
    )
    return {"w": word_counts, "c": char_counts, "q": cue_counts}


def block_values(
    indices: npt.NDArray[np.intp],
    counts: npt.NDArray[np.float32],
    idf: npt.NDArray[np.float32] | None,
) -> npt.NDArray[np.float32]:
    """Damped counts, times idf, L2-normalised: the values of one block's known features."""
    values = 1.0 + np.log(counts)
    if idf is not None:
        values = values * idf[indices]
    norm = float(np.sqrt(np.dot(values, values)))
    if norm > 0:
        values = values / norm
    return values.astype(np.float32)


class FastVectoriser:
    """The same vector as `weighted(raw_features(...))`, faster for use: each word's
    character n-grams are looked up once and kept as vocabulary indices."""

    def __init__(self, vocabulary: dict[str, int], idf: npt.NDArray[np.float32]) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self._chars: dict[str, npt.NDArray[np.intp]] = {}

    def _char_indices(self, token: str) -> npt.NDArray[np.intp]:
        found = self._chars.get(token)
        if found is None:
            get = self.vocabulary.get
            found = np.array(
                [i for i in (get(g) for g in _ngrams(token)) if i is not None], dtype=np.intp
            )
            if len(self._chars) < CHAR_INDEX_WORDS:
                self._chars[token] = found
        return found

    def vector(
        self, prepared: text.Prepared
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
        tokens = words(prepared.cleaned[: text.MODEL_CHARS])
        get = self.vocabulary.get
        parts_i: list[npt.NDArray[np.intp]] = []
        parts_v: list[npt.NDArray[np.float32]] = []
        # words
        word_counts: Counter[str] = Counter("w:" + token for token in tokens)
        word_counts.update("w:" + a + "_" + b for a, b in pairwise(tokens))
        known = [(i, c) for i, c in ((get(f), c) for f, c in word_counts.items()) if i is not None]
        if known:
            indices = np.array([k[0] for k in known], dtype=np.intp)
            parts_i.append(indices)
            parts_v.append(
                block_values(indices, np.array([k[1] for k in known], dtype=np.float32), self.idf)
            )
        # characters
        pieces = []
        for token, count in Counter(tokens).items():
            found = self._char_indices(token)
            pieces.extend([found] * count)
        if pieces:
            joined = np.concatenate(pieces)
            if len(joined):
                indices, counts = np.unique(joined, return_counts=True)
                parts_i.append(indices)
                parts_v.append(block_values(indices, counts.astype(np.float32), self.idf))
        # cues
        normalised = prepared.normalised[: text.MODEL_CHARS + 500]
        cue = [(get("q:" + n), c) for n, c in cues.cue_counts(normalised).items()]
        cue = [(i, c) for i, c in cue if i is not None]
        if cue:
            indices = np.array([k[0] for k in cue], dtype=np.intp)
            parts_i.append(indices)
            parts_v.append(
                block_values(indices, np.array([k[1] for k in cue], dtype=np.float32), self.idf)
            )
        if not parts_i:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        return np.concatenate(parts_i), np.concatenate(parts_v)


def weighted(
    blocks: dict[str, Counter[str]],
    vocabulary: dict[str, int],
    idf: npt.NDArray[np.float32] | None = None,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """Indices and values of the known features: damped counts, times idf, L2 per block."""
    all_indices: list[npt.NDArray[np.intp]] = []
    all_values: list[npt.NDArray[np.float32]] = []
    get = vocabulary.get
    for block in BLOCKS:
        counts = blocks[block]
        if not counts:
            continue
        found = np.array([get(feature, -1) for feature in counts], dtype=np.intp)
        known = found >= 0
        if not known.any():
            continue
        indices = found[known]
        all_indices.append(indices)
        all_values.append(
            block_values(indices, np.array(list(counts.values()), dtype=np.float32)[known], idf)
        )
    if not all_indices:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
    return np.concatenate(all_indices), np.concatenate(all_values)
