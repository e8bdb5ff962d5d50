"""Confirming a new address by email before anyone is signed in to it.

Where settings.SIGNUP_CONFIRMS_BY_EMAIL is on, sign-up makes the account closed
(`is_active` False, `awaiting_confirmation` True) and emails a one-time link made like a
password-reset link: the account's id and a token that Django's token generator signs
over the account's state, so it stops working once the account is confirmed, and after
settings.SIGNUP_CONFIRM_TIMEOUT. The access log hides the link's path as it hides reset
links (kindmind.lib.accesslog).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from kindmind.accounts.models import User


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens with their own salt (a reset token is no sign-up token, nor
    the other way round), their own lifetime, and the account's confirmation state in
    the hash (so a link works once)."""

    key_salt = "kindmind.accounts.confirm.SignupTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        state = f"{user.is_active}{user.awaiting_confirmation}"
        return f"{super()._make_hash_value(user, timestamp)}{state}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        # Django's check, with SIGNUP_CONFIRM_TIMEOUT in place of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - ts
        return bool(age <= settings.SIGNUP_CONFIRM_TIMEOUT)


signup_tokens = SignupTokenGenerator()


def link_for(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:signup_confirm", args=[uidb64, signup_tokens.make_token(user)])
    return f"{settings.SITE_ROOT}{path}"


def send_link(user: User) -> None:
    """Email `user` their sign-up link. A mail server that is down must not turn the page
    into an error (a taken address's page would then differ from a new one's)."""
    send_mail(
        subject=_("kindmind: one step to open your account"),
        message=render_to_string(
            "accounts/email/signup_confirm.txt",
            {"link": link_for(user), "hours": settings.SIGNUP_CONFIRM_TIMEOUT // 3600},
        ),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=True,
    )
