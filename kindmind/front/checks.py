"""kindmind's own deploy checks (`kindmind check --deploy`).

A production database (DATABASE_URL) means real people: their safety alerts and password
resets must reach a mail server, and their sign-in must travel over https.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


def _production() -> bool:
    return not settings.EMBEDDED


@register(Tags.security, deploy=True)
def email_reaches_people(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from kindmind.safety.actions import email_reaches_people as reaches

    if not _production() or reaches():
        return []
    return [
        Warning(
            "A production database is in use, but email goes to no mail server "
            f"({settings.EMAIL_BACKEND}): safety alerts to clinicians and password-reset "
            "links reach nobody by email.",
            hint="Set KINDMIND_EMAIL_HOST (and its port, user and password) to a mail server.",
            id="kindmind.W001",
        )
    ]


@register(Tags.security, deploy=True)
def site_root_is_https(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not _production() or settings.HTTPS:
        return []
    return [
        Warning(
            f"A production database is in use, but KINDMIND_SITE_ROOT is {settings.SITE_ROOT}: "
            "passwords and what people write would cross the network unencrypted, and "
            "session cookies are not marked secure.",
            hint="Serve kindmind over https and set KINDMIND_SITE_ROOT to its https:// address.",
            id="kindmind.W002",
        )
    ]


@register(Tags.database)
def encryption_keys_read_this_database(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Run by `kindmind migrate` (and `kindmind check --database default`) before anything
    is written: a missing key, or keys that cannot read this database, stop it."""
    from kindmind.lib.keycheck import verify_keys

    found: list[CheckMessage] = []
    for alias in databases or ():
        try:
            verify_keys(create=False, using=alias)
        except ImproperlyConfigured as problem:
            found.append(Error(str(problem), id="kindmind.E001"))
    return found
