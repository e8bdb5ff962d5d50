"""The formulation as a part of the person's progress report (kindmind.report.parts).

Printed only when the person ticks it: these are their own words. The report shows the
formulation as it stands now (it has no history by period: the latest version is what
the person and their therapist work from), the diagram and every word below it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import PARTS, SECTIONS

if TYPE_CHECKING:
    from kindmind.accounts.models import User


def report_part(person: User, first_day: date, last_day: date) -> dict[str, Any] | None:
    """The current formulation's words and its diagram, or None when nothing is saved.
    Two queries whatever the number of versions."""
    from kindmind.formulation.views import _layouts

    formulation = Formulation.objects.filter(client=person).only("id", "current").first()
    if formulation is None or not formulation.current:
        return None
    current = FormulationVersion.objects.filter(
        formulation=formulation, number=formulation.current
    ).first()
    if current is None:
        return None
    texts = current.texts()
    if not any(text.strip() for text in texts.values()):
        return None
    return {
        "saved_at": current.saved_at,
        "layouts": _layouts(texts),
        "parts": [
            {
                "title": PARTS[part],
                "sections": [
                    {"section": s, "text": texts[s.name]} for s in SECTIONS if s.part == part
                ],
            }
            for part in PARTS
        ],
    }
