"""`kindmind measures`: list, score and reliable change, printing JSON. No Django.

`kindmind.cli` hands `kindmind measures ...` here before Django is set up, so scripts and
benchmarks get answers in milliseconds. Bad input exits with status 2 and one line on
stderr; a result is one JSON document on stdout.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kindmind.measures import change, keys, packs, scoring

USAGE = """\
usage: kindmind measures list
       kindmind measures score ID A1 A2 ...
       kindmind measures rci ID --pre X --post Y [--subscale NAME]

  list    every instrument, whether its wording can be shown, and why not
  score   score answers given in published item order: each the position of the
          chosen response on the printed scale (before any reversal), or - if missing
  rci     Jacobson & Truax reliable change between two scores of one instrument

Instrument packs are read from $KINDMIND_DATA_DIR/instrument-packs/*.json (see
kindmind/measures/PACKS.md). Output is JSON; bad input exits with status 2.
"""

_WHOLE = re.compile(r"-?[0-9]+")


class UsageError(Exception):
    """Bad command-line input: reported on one line, exit status 2."""


def packs_dir() -> Path:
    """`$KINDMIND_DATA_DIR/instrument-packs`, with the data directory defaulting the way
    kindmind's settings do (./data), without importing the settings."""
    data_dir = os.environ.get("KINDMIND_DATA_DIR", "").strip()
    return (Path(data_dir) if data_dir else Path.cwd() / "data") / "instrument-packs"


def _instrument(instrument_id: str) -> keys.Instrument:
    try:
        return keys.get(instrument_id)
    except keys.UnknownInstrument as error:
        raise UsageError(str(error)) from None


def _list(args: Sequence[str]) -> object:
    if args:
        raise UsageError(f"list takes no arguments; got {' '.join(args)}")
    return [
        {
            "id": instrument_id,
            "name": keys.INSTRUMENTS[instrument_id].name,
            "items": keys.INSTRUMENTS[instrument_id].items,
            "available": found.available,
            "reason": found.reason,
        }
        for instrument_id, found in packs.availability(packs_dir()).items()
    ]


def _answer(position: int, raw: str) -> int | None:
    if raw == "-":
        return None
    if not _WHOLE.fullmatch(raw):
        raise UsageError(f"answer {position} is {raw!r}: give a whole number, or - if missing")
    return int(raw)


def _score(args: Sequence[str]) -> object:
    if not args:
        raise UsageError("score needs an instrument id and its answers")
    instrument = _instrument(args[0])
    answers = [_answer(position, raw) for position, raw in enumerate(args[1:], start=1)]
    try:
        return scoring.score(instrument.id, answers).as_json()
    except scoring.AnswerError as error:
        raise UsageError(str(error)) from None


def _number(option: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{option} needs a number; got {raw!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"{option} needs a finite number; got {raw!r}")
    return value


def _options(args: Sequence[str], names: Sequence[str]) -> dict[str, str]:
    """Parse `--name value` and `--name=value`; each option at most once."""
    values: dict[str, str] = {}
    position = 0
    while position < len(args):
        token = args[position]
        name, equals, value = token.partition("=")
        if name not in names:
            raise UsageError(f"unexpected argument {token!r}; expected one of {', '.join(names)}")
        if not equals:
            position += 1
            if position >= len(args):
                raise UsageError(f"{name} needs a value")
            value = args[position]
        if name in values:
            raise UsageError(f"{name} given twice")
        values[name] = value
        position += 1
    return values


def _rci(args: Sequence[str]) -> object:
    if not args:
        raise UsageError("rci needs an instrument id, --pre and --post")
    instrument = _instrument(args[0])
    options = _options(args[1:], ("--pre", "--post", "--subscale"))
    for required in ("--pre", "--post"):
        if required not in options:
            raise UsageError(f"rci needs {required}")
    try:
        result = change.reliable_change(
            instrument.id,
            _number("--pre", options["--pre"]),
            _number("--post", options["--post"]),
            subscale=options.get("--subscale"),
        )
    except (change.UnknownSubscale, change.ChangeInputError) as error:
        raise UsageError(str(error)) from None
    return result.as_json()


COMMANDS = {"list": _list, "score": _score, "rci": _rci}


def main(args: Sequence[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one `kindmind measures` command; return the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if not args or args[0] in ("-h", "--help", "help"):
        (out if args else err).write(USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    try:
        if command is None:
            raise UsageError(f"unknown command {args[0]!r}; expected list, score or rci")
        result = command(args[1:])
    except UsageError as error:
        message = f"kindmind measures {args[0]}: {error}".replace("\n", " ")
        err.write(message + "\n")
        return 2
    out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
