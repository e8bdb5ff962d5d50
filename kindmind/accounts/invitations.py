"""A clinician's invitation to share with them, from the code to the share it becomes.

A code is ten characters from Crockford's base 32 (digits and capitals without I, L, O
and U, so it reads aloud and types easily; about 50 bits), shown as two groups of five:
`7KQ2M-XW4DP`. It is the whole secret: the emailed link carries it, and a person can type
it on their Sharing page. Only a keyed hash of it is stored (HMAC-SHA256 with the site's
secret key), so a copy of the database lets nobody accept an invitation, and looking a
code up is one indexed equality. Typing mistakes that Crockford's alphabet forgives are
forgiven here too: lower case, spaces and dashes, O for 0, I and L for 1.

An invitation works once, for settings.INVITATION_DAYS, until the clinician withdraws it.
Accepting it starts the person's share with that clinician, or replaces what an existing
share covers, with the categories the person chose, in one transaction that also marks
the invitation used: two tabs accepting at once make one share and one use.
"""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindmind.accounts import actions
from kindmind.accounts.models import AuditEvent, Invitation, Share, User

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_FORGIVEN = str.maketrans({"O": "0", "I": "1", "L": "1"})

# What the acceptance form ticks to begin with: everything but work with the critic and
# its earlier versions, the most private words, which the person turns on only by choice.
DEFAULT_CATEGORIES = ("profile", "checkins", "practice", "measures", "safety")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """The code in `typed` as it was made, or "" when it cannot be one."""
    code = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_FORGIVEN)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def shown(code: str) -> str:
    """The code as people read it: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def code_hash(code: str) -> str:
    return salted_hmac("kindmind.accounts.invitations", code, algorithm="sha256").hexdigest()


def link_for(code: str) -> str:
    return f"{settings.SITE_ROOT}{reverse('accounts:invitation', args=[shown(code)])}"


@dataclass(frozen=True)
class Made:
    """A new invitation and its code, which exists only here and on the clinician's screen."""

    invitation: Invitation
    code: str

    @property
    def shown(self) -> str:
        return shown(self.code)

    @property
    def link(self) -> str:
        return link_for(self.code)


@transaction.atomic
def create(*, clinician: User, email: str = "") -> Made:
    if not clinician.is_clinician:
        raise ValueError("Only a clinician can invite someone to share with them.")
    code = new_code()
    now = timezone.now()
    invitation = Invitation.objects.create(
        clinician=clinician,
        code_hash=code_hash(code),
        email=email,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    return Made(invitation=invitation, code=code)


def send(made: Made) -> bool:
    """Email the invitation to its address; False when the mail server would not take it
    (the clinician is then told, and can give the code in person instead)."""
    clinician = made.invitation.clinician
    # On one line, whatever was typed as the name: an email's subject cannot break.
    name = " ".join((clinician.display_name or clinician.email).split())
    try:
        send_mail(
            subject=_("kindmind: %(name)s invites you to share with them") % {"name": name},
            message=render_to_string(
                "accounts/email/invitation.txt",
                {
                    "name": name,
                    "link": made.link,
                    "code": made.shown,
                    "days": settings.INVITATION_DAYS,
                    "sharing": f"{settings.SITE_ROOT}{reverse('accounts:sharing')}",
                },
            ),
            from_email=None,
            recipient_list=[made.invitation.email],
        )
    except (smtplib.SMTPException, OSError):
        return False
    return True


def find(typed: str) -> Invitation | None:
    """The invitation a code names, whatever its state; None for a code that names none."""
    code = normalise(typed)
    if not code:
        return None
    # A clinician whose account is switched off invites nobody: their codes name nothing.
    return (
        Invitation.objects.select_related("clinician")
        .filter(code_hash=code_hash(code), clinician__is_active=True)
        .first()
    )


def pending(clinician: User) -> list[Invitation]:
    """The clinician's invitations that can still be accepted, newest first."""
    return list(
        Invitation.objects.filter(
            clinician=clinician,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )


class NotAccepted(Exception):
    """The invitation could not be accepted: its state (`Invitation.State`) or "clinician"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def accept(*, invitation: Invitation, person: User, categories: list[str]) -> Share:
    """Share `categories` with the invitation's clinician and use the invitation up."""
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        state = current.state()
        if state != Invitation.State.PENDING:
            raise NotAccepted(state)
        if not person.is_client or not current.clinician.is_active:
            raise NotAccepted("clinician")
        share = actions.share_with_clinician(
            client=person, clinician=current.clinician, categories=categories, by=person
        )
        current.used_at = timezone.now()
        current.used_by = person
        current.save(update_fields=["used_at", "used_by"])
    return share


@transaction.atomic
def revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw a pending invitation; one already used or lapsed stays as it is."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.state() == Invitation.State.PENDING:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
    return current


def current_share(person: User, clinician: User) -> Share | None:
    return Share.objects.filter(client=person, clinician=clinician, revoked_at__isnull=True).first()


# What a clinician's reading is about, in the person's words, by the kind of object the
# one access rule recorded (kindmind.accounts.access.get_client_object). A clinician's
# page about the person as a whole (their page, their safety plan) reads their account.
LOOKED_AT: dict[str, Any] = {
    "accounts.user": gettext_lazy("your page, where they see what you share"),
    "checkins.checkin": gettext_lazy("a check-in"),
    "measures.response": gettext_lazy("a questionnaire and its score"),
    "critic.entry": gettext_lazy("work with the critic"),
    # The clinician's list of everyone who shares with them (kindmind.clinic.caseload).
    "clinic.caseload": gettext_lazy("your line on their list of the people they see"),
}


def looked_at(event: AuditEvent) -> str:
    return str(LOOKED_AT.get(event.object_type, _("something you share")))
