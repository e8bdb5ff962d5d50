"""One person's questionnaires as a FHIR R4 Bundle, for the questionnaires page's own
download and for the archive of everything (kindmind.accounts.archive)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from kindmind.measures import fhir
from kindmind.measures.catalogue import availability
from kindmind.measures.models import Response
from kindmind.measures.packs import Wording

if TYPE_CHECKING:
    from kindmind.accounts.models import User


def fhir_bundle(client: User, *, timestamp: datetime) -> dict[str, Any]:
    """The person's own responses, oldest first, with the item texts of the wording that
    may still be shown. Validated by fhirclient (kindmind.measures.fhir.bundle)."""
    wordings: dict[str, Wording | None] = {
        instrument_id: found.wording for instrument_id, found in availability().items()
    }
    records = [
        fhir.Record(
            id=str(r.id),
            instrument=r.instrument,
            completed_at=r.local_at,
            answers=r.answers,
            unscored=r.unscored,
            result=r.result,
            wording=wordings.get(r.instrument),
        )
        for r in Response.objects.filter(client=client).order_by("completed_at", "submission_id")
    ]
    return fhir.bundle(records, timestamp=timestamp)
