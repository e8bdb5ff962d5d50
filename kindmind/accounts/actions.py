"""Writes that touch several tables, each in one transaction, audited inside.

Views call these; they never write client data themselves. Arguments are keyword-only
and `by=` names the person acting.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kindmind.accounts.models import AuditEvent, Share, User


def record_event(
    *,
    actor: User | None,
    subject_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: str = "",
) -> AuditEvent:
    """Write one audit row. Ids and kinds only: never content."""
    return AuditEvent.objects.create(
        actor_id=actor.id if actor else None,
        actor_role=actor.role if actor else "",
        subject_id=subject_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )


class Reading(NamedTuple):
    """One thing a clinician read of a person's: whose, what kind, which (ids only)."""

    subject_id: uuid.UUID
    object_type: str
    object_id: str = ""


# The rows this worker wrote or found for each actor's readings in the current minute of
# the clock, by reading: a reading again within the minute is then one UPDATE by primary
# key, with no look-up. Forgotten when the minute turns; a row another worker wrote is
# found by one look-up the first time this worker meets the reading in that minute.
_this_minute: dict[tuple[uuid.UUID, datetime], dict[Reading, int]] = {}
_this_minute_lock = threading.Lock()


def record_views(*, actor: User, readings: Iterable[Reading]) -> None:
    """Record what `actor` read: one audit row per thing read per minute of the clock.

    The same thing read again by the same person within the same minute adds one to that
    row's `times` instead of a new row, so a clinician who reloads a page keeps the
    record exact (who, what, which minute, how often) without a row for each reload:
    the person's "when your data was looked at" lists minutes, not reloads, and a
    reading read again writes one short UPDATE instead of a row per person shown (the
    caseload's 50). Two workers reading the same thing at once in a new minute may each
    write a row; the times still add up."""
    wanted = list(dict.fromkeys(readings))
    if not wanted:
        return
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    with _this_minute_lock:
        for key in [key for key in _this_minute if key[1] != minute]:
            del _this_minute[key]
        known = dict(_this_minute.get((actor.id, minute), {}))
    # The actor's readings this minute: what is looked up, counted on, or checked again.
    # A remembered id is counted on only through this, so never on anyone else's row.
    this_minute = AuditEvent.objects.filter(
        actor_id=actor.id, action=AuditEvent.Action.VIEW, at__gte=minute
    )
    new = [r for r in wanted if r not in known]
    if new:
        for pk, subject_id, object_type, object_id in this_minute.filter(
            subject_id__in={r.subject_id for r in new},
            object_type__in={r.object_type for r in new},
        ).values_list("id", "subject_id", "object_type", "object_id"):
            known.setdefault(Reading(subject_id, object_type, object_id), pk)
    again = [known[r] for r in wanted if r in known]
    # Each statement whole on its own: no transaction around them, so a SQLite writer
    # holds the lock only for the statement.
    if again and this_minute.filter(id__in=again).update(times=F("times") + 1) < len(again):
        # A row this worker remembered is gone (the table emptied by hand, a restore):
        # what is gone is written afresh below.
        there = set(this_minute.filter(id__in=again).values_list("id", flat=True))
        known = {r: pk for r, pk in known.items() if pk in there}
    written = AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_id=actor.id,
            actor_role=actor.role,
            at=now,
            subject_id=r.subject_id,
            action=AuditEvent.Action.VIEW,
            object_type=r.object_type,
            object_id=r.object_id,
        )
        for r in wanted
        if r not in known
    )
    known.update(
        (Reading(row.subject_id, row.object_type, row.object_id), row.pk) for row in written
    )
    # Remembered once committed: rows of a transaction rolled back are not there to count.
    transaction.on_commit(partial(_remember, (actor.id, minute), known))


def _remember(key: tuple[uuid.UUID, datetime], rows: dict[Reading, int]) -> None:
    with _this_minute_lock:
        _this_minute[key] = rows


def audit_object(*, by: User | None, obj: Any, action: str) -> AuditEvent:
    """Audit an action on a client-owned object (one with `client_id`), by kind and id."""
    return record_event(
        actor=by,
        subject_id=obj.client_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
    )


