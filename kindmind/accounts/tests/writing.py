"""Helpers for the deletion tests: write distinctive words everywhere a person can,
through the pages a person uses, and read what a database really holds."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

from django.db import connection
from django.test import Client

from kindmind.critic.tests.test_flow_pages import begin, submit

# One distinctive made-up phrase for each place a person writes in.
PHRASES = {
    "name": "Quillon Marrowby",
    "checkin": "zephyr-lantern-5521 in the check-in note",
    "critic": "cobalt-thistle-8830 said the critic",
    "reply": "amber-pebble-1944 was my kind reply",
    "letter": "willow-compass-6602 is what the letter is about",
    "plan": "heron-quartz-3371 on my safety plan",
    "sentence": "saffron-meadow-2285 kept for a hard moment",
}


def write_everywhere(browser: Client) -> list[str]:
    """Every phrase typed into its page by a signed-in client; the phrases written."""
    response = browser.post(
        "/account/settings/",
        {"display_name": PHRASES["name"], "timezone": "Europe/London", "country": ""},
    )
    assert response.status_code == 302
    response = browser.post(
        "/checkins/new/",
        {"threat": "5", "note": PHRASES["checkin"], "submission_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    entry = begin(browser, "critic")
    assert submit(browser, entry, "happened", what_happened="A plain day.").status_code == 302
    assert submit(browser, entry, "words", critic_words=PHRASES["critic"]).status_code == 302
    assert submit(browser, entry, "reply", reply=PHRASES["reply"]).status_code == 302
    # Changed once, so that an earlier version is kept as well.
    assert submit(browser, entry, "reply", reply=PHRASES["reply"] + ", softer").status_code == 302
    letter = begin(browser, "letter")
    assert submit(browser, letter, "about", letter_about=PHRASES["letter"]).status_code == 302
    response = browser.post(
        "/help/plan/edit/", {"whole_plan": "1", "warning_signs": PHRASES["plan"]}
    )
    assert response.status_code == 302
    response = browser.post(
        "/quick-help/words/",
        {"sentence": PHRASES["sentence"], "keep": "on", "submission_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    return list(PHRASES.values())


def raw_database() -> bytes:
    """Every byte the database holds: on SQLite the file and its write-ahead log as they
    lie on disk, on PostgreSQL a `pg_dump` of the (test) database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(settings["NAME"])
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = ["pg_dump", "--no-owner", "--dbname", settings["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [flag, str(settings[key])]
    return subprocess.run(command, env=env, capture_output=True, check=True).stdout


def found(phrases: list[str], raw: bytes) -> list[str]:
    return [phrase for phrase in phrases if phrase.encode() in raw]
