"""The learning pages, in reading order. Each page is a template in templates/learn/."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    slug: str
    title: str | Promise
    summary: str | Promise


PAGES = [
    Page(
        "tricky-brain",
        _("The tricky brain"),
        _("Why minds get caught in loops, and why that isn't your fault."),
    ),
    Page(
        "three-systems",
        _("Three systems"),
        _("Threat, drive and soothing: the map for everything else."),
    ),
    Page(
        "not-your-fault",
        _("Not your fault, but your responsibility"),
        _("Letting go of blame so that change has room."),
    ),
    Page(
        "compassion",
        _("What compassion is, and isn't"),
        _("Not softness or letting yourself off: strength and care together."),
    ),
    Page(
        "fears-and-backdraft",
        _("When kindness feels hard"),
        _("Fears, blocks and backdraft, and what to do when they come."),
    ),
]
BY_SLUG = {page.slug: page for page in PAGES}
