"""`kindmind measures ...`: the JSON a script relies on, and exit status 2 on bad input.

A few tests run the real command (`python -m kindmind.cli measures ...`) in a subprocess,
the rest call `kindmind.measures.cli.main` directly, which is the same code and faster.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kindmind.measures import cli
from kindmind.measures.keys import INSTRUMENTS

PLACEHOLDER = Path(__file__).parent / "packs" / "fscrs.json"
SCORE_KEYS = ["instrument", "complete", "total", "subscales", "band", "flags"]
RCI_KEYS = [
    "instrument",
    "subscale",
    "pre",
    "post",
    "sd",
    "reliability",
    "s_diff",
    "rci",
    "reliable",
    "direction",
    "cutoff",
    "clinically_significant",
    "source",
    "reason",
]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KINDMIND_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "kindmind.cli", "measures", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def call(*args: str) -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(args), stdout=out, stderr=err)
    return status, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KINDMIND_DATA_DIR", str(tmp_path))
    return tmp_path


# --- Through the real command ------------------------------------------------------------


def test_score_through_the_real_command(tmp_path: Path) -> None:
    result = run("score", "phq9", "0", "0", "0", "0", "0", "0", "0", "0", "1", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "instrument": "phq9",
        "complete": True,
        "total": 1,
        "subscales": {},
        "band": "minimal",
        "flags": ["risk_item"],
    }


def test_list_through_the_real_command_reads_the_data_directory(tmp_path: Path) -> None:
    (tmp_path / "instrument-packs").mkdir()
    shutil.copy(PLACEHOLDER, tmp_path / "instrument-packs" / "fscrs.json")
    result = run("list", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {entry["id"]: entry for entry in json.loads(result.stdout)}
    assert listed["fscrs"]["available"] is True
    assert listed["tpas"]["available"] is False


def test_rci_through_the_real_command(tmp_path: Path) -> None:
    result = run("rci", "core10", "--pre", "20", "--post", "8", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clinically_significant"] is True


def test_bad_input_through_the_real_command(tmp_path: Path) -> None:
    result = run("score", "gad7", "1", "2", data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "gad7 has 7 items; got 2 answers" in result.stderr


def test_measures_never_loads_django(tmp_path: Path) -> None:
    # The pure core must answer without settings, a database or Django itself.
    code = (
        "import sys, io\n"
        "from kindmind.cli import main\n"
        "try:\n"
        "    main(['measures', 'score', 'phq4', '0', '0', '0', '0'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    env = {**os.environ, "KINDMIND_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- list ------------------------------------------------------------------------------


def test_list_shape_and_honesty() -> None:
    status, listed, err = call("list")
    assert (status, err) == (0, "")
    assert [entry["id"] for entry in listed] == list(INSTRUMENTS)
    for entry in listed:
        assert list(entry) == ["id", "name", "items", "available", "reason"]
        assert entry["items"] == INSTRUMENTS[entry["id"]].items
        if entry["available"]:
            assert entry["reason"] is None
        else:
            assert entry["reason"] == "needs a licensed instrument pack"
    available = {entry["id"] for entry in listed if entry["available"]}
    assert available == {"phq9", "gad7", "phq4", "core10"}


def test_list_explains_a_refused_pack(_data_dir: Path) -> None:
    (_data_dir / "instrument-packs").mkdir()
    pack = json.loads(PLACEHOLDER.read_text())
    pack["items"] = pack["items"][:20]
    (_data_dir / "instrument-packs" / "fscrs.json").write_text(json.dumps(pack))
    _, listed, _ = call("list")
    fscrs = next(entry for entry in listed if entry["id"] == "fscrs")
    assert fscrs["available"] is False
    assert "has 20 items; the fscrs key has 22" in fscrs["reason"]


# --- score -----------------------------------------------------------------------------


def test_score_shape_with_subscales_and_a_missing_answer() -> None:
    # FSCRS, item 3 (reassured self) missing: that subscale is null, the others stand.
    answers = [str(item % 5) for item in range(1, 23)]
    answers[2] = "-"
    status, result, _ = call("score", "fscrs", *answers)
    assert status == 0
    assert list(result) == SCORE_KEYS
    assert result == {
        "instrument": "fscrs",
        "complete": False,
        "total": None,
        "subscales": {"inadequate_self": 19, "hated_self": 8, "reassured_self": None},
        "band": None,
        "flags": ["risk_item"],
    }


def test_score_scs_mean_is_a_full_float() -> None:
    answers = [str(item % 5 + 1) for item in range(1, 27)]
    _, result, _ = call("score", "scs", *answers)
    assert result["total"] == 81 / 26  # 3.1153846..., not rounded
    assert result["subscales"]["self_judgement"] == 2.4


def test_score_works_for_an_instrument_without_wording() -> None:
    status, result, _ = call("score", "tpas", *["2"] * 18)
    assert status == 0
    assert result["subscales"] == {"active": 16, "relaxed": 12, "safe_warm": 8}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("score", "phq9", "1", "1"), "phq9 has 9 items; got 2 answers"),
        (("score", "phq9", *["0"] * 8, "4"), "answer 9 is 4; phq9 answers run from 0 to 3"),
        (("score", "phq9", *["0"] * 8, "-1"), "answer 9 is -1"),
        (("score", "phq9", *["0"] * 8, "2.5"), "answer 9 is '2.5'"),
        (("score", "phq9", *["0"] * 8, "x"), "answer 9 is 'x'"),
        (("score", "phq8", "0"), "unknown instrument 'phq8'"),
        (("score",), "score needs an instrument id"),
        (("rci", "phq9", "--pre", "10"), "rci needs --post"),
        (("rci", "phq9", "--pre", "ten", "--post", "5"), "--pre needs a number; got 'ten'"),
        (("rci", "phq9", "--pre", "nan", "--post", "5"), "--pre needs a finite number"),
        (("rci", "phq9", "--pre", "30", "--post", "5"), "from 0 to 27; got 30"),
        (
            ("rci", "phq4", "--pre", "5", "--post", "1", "--subscale", "anger"),
            "no subscale 'anger'",
        ),
        (("rci", "tpas", "--pre", "5", "--post", "1"), "tpas has no total"),
        (("rci", "bdi", "--pre", "5", "--post", "1"), "unknown instrument 'bdi'"),
        (("rci", "phq9", "--pre", "5", "--post", "1", "--post", "2"), "--post given twice"),
        (("rci", "phq9", "--pre", "5", "--post", "1", "--delta", "2"), "unexpected argument"),
        (("rci", "phq9", "--pre"), "--pre needs a value"),
        (("list", "extra"), "list takes no arguments"),
        (("frobnicate",), "unknown command 'frobnicate'"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    status, result, err = call(*args)
    assert status == 2
    assert result is None
    assert err.count("\n") == 1 and err.endswith("\n")
    assert message in err


# --- rci -------------------------------------------------------------------------------


def test_rci_shape_when_established() -> None:
    status, result, _ = call("rci", "phq9", "--pre=15", "--post=10")
    assert status == 0
    assert list(result) == RCI_KEYS
    assert result["direction"] == "improved"
    assert result["reliable"] is True
    assert result["cutoff"] is None and result["clinically_significant"] is None
    assert result["reason"] is None
    assert "Kroenke" in result["source"]


def test_rci_shape_when_not_established() -> None:
    status, result, _ = call(
        "rci", "fscrs", "--pre", "30", "--post", "12", "--subscale", "inadequate_self"
    )
    assert status == 0
    assert list(result) == RCI_KEYS
    assert result["subscale"] == "inadequate_self"
    assert (result["pre"], result["post"]) == (30, 12)
    computed = ["sd", "reliability", "s_diff", "rci", "reliable", "direction", "cutoff"]
    assert all(result[key] is None for key in [*computed, "clinically_significant", "source"])
    assert "not established" in result["reason"]


def test_help_is_printed_on_request() -> None:
    out = io.StringIO()
    assert cli.main(["--help"], stdout=out, stderr=io.StringIO()) == 0
    assert "kindmind measures score ID" in out.getvalue()
    err = io.StringIO()
    assert cli.main([], stdout=io.StringIO(), stderr=err) == 2
