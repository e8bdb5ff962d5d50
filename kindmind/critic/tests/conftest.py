"""Fixtures for the critic tests: the language module present for the hints (a stand-in
with its shape, so hints are predictable) or absent, and entries with words in them.

Only the hints' adapter (kindmind.critic.tone) is shown the stand-in or told the module
is missing. Safety screening of saved words (kindmind.safety.screening) always reads them
with the real kindmind.language, as it does in use: hiding the module from the whole
process would break it (or, depending on test order, leave it half there)."""

from __future__ import annotations

import types
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.critic import tone
from kindmind.critic.models import Entry, Text

Analyse = Callable[[str], dict[str, Any]]


def fake_analyse(text: str) -> dict[str, Any]:
    """A stand-in for kindmind.language.analyse, with its shape: harsh words read as
    self-critical, kind words as warm."""
    lowered = text.lower()
    patterns: dict[str, float] = {}
    if "always" in lowered or "never" in lowered:
        patterns["all_or_nothing"] = 0.9
        patterns["overgeneralising"] = 0.2
    if "idiot" in lowered or "failure" in lowered:
        patterns["labelling"] = 0.8
    if "should" in lowered or "must" in lowered:
        patterns["should_statements"] = 0.85
    critical = 0.9 if any(w in lowered for w in ("idiot", "failure", "useless")) else 0.1
    kind = ("makes sense", "kind", "care", "here with you")
    warm = 0.8 if any(w in lowered for w in kind) else 0.1
    return {
        "self_criticism": {"score": critical, "form": "inadequate" if critical > 0.5 else "none"},
        "thinking_patterns": patterns,
        "warmth": {"score": warm},
    }


@pytest.fixture
def install_language(monkeypatch: pytest.MonkeyPatch) -> Callable[[Analyse], None]:
    def install(analyse: Analyse) -> None:
        module = types.ModuleType("kindmind.language")
        module.analyse = analyse  # type: ignore[attr-defined]
        monkeypatch.setattr(tone, "_import", lambda: module)

    return install


@pytest.fixture
def with_language(install_language: Callable[[Analyse], None]) -> None:
    install_language(fake_analyse)


@pytest.fixture(autouse=True)
def without_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the critic's hints run as if kindmind.language were not installed, so
    that the tests say the same whatever its trained models say; tests that want hints
    ask for `with_language`, which installs the stand-in over this."""

    def missing() -> Any:
        raise ImportError("kindmind.language is hidden from the hints in this test")

    monkeypatch.setattr(tone, "_import", missing)


def make_entry(client: User, kind: str = "critic", **texts: str) -> Entry:
    """An entry with the given answers already saved, and nothing else."""
    entry = Entry.objects.create(client=client, kind=kind, submission_id=uuid.uuid4())
    for field, body in texts.items():
        Text.objects.create(
            entry=entry,
            field=field,
            body=body,
            version=1,
            sitting=uuid.uuid4(),
            rev=1,
            saved_at=timezone.now(),
        )
    return entry
