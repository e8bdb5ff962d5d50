"""Installable and offline: the web-app manifest, the service worker and the offline page.

The service worker (templates/front/sw.js) keeps the shell, the public crisis services,
grounding and pacer pages, and, only for the signed-in person who opens it, their safety
plan, so that these open with no connection. Its addresses are filled in here, so the
static files it keeps are the hashed names a deployment serves, and its version changes
whenever anything it keeps or does changes: browsers then fetch it again and replace
the old shell. Check-ins written offline are kept and sent by kindmind/static/kindmind/
offline.js.
"""

from __future__ import annotations

import hashlib
import json
import time
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode, static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The palette's page colours (base.css --bg), light and dark: the splash screen and the
# browser's bar around an installed kindmind. The manifest holds one; base.html tells
# the browser the dark one with a media query.
BACKGROUND_LIGHT = "#f7f4ee"
BACKGROUND_DARK = "#15181b"

# Everything the pages kept offline need to look and work as they do online.
SHELL_FILES = (
    "kindmind/base.css",
    "kindmind/app.js",
    "kindmind/menu.js",
    "kindmind/offline.js",
    "kindmind/forget-device.js",
    "kindmind/pacer.js",
    "vendor/htmx.min.js",
    "kindmind/icon.svg",
    "kindmind/icons/icon-192.png",
    "kindmind/icons/icon-512.png",
    "kindmind/icons/icon-maskable-512.png",
    "kindmind/icons/apple-touch-icon.png",
)


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """What a browser needs to offer "Install" / "Add to Home screen"."""
    body = {
        "name": "kindmind",
        "short_name": "kindmind",
        "description": _("A companion for compassion practice."),
        "id": "/",
        "start_url": reverse("front:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_LIGHT,
        "theme_color": BACKGROUND_LIGHT,
        "icons": [
            {"src": static("kindmind/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("kindmind/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("kindmind/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("kindmind/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@cache
def _worker_source() -> str:
    """The service worker, filled in once per process (the addresses never change while it
    runs). Its version is a hash of everything else in it."""
    context = {
        "offline_page": reverse("front:offline"),
        "manifest": reverse("front:manifest"),
        "static_prefix": PrefixNode.handle_simple("STATIC_URL"),
        "sign_out": reverse("accounts:signout"),
        "plan": reverse("safety:plan"),
        "help": reverse("safety:help"),
        "public_pages": [
            reverse("safety:help"),
            reverse("quickhelp:start"),
            reverse("quickhelp:breathe"),
        ],
        "static_files": [static(name) for name in SHELL_FILES],
        "icon": static("kindmind/icons/icon-192.png"),
    }
    filled = {key: json.dumps(value) for key, value in context.items()}
    unversioned = render_to_string("front/sw.js", {**filled, "version": '""'})
    # In development static files keep their names when they change: a new version at
    # each start, so that the worker does not hold on to old scripts.
    nonce = str(time.time()) if settings.DEBUG else ""
    version = hashlib.sha256((unversioned + nonce).encode()).hexdigest()[:16]
    return render_to_string("front/sw.js", {**filled, "version": json.dumps(version)})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root, so that its scope is the whole site. Never kept long by a
    cache, so that a new version reaches people at their next visit."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What a page that needs the network shows when there is none (kept by the worker)."""
    return render(request, "front/offline.html")
