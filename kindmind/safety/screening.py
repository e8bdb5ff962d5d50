"""Noticing risk in what a person saves (PRODUCT.md principle 2).

Every feature that saves free text calls `screen()` after saving and follows the
`next_step` it returns. Only the level, the kind of place and the time are recorded
(kindmind.safety.actions.record_safety_event); the words never leave their own row.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import reverse

from kindmind.accounts.models import User
from kindmind.language import analyse
from kindmind.safety.actions import record_safety_event

ORDER = {"none": 0, "concern": 1, "urgent": 2}


def crisis_level(texts: Iterable[str]) -> str:
    """The most urgent crisis level over the texts ("none", "concern" or "urgent")."""
    level = "none"
    for text in texts:
        if text and text.strip():
            found = analyse(text)["crisis"]["level"]
            if ORDER[found] > ORDER[level]:
                level = found
    return level


def screen(*, client: User, texts: Iterable[str], source: str, then: str) -> str | None:
    """Check what was just saved. Returns where to send the person instead of `then`,
    or None when nothing was noticed."""
    level = crisis_level(texts)
    if level == "none":
        return None
    record_safety_event(client=client, level=level, source=source)
    query = urlencode({"next": then})
    if level == "urgent":
        return f"{reverse('safety:urgent')}?{query}"
    return f"{reverse('safety:check')}?{query}"
