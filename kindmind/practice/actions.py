"""Writes to guided practice: one transaction each, audited inside, `by=` the person acting.

The time a practice logs is measured here, by the server, from when it started to when
it was finished or stopped (kindmind.practice.rules.seconds_spent), never from what a
browser sends; and a practice is logged once, however often its finish form arrives (a
conditional update on `ended_at IS NULL`).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kindmind.accounts.actions import record_event
from kindmind.accounts.models import AuditEvent, User
from kindmind.practice import recordings
from kindmind.practice.library import Practice
from kindmind.practice.models import (
    CompassionateOther,
    CompassionateSelf,
    KindAction,
    PracticeSession,
    Recording,
)
from kindmind.practice.rules import Ratings, is_backdraft, seconds_spent

OBJECT_TYPE = "practice.practicesession"


def _audit(*, by: User, client_id: uuid.UUID, action: str, obj: models.Model, kind: str) -> None:
    record_event(
        actor=by,
        subject_id=client_id,
        action=action,
        object_type=kind,
        object_id=str(obj.pk),
    )


def start_practice(
    *,
    client: User,
    practice: Practice,
    version: str,
    before: Ratings,
    submission_id: uuid.UUID,
    by: User,
) -> tuple[PracticeSession, bool]:
    """Open a practice session once per start form. Returns it and whether it is new."""
    if version not in practice.versions:
        raise ValueError(f"{practice.slug} has no {version} version")
    existing = PracticeSession.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            session = PracticeSession.objects.create(
                client=client,
                practice=practice.slug,
                version=version,
                submission_id=submission_id,
                distress_before=before.distress,
                calm_before=before.calm,
                warmth_before=before.warmth,
            )
            _audit(
                by=by,
                client_id=client.id,
                action=AuditEvent.Action.CREATE,
                obj=session,
                kind=OBJECT_TYPE,
            )
    except IntegrityError:
        # A second worker opened the same start form a moment earlier.
        return PracticeSession.objects.get(client=client, submission_id=submission_id), False
    return session, True


def _seconds(session: PracticeSession, steps_done: int) -> tuple[int, int]:
    script = session.script
    if script is None:
        return 0, 0
    steps_done = max(0, min(steps_done, len(script.steps)))
    return steps_done, script.seconds_for(steps_done)


@transaction.atomic
def record_progress(*, session: PracticeSession, steps_done: int, by: User) -> bool:
    """Keep what was done so far while a practice is open, so that leaving mid-practice
    keeps it. Progress only grows. Returns whether anything changed."""
    steps_done, seconds = _seconds(session, steps_done)
    changed = PracticeSession.objects.filter(
        pk=session.pk, ended_at__isnull=True, steps_done__lt=steps_done
    ).update(steps_done=steps_done, seconds=seconds)
    if changed:
        session.steps_done, session.seconds = steps_done, seconds
        _audit(
            by=by,
            client_id=session.client_id,
            action=AuditEvent.Action.CHANGE,
            obj=session,
            kind=OBJECT_TYPE,
        )
    return bool(changed)


@transaction.atomic
def end_practice(
    *,
    session: PracticeSession,
    steps_done: int,
    after: Ratings,
    stirred: bool = False,
    needed_to_stop: bool = False,
    by: User,
    now: datetime | None = None,
) -> bool:
    """Finish (or stop) a practice and log its time, once.

    The time is what the server saw between the start and now, within sane bounds; the
    steps done (the larger of what was saved while it ran and what the form says) only
    tell whether the whole practice was done.

    Returns True when this call logged it, False when it was already logged (the form
    sent twice, or a finish after a stop): then nothing changes.
    """
    ended = now or timezone.now()
    steps_done, _step_seconds = _seconds(session, max(steps_done, session.steps_done))
    script = session.script
    seconds = seconds_spent(
        session.started_at, ended, practice_seconds=script.seconds if script else 0
    )
    stirred = stirred or session.stirred
    before = Ratings(session.distress_before, session.calm_before, session.warmth_before)
    fields: dict[str, Any] = {
        "ended_at": ended,
        "steps_done": steps_done,
        "seconds": seconds,
        "needed_to_stop": needed_to_stop,
        "stirred": stirred,
        "backdraft": is_backdraft(before=before, after=after, stirred=stirred),
        "distress_after": after.distress,
        "calm_after": after.calm,
        "warmth_after": after.warmth,
    }
    logged = PracticeSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(**fields)
    if not logged:
        session.refresh_from_db()
        return False
    for name, value in fields.items():
        setattr(session, name, value)
    _audit(
        by=by,
        client_id=session.client_id,
        action=AuditEvent.Action.CHANGE,
        obj=session,
        kind=OBJECT_TYPE,
    )
    return True


@transaction.atomic
def mark_stirred(*, session: PracticeSession, by: User) -> bool:
    """The person says the practice stirred something difficult: that is backdraft.
    Returns whether this changed anything."""
    if session.stirred:
        return False
    session.stirred = True
    session.backdraft = True
    session.save(update_fields=["stirred", "backdraft"])
    _audit(
        by=by,
        client_id=session.client_id,
        action=AuditEvent.Action.CHANGE,
        obj=session,
        kind=OBJECT_TYPE,
    )
    return True


def save_kind_action(
    *,
    client: User,
    session: PracticeSession | None,
    need: str,
    action: str,
    submission_id: uuid.UUID,
    by: User,
) -> tuple[KindAction, bool]:
    """Save one small kind thing, once per form. Returns it and whether it is new."""
    existing = KindAction.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            kind_action = KindAction.objects.create(
                client=client,
                session=session,
                need=need,
                action=action,
                submission_id=submission_id,
            )
            _audit(
                by=by,
                client_id=client.id,
                action=AuditEvent.Action.CREATE,
                obj=kind_action,
                kind="practice.kindaction",
            )
    except IntegrityError:
        return KindAction.objects.get(client=client, submission_id=submission_id), False
    return kind_action, True


class StaleBuilder(Exception):
    """The builder changed (in another window, say) since the form was opened."""


def save_builder(
    *,
    client: User,
    model: type[CompassionateOther] | type[CompassionateSelf],
    data: dict[str, str],
    based_on: int,
    by: User,
) -> CompassionateOther | CompassionateSelf | None:
    """Create or update the person's compassionate other or self from their words.

    `based_on` is the revision the form showed: when the saved one is newer, nothing is
    overwritten and StaleBuilder is raised, so that no words are lost without a look.
    An empty form for a builder never described saves nothing and returns None.
    """
    values = {name: data.get(name, "").strip() for name in model.FIELDS}
    try:
        with transaction.atomic():
            builder = model.objects.select_for_update().filter(client=client).first()
            if (builder.revision if builder else 0) != based_on:
                raise StaleBuilder
            if builder is None:
                if not any(v.strip() for v in values.values()):
                    return None
                builder = model.objects.create(client=client, revision=1, **values)
                action = AuditEvent.Action.CREATE
            else:
                for name, value in values.items():
                    setattr(builder, name, value)
                builder.revision += 1
                builder.save(update_fields=[*model.FIELDS, "revision", "updated_at"])
                action = AuditEvent.Action.CHANGE
            _audit(
                by=by,
                client_id=client.id,
                action=action,
                obj=builder,
                kind=model._meta.label_lower,
            )
    except IntegrityError:
        # Another window created it a moment earlier.
        raise StaleBuilder from None
    return builder


class RecordingRefused(Exception):
    """A recording that cannot be used. `code`: "type" (not audio we can play), "size"
    (over recordings.MAX_BYTES), "version" (the practice has no such version) or "busy"
    (another recording for the same version arrived at the same moment)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def recordings_folder() -> Path:
    return recordings.folder(Path(settings.DATA_DIR))


