"""The calm 400 page: for a request kindmind cannot read, or a value it cannot use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def bad_request_page(request: HttpRequest) -> HttpResponse:
    # The request is passed for the page's layout only; nothing here reads its body.
    return HttpResponse(render_to_string("400.html", request=request), status=400)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the same calm page for every request Django refuses as malformed."""
    return bad_request_page(request)
