"""The site's main links, rendered once per kind of reader and page, not on every request;
and `{% path %}`, the address of a page that takes no arguments, resolved once.

The links were a partial in base.html rendered twice a page (the phone menu and the wide
row): about a tenth of a millisecond of CPU per link, every page, for HTML that depends
only on who is reading (signed in or not, client or clinician), which page they are on
(for aria-current), the language and the address prefix. Those are the cache's key;
nothing personal is in the HTML (the sign-out form and its CSRF token stay in base.html).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=1024)  # a few hundred views x three kinds of reader at most
def _links(
    language: str | None,
    prefix: str,
    signed_in: bool,
    clinician: bool,
    view_name: str,
    app_name: str,
) -> SafeString:
    html = render_to_string(
        "_components/nav_links.html",
        {
            "signed_in": signed_in,
            "clinician": clinician,
            "view_name": view_name,
            "app_name": app_name,
        },
    )
    return mark_safe(html.strip())  # noqa: S308 - our own template's output, escaped there


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    clinician = bool(signed_in and getattr(user, "is_clinician", False))
    match = getattr(request, "resolver_match", None)
    return _links(
        get_language(),
        get_script_prefix(),
        signed_in,
        clinician,
        (match.view_name or "") if match else "",
        (match.app_name or "") if match else "",
    )


@lru_cache(maxsize=512)  # one per named page without arguments, per prefix and language
def _path(name: str, prefix: str, language: str | None) -> str:
    return reverse(name)


@register.simple_tag
def path(name: str) -> str:
    """`{% url name %}` for a page without arguments, resolved once per process (and
    address prefix and language) rather than on every render: the header and Today
    name about fifteen such pages, each resolved afresh every time."""
    return _path(name, get_script_prefix(), get_language())