@transaction.atomic
def create_account(
    *,
    email: str,
    password: str,
    display_name: str = "",
    timezone_name: str = "UTC",
    role: str = User.Role.CLIENT,
    country: str = "",
    awaiting_confirmation: bool = False,
) -> User:
    """A new account. `country` is the person's own choice, empty when they skipped it:
    the Help page then goes by the deployer's country or the browser's language
    (kindmind.safety.resources.choose_region), so a later default reaches them too.
    `awaiting_confirmation` makes it closed until its sign-up link is opened
    (kindmind.accounts.confirm), with everything typed already kept."""
    user = User.objects.create_user(
        email,
        password,
        display_name=display_name,
        timezone=timezone_name,
        role=role,
        country=country,
        is_active=not awaiting_confirmation,
        awaiting_confirmation=awaiting_confirmation,
    )
    record_event(
        actor=user,
        subject_id=user.id,
        action=AuditEvent.Action.CREATE,
        object_type="accounts.user",
        object_id=str(user.id),
    )
    return user


@transaction.atomic
def renew_pending_account(
    *,
    user: User,
    password: str,
    display_name: str,
    timezone_name: str,
    country: str,
    role: str | None = None,
) -> User:
    """A second sign-up for an address whose account still waits for its link: the newer
    answers replace the older ones, the password too, which retires the old link."""
    user.set_password(password)
    user.display_name = display_name
    user.timezone = timezone_name
    user.country = country
    user.role = role or user.role
    user.save(update_fields=["password", "display_name", "timezone", "country", "role"])
    return user


@transaction.atomic
def confirm_account(*, user: User) -> User:
    """Its sign-up link was opened: the account opens, and the link stops working."""
    user.is_active = True
    user.awaiting_confirmation = False
    user.save(update_fields=["is_active", "awaiting_confirmation"])
    record_event(
        actor=user,
        subject_id=user.id,
        action=AuditEvent.Action.CHANGE,
        object_type="accounts.user",
        object_id=str(user.id),
    )
    return user


@transaction.atomic
def update_profile(
    *, user: User, display_name: str, timezone_name: str, country: str = "", by: User
) -> User:
    user.display_name = display_name
    user.timezone = timezone_name
    user.country = country
    user.save(update_fields=["display_name", "timezone", "country"])
    record_event(
        actor=by,
        subject_id=user.id,
        action=AuditEvent.Action.CHANGE,
        object_type="accounts.user",
        object_id=str(user.id),
    )
    return user


@transaction.atomic
def share_with_clinician(
    *, client: User, clinician: User, categories: Iterable[str], by: User
) -> Share:
    """Start (or widen) the client's live share with a clinician."""
    from kindmind.accounts.access import CATEGORIES

    wanted = sorted(set(categories))
    unknown = [c for c in wanted if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"Unknown sharing categories: {unknown}")
    if not clinician.is_clinician:
        raise ValueError("Data can only be shared with a clinician.")
    share = (
        Share.objects.select_for_update()
        .filter(client=client, clinician=clinician, revoked_at__isnull=True)
        .first()
    )
    if share is None:
        share = Share.objects.create(client=client, clinician=clinician, categories=wanted)
    else:
        share.categories = wanted
        share.save(update_fields=["categories"])
    if "formulation" not in wanted:
        _let_go_of_clinician_drafts(client_id=client.id, clinician_id=clinician.id)
    record_event(
        actor=by,
        subject_id=client.id,
        action=AuditEvent.Action.SHARE,
        object_type="accounts.share",
        object_id=str(share.id),
    )
    return share


def _let_go_of_clinician_drafts(*, client_id: Any, clinician_id: Any) -> None:
    """A clinician's unsent words about work the person no longer shares with them (the
    formulation): they could never be sent, and they are about the person, so they go."""
    from kindmind.drafts.models import Draft

    Draft.objects.filter(writer_id=clinician_id, client_id=client_id).delete()


@transaction.atomic
def revoke_share(*, share: Share, by: User) -> Share:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        _let_go_of_clinician_drafts(client_id=share.client_id, clinician_id=share.clinician_id)
        record_event(
            actor=by,
            subject_id=share.client_id,
            action=AuditEvent.Action.REVOKE,
            object_type="accounts.share",
            object_id=str(share.id),
        )
    return share
