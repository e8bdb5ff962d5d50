"""Typing for requests behind @login_required."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from kindmind.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind @login_required: `user` is a real account."""

    user: User
