"""Deleting an account for real (docs/decisions/0009-deletion.md).

Everything the person owns goes: their account row and, through it, every row that
points at it (every client-owned model's owner key is `on_delete=CASCADE`, and a test
checks that each model pointing at the account does cascade), their sessions (with any
words kept in them while signed out), the sign-in record kept under their address and
the rate-limit counts kept about them. Audit rows stay, as the record of what happened,
but no longer point at the person: their id is replaced by a new random one that
nothing else holds, and the ids of the objects they owned are cleared.

One thing written about the person is not theirs: a clinician's own session notes
(kindmind.casenotes). Under the "keep" setting they let go of the person and stay with
the clinician who wrote them, tied to the "has left" entry left for that clinician;
under "delete" they cascade with the account like everything else.

All of it happens in one database transaction, so a deletion stopped half-way (a crash,
a lost connection) leaves everything as it was, and running it again finishes it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from kindmind.accounts.actions import record_event
from kindmind.accounts.models import AuditEvent, Departure, Session, Share, User
from kindmind.lib import ratelimit

log = logging.getLogger(__name__)

# Words kept in an anonymous session while signed out name the object they belong to
# (kindmind.critic.views.KEPT_SESSION_KEY, kindmind.practice.views.PENDING_KEY).
_CRITIC_KEPT = "critic_kept_words"
_PRACTICE_PENDING = "practice_pending_finish"


@dataclass(frozen=True)
class Deleted:
    """What a deletion did, in counts only (for the operator's command and the tests)."""

    rows: int
    sessions: int
    departures: int
    marker: uuid.UUID


def clinician_notes_rule() -> str:
    """What becomes of a clinician's own session notes about a person who deletes their
    account: "keep" or "delete" (settings.DELETION_CLINICIAN_NOTES); `delete_account`
    applies it."""
    return str(settings.DELETION_CLINICIAN_NOTES)


def delete_account(user_id: uuid.UUID) -> Deleted | None:
    """Delete the account and everything of its owner's; None when it is already gone
    (a second run, or two at once, finds nothing left to do)."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            return None
        marker = uuid.uuid4()
        left = _leave_word_for_clinicians(user)
        if clinician_notes_rule() == "keep":
            left += _keep_clinicians_notes(user, left)
        departures = len(left)
        sessions = _end_sessions(user)
        _forget_sign_ins(user)
        _unlink_audit(user, marker)
        _, by_model = user.delete()
        record_event(
            actor=None,
            subject_id=marker,
            action=AuditEvent.Action.DELETE,
            object_type="accounts.user",
        )
        transaction.on_commit(flush_sqlite_log)
    rows = sum(by_model.values())
    # Counts only: never who.
    log.info("account deleted: %d rows, %d sessions", rows, sessions)
    return Deleted(rows=rows, sessions=sessions, departures=departures, marker=marker)


def _leave_word_for_clinicians(user: User) -> list[Departure]:
    """Each clinician the person shares with now finds "has left" on their Clients page."""
    shares = Share.objects.filter(client=user, revoked_at__isnull=True)
    return Departure.objects.bulk_create(
        Departure(clinician_id=share.clinician_id, shared_since=share.created_at)
        for share in shares
    )


def _keep_clinicians_notes(user: User, left: list[Departure]) -> list[Departure]:
    """Under "keep": each clinician's own notes about the person let go of them and join
    the "has left" entry left for that clinician, so the account's cascade leaves them.
    A clinician the person had stopped sharing with, who still holds notes, gets an
    entry too (dated from when their sharing began), as the one place those notes are
    read. Returns those extra entries."""
    from kindmind.casenotes.models import SessionNote

    writers = set(
        SessionNote.objects.filter(client=user).values_list("clinician_id", flat=True).distinct()
    )
    entries = {d.clinician_id: d for d in left if d.clinician_id in writers}
    missing = writers - set(entries)
    extra: list[Departure] = []
    if missing:
        since = dict(
            Share.objects.filter(client=user, clinician_id__in=missing)
            .values("clinician_id")
            .annotate(first=Min("created_at"))
            .values_list("clinician_id", "first")
        )
        first_note = dict(
            SessionNote.objects.filter(client=user, clinician_id__in=missing)
            .values("clinician_id")
            .annotate(first=Min("created_at"))
            .values_list("clinician_id", "first")
        )
        extra = Departure.objects.bulk_create(
            Departure(clinician_id=pk, shared_since=since.get(pk) or first_note[pk])
            for pk in missing
        )
        entries.update({d.clinician_id: d for d in extra})
    for clinician_id, departure in entries.items():
        SessionNote.objects.filter(client=user, clinician_id=clinician_id).update(
            client=None, departure=departure
        )
    return extra


def _owned_ids(user: User) -> set[str]:
    """Ids of the objects of the person's that signed-out words can be kept for."""
    from kindmind.critic.models import Entry
    from kindmind.practice.models import PracticeSession

    ids = {str(pk) for pk in Entry.objects.filter(client=user).values_list("pk", flat=True)}
    ids |= {
        str(pk) for pk in PracticeSession.objects.filter(client=user).values_list("pk", flat=True)
    }
    return ids


def _end_sessions(user: User) -> int:
    """Delete the person's sessions, and any anonymous session holding words typed for
    one of their objects after a session ended. Those, and sessions stored before a
    session named its account, are found only by reading them, so every live session is
    read; expired ones are deleted by housekeeping."""
    owned = _owned_ids(user)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if _belongs_to(session.get_decoded(), str(user.pk), owned)
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _belongs_to(data: dict[str, object], user_id: str, owned: Iterable[str]) -> bool:
    if data.get("_auth_user_id") == user_id:
        return True
    owned = set(owned)
    kept = data.get(_CRITIC_KEPT)
    if isinstance(kept, dict) and any(pk in str(kept.get("path", "")) for pk in owned):
        return True
    pending = data.get(_PRACTICE_PENDING)
    return isinstance(pending, dict) and bool(owned & set(pending))


def _forget_sign_ins(user: User) -> None:
    """The sign-in record (django-axes) under the person's address, and the rate-limit
    counts kept about their address and account."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    ratelimit.forget(user.email)
    ratelimit.forget(str(user.pk))


def _unlink_audit(user: User, marker: uuid.UUID) -> None:
    """Audit rows stay, pointing at a marker instead of the person. The objects they name
    are gone, so their ids are cleared too."""
    AuditEvent.objects.filter(subject_id=user.pk).update(subject_id=marker, object_id="")
    AuditEvent.objects.filter(actor_id=user.pk).update(actor_id=marker)


def flush_sqlite_log() -> None:
    """SQLite in WAL mode keeps earlier versions of changed pages in the -wal file until
    a checkpoint copies them into the database: truncate it now, so the words just
    deleted (zeroed in the database by `secure_delete`) do not wait there. When another
    connection is reading, SQLite cannot truncate yet and the next checkpoint does it
    (housekeeping runs one every hour)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return  # SQLite cannot checkpoint inside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        log.warning("the SQLite log could not be emptied now; the next checkpoint will")
