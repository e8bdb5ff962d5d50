"""The one key ring for everything kindmind encrypts (free text at rest, backups).

Keys are Fernet keys (AES-128-CBC with HMAC-SHA256, from `cryptography`), chosen because
a Fernet token is authenticated: a wrong key or a changed byte is refused, never
decrypted into nonsense. `MultiFernet` holds several keys at once, newest first: new
data is always written under the newest, and older keys keep reading what they wrote
until `kindmind rotate-keys` has re-encrypted it.

Where the keys come from, first match wins:

- `KINDMIND_ENCRYPTION_KEYS`: keys separated by commas, newest first;
- `KINDMIND_ENCRYPTION_KEY_FILE`: a file with one key per line, newest first
  (blank lines and lines starting with `#` are ignored);
- the embedded default only (no `DATABASE_URL`): `encryption.keys` in the data folder,
  written with one new key on first use, readable by its owner alone.

A production database with no key configured refuses to start rather than write text
nobody could read later, or text anybody could read now.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "encryption.keys"

__all__ = [
    "KEY_FILE_NAME",
    "InvalidToken",
    "decrypt_bytes",
    "decrypt_text",
    "encrypt_bytes",
    "encrypt_text",
    "forget_keys",
    "is_under_newest_key",
    "keyring",
    "keys",
    "new_key",
    "parse_keys",
    "rotate_text",
]


def new_key() -> str:
    """A fresh key, as the text a deployer stores."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(text: str, *, source: str) -> list[Fernet]:
    """Keys from text (one per line or separated by commas), newest first.

    Raises `ImproperlyConfigured` naming `source` (never the key itself) when a key is
    malformed or there is none.
    """
    parts = [
        part.strip()
        for line in text.splitlines()
        if not line.strip().startswith("#")
        for part in line.split(",")
        if part.strip()
    ]
    if not parts:
        raise ImproperlyConfigured(f"{source} holds no encryption key.")
    keys = []
    for number, part in enumerate(parts, start=1):
        try:
            keys.append(Fernet(part.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            raise ImproperlyConfigured(
                f"Key {number} in {source} is not a valid key: each key is 44 characters "
                "of URL-safe base64, as `kindmind rotate-keys --new-key` prints."
            ) from None
    return keys


def _embedded_key_file() -> Path:
    path = Path(settings.DATA_DIR) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once cannot both write a different first key.
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return path
        with os.fdopen(descriptor, "w") as handle:
            handle.write(new_key() + "\n")
    return path


@functools.cache
def keys() -> tuple[Fernet, ...]:
    """The configured keys, newest first, read once per process."""
    raw = os.environ.get("KINDMIND_ENCRYPTION_KEYS", "").strip()
    if raw:
        return tuple(parse_keys(raw, source="KINDMIND_ENCRYPTION_KEYS"))
    key_file = os.environ.get("KINDMIND_ENCRYPTION_KEY_FILE", "").strip()
    if key_file:
        path = Path(key_file)
        try:
            text = path.read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"KINDMIND_ENCRYPTION_KEY_FILE names {path}, which cannot be read "
                f"({error.strerror})."
            ) from None
        return tuple(parse_keys(text, source=str(path)))
    if getattr(settings, "EMBEDDED", False):
        path = _embedded_key_file()
        return tuple(parse_keys(path.read_text(), source=str(path)))
    raise ImproperlyConfigured(
        "An encryption key is required when DATABASE_URL is set: set "
        "KINDMIND_ENCRYPTION_KEYS or KINDMIND_ENCRYPTION_KEY_FILE (docs/deploy.md)."
    )


@functools.cache
def keyring() -> MultiFernet:
    """The configured keys, read once per process (call `forget_keys` after changing them)."""
    return MultiFernet(list(keys()))


def forget_keys() -> None:
    """Read the keys again on next use (after rotation, or in tests that change them)."""
    keys.cache_clear()
    keyring.cache_clear()


def is_under_newest_key(token: str) -> bool:
    """Whether the newest key alone reads `token` (rotation has nothing left to do)."""
    try:
        keys()[0].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def rotate_text(token: str) -> str:
    """`token` encrypted again under the newest key; raises `InvalidToken` if no key reads it."""
    return keyring().rotate(token.encode("ascii")).decode("ascii")


def encrypt_bytes(data: bytes) -> bytes:
    return keyring().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The plain bytes; raises `InvalidToken` for a wrong key or a changed byte."""
    return keyring().decrypt(token)


def encrypt_text(text: str) -> str:
    return encrypt_bytes(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")
