"""gunicorn's hooks for `kindmind serve`: housekeeping runs beside the web workers.

Expired sessions and old sign-in records must be cleared on a schedule (see
kindmind.accounts.management.commands.housekeeping). The gunicorn master, once it is
listening, starts `kindmind housekeeping --loop` as a child process and ends it when the
server stops. A process of its own, rather than a thread in the master or in a worker:
the master never loads Django or opens a database connection (workers are forked from
it), the loop's database work never shares a process with requests, and one per server
runs however many workers there are.

This module is read by gunicorn only, so it imports nothing from Django.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

_children: list[subprocess.Popen[bytes]] = []


def when_ready(server: Any) -> None:
    child = subprocess.Popen([sys.executable, "-m", "kindmind.cli", "housekeeping", "--loop"])
    _children.append(child)
    server.log.info("Housekeeping started with pid: %s", child.pid)


def on_exit(server: Any) -> None:
    for child in _children:
        child.terminate()
    for child in _children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
