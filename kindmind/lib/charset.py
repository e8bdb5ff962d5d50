"""Refuse a form whose declared character set kindmind cannot read, before anything reads it.

Forms are UTF-8 (the pages say so, and every browser sends it). A form sent as
`application/x-www-form-urlencoded; charset=utf-16` makes Django raise a bad-request
error the first time anything reads `request.POST` (here, the CSRF check), and its 400
handler then reads it again and fails: a server error, even for a signed-out visitor. A
charset Python does not know fails the same way in multipart forms. This middleware
answers such requests with the calm 400 page at once and reads nothing.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kindmind.lib.badrequest import bad_request_page

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def readable_charset(request: HttpRequest) -> bool:
    """False when a form declares a character set we cannot, or must not, decode."""
    content_type = request.content_type or ""
    charset = (request.content_params or {}).get("charset")
    if content_type not in FORM_TYPES or charset is None:
        return True
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return False
    # URL-encoded forms are UTF-8 by definition (RFC 1866; Django refuses any other).
    return content_type != FORM_TYPES[0] or name == "utf-8"


class FormCharsetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not readable_charset(request):
            return bad_request_page(request)
        return self.get_response(request)
