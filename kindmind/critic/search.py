"""Search over one person's own words, in Python rather than in SQL.

Why not the database: free text will be encrypted at rest (PRODUCT.md principle 3), and
SQL cannot look inside ciphertext. The view loads only the searcher's own texts (already
decrypted by the model fields once that lands) and this module matches them, so search
keeps working, and can never reach anyone else's words. A person's own entries are a few
hundred texts at most: milliseconds.

Matching ignores case and accents ("cafe" finds "Café"); every word of the query must
appear somewhere in the entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SNIPPET_AROUND = 60


def _fold_char(c: str) -> str:
    decomposed = unicodedata.normalize("NFKD", c)
    return "".join(x for x in decomposed if not unicodedata.combining(x)).casefold()


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    # The same as folding each character (marks are dropped, so their order after
    # decomposition doesn't matter), at the speed of one call per text.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(x for x in decomposed if not unicodedata.combining(x)).casefold()


def terms(query: str) -> list[str]:
    return [t for t in (fold(w) for w in query.split()) if t]


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str


def _find(text: str, term: str) -> tuple[int, int] | None:
    """Where `term` (folded) occurs in `text`, as indices into the original text."""
    folded: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        for x in _fold_char(c):
            folded.append(x)
            origin.append(i)
    at = "".join(folded).find(term)
    if at < 0:
        return None
    return origin[at], origin[at + len(term) - 1] + 1


def snippet(text: str, term: str) -> Snippet | None:
    found = _find(text, term)
    if found is None:
        return None
    start, end = found
    lo = max(0, start - SNIPPET_AROUND)
    hi = min(len(text), end + SNIPPET_AROUND)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return Snippet(before, text[start:end], after)


def matches(texts: Iterable[str], query_terms: list[str]) -> bool:
    folded = fold("\n".join(texts))
    return bool(query_terms) and all(t in folded for t in query_terms)
