"""The course's card on Today: the person's current week (kindmind.course.progress)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kindmind.course import progress

register = template.Library()


@register.inclusion_tag("course/_today_card.html", takes_context=True)
def course_card(context: template.Context) -> dict[str, Any]:
    """Where the person is in the course (one query), or, for a facilitator, the way to
    their groups. Nothing for someone who has not started the course."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    if user.is_clinician:
        return {"show": True, "facilitator": True}
    # Today reads it once for this card and the practice card (front.views.today).
    place = context.get("course_place", True)
    if place is True:
        place = progress.place_of(user, timezone.now())
    return {"show": place is not None, "place": place}
