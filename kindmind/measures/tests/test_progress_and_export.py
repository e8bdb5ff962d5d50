"""The progress page and the exports through HTTP: what a person sees of their scores
over time, and what they take away (CSV, JSON, FHIR R4)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_measure_response, make_user
from kindmind.accounts.models import User
from kindmind.measures import fhir
from kindmind.measures.models import Response

pytestmark = pytest.mark.django_db

PACKS = Path(__file__).parent / "packs"

# PHQ-9 totals 19, 16, 4 and 24, four weeks apart: from the starting point of 19, 16 is
# no reliable change (needs 4.77 points), 4 a reliable improvement, 24 a reliable worsening.
PHQ9_COURSE = [
    [3, 3, 3, 2, 2, 2, 2, 2, 0],
    [2, 2, 2, 2, 2, 2, 2, 2, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0],
    [3, 3, 3, 3, 3, 3, 3, 3, 0],
]


def course(
    client: User, instrument: str = "phq9", answers: list[Any] | None = None
) -> list[Response]:
    made = []
    now = timezone.now()
    for index, given in enumerate(answers or PHQ9_COURSE):
        response = make_measure_response(client, instrument=instrument, answers=given)
        response.completed_at = now - timedelta(weeks=4 * (len(answers or PHQ9_COURSE) - index))
        response.save(update_fields=["completed_at"])
        made.append(response)
    return made


def test_the_progress_page_draws_the_phq9_with_its_published_bands(
    as_client: Client, client_user: User
) -> None:
    course(client_user)
    html = as_client.get("/measures/progress/").content.decode()
    assert "Patient Health Questionnaire-9 (PHQ-9)" in html
    assert len(re.findall(r'<rect class="band band--', html)) == 5
    for label in ("Minimal", "Mild", "Moderate", "Moderately severe", "Severe"):
        assert f">{label}</text>" in html
    assert html.count('class="marker marker--baseline"') == 1
    assert html.count('class="marker marker--improved"') == 1
    assert html.count('class="marker marker--deteriorated"') == 1
    assert ">improved</text>" in html
    assert ">worse</text>" in html
    assert html.count("<polyline ") == 1
    assert 'role="img"' in html


def test_the_progress_table_gives_date_score_band_rci_and_source(
    as_client: Client, client_user: User
) -> None:
    course(client_user)
    html = as_client.get("/measures/progress/").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    assert [c[1:] for c in cells] == [
        ["19", "Moderately severe", "\N{EN DASH}", "Starting point"],
        ["16", "Moderately severe", "-1.23", "No reliable change"],
        ["4", "Minimal", "-6.17", "Reliable improvement"],
        ["24", "Severe", "2.06", "Reliable worsening"],
    ]
    assert "Reliable change uses these published figures: Reliability r = .84" in html


def test_no_bands_are_invented_and_reliable_change_is_not_guessed(
    as_client: Client, client_user: User
) -> None:
    course(client_user, "core10", [[2] * 10, [1] * 10])
    course(client_user, "phq4", [[2, 2, 2, 2], [0, 0, 1, 1]])
    html = as_client.get("/measures/progress/").content.decode()
    core10 = html[html.index("(CORE-10)</h2>") : html.index("(PHQ-4)</h2>")]
    assert "band band--" not in core10, "the CORE-10 publishes a cut-off, not bands"
    phq4 = html[html.index("(PHQ-4)</h2>") :]
    assert phq4.count("band band--") == 4
    assert "Not established" in phq4
    assert "Reliable change: not established." in phq4


def test_an_instrument_without_a_total_draws_each_subscale(
    as_client: Client, client_user: User, settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "instrument-packs").mkdir()
    shutil.copy(PACKS / "fscrs.json", tmp_path / "instrument-packs" / "fscrs.json")
    settings.DATA_DIR = tmp_path
    course(client_user, "fscrs", [[2] * 22, [1] * 22])
    html = as_client.get("/measures/progress/").content.decode()
    assert "band band--" not in html
    assert html.count("<polyline ") == 3
    for label in ("Inadequate self", "Hated self", "Reassured self"):
        assert f"{label} (" in html
        assert f"<caption>{label}</caption>" in html


def test_an_empty_progress_page_says_what_will_appear(as_client: Client) -> None:
    html = as_client.get("/measures/progress/").content.decode()
    assert "Once you have answered a questionnaire" in html


def test_the_progress_page_costs_the_same_queries_for_few_or_many(
    as_client: Client, client_user: User
) -> None:
    course(client_user)
    as_client.get("/measures/progress/")
    with CaptureQueriesContext(connection) as few:
        as_client.get("/measures/progress/")
    course(client_user)
    course(client_user, "gad7", [[1] * 7] * 5)
    with CaptureQueriesContext(connection) as many:
        as_client.get("/measures/progress/")
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Export ------------------------------------------------------------------------------


def test_the_csv_export_has_every_answer_and_score(as_client: Client, client_user: User) -> None:
    made = course(client_user)
    make_measure_response(make_user("other.client@example.org"))
    response = as_client.get("/measures/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kindmind-questionnaires.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["response_id"] for r in rows] == [str(r.id) for r in made]
    first = rows[0]
    assert first["instrument"] == "phq9"
    assert (first["total"], first["band"], first["complete"]) == ("19", "moderately_severe", "yes")
    assert [first[f"item_{n}"] for n in range(1, 10)] == [
        "3",
        "3",
        "3",
        "2",
        "2",
        "2",
        "2",
        "2",
        "0",
    ]
    assert first["completed_at"].endswith(("+00:00", "+01:00"))
    assert first["timezone"] == "Europe/London"


def test_the_csv_export_leaves_empty_answers_empty(as_client: Client, client_user: User) -> None:
    make_measure_response(
        client_user, instrument="core10", answers=[2, 2, 2, 2, 2, None, 2, 2, 2, 2]
    )
    row = next(csv.DictReader(io.StringIO(as_client.get("/measures/export.csv").content.decode())))
    assert row["item_6"] == ""
    assert row["flags"] == "prorated"
    assert float(row["total"]) == pytest.approx(20.0)


def test_the_json_export_has_answers_results_and_plans(
    as_client: Client, client_user: User
) -> None:
    made = course(client_user)
    as_client.post("/measures/schedule/", {"instrument": "gad7", "every_days": "28"})
    response = as_client.get("/measures/export.json")
    assert response["Content-Disposition"] == 'attachment; filename="kindmind-questionnaires.json"'
    document = json.loads(response.content)
    assert document["format"] == "kindmind-questionnaires/1"
    assert [r["id"] for r in document["responses"]] == [str(r.id) for r in made]
    assert document["responses"][0]["answers"] == PHQ9_COURSE[0]
    assert document["responses"][0]["result"]["total"] == 19
    assert document["schedules"][0]["instrument"] == "gad7"
    assert document["schedules"][0]["every_days"] == 28


def test_the_fhir_export_is_a_valid_r4_collection(as_client: Client, client_user: User) -> None:
    made = course(client_user)
    response = as_client.get("/measures/export.fhir.json")
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    document = json.loads(response.content)
    parsed = fhir.parse_bundle(document)
    assert parsed.type == "collection"
    kinds = [e.resource.resource_type for e in parsed.entry]
    assert kinds == ["QuestionnaireResponse", "Observation"] * len(made)
    first_qr, first_obs = document["entry"][0]["resource"], document["entry"][1]["resource"]
    assert first_qr["id"] == str(made[0].id)
    assert first_qr["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6571-9"
    assert first_obs["code"]["coding"][0] == {"system": "http://loinc.org", "code": "44261-6"}
    assert first_obs["valueInteger"] == 19


def test_exports_hold_only_the_persons_own_answers(
    client_user: User, as_sharing_clinician: Client
) -> None:
    course(client_user)
    other = make_user("other.client@example.org")
    as_other = Client()
    as_other.force_login(other)
    for path in ("/measures/export.csv", "/measures/export.json", "/measures/export.fhir.json"):
        content = as_other.get(path).content.decode()
        assert str(client_user.id) not in content
        for response in Response.objects.filter(client=client_user):
            assert str(response.id) not in content
        assert as_sharing_clinician.get(path).status_code == 404
