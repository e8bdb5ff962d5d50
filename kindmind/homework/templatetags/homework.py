from __future__ import annotations

from typing import Any

from django import template

from kindmind.homework.today import for_today

register = template.Library()


@register.inclusion_tag("homework/_today.html", takes_context=True)
def homework_card(context: template.Context) -> dict[str, Any]:
    """Homework on Today: what the person's clinicians suggested, running today."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"items": []}
    return {"items": for_today(user)}