def add_recording(
    *,
    practice: Practice,
    version: str,
    head: bytes,
    chunks: Iterable[bytes],
    size: int | None,
    by: User | None,
) -> Recording:
    """Keep a recorded voice for one version of a practice, replacing any before it.

    `head` is the file's first bytes (at least recordings.HEAD_BYTES when it is that
    long), `chunks` the whole file, `size` its size when known. The type is judged from
    `head` and the size from `size`, both before anything is stored; the size is held to
    the limit again while writing. Raises RecordingRefused, keeping nothing.
    """
    if version not in practice.versions:
        raise RecordingRefused("version")
    kind = recordings.sniff(head)
    if kind is None:
        raise RecordingRefused("type")
    if size is not None and size > recordings.MAX_BYTES:
        raise RecordingRefused("size")
    recording_id = uuid.uuid4()
    name = f"{recording_id}.{kind.extension}"
    target = recordings_folder() / name
    try:
        stored = recordings.store(chunks, target)
    except ValueError:
        raise RecordingRefused("size") from None
    duration = recordings.wav_seconds(target) if kind is recordings.WAV else None
    try:
        with transaction.atomic():
            old = (
                Recording.objects.select_for_update()
                .filter(practice=practice.slug, version=version)
                .first()
            )
            if old is not None:
                old.delete()
            recording = Recording.objects.create(
                id=recording_id,
                practice=practice.slug,
                version=version,
                file_name=name,
                content_type=kind.content_type,
                size=stored,
                duration=duration,
                uploaded_by=by,
            )
    except IntegrityError:
        # Another recording for this version arrived at the same moment.
        target.unlink(missing_ok=True)
        raise RecordingRefused("busy") from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if old is not None:
        old_file = recordings_folder() / old.file_name
        transaction.on_commit(lambda: _remove(old_file))
    return recording


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def remove_recording(*, recording: Recording) -> None:
    """Take a recording away; the practice goes back to the browser's voice or its text."""
    path = recordings_folder() / recording.file_name
    recording.delete()
    transaction.on_commit(lambda: _remove(path))
