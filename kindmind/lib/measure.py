"""Small helpers the benches share: a percentile, a free local port, the child processes of
a server and a way to stop one.

Pure Python, no Django: the benches use them, and the tests that start real servers take
their ports and find the server's processes here too."""

from __future__ import annotations

import math
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path


def percentile(values: Sequence[float], share: float) -> float:
    """The value at `share` (0 to 1) of the sorted values, by the nearest rank between the
    first and the last (0.5 of [1, 2, 3, 4] is 3); NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing was listening on a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_processes(pid: int) -> dict[int, str]:
    """The living child processes of `pid`, with their command lines, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The fields after the command name (which may hold spaces) in its brackets.
            state, parent = (entry / "stat").read_text().rpartition(")")[2].split()[:2]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended while we looked
        if int(parent) == pid and state != "Z":
            found[int(entry.name)] = command
    return found


def process_tree(pid: int) -> dict[int, str]:
    """Every living process below `pid` (children, theirs, and so on), with its command
    line."""
    found: dict[int, str] = {}
    waiting = [pid]
    while waiting:
        children = child_processes(waiting.pop())
        found.update(children)
        waiting.extend(children)
    return found


def has_ended(pid: int) -> bool:
    """Whether `pid` has ended (a zombie not yet reaped has ended too)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


def stop_process(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
