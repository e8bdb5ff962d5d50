"""Licensed instrument packs: a deployer's file is validated against the key.

A form with the wrong number of items, or labels that do not match the scored values,
would silently mis-score a person: such a pack is refused with a reason, never shown,
and never crashes the service.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindmind.measures.keys import INSTRUMENTS
from kindmind.measures.packs import (
    NEEDS_PACK,
    PackError,
    availability,
    builtin_wording,
    load_packs,
    parse_pack,
)

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

PLACEHOLDER = Path(__file__).parent / "packs" / "fscrs.json"


def placeholder() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PLACEHOLDER.read_text())
    return data


def write(directory: Path, name: str, content: object) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (directory / name).write_text(text, encoding="utf-8")


def test_without_packs_the_cft_scales_are_unavailable_and_say_why(tmp_path: Path) -> None:
    found = availability(tmp_path / "instrument-packs")  # does not even exist
    for instrument in INSTRUMENTS.values():
        if instrument.wording == "pack":
            assert not found[instrument.id].available
            assert found[instrument.id].reason == NEEDS_PACK
            assert found[instrument.id].wording is None


def test_the_built_in_wording_is_available_and_fits_its_key(tmp_path: Path) -> None:
    found = availability(None)
    for instrument_id in ("phq9", "gad7", "phq4", "core10"):
        assert found[instrument_id].available
        assert found[instrument_id].reason is None
        wording = builtin_wording(instrument_id)
        assert wording is not None
        assert len(wording.items) == INSTRUMENTS[instrument_id].items


def test_built_in_wording_keeps_its_attribution() -> None:
    for instrument_id in ("phq9", "gad7", "phq4"):
        wording = builtin_wording(instrument_id)
        assert wording is not None
        assert "Spitzer" in wording.licence and "Pfizer" in wording.licence
        assert "No permission required" in wording.licence
    core10 = builtin_wording("core10")
    assert core10 is not None
    assert "CORE System Trust" in core10.licence and "CC BY-ND 4.0" in core10.licence


def test_the_built_in_risk_items_are_the_self_harm_questions() -> None:
    # The key's risk items point at the wording a clinician expects.
    phq9 = builtin_wording("phq9")
    core10 = builtin_wording("core10")
    assert phq9 is not None and core10 is not None
    assert phq9.items[9 - 1].startswith("Thoughts that you would be better off dead")
    assert core10.items[6 - 1] == "I made plans to end my life"


def test_a_valid_placeholder_pack_makes_its_instrument_available(tmp_path: Path) -> None:
    shutil.copy(PLACEHOLDER, tmp_path / "fscrs.json")
    found = availability(tmp_path)
    assert found["fscrs"].available is True
    assert found["fscrs"].reason is None
    wording = found["fscrs"].wording
    assert wording is not None
    assert wording.items[0] == "Placeholder item 1"
    assert wording.origin == "fscrs.json"
    assert [r.value for r in wording.responses] == [0, 1, 2, 3, 4]
    # Only that instrument: the others still need their own packs.
    assert found["tpas"].available is False


def test_a_pack_may_have_any_file_name(tmp_path: Path) -> None:
    shutil.copy(PLACEHOLDER, tmp_path / "our-licensed-fscrs-2024.json")
    assert availability(tmp_path)["fscrs"].available


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda p: p["items"].pop(), "has 21 items; the fscrs key has 22"),
        (
            lambda p: p["responses"].append({"value": 5, "label": "Placeholder response 5"}),
            "response values are [0, 1, 2, 3, 4, 5]",
        ),
        (lambda p: p["responses"].pop(0), "response values are [1, 2, 3, 4]"),
        (lambda p: p["responses"][0].update(value=1), "response values are [1, 1, 2, 3, 4]"),
        (lambda p: p["items"][4].update(number=6), "item 5 is numbered 6"),
        (lambda p: p["items"][4].update(text=" "), "item 5: 'text' must be a non-empty"),
        (lambda p: p.pop("licence"), "'licence' must be a non-empty string"),
        (lambda p: p.update(format="something-else/2"), "'format' must be"),
    ],
)
def test_a_pack_that_does_not_fit_the_key_is_refused_with_its_reason(
    tmp_path: Path, change: Any, reason: str
) -> None:
    pack = placeholder()
    change(pack)
    write(tmp_path, "fscrs.json", pack)
    found = availability(tmp_path)["fscrs"]
    assert found.available is False
    assert found.wording is None
    assert found.reason is not None
    assert found.reason.startswith(NEEDS_PACK)
    assert reason in found.reason
    assert "\n" not in found.reason


def test_a_pack_with_the_wrong_instrument_id_is_refused(tmp_path: Path) -> None:
    pack = placeholder()
    pack["instrument"] = "fscrs_v2"
    write(tmp_path, "fscrs.json", pack)
    found = availability(tmp_path)["fscrs"]
    assert found.available is False
    assert found.reason is not None
    assert "names unknown instrument 'fscrs_v2'" in found.reason


def test_a_pack_for_another_instrument_does_not_unlock_this_one(tmp_path: Path) -> None:
    # A 22-item pack declared as the TPAS (18 items): the TPAS is refused, FSCRS untouched.
    pack = placeholder()
    pack["instrument"] = "tpas"
    write(tmp_path, "fscrs.json", pack)
    found = availability(tmp_path)
    assert found["tpas"].available is False
    assert "has 22 items; the tpas key has 18" in (found["tpas"].reason or "")
    assert found["fscrs"].reason == NEEDS_PACK


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "",
        "[1, 2, 3]",
        '"a string"',
        "null",
        '{"instrument": ["fscrs"]}',
        '{"format": "kindmind-instrument-pack/1", "instrument": "fscrs", "items": {}}',
        b"\xff\xfe\x00 not utf-8",
    ],
)
def test_malformed_files_are_refused_never_a_crash(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "fscrs.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    found = availability(tmp_path)["fscrs"]
    assert found.available is False
    assert found.reason is not None and found.reason.startswith(NEEDS_PACK + "; refused:")


def test_a_huge_file_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "fscrs.json", " " * 1_000_001)
    assert "larger than" in (availability(tmp_path)["fscrs"].reason or "")


def test_two_packs_for_one_instrument_are_both_refused(tmp_path: Path) -> None:
    shutil.copy(PLACEHOLDER, tmp_path / "a.json")
    shutil.copy(PLACEHOLDER, tmp_path / "b.json")
    found = availability(tmp_path)["fscrs"]
    assert found.available is False
    assert "more than one pack for fscrs: a.json, b.json" in (found.reason or "")


def test_built_in_wording_cannot_be_replaced_by_a_pack(tmp_path: Path) -> None:
    pack = placeholder()
    pack["instrument"] = "core10"
    pack["items"] = pack["items"][:10]
    write(tmp_path, "core10.json", pack)
    wording, problems = load_packs(tmp_path)
    assert "core10" not in wording
    assert [p.reason for p in problems] == ["core10.json: core10 has built-in wording"]
    found = availability(tmp_path)["core10"]
    assert found.available and found.wording is not None
    assert found.wording.origin == "built-in"


def test_files_other_than_json_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("not a pack")
    (tmp_path / "fscrs.json.bak").write_text("{")
    assert load_packs(tmp_path) == ({}, [])


def test_parse_pack_reports_one_line_reasons() -> None:
    with pytest.raises(PackError, match="must be a JSON object"):
        parse_pack([], origin="x.json")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@settings(max_examples=200)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "format": st.just("kindmind-instrument-pack/1") | st.text(),
            "instrument": st.sampled_from(list(INSTRUMENTS)) | json_values,
            "items": json_values,
            "responses": json_values,
            "version": json_values,
            "licence": json_values,
            "unscored_questions": json_values,
        },
    )
    | json_values
)
def test_any_json_is_either_a_valid_pack_or_a_pack_error(raw: object) -> None:
    try:
        parse_pack(raw, origin="fuzz.json")
    except PackError as error:
        assert "\n" not in str(error)
