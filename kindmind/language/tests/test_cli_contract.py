"""`kindmind analyse`: the JSON-lines contract the project's own checks rely on.

Most tests call `kindmind.language.cli.analyse_main` with byte streams (the same code the
command runs, without a new interpreter each time); one runs the real command.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from kindmind.language import PATTERNS, SYSTEMS, cli

KEYS = [
    "id",
    "language",
    "supported",
    "crisis",
    "self_criticism",
    "thinking_patterns",
    "warmth",
    "systems",
]


def run(lines: list[bytes], *args: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    status = cli.analyse_main(
        list(args), stdin=io.BytesIO(b"".join(lines)), stdout=out, stderr=io.StringIO()
    )
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def line(identifier: object, text: object) -> bytes:
    return json.dumps({"id": identifier, "text": text}).encode() + b"\n"


def assert_result(result: dict[str, Any]) -> None:
    assert list(result) == KEYS
    assert isinstance(result["language"], str)
    assert result["supported"] is True
    assert result["crisis"]["level"] in ("none", "concern", "urgent")
    assert 0 <= result["crisis"]["score"] <= 1
    assert list(result["self_criticism"]) == ["score", "form"]
    assert 0 <= result["self_criticism"]["score"] <= 1
    assert result["self_criticism"]["form"] in ("none", "inadequate", "hated")
    assert list(result["thinking_patterns"]) == list(PATTERNS)
    assert all(0 <= p <= 1 for p in result["thinking_patterns"].values())
    assert list(result["warmth"]) == ["score"]
    assert 0 <= result["warmth"]["score"] <= 1
    assert list(result["systems"]) == list(SYSTEMS)
    assert all(0 <= p <= 1 for p in result["systems"].values())
    assert sum(result["systems"].values()) == pytest.approx(1, abs=1e-3)


def test_each_line_gets_one_result_with_every_key_in_order() -> None:
    texts = ["I always mess everything up.", "Thank you, that was kind.", "We walked by the river."]
    status, results = run([line(f"t{i}", text) for i, text in enumerate(texts)])
    assert status == 0
    assert [r["id"] for r in results] == ["t0", "t1", "t2"]
    for result in results:
        assert_result(result)


def test_ids_come_back_as_they_were_sent() -> None:
    ids: list[object] = [7, "seven", None, {"a": 1}, [1, 2], 3.5]
    status, results = run([line(identifier, "hello there") for identifier in ids])
    assert status == 0
    assert [r["id"] for r in results] == ids


def test_a_bad_line_gets_an_error_and_the_stream_goes_on() -> None:
    lines = [
        line(1, "fine"),
        b"{not json\n",
        b"[1, 2]\n",
        b'{"id": 4}\n',
        b'{"id": 5, "text": 12}\n',
        b"\n",
        b'{"id": 7, "text": "caf\xe9"}\n',
        b'{"text": "no id"}\n',
        line(9, "still going"),
    ]
    status, results = run(lines)
    assert status == 0
    assert len(results) == len(lines)
    assert_result(results[0])
    assert set(results[1]) == {"error"}
    assert set(results[2]) == {"error"}
    assert results[3] == {"id": 4, "error": '"text" must be a string'}
    assert results[4] == {"id": 5, "error": '"text" must be a string'}
    assert set(results[5]) == {"error"}
    assert results[6] == {"id": 7, "error": "the line is not valid UTF-8"}
    assert results[7]["id"] is None and "error" not in results[7]
    assert results[8]["id"] == 9 and "error" not in results[8]


def test_plain_reads_one_text_per_line_numbered_from_one() -> None:
    status, results = run(
        [b"I'm such an idiot\n", b"\n", b"You did your best.\r\n", b"no newline at the end"],
        "--plain",
    )
    assert status == 0
    assert [r["id"] for r in results] == [1, 2, 3, 4]
    assert_result(results[0])
    assert results[1]["supported"] is False  # an empty text: nothing to go on


def test_a_last_line_without_newline_is_read() -> None:
    status, results = run([line(1, "one"), json.dumps({"id": 2, "text": "two"}).encode()])
    assert status == 0
    assert [r["id"] for r in results] == [1, 2]


def test_unknown_options_are_refused_with_status_2() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cli.analyse_main(["--nope"], stdin=io.BytesIO(b""), stdout=out, stderr=err) == 2
    assert "usage" in err.getvalue()


def test_the_real_command_answers_line_by_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kindmind.cli", "analyse"],
        input=line("a", "this exam is killing me") + b"garbage\n" + line("b", "I feel calm today"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [r.get("id") for r in results] == ["a", None, "b"]
    assert results[0]["crisis"]["level"] == "none"
    assert "error" in results[1]
