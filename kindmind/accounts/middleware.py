"""Show every time in the reader's own timezone; keep a live session alive, cheaply."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable
from typing import Any, cast

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from kindmind.accounts.backends import READING_FOR


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, except that while Django reads the signed-in person, our backend may take
    the person the session's own query read (kindmind.lib.sessions), instead of asking
    the database a second time. Django's checks all still run: the account's backend,
    that it may sign in, and the password hash the session was signed in with."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        # Lazy, as Django's is: a page that never asks who is signed in reads nobody.
        request.user = cast(Any, SimpleLazyObject(lambda: _person(request)))


def _person(request: HttpRequest) -> object:
    token = READING_FOR.set(request.session)
    try:
        return auth.get_user(request)
    finally:
        READING_FOR.reset(token)


class TimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


# The session row is rewritten at most this often while a person is active. Rewriting it
# on every request (SESSION_SAVE_EVERY_REQUEST) cost a write transaction per page, which
# on SQLite takes the one write lock. The idle rule stays exact to the minute: a session
# ends between SESSION_IDLE_MINUTES - 1 and SESSION_IDLE_MINUTES after the last request.
SESSION_REFRESH_SECONDS = 60
_REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Push a live session's expiry forward at most once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (signed out, or never used) has nothing to keep alive, and one
        # already changed by this request is about to be saved with a fresh expiry anyway.
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(_REFRESHED_AT)
        if session.modified or not isinstance(last, int) or now - last >= SESSION_REFRESH_SECONDS:
            session[_REFRESHED_AT] = now
        return response
