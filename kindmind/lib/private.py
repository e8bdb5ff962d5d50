"""Pages shown to a signed-in person are never kept by a browser's or a proxy's cache.

A shared computer's back button, or a cache between the person and kindmind, could
otherwise show someone's check-ins, letters or safety plan to the next person. Every
response to a signed-in request gets `Cache-Control: no-store, private`, unless the view
chose its own caching (a file that is the same for everyone, for example).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before the view: signing out ends the session, and its page is still theirs.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
