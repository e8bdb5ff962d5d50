"""`kindmind serve --processes P`: several waitress processes on one listening socket.

Python code runs on one core at a time in a process (the GIL), so one waitress process,
however many threads it has, gives every page one core's worth of Python. Here the parent
(`kindmind serve`, after its preparation) binds the listening socket(s) itself and starts
P worker processes, fresh interpreters that each inherit the socket and run waitress on it
with the usual threads and limits (`serve.server_options`). The kernel hands each new
connection to whichever worker accepts it first, so a busy worker takes fewer.

Fresh interpreters (`python -m kindmind.front.serve_processes ...`), not os.fork(): a
fork of a process that has loaded Django, opened database connections and started
threads copies them half-made, and onnxruntime's thread pools are not safe across a fork.

The parent supervises:
- A worker reads the language models in before it says it is ready (a pipe to the
  parent), so a new one never makes the first person whose words it reads wait.
- A worker that ends while serving (killed, out of memory) is started again at once.
- A worker that ends before it was ready to serve is a failed start: started again after
  a growing pause, so a worker that cannot start does not spin; after `START_ATTEMPTS`
  failed starts in a row the parent stops everything and exits non-zero, saying so.
- SIGTERM or SIGINT: every worker is sent SIGTERM (waitress lets requests in progress
  finish), waited for, and the parent returns.
- If the parent itself is killed outright, its workers end too: each holds the read end
  of a pipe whose only write end the parent holds, and the kernel closes that write end
  when the parent ends, however it ends; the worker's read then returns, and it stops
  as on SIGTERM. Chosen over watching the parent's pid (a delay of up to the polling
  interval, and a race at start) and over prctl(PR_SET_PDEATHSIG) (Linux only, and tied
  to the thread that started the child, not the process).
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol, cast

from kindmind.lib.malloc import limit_arenas, release_free_memory

# Failed starts in a row after which the parent gives up.
START_ATTEMPTS = 5
# The pause before the second start attempt; it doubles after each failed start.
FIRST_PAUSE = 0.5
# How long a stopping worker has to finish its requests before it is killed (waitress
# itself waits up to 5 s for its threads; the unit file allows 30 s for the whole stop).
STOP_SECONDS = 15.0
# Listening backlog: waitress's own default.
BACKLOG = 1024


def listening_sockets(host: str, port: int) -> list[socket.socket]:
    """Bound, listening sockets for every address waitress itself would listen on for
    `host` and `port` (one for an address, two for `*`)."""
    from waitress.adjustments import Adjustments

    sockets: list[socket.socket] = []
    try:
        # waitress's own reading of host and port: (family, type, protocol, address).
        wanted = cast(list[tuple[int, int, int, Any]], Adjustments(host=host, port=port).listen)
        for family, kind, proto, address in wanted:
            listener = socket.socket(family, kind, proto)
            sockets.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            listener.listen(BACKLOG)
    except OSError:
        for listener in sockets:
            listener.close()
        raise
    return sockets


class _Writer(Protocol):
    def write(self, text: str, /) -> Any: ...
    def flush(self) -> Any: ...


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    ready: int  # the read end of its ready pipe, -1 once closed
    started: float
    is_ready: bool = False


@dataclass
class Supervisor:
    """Starts `count` workers with `command` (to which the socket, lifeline and ready
    file descriptors are added) and keeps them running until told to stop."""

    command: list[str]
    sockets: list[socket.socket]
    count: int
    err: _Writer
    first_pause: float = FIRST_PAUSE
    workers: list[_Worker | None] = field(default_factory=list)
    stopping: bool = False
    failed_starts: int = 0
    last_status: int | None = None

    def __post_init__(self) -> None:
        # The parent keeps the write end for its whole life and never writes to it.
        self._lifeline_read, self._lifeline_write = os.pipe()

    def stop(self, signum: int = 0, frame: object = None) -> None:
        """A signal handler: the loop in `run` stops the workers."""
        self.stopping = True

    def _start(self) -> _Worker:
        ready_read, ready_write = os.pipe()
        os.set_blocking(ready_read, False)
        fds = [s.fileno() for s in self.sockets]
        command = [
            *self.command,
            f"--sockets={','.join(map(str, fds))}",
            f"--lifeline={self._lifeline_read}",
            f"--ready={ready_write}",
        ]
        try:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, pass_fds=[*fds, self._lifeline_read, ready_write]
            )
        finally:
            os.close(ready_write)
        return _Worker(process=process, ready=ready_read, started=time.monotonic())

    def _close_ready(self, worker: _Worker) -> None:
        if worker.ready >= 0:
            os.close(worker.ready)
            worker.ready = -1

    def _look_at(self, worker: _Worker) -> bool:
        """Whether `worker` is still running; notes when it has become ready."""
        if not worker.is_ready and worker.ready >= 0:
            try:
                said = os.read(worker.ready, 1)
            except BlockingIOError:
                said = b""
            else:
                if not said:  # ended (or closed its end) without saying it was ready
                    self._close_ready(worker)
            if said:
                worker.is_ready = True
                self.failed_starts = 0
                self._close_ready(worker)
        status = worker.process.poll()
        if status is None:
            return True
        self._close_ready(worker)
        self.last_status = status
        return False

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers if w is not None]

    def run(self) -> str | None:
        """Serve until stopped (None), or until workers have failed to start
        `START_ATTEMPTS` times in a row (what went wrong, in words)."""
        self.workers = [self._start() for _ in range(self.count)]
        due: list[float] = []  # when each replacement waiting for its pause may start
        try:
            while not self.stopping:
                now = time.monotonic()
                for slot, worker in enumerate(self.workers):
                    if worker is None or self._look_at(worker):
                        continue
                    self.workers[slot] = None
                    if worker.is_ready:
                        self.err.write(
                            f"kindmind serve: server process {worker.process.pid} ended "
                            f"(status {worker.process.returncode}); starting another.\n"
                        )
                        due.append(now)
                    else:
                        self.failed_starts += 1
                        if self.failed_starts >= START_ATTEMPTS:
                            return (
                                f"kindmind serve: its server processes failed to start "
                                f"{self.failed_starts} times in a row (the last ended with "
                                f"status {worker.process.returncode}); their messages are "
                                "above. Stopping."
                            )
                        pause = self.first_pause * 2 ** (self.failed_starts - 1)
                        self.err.write(
                            f"kindmind serve: a server process ended before it was ready "
                            f"(status {worker.process.returncode}); trying again in "
                            f"{pause:g} s.\n"
                        )
                        due.append(now + pause)
                    self.err.flush()
                for when in sorted(due):
                    if when <= now and None in self.workers and not self.stopping:
                        due.remove(when)
                        self.workers[self.workers.index(None)] = self._start()
                time.sleep(0.05)
            return None
        finally:
            self._stop_all()

    def _stop_all(self) -> None:
        running = [w for w in self.workers if w is not None]
        for worker in running:
            if worker.process.poll() is None:
                worker.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for worker in running:
            try:
                worker.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            self._close_ready(worker)
        self.workers = []


def _stop(signum: int, frame: object) -> NoReturn:
    # waitress shuts down its threads on SystemExit, letting requests in progress finish.
    sys.exit(0)


def _end_with_parent(lifeline: int) -> None:
    """Stop this worker as on SIGTERM once the parent is gone: the pipe's write end is
    the parent's alone, so a read returns only when the parent has ended."""

    def watch() -> None:
        while os.read(lifeline, 1):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kindmind-lifeline", daemon=True).start()


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def freeze_startup_objects() -> None:
    """Set what start-up made (Django, the app, the language models: about 100,000
    objects the collector tracks) outside the garbage collector's generations.

    Those objects live as long as the process, yet every full collection walked all of
    them again, with every thread of the process waiting on the GIL meanwhile: 50 to 80
    ms pauses in the middle of ordinary page requests, in one process, where a page takes
    5 to 10 ms (BENCHMARKS.md, Web). Frozen, a collection walks only what requests made.
    Call it once start-up is done, just before serving."""
    gc.collect()
    gc.freeze()


