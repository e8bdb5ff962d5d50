"""FHIR R4 export of a person's questionnaires: a Bundle of QuestionnaireResponses and
Observations. Pure: no Django; the app hands in plain records.

Every resource is built through the models of `fhirclient` (SMART on FHIR), which are
generated from FHIR 4.0.1 (R4) and refuse a missing required element, a superfluous one,
a wrong type or a malformed date: the Bundle is instantiated strictly and serialised by
the library, so an invalid export raises instead of reaching the person. Why this
library: docs/decisions/0002-fhir-library.md.

Codes:
- Totals of the PHQ-9, GAD-7 and PHQ-4 carry their LOINC codes (44261-6, 70274-6,
  70272-0), and their items' answers the LOINC answer codes of the PHQ family's 0-3 scale
  (LA6568-5, LA6569-3, LA6570-1, LA6571-9), as listed in kindmind's MEASURES.md.
- Everything without a LOINC code (CORE-10 and the CFT scales, every subscale) uses
  kindmind's own code system, a URN rather than an address nobody owns:
  `urn:kindmind:instrument`, with codes `<instrument>` and `<instrument>.<subscale>`.
- Other answers are `valueInteger`: the position on the printed scale, before reversal,
  exactly as stored (kindmind/measures/SCORING.md, "Answers").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirabstractbase import FHIRValidationError

from kindmind.measures import keys
from kindmind.measures.packs import Wording

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
KINDMIND_SYSTEM = "urn:kindmind:instrument"
"""kindmind's own codes for scores that have no LOINC code."""

TOTAL_LOINC: Mapping[str, str] = {"phq9": "44261-6", "gad7": "70274-6", "phq4": "70272-0"}
PHQ_FAMILY = frozenset({"phq9", "gad7", "phq4"})
PHQ_ANSWER_LOINC: Mapping[int, str] = {
    0: "LA6568-5",  # Not at all
    1: "LA6569-3",  # Several days
    2: "LA6570-1",  # More than half the days
    3: "LA6571-9",  # Nearly every day
}

# Stable ids for derived resources, so that exporting twice gives the same Bundle.
_NAMESPACE = uuid.UUID("6f1c1f0e-58a4-4b8e-9a57-2c0d3f6a9b11")

__all__ = ["FHIRValidationError", "Record", "bundle", "parse_bundle"]


@dataclass(frozen=True)
class Record:
    """One saved response, as the export needs it."""

    id: str
    instrument: str
    completed_at: datetime
    """Aware; the person's local time when they answered."""
    answers: Sequence[int | None]
    unscored: Mapping[str, int]
    result: Mapping[str, Any]
    wording: Wording | None
    """The wording shown, when it may still be shown; item texts come from it."""


def _when(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("FHIR dateTime values with a time need a timezone")
    return moment.isoformat(timespec="seconds")


def _answer(record: Record, value: int) -> dict[str, Any]:
    if record.instrument in PHQ_FAMILY:
        coding: dict[str, Any] = {"system": LOINC, "code": PHQ_ANSWER_LOINC[value]}
        if record.wording is not None:
            coding["display"] = record.wording.responses[value].label
        return {"valueCoding": coding}
    return {"valueInteger": value}


def questionnaire_response(record: Record) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    wording = record.wording
    for number, value in enumerate(record.answers, start=1):
        item: dict[str, Any] = {"linkId": str(number)}
        if wording is not None:
            item["text"] = wording.items[number - 1]
        if value is not None:
            item["answer"] = [_answer(record, value)]
        items.append(item)
    for question_id, value in record.unscored.items():
        item = {"linkId": question_id, "answer": [{"valueInteger": value}]}
        if wording is not None:
            texts = {q.id: q.text for q in wording.unscored_questions}
            if question_id in texts:
                item["text"] = texts[question_id]
        items.append(item)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": record.id,
        "questionnaire": f"{KINDMIND_SYSTEM}:{record.instrument}",
        "status": "completed",
        "authored": _when(record.completed_at),
        "item": items,
    }


def _code(instrument: keys.Instrument, subscale: str | None) -> dict[str, Any]:
    if subscale is None and instrument.id in TOTAL_LOINC:
        return {
            "coding": [{"system": LOINC, "code": TOTAL_LOINC[instrument.id]}],
            "text": f"{instrument.name} total score",
        }
    code = instrument.id if subscale is None else f"{instrument.id}.{subscale}"
    what = "total score" if instrument.total is not None and subscale is None else "scores"
    text = f"{instrument.name} {what}" if subscale is None else f"{instrument.name}: {subscale}"
    return {"coding": [{"system": KINDMIND_SYSTEM, "code": code}], "text": text}


def _value(value: int | float) -> dict[str, Any]:
    if isinstance(value, int):
        return {"valueInteger": value}
    # Means (SCS) and prorated totals (CORE-10) are not whole: a unitless score.
    return {"valueQuantity": {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}}


def observations(record: Record) -> list[dict[str, Any]]:
    """One Observation for the total (with subscales as components), or, for an
    instrument without a total, one Observation whose components are its subscales.
    Nothing when no score could be formed."""
    instrument = keys.get(record.instrument)
    total = record.result.get("total")
    subscales = {
        name: value
        for name, value in (record.result.get("subscales") or {}).items()
        if isinstance(value, int | float)
    }
    if instrument.total is not None and not isinstance(total, int | float):
        return []
    if instrument.total is None and not subscales:
        return []
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(_NAMESPACE, f"{record.id}/total")),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": _code(instrument, None),
        "effectiveDateTime": _when(record.completed_at),
        "derivedFrom": [{"reference": f"urn:uuid:{record.id}"}],
    }
    if isinstance(total, int | float):
        observation.update(_value(total))
    band = record.result.get("band")
    if isinstance(band, str):
        observation["interpretation"] = [{"text": band.replace("_", " ")}]
    if "prorated" in (record.result.get("flags") or []):
        observation["note"] = [
            {"text": "Prorated over one missing item, as the instrument's manual allows."}
        ]
    if subscales:
        observation["component"] = [
            {"code": _code(instrument, name), **_value(value)} for name, value in subscales.items()
        ]
    return [observation]


def bundle(records: Sequence[Record], *, timestamp: datetime) -> dict[str, Any]:
    """A FHIR R4 Bundle of type "collection", validated by fhirclient. Raises
    FHIRValidationError if any resource is not valid R4 (a bug, never the person's)."""
    entries = []
    for record in records:
        entries.append(
            {"fullUrl": f"urn:uuid:{record.id}", "resource": questionnaire_response(record)}
        )
        for observation in observations(record):
            entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _when(timestamp),
    }
    if entries:
        # FHIR JSON never carries an empty array.
        data["entry"] = entries
    built: dict[str, Any] = Bundle(data, strict=True).as_json()
    return built


def parse_bundle(data: Mapping[str, Any]) -> Bundle:
    """Read a Bundle back through the R4 models; raises FHIRValidationError if invalid."""
    return Bundle(dict(data), strict=True)
