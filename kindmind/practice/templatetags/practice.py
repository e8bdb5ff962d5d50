"""Template helpers for guided practice: durations in words, and the card on Today."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindmind.practice import rules, summary
from kindmind.practice.library import PRACTICES
from kindmind.practice.reasons import reason_words

register = template.Library()


@register.filter
def duration(seconds: int) -> str:
    """Seconds as a person says them: "40 seconds", "1 minute 40 seconds"."""
    minutes, rest = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
    if rest or not minutes:
        parts.append(ngettext("%(n)s second", "%(n)s seconds", rest) % {"n": rest})
    return " ".join(parts)


@register.inclusion_tag("practice/_today_card.html", takes_context=True)
def practice_card(context: template.Context) -> dict[str, Any]:
    """The "Practise" card on Today: the first suggestion with its reason, and the week."""
    user = context["request"].user
    if not user.is_authenticated or not user.is_client:
        return {"show": False}
    # The week's minutes come from the same rows the suggestions read: one query fewer.
    # Today reads the person's place in the course once, for its course card too.
    situation = summary.situation(user, course=context.get("course_place", True))
    found = rules.suggest(situation, PRACTICES)
    first = found[0] if found else None
    return {
        "show": True,
        "week": summary.week_in(user, situation.history),
        "suggestion": first,
        "practice": PRACTICES[first.practice] if first else None,
        "minutes": PRACTICES[first.practice].versions[first.version].minutes if first else None,
        "reason": reason_words(first.reasons[0], first) if first and first.reasons else "",
        "intro": _("A few minutes of practice, whenever suits you."),
    }


@register.inclusion_tag("practice/_clinician_block.html")
def practice_for_clinician(client: Any, share: Any) -> dict[str, Any]:
    """The practice block on a clinician's client page: only while the client shares the
    "practice" category with this clinician (the page itself is fetched, and its viewing
    audited, through the access rule)."""
    if share is None or share.revoked_at is not None or "practice" not in share.categories:
        return {"show": False}
    return {"show": True, "practice": summary.for_clinician(client)}
