"""Installable and offline (issue 18, point 3), over HTTP: the manifest and its icons,
the service worker as browsers must be given it, and the offline page. What the worker
does in a browser is in test_browser_offline.py."""

from __future__ import annotations

import json
import re
import struct
from typing import Any

import pytest
from django.test import Client

from kindmind.accounts.models import User

pytestmark = pytest.mark.django_db


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def body(response: Any) -> bytes:
    # WhiteNoise answers static files with a streaming response, closed once read.
    try:
        streaming = getattr(response, "streaming_content", None)
        return b"".join(streaming) if streaming is not None else bytes(response.content)
    finally:
        response.close()


def worker(client: Client) -> str:
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_names_the_manifest_and_the_home_screen_icon(client: Client) -> None:
    html = client.get("/help/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    # The browser's bar in the page's own colours, light and dark.
    assert 'name="theme-color" content="#f7f4ee" media="(prefers-color-scheme: light)"' in html
    assert 'name="theme-color" content="#15181b" media="(prefers-color-scheme: dark)"' in html


def test_the_manifest_offers_kindmind_for_installing(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "kindmind"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["background_color"] == manifest["theme_color"] == "#f7f4ee"
    pngs = {
        (icon["sizes"], icon.get("purpose", "any")): icon["src"]
        for icon in manifest["icons"]
        if icon["type"] == "image/png"
    }
    assert set(pngs) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _purpose), src in pngs.items():
        icon = client.get(src)
        assert icon.status_code == 200
        assert icon["Content-Type"] == "image/png"
        width, height = png_size(body(icon))
        assert f"{width}x{height}" == sizes


def test_the_service_worker_is_served_from_the_root_and_never_kept_long(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    # Its scope is the whole site without asking for more.
    assert "Service-Worker-Allowed" not in response


def test_the_worker_keeps_only_public_pages_and_files_for_everyone(client: Client) -> None:
    source = worker(client)
    public = json.loads(re.search(r"var PUBLIC_PAGES = (\[.*?\]);", source).group(1))  # type: ignore[union-attr]
    assert public == ["/help/", "/quick-help/", "/quick-help/breathe/"]
    files = re.search(r"\.concat\(PUBLIC_PAGES, (\[.*?\])\)", source).group(1)  # type: ignore[union-attr]
    for url in [*json.loads(files), "/offline/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body(response)
    # The safety plan is the one personal page it keeps, and only as the person opens it.
    assert re.search(r"var PERSONAL_PAGES = \[PLAN, HELP\];", source)
    assert 'var PLAN = "/help/plan/";' in source
    assert "/checkins/" not in source


def test_the_worker_has_a_new_version_only_when_it_changes(client: Client) -> None:
    first = re.search(r'var VERSION = "([0-9a-f]{16})";', worker(client))
    second = re.search(r'var VERSION = "([0-9a-f]{16})";', worker(client))
    assert first and second and first.group(1) == second.group(1)


def test_workers_and_manifests_come_only_from_kindmind_itself(client: Client) -> None:
    policy = client.get("/help/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_the_offline_page_says_what_still_works(client: Client) -> None:
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You&#x27;re offline for now" in html or "You're offline for now" in html
    for link in ("/help/plan/", "/help/", "/quick-help/", "/quick-help/breathe/"):
        assert f'href="{link}"' in html
    assert "local emergency number" in html


def test_a_clients_pages_tell_the_offline_script_whose_check_ins_it_may_send(
    as_client: Client, client_user: User, as_sharing_clinician: Client, client: Client
) -> None:
    assert f'data-person="{client_user.pk}"' in as_client.get("/today/").content.decode()
    # A clinician has no check-ins, and a visitor signed out is nobody's.
    assert "data-person=" not in as_sharing_clinician.get("/today/").content.decode()
    assert "data-person=" not in client.get("/help/").content.decode()


def test_the_check_in_form_can_be_kept_offline(as_client: Client) -> None:
    html = as_client.get("/checkins/new/").content.decode()
    assert "data-offline-checkin" in html
    # Its one-time id is what makes a kept check-in count once, however often it is sent.
    assert 'name="submission_id"' in html
    # The person's clock, for dating a check-in written offline (London in January: +0).
    assert re.search(r'data-utc-offset="-?\d+"', html)
