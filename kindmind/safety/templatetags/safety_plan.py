"""Template helpers for the safety plan: phone numbers a person wrote become call links."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kindmind.safety.phones import split_phone_numbers

register = template.Library()


@register.filter
def with_call_links(text: str) -> SafeString:
    """The person's words, escaped, with each phone number as a tap-to-call link and
    line breaks kept. Words with no number that can be read stay plain text."""
    parts: list[str] = []
    for piece, tel in split_phone_numbers(str(text)):
        if tel is None:
            parts.append(escape(piece))
        else:
            parts.append(f'<a href="tel:{tel}">{escape(piece)}</a>')
    html = "".join(parts).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - every piece above is escaped; tel is digits and +
