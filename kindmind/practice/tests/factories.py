"""Test helpers for guided practice, shared with the project-wide tests (conftest.py,
test_bad_input.py)."""

from __future__ import annotations

import io
import uuid
import wave
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.practice import actions
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import PracticeSession, Recording


def make_practice_session(
    client: User, *, practice: str = "soothing-rhythm-breathing", **fields: Any
) -> PracticeSession:
    """An open practice session. Unless told otherwise it started as long ago as its
    version lasts, so that finishing it now logs exactly the whole practice (the server
    logs the time from start to finish)."""
    values: dict[str, Any] = {"version": "short", "submission_id": uuid.uuid4()}
    values.update(fields)
    if "started_at" not in values:
        length = PRACTICES[practice].versions[values["version"]].seconds
        values["started_at"] = timezone.now() - timedelta(seconds=length)
    return PracticeSession.objects.create(client=client, practice=practice, **values)


def make_logged(
    client: User,
    at: datetime,
    *,
    practice: str = "soothing-rhythm-breathing",
    seconds: int = 120,
    **fields: Any,
) -> PracticeSession:
    """A practice already in the log, started at `at`."""
    script = PRACTICES[practice]
    version = fields.pop("version", "short")
    steps = len(script.versions[version].steps)
    return make_practice_session(
        client,
        practice=practice,
        version=version,
        started_at=at,
        ended_at=at,
        seconds=seconds,
        steps_done=fields.pop("steps_done", steps),
        **fields,
    )


def tiny_wav(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A short, valid, silent WAV made here with the wave module (no audio is committed)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(rate)
        audio.writeframes(b"\x80" * int(seconds * rate))
    return buffer.getvalue()


def make_recording(
    practice: str = "safe-place", version: str = "short", seconds: float = 1.0
) -> Recording:
    """A recorded voice for a practice version: a tiny WAV, stored like an upload."""
    wav = tiny_wav(seconds)
    return actions.add_recording(
        practice=PRACTICES[practice],
        version=version,
        head=wav[:16],
        chunks=[wav],
        size=len(wav),
        by=None,
    )
