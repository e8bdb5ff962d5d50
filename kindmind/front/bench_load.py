"""The load side of `kindmind bench web`: a separate process, standard library only.

It reads one JSON object on standard input:

    {"host": "127.0.0.1", "port": 8123, "clients": 8, "seconds": 10,
     "method": "GET" | "POST", "paths": ["/today/"], "cookies": {"sessionid": "..."},
     "form_page": "/checkins/new/",          # POST only: where a CSRF token is read
     "form": {"field": "value", ...},         # POST only: the body, see below
     "fresh": ["submission_id"],              # POST only: fields given a new UUID each time
     "counter": "rev",                        # POST only: a field counting up per client
     "version_field": "base_version"}         # POST only: set from the answer's "version"

Client i uses paths[i % len(paths)], so that, for example, each client autosaves into an
entry of its own, as one person does, rather than eight people typing into one box.

and answers one JSON object on standard output: the count of requests, of errors (any
status other than 200, 302 or 409, or no answer), and every latency in milliseconds.
Each client is a thread with its own keep-alive connection and its own cookies (kept as a
browser keeps them), sending its next request as soon as the last one is answered (a
closed loop), so the figures say how the server copes with that many people clicking at
once, not how fast one client can go.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid
from typing import Any

OK_STATUSES = {200, 302, 409}
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _keep_cookies(response: http.client.HTTPResponse, cookies: dict[str, str]) -> bool:
    """Keep the cookies an answer sets, as a browser does (the CSRF cookie a first page
    brings, a session's renewed expiry); forget those it ends. True if any changed."""
    changed = False
    for header, value in response.getheaders():
        if header.lower() != "set-cookie":
            continue
        name, _, rest = value.split(";", 1)[0].partition("=")
        ended = "max-age=0" in value.lower().replace(" ", "")
        if ended:
            changed |= cookies.pop(name.strip(), None) is not None
        elif cookies.get(name.strip()) != rest:
            cookies[name.strip()] = rest
            changed = True
    return changed


def _read_csrf(
    conn: http.client.HTTPConnection, spec: dict[str, Any], cookies: dict[str, str]
) -> str:
    conn.request("GET", spec["form_page"], headers={"Cookie": _cookie_header(cookies)})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    _keep_cookies(response, cookies)
    match = _TOKEN.search(body)
    if response.status != 200 or match is None or "csrftoken" not in cookies:
        raise RuntimeError(f"no CSRF token on {spec['form_page']} (status {response.status})")
    return match.group(1)


def _client(
    number: int,
    spec: dict[str, Any],
    start: threading.Barrier,
    out: dict[str, Any],
    lock: threading.Lock,
) -> None:
    cookies = dict(spec.get("cookies", {}))
    path = spec["paths"][number % len(spec["paths"])]
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
    form = dict(spec.get("form", {}))
    headers = {}
    if spec["method"] == "POST":
        try:
            form["csrfmiddlewaretoken"] = _read_csrf(conn, spec, cookies)
        except (OSError, http.client.HTTPException, RuntimeError):
            with lock:
                out["errors"] += 1
            start.abort()
            return
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Cookie"] = _cookie_header(cookies)
    counter = 0

    def send() -> tuple[int, float]:
        nonlocal conn, counter
        body = None
        if spec["method"] == "POST":
            for name in spec.get("fresh", []):
                form[name] = str(uuid.uuid4())
            if spec.get("counter"):
                counter += 1
                form[spec["counter"]] = str(counter)
            body = urllib.parse.urlencode(form, doseq=True)
        began = time.perf_counter()
        try:
            conn.request(spec["method"], path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            status = response.status
            if _keep_cookies(response, cookies):
                headers["Cookie"] = _cookie_header(cookies)
            if spec.get("version_field") and status == 200:
                form[spec["version_field"]] = str(json.loads(answer)["version"])
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
        return status, (time.perf_counter() - began) * 1000

    # One request untimed, then every client waits here: the clock starts with all of
    # them connected and each first-use cost (the language models, template caches) paid.
    if send()[0] not in OK_STATUSES:
        errors += 1
    try:
        start.wait(timeout=120)
    except threading.BrokenBarrierError:
        with lock:
            out["errors"] += errors
        return
    deadline = time.monotonic() + float(spec["seconds"])
    while time.monotonic() < deadline:
        status, latency = send()
        latencies.append(latency)
        if status not in OK_STATUSES:
            errors += 1
    conn.close()
    with lock:
        out["latencies"].extend(latencies)
        out["errors"] += errors


def run(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"latencies": [], "errors": 0}
    lock = threading.Lock()
    clients = int(spec["clients"])
    started = 0.0

    def clock_starts() -> None:
        nonlocal started
        started = time.monotonic()

    start = threading.Barrier(clients, action=clock_starts)
    threads = [
        threading.Thread(target=_client, args=(n, spec, start, out, lock), daemon=True)
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=float(spec["seconds"]) + 180)
    out["elapsed"] = time.monotonic() - started if started else 0.0
    out["n"] = len(out["latencies"])
    return out


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