def worker_main(argv: list[str]) -> None:
    """One worker: waitress on the inherited sockets, until SIGTERM or the parent's end."""
    # The parent decides when workers stop; Ctrl+C in a terminal reaches it as well.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parser = argparse.ArgumentParser(prog="python -m kindmind.front.serve_processes")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--sockets", type=_numbers, required=True)
    parser.add_argument("--lifeline", type=int, required=True)
    parser.add_argument("--ready", type=int, required=True)
    options = parser.parse_args(argv)
    # Before any thread starts: threads that start later share the arenas (lib/malloc.py).
    limit_arenas()
    _end_with_parent(options.lifeline)
    sockets = [socket.socket(fileno=fd) for fd in options.sockets]
    signal.signal(signal.SIGTERM, _stop)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindmind.settings")
    import waitress.server

    from kindmind.front.management.commands.serve import server_options, start_up_lock

    # The language models read into this process before it says it is ready, so that no
    # one's first saved words wait for them in a process just started (a replacement
    # too). If they are broken, analyse() says so once and the crisis rules still read.
    from kindmind.language import analyse
    from kindmind.lib.accesslog import AccessLog

    # Under the shared start-up lock: another server's collectstatic must not replace the
    # static files while WhiteNoise lists them (a replacement process starts at any time).
    with start_up_lock(shared=True):
        from kindmind.wsgi import application

    analyse("A first sentence, read before serving.")
    # What loading freed is handed back before serving (lib/malloc.py).
    release_free_memory()
    freeze_startup_objects()
    settings: dict[str, Any] = server_options("", 0, options.threads)
    del settings["host"], settings["port"]
    server = waitress.server.create_server(AccessLog(application), sockets=sockets, **settings)
    server.print_listen(f"Serving on http://{{}}:{{}} (process {os.getpid()})")
    os.write(options.ready, b"1")
    os.close(options.ready)
    server.run()


if __name__ == "__main__":
    worker_main(sys.argv[1:])
