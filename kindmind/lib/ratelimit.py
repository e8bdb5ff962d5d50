"""Counting tries at forms that send email or touch other people's accounts.

Each try is counted twice, for the email address (or account) it is about and for the
network address it comes from, in fixed windows of RATE_LIMIT_WINDOW_MINUTES, in
Django's cache (a database table that every worker shares). The addresses are kept only
as keyed hashes: the cache holds counts, never who.
"""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def _window_seconds() -> int:
    return int(settings.RATE_LIMIT_WINDOW_MINUTES) * 60


def _key(action: str, kind: str, value: str, *, windows_ago: int = 0) -> str:
    digest = salted_hmac("kindmind.lib.ratelimit", value).hexdigest()[:32]
    window = int(time.time()) // _window_seconds() - windows_ago
    return f"ratelimit:{action}:{kind}:{window}:{digest}"


def _count(key: str) -> int:
    """One more try under `key`; how many there have been in this window."""
    if cache.add(key, 1, timeout=_window_seconds()):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # it expired between the two calls
        cache.set(key, 1, timeout=_window_seconds())
        return 1


def network_address(request: HttpRequest) -> str:
    """The visitor's network address, found as django-axes finds it for sign-in."""
    return get_client_ip_address(request) or "unknown"


def allow(request: HttpRequest, action: str, about: str) -> bool:
    """Count one try at `action` (a key of settings.RATE_LIMITS) about `about` (an email
    address or an account id), from the request's network address. False when either
    count is over its limit: the form should then be shown again, untouched, with 429."""
    per_address, per_network = settings.RATE_LIMITS[action]
    by_address = _count(_key(action, "address", about.strip().lower()))
    by_network = _count(_key(action, "network", network_address(request)))
    return by_address <= per_address and by_network <= per_network


def forget(about: str) -> None:
    """Remove every count kept about `about` (an email address or an account id), in
    every action: when an account is deleted. A count lives at most one window past the
    window it began in, so this window's and the last one's are all there can be."""
    value = about.strip().lower()
    cache.delete_many(
        [
            _key(action, "address", value, windows_ago=ago)
            for action in settings.RATE_LIMITS
            for ago in (0, 1)
        ]
    )
