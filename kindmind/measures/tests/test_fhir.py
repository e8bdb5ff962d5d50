"""FHIR R4 export: built through fhirclient's R4 models, read back through them, with the
codes clinicians' systems look for, and refused when a required element is missing."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kindmind.measures import fhir
from kindmind.measures.packs import builtin_wording
from kindmind.measures.scoring import score

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

WHEN = datetime(2026, 11, 18, 9, 30, tzinfo=ZoneInfo("Europe/London"))


def record(instrument: str, answers: list[int | None], **extra: Any) -> fhir.Record:
    values: dict[str, Any] = {
        "id": "0b8f3c2e-2d7a-4c1e-9f51-7a1d7c3e5b10",
        "instrument": instrument,
        "completed_at": WHEN,
        "answers": answers,
        "unscored": {},
        "result": score(instrument, answers).as_json(),
        "wording": builtin_wording(instrument),
    }
    values.update(extra)
    return fhir.Record(**values)


def built(*records: fhir.Record) -> dict[str, Any]:
    document = fhir.bundle(records, timestamp=WHEN)
    # What the person downloads is JSON text: read that back, not the dict.
    read: dict[str, Any] = json.loads(json.dumps(document))
    return read


def resources(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def test_a_phq9_becomes_a_questionnaire_response_and_a_loinc_total() -> None:
    document = built(record("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 0], unscored={"difficulty": 1}))
    assert document["resourceType"] == "Bundle"
    assert document["type"] == "collection"
    fhir.parse_bundle(document)
    (qr,) = resources(document, "QuestionnaireResponse")
    assert qr["status"] == "completed"
    assert qr["authored"] == "2026-11-18T09:30:00+00:00"
    assert [i["linkId"] for i in qr["item"]] == [*map(str, range(1, 10)), "difficulty"]
    assert qr["item"][0]["text"] == "Little interest or pleasure in doing things"
    codes = [i["answer"][0]["valueCoding"]["code"] for i in qr["item"][:4]]
    assert codes == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    assert qr["item"][1]["answer"][0]["valueCoding"] == {
        "system": "http://loinc.org",
        "code": "LA6569-3",
        "display": "Several days",
    }
    assert qr["item"][9]["answer"] == [{"valueInteger": 1}]
    (observation,) = resources(document, "Observation")
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert observation["valueInteger"] == 12
    assert observation["effectiveDateTime"] == "2026-11-18T09:30:00+00:00"
    assert observation["derivedFrom"] == [{"reference": f"urn:uuid:{qr['id']}"}]
    assert observation["interpretation"] == [{"text": "moderate"}]


@pytest.mark.parametrize(
    ("instrument", "items", "code"), [("gad7", 7, "70274-6"), ("phq4", 4, "70272-0")]
)
def test_gad7_and_phq4_totals_carry_their_loinc_codes(
    instrument: str, items: int, code: str
) -> None:
    document = built(record(instrument, [1] * items))
    (observation,) = resources(document, "Observation")
    assert observation["code"]["coding"][0] == {"system": "http://loinc.org", "code": code}
    (qr,) = resources(document, "QuestionnaireResponse")
    assert {i["answer"][0]["valueCoding"]["code"] for i in qr["item"]} == {"LA6569-3"}


def test_phq4_subscales_are_components_with_kindmind_codes() -> None:
    document = built(record("phq4", [2, 2, 0, 1]))
    (observation,) = resources(document, "Observation")
    assert observation["component"] == [
        {
            "code": {
                "coding": [{"system": "urn:kindmind:instrument", "code": "phq4.anxiety"}],
                "text": "Patient Health Questionnaire-4 (PHQ-4): anxiety",
            },
            "valueInteger": 4,
        },
        {
            "code": {
                "coding": [{"system": "urn:kindmind:instrument", "code": "phq4.depression"}],
                "text": "Patient Health Questionnaire-4 (PHQ-4): depression",
            },
            "valueInteger": 1,
        },
    ]


def test_a_prorated_core10_is_a_quantity_with_kindmind_codes_and_integer_answers() -> None:
    document = built(record("core10", [2, 2, 2, 2, 2, None, 2, 2, 2, 1]))
    fhir.parse_bundle(document)
    (qr,) = resources(document, "QuestionnaireResponse")
    assert qr["item"][0]["answer"] == [{"valueInteger": 2}]
    assert "answer" not in qr["item"][5], "an empty answer is absent, never 0"
    (observation,) = resources(document, "Observation")
    assert observation["code"]["coding"] == [
        {"system": "urn:kindmind:instrument", "code": "core10"}
    ]
    assert observation["valueQuantity"]["value"] == pytest.approx(170 / 9)
    assert observation["valueQuantity"]["code"] == "{score}"
    assert "Prorated" in observation["note"][0]["text"]


def test_an_instrument_without_a_total_exports_its_subscales() -> None:
    document = built(record("fscrs", [1] * 22, wording=None))
    fhir.parse_bundle(document)
    (observation,) = resources(document, "Observation")
    assert "valueInteger" not in observation and "valueQuantity" not in observation
    assert [c["code"]["coding"][0]["code"] for c in observation["component"]] == [
        "fscrs.inadequate_self",
        "fscrs.hated_self",
        "fscrs.reassured_self",
    ]
    (qr,) = resources(document, "QuestionnaireResponse")
    assert "text" not in qr["item"][0], "no wording without a licensed pack"


def test_an_incomplete_phq9_has_no_total_observation() -> None:
    document = built(record("phq9", [1, 1, None, 1, 1, 1, 1, 1, 0]))
    assert resources(document, "Observation") == []
    assert len(resources(document, "QuestionnaireResponse")) == 1


def test_an_empty_export_is_still_a_valid_bundle() -> None:
    document = fhir.bundle([], timestamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert "entry" not in document
    fhir.parse_bundle(document)


def test_every_value_has_one_type_and_every_code_system_is_real_or_a_urn() -> None:
    document = built(
        record("phq9", [1] * 9),
        record("core10", [1] * 10, id="7c1b1e6a-3f0d-4b4e-8a64-0f2b9d3c7a21"),
    )
    text = json.dumps(document)
    assert "kindmind.example" not in text
    for entry in document["entry"]:
        resource = entry["resource"]
        values = [k for k in resource if k.startswith("value")]
        assert len(values) <= 1
        for coding in _codings(resource):
            assert coding["system"] in {
                "http://loinc.org",
                "http://terminology.hl7.org/CodeSystem/observation-category",
                "urn:kindmind:instrument",
            }


def _codings(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if "system" in node and "code" in node and "unit" not in node else []
        return found + [c for v in node.values() for c in _codings(v)]
    if isinstance(node, list):
        return [c for v in node for c in _codings(v)]
    return []


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("QuestionnaireResponse", ["status"]),
        ("QuestionnaireResponse", ["item", 0, "linkId"]),
        ("Observation", ["status"]),
        ("Observation", ["code"]),
        ("Bundle", ["type"]),
    ],
)
def test_the_library_refuses_a_resource_missing_a_required_element(
    kind: str, path: list[Any]
) -> None:
    document = built(record("phq9", [1] * 9))
    broken = copy.deepcopy(document)
    target = broken if kind == "Bundle" else resources(broken, kind)[0]
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    with pytest.raises(fhir.FHIRValidationError):
        fhir.parse_bundle(broken)


def test_the_library_refuses_a_wrong_type_or_a_bad_date() -> None:
    document = built(record("phq9", [1] * 9))
    wrong = copy.deepcopy(document)
    resources(wrong, "Observation")[0]["valueInteger"] = "nine"
    with pytest.raises(fhir.FHIRValidationError):
        fhir.parse_bundle(wrong)
    late = copy.deepcopy(document)
    resources(late, "QuestionnaireResponse")[0]["authored"] = "last Tuesday"
    with pytest.raises(fhir.FHIRValidationError):
        fhir.parse_bundle(late)


def test_a_naive_time_is_refused_before_it_reaches_fhir() -> None:
    with pytest.raises(ValueError, match="timezone"):
        fhir.bundle([record("phq9", [1] * 9, completed_at=datetime(2026, 1, 1))], timestamp=WHEN)  # noqa: DTZ001
