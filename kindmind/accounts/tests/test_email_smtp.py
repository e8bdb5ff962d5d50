"""Password-reset email through a real SMTP server on loopback, as a deployer's
KINDMIND_EMAIL_HOST would receive it."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from kindmind.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.enable_socket]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_password_reset_email_is_delivered_over_smtp(
    client: Client, client_user: User, smtp: Inbox
) -> None:
    response = client.post("/account/password/reset/", {"email": client_user.email})
    assert response.status_code == 302
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == [client_user.email]
    assert message["Subject"] == "Your kindmind password link"
    body = message.get_payload(decode=True).decode()
    assert re.search(r"http://127\.0\.0\.1:8000/account/password/reset/\S+/\S+/", body)
    assert "If it wasn't you, you can ignore this email" in body
