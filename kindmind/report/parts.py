"""The parts a report can hold, and the hook for parts that other apps add.

The three built-in parts (questionnaires, practice, the three circles) are drawn by
kindmind.report.build. Another app adds its own part by appending an `ExtraPart` to
`EXTRA_PARTS` from its AppConfig.ready(): the report then offers it as a choice (off
unless the person ticks it) and, when chosen, includes its template with the context it
returns. The co-created formulation (kindmind.formulation, issue 15 item 5) is meant to
join here as key "formulation": it is a person's own words, so it is printed only when
they ask for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kindmind.accounts.models import User

BUILT_IN: dict[str, Promise] = {
    "measures": _("Questionnaires"),
    "practice": _("Practice"),
    "circles": _("The three circles"),
}


@dataclass(frozen=True)
class ExtraPart:
    key: str
    label: Promise | str
    template: str
    """Included inside the part's own <section>, after its heading."""
    context: Callable[[User, date, date], dict[str, Any] | None]
    """(person, first day, last day) -> the template's context, or None when there is
    nothing to show. It must make a fixed number of queries, whatever the data."""


# Parts other apps add (see the module's docstring). Empty until one registers.
EXTRA_PARTS: list[ExtraPart] = []


def choices() -> dict[str, Promise | str]:
    return {**BUILT_IN, **{part.key: part.label for part in EXTRA_PARTS}}


def chosen(asked: list[str]) -> list[str]:
    """The parts asked for, in the report's order. Nothing recognisable asked for (a first
    visit, or an address that lost its way) gives the built-in parts."""
    known = choices()
    found = [key for key in known if key in asked]
    return found or list(BUILT_IN)
