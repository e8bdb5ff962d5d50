"""Web push: the deployment's VAPID key, and sending one notification.

The key pair identifies this kindmind to browsers' push services (RFC 8292). Where it
comes from, first found wins:
- KINDMIND_VAPID_PRIVATE_KEY (a PEM, or the raw key in base64url) or
  KINDMIND_VAPID_PRIVATE_KEY_FILE: for several servers, which must all share one key
  (a browser's subscription is tied to the public key it was made with);
- `vapid_private_key.pem` in the data directory, generated on first use, mode 0600.
"""

from __future__ import annotations

import base64
import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from py_vapid import Vapid

KEY_FILE_NAME = "vapid_private_key.pem"
# How long a push service keeps a notification for a device that is off: an hour, the
# same as a reminder's own lateness limit.
TTL_SECONDS = 60 * 60
TIMEOUT_SECONDS = 10


class Gone(Exception):
    """The push service says this subscription no longer exists (404 or 410)."""


class PushFailed(Exception):
    """Any other failure: worth another try later."""


def _from_text(text: str) -> Vapid:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return Vapid.from_pem(text.encode())
    return Vapid.from_string(private_key=text)


def _generate(path: Path) -> None:
    key = Vapid()
    key.generate_keys()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once never write two different keys.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as out:
        out.write(key.private_pem())


@cache
def vapid() -> Vapid:
    """The deployment's VAPID key (see the module's docstring)."""
    text = os.environ.get("KINDMIND_VAPID_PRIVATE_KEY", "")
    if text:
        return _from_text(text)
    key_file = os.environ.get("KINDMIND_VAPID_PRIVATE_KEY_FILE", "")
    if key_file:
        return _from_text(Path(key_file).read_text())
    path = Path(settings.DATA_DIR) / KEY_FILE_NAME
    if not path.exists():
        _generate(path)
    return _from_text(path.read_text())


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, no padding)."""
    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def subject() -> str:
    """Who runs this push sender, for push services to contact: the site when it is
    https, else the address emails come from."""
    configured = os.environ.get("KINDMIND_VAPID_SUBJECT", "")
    if configured:
        return configured
    if settings.SITE_ROOT.startswith("https://"):
        return str(settings.SITE_ROOT)
    address = str(settings.DEFAULT_FROM_EMAIL)
    if "<" in address:
        address = address.split("<", 1)[1].rstrip(">")
    return f"mailto:{address}"


def acceptable_endpoint(endpoint: str) -> bool:
    """A subscription's endpoint must be a push service on the internet: https, a host
    name (not an address or this machine), so a made-up subscription cannot turn the
    loop into a way to post to addresses inside the server's network."""
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host:
        return False
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    return not host.replace(".", "").isdigit() and ":" not in host


class Sender:
    """Sends notifications over one HTTP session (kept open across a batch)."""

    def __init__(self) -> None:
        import requests

        self.session = requests.Session()
        self.key = vapid()
        self.claims_by_origin: dict[str, dict[str, str]] = {}

    def _headers(self, endpoint: str) -> dict[str, str]:
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self.claims_by_origin.get(origin)
        # VAPID tokens last up to a day; ours 12 hours, renewed an hour before they end.
        if cached is None or int(cached["_exp"]) < time.time() + 3600:
            exp = int(time.time()) + 12 * 60 * 60
            signed = self.key.sign({"aud": origin, "exp": exp, "sub": subject()})
            cached = {**{k: str(v) for k, v in signed.items()}, "_exp": str(exp)}
            self.claims_by_origin[origin] = cached
        return {k: v for k, v in cached.items() if k != "_exp"}

    def send(self, subscription: Any, payload: dict[str, str]) -> None:
        """Raises Gone for a subscription that no longer exists, PushFailed otherwise."""
        from pywebpush import WebPusher, WebPushException

        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        try:
            response = WebPusher(info, requests_session=self.session).send(
                json.dumps(payload),
                headers=self._headers(subscription.endpoint),
                ttl=TTL_SECONDS,
                timeout=TIMEOUT_SECONDS,
            )
        except WebPushException as exc:
            raise PushFailed("push-refused") from exc
        except Exception as exc:
            # Connection refused, a timeout, a name that does not resolve...
            raise PushFailed("push-unreachable") from exc
        status = int(getattr(response, "status_code", 0))
        if status in (404, 410):
            raise Gone
        if status >= 300 or status == 0:
            raise PushFailed(f"push-{status}")

    def close(self) -> None:
        self.session.close()
