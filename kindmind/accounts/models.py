"""People, what they share with whom, and the audit log.

Each model says which of its fields hold personal content (`personal_fields`), so that
export, deletion and scrubbed copies can be mechanical.
"""

from __future__ import annotations

import uuid
import zoneinfo
from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _


@cache
def _timezone_names() -> frozenset[str]:
    # available_timezones() walks the whole zone folder on the disk each time it is asked
    # (some 600 files): once per process is plenty, as in accounts.archive.
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _timezone_names():
        raise ValidationError(_("Please choose a timezone from the list."), code="timezone")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who uses kindmind: a client (the default) or a clinician."""

    class Role(models.TextChoices):
        CLIENT = "client", _("Client")
        CLINICIAN = "clinician", _("Clinician")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), unique=True, max_length=254)
    display_name = models.CharField(_("what we call you"), max_length=80, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # ISO 3166 code of the country whose crisis services the Help page shows first;
    # empty shows the international guidance.
    country = models.CharField(max_length=2, blank=True)
    is_active = models.BooleanField(default=True)
    # Signed up where sign-up confirms by email (settings.SIGNUP_CONFIRMS_BY_EMAIL) and
    # has not opened the link yet: is_active is then False too, so the one access rule
    # keeps everything closed; this flag only tells it apart from a switched-off account.
    awaiting_confirmation = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    personal_fields: ClassVar[tuple[str, ...]] = ("email", "display_name")
    # For the access rule: a client's own account record belongs to them.
    client_owner_field: ClassVar[str] = "id"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["client", "clinician"]), name="user_role_known"
            ),
        ]

    def __str__(self) -> str:
        # Never the email: this string can end up in logs and admin lists.
        return f"{self.role} {self.id}"

    @property
    def is_clinician(self) -> bool:
        return self.role == self.Role.CLINICIAN

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Share(models.Model):
    """A client's decision to let one clinician see some categories of their data.

    Sharing is explicit, per category and revocable: a revoked share keeps its row (for
    the record of what was shared when) but grants nothing.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_given"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_received"
    )
    # Category names from kindmind.accounts.access.CATEGORIES.
    categories = models.JSONField(default=list)
    created_at = models.DateTimeField(default=dj_timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        constraints = [
            # One live share per client and clinician; revoked ones stay as history.
            models.UniqueConstraint(
                fields=["client", "clinician"],
                condition=Q(revoked_at__isnull=True),
                name="share_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("clinician")), name="share_not_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"share {self.id}"


class AuditEvent(models.Model):
    """Who viewed or changed whose data, and when.

    No foreign keys: the record outlives the rows it speaks of, including deleted
    accounts. It never holds content, only ids and names of kinds.
    """

    class Action(models.TextChoices):
        VIEW = "view"
        CREATE = "create"
        CHANGE = "change"
        DELETE = "delete"
        SHARE = "share"
        REVOKE = "revoke"
        # The person downloaded everything (kindmind.accounts.archive), or brought an
        # archive in.
        EXPORT = "export"
        IMPORT = "import"

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=dj_timezone.now)
    actor_id = models.UUIDField(null=True)
    actor_role = models.CharField(max_length=16, blank=True)
    subject_id = models.UUIDField(help_text="The client whose data it was.")
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    # A view read again by the same person within the same minute of the clock adds one
    # here instead of a new row (kindmind.accounts.actions.record_views): `at` is the
    # first reading of that minute. Every other action is one row each, times 1.
    times = models.PositiveIntegerField(default=1)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        indexes = [
            # "Who has looked at my data?": a client's events, newest first.
            models.Index(fields=["subject_id", "-at"], name="audit_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class Departure(models.Model):
    """Left for a clinician when a client who shared with them deletes their account.

    The clinician's Clients page then says someone has left instead of a name silently
    vanishing. It holds no name, address or content of the person who left, only when
    their sharing began and when they left (docs/decisions/0009-deletion.md); the
    clinician dismisses it when they have read it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="departures"
    )
    shared_since = models.DateTimeField()
    left_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()
    # For the access rule: the clinician it was left for is the only one who may dismiss it.
    client_owner_field: ClassVar[str] = "clinician_id"

    def __str__(self) -> str:
        return f"departure {self.id}"


class Invitation(models.Model):
    """A clinician's invitation to share with them: a one-time code, emailed as a link or
    given in person (kindmind.accounts.invitations).

    Only a keyed hash of the code is kept, so the table alone lets nobody accept one. It
    works once, until `expires_at`, and the clinician may withdraw it before then.
    """

    class State(models.TextChoices):
        PENDING = "pending"
        USED = "used"
        EXPIRED = "expired"
        REVOKED = "revoked"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    # The address it was emailed to; empty for a code given in person.
    email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Who accepted it: their account, which takes the row with it when it goes.
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    personal_fields: ClassVar[tuple[str, ...]] = ("email",)
    # For the access rule: only the clinician who made it may withdraw it.
    client_owner_field: ClassVar[str] = "clinician_id"

    class Meta:
        indexes = [
            # A clinician's invitations still waiting, newest first.
            models.Index(fields=["clinician", "-created_at"], name="invitation_clinician_at"),
        ]

    def __str__(self) -> str:
        return f"invitation {self.id}"

    def state(self, now: Any = None) -> str:
        if self.used_at is not None:
            return self.State.USED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= (now or dj_timezone.now()):
            return self.State.EXPIRED
        return self.State.PENDING


class Session(AbstractBaseSession):
    """A browser's session (kindmind.lib.sessions): Django's three columns, and the account
    it is signed in to, so that each signed-in request reads its session and its person in
    one query instead of two (BENCHMARKS.md, Web, "One query for the session and its
    person"). Empty for a session nobody is signed in to, and for one stored before this
    column existed until it is next saved; those read the person with a second query."""

    # No database constraint: a session saved a moment after its account was deleted must
    # not fail the request; the join then finds no one, and the person reads as signed out.
    # Deleting the account deletes its sessions through the ORM (and deletion.py).
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    # The session's data is encrypted; it is the browser's, not something the person wrote
    # to keep, so it is neither exported nor archived (accounts.archive.NOT_ARCHIVED).
    personal_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def get_session_store_class(cls) -> type[Any]:
        from kindmind.lib.sessions import SessionStore

        return SessionStore

    def __str__(self) -> str:
        # Never the key: it is what signs a browser in.
        return "session"
