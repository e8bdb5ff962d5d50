"""Writes to critic entries: one transaction each, audited inside, `by=` the person acting.

Audit rows carry kinds and ids, never words. An entry's changes are audited once per
sitting (one page load), not once per autosave: a letter typed over ten minutes is one
"change" in the log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kindmind.accounts.actions import audit_object
from kindmind.accounts.models import AuditEvent, User
from kindmind.critic import drafts
from kindmind.critic.models import Entry, Text, TextVersion

# Numbers and choices a step may set on the entry itself.
ENTRY_FIELDS = (
    "belief_before",
    "belief_after",
    "reply_warmth",
    "emotions",
    "critic_aims",
    "critic_fear_choices",
    "needs",
    "letter_from",
)


def start_entry(*, client: User, kind: str, submission_id: uuid.UUID, by: User) -> Entry:
    """Start an entry once per start form, however often it is sent."""
    existing = Entry.objects.filter(client=client, submission_id=submission_id).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            entry = Entry.objects.create(client=client, kind=kind, submission_id=submission_id)
            audit_object(by=by, obj=entry, action=AuditEvent.Action.CREATE)
    except IntegrityError:
        # A second worker started the same one a moment earlier.
        return Entry.objects.get(client=client, submission_id=submission_id)
    return entry


@dataclass(frozen=True)
class Saved:
    outcome: drafts.Outcome
    version: int
    # The answer's Text row (None while it has no words yet).
    text_id: int | None = None


def _touch(entry: Entry, *, sitting: uuid.UUID, step: str, changed: bool, by: User) -> None:
    """Note a change (audited once per sitting) and the step reached."""
    fields = []
    if changed:
        if entry.last_sitting != sitting:
            audit_object(by=by, obj=entry, action=AuditEvent.Action.CHANGE)
        entry.last_sitting = sitting
        entry.updated_at = timezone.now()
        fields += ["last_sitting", "updated_at"]
    if step and entry.last_step != step:
        entry.last_step = step
        fields.append("last_step")
    if fields:
        entry.save(update_fields=fields)


def _save_text(
    entry: Entry, *, field: str, incoming: drafts.Incoming, now: Any, deliberate: bool = False
) -> tuple[Saved, bool]:
    """Apply drafts.decide to one field. Returns what happened and whether anything was
    written. `deliberate`: the person saved on purpose (a step's form), so the words that
    are current afterwards are marked to be kept when anything replaces them. The caller
    holds the entry's row lock."""
    text = Text.objects.filter(entry=entry, field=field).first()
    current = (
        drafts.Current(
            text=text.body,
            version=text.version,
            sitting=text.sitting,
            rev=text.rev,
            saved_at=text.saved_at,
            deliberate=text.deliberate,
        )
        if text
        else None
    )
    decision = drafts.decide(current, incoming, now)
    if decision.keep is not None:
        assert text is not None
        TextVersion.objects.create(
            entry=entry,
            field=field,
            body=incoming.text if decision.keep_incoming else text.body,
            version=text.version,
            saved_at=now if decision.keep_incoming else text.saved_at,
            kept_at=now,
            reason=decision.keep,
        )
    if not decision.replace:
        if (
            deliberate
            and text is not None
            and decision.outcome == drafts.Outcome.UNCHANGED
            and not text.deliberate
        ):
            # Autosave already had these exact words; sending the form saves them on
            # purpose all the same.
            text.deliberate = True
            text.save(update_fields=["deliberate"])
        saved = (
            Saved(decision.outcome, text.version, text.pk) if text else Saved(decision.outcome, 0)
        )
        return saved, decision.keep is not None
    if text is None:
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the rest intact
                text = Text.objects.create(
                    entry=entry,
                    field=field,
                    body=incoming.text,
                    version=1,
                    sitting=incoming.sitting,
                    rev=incoming.rev,
                    saved_at=now,
                    deliberate=deliberate,
                )
        except IntegrityError:
            # Another request created this field's first words between our read and our
            # write (the row lock normally prevents it; a database that does not
            # serialise writers may not). Decide again against what it saved, so
            # neither request's words are lost.
            return _save_text(entry, field=field, incoming=incoming, now=now, deliberate=deliberate)
    else:
        text.body = incoming.text
        text.version += 1
        text.sitting = incoming.sitting
        text.rev = incoming.rev
        text.saved_at = now
        text.deliberate = deliberate
        text.save(update_fields=["body", "version", "sitting", "rev", "saved_at", "deliberate"])
    return Saved(decision.outcome, text.version, text.pk), True


def _locked(entry: Entry) -> Entry:
    # One writer per entry at a time, across workers (PostgreSQL row lock; SQLite's
    # immediate transactions already serialise writers).
    return Entry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def autosave_text(
    *,
    entry: Entry,
    field: str,
    text: str,
    base_version: int,
    sitting: uuid.UUID,
    rev: int,
    by: User,
) -> Saved:
    """Save one field's words as the person types (drafts.py has the rules)."""
    return autosave_locked_text(
        entry=_locked(entry),
        field=field,
        text=text,
        base_version=base_version,
        sitting=sitting,
        rev=rev,
        by=by,
    )


def autosave_locked_text(
    *,
    entry: Entry,
    field: str,
    text: str,
    base_version: int,
    sitting: uuid.UUID,
    rev: int,
    by: User,
) -> Saved:
    """`autosave_text` for an entry the caller has just read with select_for_update in
    its own transaction (the autosave view, which reads the entry once, locked, rather
    than once to check whose it is and again to lock it)."""
    if transaction.get_autocommit():
        raise transaction.TransactionManagementError("autosave needs the entry locked")
    incoming = drafts.Incoming(
        text=drafts.normalise(text), base_version=base_version, sitting=sitting, rev=rev
    )
    saved, wrote = _save_text(entry, field=field, incoming=incoming, now=timezone.now())
    if wrote and saved.outcome != drafts.Outcome.LATE:
        _touch(entry, sitting=sitting, step="", changed=True, by=by)
    return saved


@transaction.atomic
def save_step(
    *,
    entry: Entry,
    step: str,
    texts: dict[str, tuple[str, int, int]],
    values: dict[str, Any],
    sitting: uuid.UUID,
    by: User,
) -> dict[str, Saved]:
    """Save one step's answers from a submitted form.

    `texts` maps a field to (words, base_version, rev); `values` holds the step's
    numbers and choices (ENTRY_FIELDS). Returns what happened to each text.
    """
    entry = _locked(entry)
    now = timezone.now()
    results: dict[str, Saved] = {}
    changed = False
    for field, (words, base_version, rev) in texts.items():
        incoming = drafts.Incoming(
            text=drafts.normalise(words), base_version=base_version, sitting=sitting, rev=rev
        )
        saved, wrote = _save_text(entry, field=field, incoming=incoming, now=now, deliberate=True)
        results[field] = saved
        changed = changed or wrote
    updates = [f for f in ENTRY_FIELDS if f in values and getattr(entry, f) != values[f]]
    for f in updates:
        setattr(entry, f, values[f])
    if updates:
        entry.save(update_fields=updates)
    _touch(entry, sitting=sitting, step=step, changed=changed or bool(updates), by=by)
    return results


@transaction.atomic
def delete_entry(*, entry: Entry, by: User) -> None:
    """Delete an entry for real, with every text and kept version. The audit row says
    what kind of thing was deleted and its id, never what it said."""
    audit_object(by=by, obj=entry, action=AuditEvent.Action.DELETE)
    entry.delete()
