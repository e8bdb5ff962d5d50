"""The curated emotion words of the check-in and the system each belongs to.

The list is data (data/emotions.json) so that it can be reviewed and translated without
touching code. Each word belongs to exactly one system; tests hold that.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SYSTEMS = ("threat", "drive", "soothing")


@cache
def words_by_system() -> dict[str, tuple[str, ...]]:
    raw = json.loads((Path(__file__).parent / "data" / "emotions.json").read_text())
    return {system: tuple(raw["systems"][system]) for system in SYSTEMS}


@cache
def system_of() -> dict[str, str]:
    return {word: system for system, words in words_by_system().items() for word in words}
