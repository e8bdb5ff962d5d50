"""A safety alert records what really became of its email, and one that did not reach
the clinician is shown to them in kindmind (issue 16, point 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from kindmind.accounts import actions as account_actions
from kindmind.accounts.models import Share, User
from kindmind.safety.actions import record_safety_event
from kindmind.safety.models import SafetyAlert

pytestmark = pytest.mark.django_db

CONSOLE = "django.core.mail.backends.console.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("no mail server here")


def test_an_alert_printed_to_the_console_is_recorded_as_not_sent(
    settings: Any, client_user: User, sharing_clinician: User, capsys: Any
) -> None:
    settings.EMAIL_BACKEND = CONSOLE
    event = record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    capsys.readouterr()
    alert = SafetyAlert.objects.get(event=event)
    assert (alert.clinician, alert.delivery) == (sharing_clinician, "not_configured")
    assert not alert.delivered


def test_an_alert_the_mail_server_refuses_is_recorded_as_failed_and_the_person_is_helped(
    settings: Any, client_user: User, sharing_clinician: User, caplog: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    event = record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    assert SafetyAlert.objects.get(event=event).delivery == "failed"
    # The log names the event, never the clinician's address.
    assert str(event.id) in caplog.text
    assert sharing_clinician.email not in caplog.text


def test_an_alert_a_mail_server_took_is_recorded_as_sent(
    client_user: User, sharing_clinician: User
) -> None:
    event = record_safety_event(client=client_user, level="concern", source="critic.letter")
    assert SafetyAlert.objects.get(event=event).delivery == "sent"
    assert len(mail.outbox) == 1


def test_the_clinician_sees_an_undelivered_alert_in_kindmind_until_they_acknowledge_it(
    settings: Any, client_user: User, as_sharing_clinician: Client, capsys: Any
) -> None:
    settings.EMAIL_BACKEND = CONSOLE
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    capsys.readouterr()
    clients = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "A safety alert is waiting for you" in clients
    assert f"/clinic/clients/{client_user.id}/safety/" in clients
    assert "email is not set up" in clients

    safety = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/safety/")
    assert "not sent: email is not set up on this kindmind" in safety.content.decode()
    assert SafetyAlert.objects.get().seen_at is not None
    # Seen is not yet acknowledged: it waits until the clinician says so.
    assert (
        "A safety alert is waiting" in as_sharing_clinician.get("/clinic/clients/").content.decode()
    )
    as_sharing_clinician.post(f"/clinic/alerts/{SafetyAlert.objects.get().id}/acknowledge/")
    again = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "safety alert is waiting" not in again


def test_an_alert_that_was_emailed_still_waits_on_the_clients_page_and_says_so(
    client_user: User, as_sharing_clinician: Client
) -> None:
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    clients = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "A safety alert is waiting for you" in clients
    assert "Email to you: sent" in clients
    safety = as_sharing_clinician.get(f"/clinic/clients/{client_user.id}/safety/")
    assert ">sent<" in safety.content.decode()


def test_an_undelivered_alert_is_hidden_once_sharing_stops(
    settings: Any, client_user: User, as_sharing_clinician: Client, capsys: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    account_actions.revoke_share(share=Share.objects.get(client=client_user), by=client_user)
    clients = as_sharing_clinician.get("/clinic/clients/").content.decode()
    assert "safety alert is waiting" not in clients
    assert client_user.email not in clients


def test_an_undelivered_alert_for_another_clinician_is_not_shown(
    settings: Any, client_user: User, sharing_clinician: User, unrelated_clinician: User
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    record_safety_event(client=client_user, level="urgent", source="checkins.checkin")
    other = Client()
    other.force_login(unrelated_clinician)
    assert "safety alert is waiting" not in other.get("/clinic/clients/").content.decode()


def _deploy_warnings() -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id}


def test_deploy_check_warns_of_console_email_and_http_on_a_production_database(
    settings: Any,
) -> None:
    settings.EMBEDDED = False
    settings.EMAIL_BACKEND = CONSOLE
    settings.HTTPS = False
    settings.SITE_ROOT = "http://kindmind.example.org"
    assert {"kindmind.W001", "kindmind.W002"} <= _deploy_warnings()


def test_deploy_check_is_quiet_with_a_mail_server_and_https(settings: Any) -> None:
    settings.EMBEDDED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.HTTPS = True
    settings.SITE_ROOT = "https://kindmind.example.org"
    assert not {"kindmind.W001", "kindmind.W002"} & _deploy_warnings()


def test_the_embedded_default_is_not_warned_about(settings: Any) -> None:
    settings.EMBEDDED = True
    settings.EMAIL_BACKEND = CONSOLE
    assert not {"kindmind.W001", "kindmind.W002"} & _deploy_warnings()
