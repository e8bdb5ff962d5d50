"""The key ring: what a deployer relies on when they set, rotate or lose a key."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from kindmind.lib import crypto

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


@pytest.fixture(autouse=True)
def _fresh_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEY_FILE", raising=False)
    crypto.forget_keys()
    yield
    crypto.forget_keys()


def test_text_round_trips_and_the_token_does_not_hold_the_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", crypto.new_key())
    token = crypto.encrypt_text("I was so ashamed at the bus stop")
    assert "ashamed" not in token
    assert crypto.decrypt_text(token) == "I was so ashamed at the bus stop"


def test_a_wrong_key_is_refused_not_decrypted_into_nonsense(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", crypto.new_key())
    token = crypto.encrypt_text("words")
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", crypto.new_key())
    crypto.forget_keys()
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt_text(token)


def test_an_older_key_still_reads_while_the_newest_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = crypto.new_key(), crypto.new_key()
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", old)
    token = crypto.encrypt_text("before rotation")
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", f"{new},{old}")
    crypto.forget_keys()
    assert crypto.decrypt_text(token) == "before rotation"
    fresh = crypto.encrypt_text("after")
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", new)
    crypto.forget_keys()
    assert crypto.decrypt_text(fresh) == "after"


def test_a_malformed_key_names_its_place_and_never_echoes_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", f"{crypto.new_key()},not-a-real-key-secret")
    with pytest.raises(ImproperlyConfigured) as error:
        crypto.keyring()
    assert "Key 2 in KINDMIND_ENCRYPTION_KEYS" in str(error.value)
    assert "not-a-real-key-secret" not in str(error.value)


def test_a_key_file_is_read_newest_first_with_comments_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old, new = crypto.new_key(), crypto.new_key()
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEYS", old)
    token = crypto.encrypt_text("kept")
    path = tmp_path / "keys"
    path.write_text(f"# newest first\n{new}\n\n{old}\n")
    monkeypatch.delenv("KINDMIND_ENCRYPTION_KEYS")
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEY_FILE", str(path))
    crypto.forget_keys()
    assert crypto.decrypt_text(token) == "kept"


def test_an_unreadable_key_file_stops_start_up_with_its_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KINDMIND_ENCRYPTION_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="missing"):
        crypto.keyring()


def test_the_embedded_default_writes_one_private_key_and_keeps_it(
    settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    settings.EMBEDDED = True
    token = crypto.encrypt_text("still mine after a restart")
    path = tmp_path / crypto.KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    crypto.forget_keys()
    assert crypto.decrypt_text(token) == "still mine after a restart"


def test_a_production_database_without_a_key_refuses_to_start(
    settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    settings.EMBEDDED = False
    with pytest.raises(ImproperlyConfigured, match="KINDMIND_ENCRYPTION_KEYS"):
        crypto.keyring()
    assert not (tmp_path / crypto.KEY_FILE_NAME).exists()
