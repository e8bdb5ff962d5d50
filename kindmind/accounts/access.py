"""The one access rule: how every view fetches a client-owned object.

Client-owned models name the field that holds their owner's id in
`client_owner_field` (default: "client_id"). A view never calls `.get()` on them; it
calls `get_client_object`, which answers with the object or a 404. A 404 rather than
a 403, so that nobody can learn whether another person's object exists.

The rule, one condition per line:
1. nobody signed out, and no deactivated account, sees anything;
2. an id that is not a UUID, or names no object, is a 404;
3. the owner may read and change their own object;
4. nobody else may change it;
5. only a clinician may read someone else's object,
6. and only while the owner shares that category with them (or, given several, every one
   of them: earlier versions of critic work need "critic_work" and "critic_versions");
7. and each such reading is written to the audit log (the same thing read again by the
   same clinician within a minute of the clock counts on that minute's row:
   `kindmind.accounts.actions.record_views`).

Rule 4 has one named exception, SHARED_WRITES below: work made together (the
formulation), which a sharing clinician may change while, and only while, it is shared.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kindmind.accounts.actions import Reading, record_views
from kindmind.accounts.models import Share, User

M = TypeVar("M", bound=models.Model)

# What a client can choose to share, by category. Later features add theirs here; a
# share names categories from this list only. The keys are stored in shares: never change
# them. Each has a short name (for lists: "Can see: ...", the clinician's view), and the
# words the sharing form offers, which say plainly what the clinician will see.
CATEGORIES: dict[str, Any] = {
    "profile": _("Name and timezone"),
    "checkins": _("Check-ins"),
    "practice": _("Practice"),
    "measures": _("Questionnaires and their scores"),
    "safety": _("Safety plan and alerts"),
    "critic_work": _("Work with the critic"),
    "critic_versions": _("Earlier versions of critic work"),
    "formulation": _("Formulation"),
}
CATEGORY_CHOICES: dict[str, Any] = {
    "profile": _("Name and timezone: what to call you, and the time where you are"),
    "checkins": _(
        "Check-ins: how threat, drive and soothing felt, the feelings you named, and your notes"
    ),
    "practice": _("Practice: what you practised and when, and the times a practice felt too much"),
    "measures": _("Questionnaires and their scores: your answers, and what they add up to"),
    "safety": _(
        "Safety plan and alerts: your plan, and a message when kindmind notices you may be "
        "at risk (never your words)"
    ),
    "critic_work": _(
        "Work with the critic: the critic's words you wrote down, your kind replies, your "
        "letters and multiple selves"
    ),
    # Without it a clinician reads what an entry says now, never the words a person has
    # since changed or replaced.
    "critic_versions": _(
        "Earlier versions of critic work: words you have since changed or replaced, "
        "shown with Work with the critic"
    ),
    # The one category a clinician may also change (get_client_for_shared_edit).
    "formulation": _(
        "Formulation: how your history, fears, ways of staying safe and the way you treat "
        "yourself fit together, with every earlier version. Your clinician may change it "
        "with you, and every change is kept"
    ),
}

# Rule 4 has one exception, for work made together: while a client shares one of these
# categories with a clinician, that clinician may change it too. The formulation is
# written with the therapist, in sessions and between them; each change is kept as a
# version and audited by the action that makes it.
SHARED_WRITES: frozenset[str] = frozenset({"formulation"})


Categories = str | tuple[str, ...]


def shares_with(*, client_id: uuid.UUID, clinician: User, category: Categories | None) -> bool:
    """Whether the client has a live share with this clinician covering the category (a
    tuple: every one of them).

    `category=None` asks whether they share anything at all.
    """
    live = Share.objects.filter(client_id=client_id, clinician=clinician, revoked_at__isnull=True)
    if category is None:
        return live.exists()
    wanted = (category,) if isinstance(category, str) else category
    return any(set(wanted) <= set(share.categories) for share in live.only("categories"))


def get_client_object(
    user: Any,
    source: type[M] | models.QuerySet[M],
    object_id: Any,
    *,
    category: Categories | None,
    write: bool = False,
    audit_as: str = "",
    _audited: bool = True,
) -> M:
    """Fetch a client-owned object for `user`, or raise Http404.

    `audit_as` names, for the audit row, what a clinician read when it is more than the
    object itself (a list of the person's check-ins, read through their account): the
    row then has that kind and no object id, and its subject is the person."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    try:
        pk = uuid.UUID(str(object_id))
    except ValueError:
        raise Http404 from None
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    owner_id = getattr(obj, getattr(queryset.model, "client_owner_field", "client_id"))
    if owner_id == user.id:
        return obj
    if write:
        raise Http404
    if not user.is_clinician:
        raise Http404
    if not shares_with(client_id=owner_id, clinician=user, category=category):
        raise Http404
    if not _audited:
        return obj
    record_views(
        actor=user,
        readings=[
            Reading(
                owner_id,
                audit_as or queryset.model._meta.label_lower,
                "" if audit_as else str(obj.pk),
            )
        ],
    )
    return obj


def get_own_object(user: Any, source: type[M] | models.QuerySet[M], object_id: Any) -> M:
    """Fetch an object that only its owner may touch (for changes): rule 4 above."""
    return get_client_object(user, source, object_id, category=None, write=True)


def get_client_for_shared_edit(user: Any, client_id: Any, *, category: str) -> User:
    """The client whose shared work (a category in SHARED_WRITES) `user` may change:
    the client themself, or a clinician while the client shares that category with
    them. Everyone else gets a 404, as with every other object. The opening is audited
    (rule 7); the change is audited by the action that makes it."""
    if category not in SHARED_WRITES:
        raise ValueError(f"{category!r} is not a category others may change")
    clients = User.objects.filter(role=User.Role.CLIENT)
    return get_client_object(user, clients, client_id, category=category)


def get_client_for_shared_draft(user: Any, client_id: Any, *, category: str) -> User:
    """`get_client_for_shared_edit` for keeping a writer's own unsent words about shared
    work (kindmind.drafts): the same rules 1-6, with no audit row, since nothing of the
    client's is read (the answer holds none of it). Opening the page the words are typed
    on, and sending them, are audited as ever."""
    if category not in SHARED_WRITES:
        raise ValueError(f"{category!r} is not a category others may change")
    clients = User.objects.filter(role=User.Role.CLIENT)
    return get_client_object(user, clients, client_id, category=category, _audited=False)
