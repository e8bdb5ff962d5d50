"""`kindmind analyse`, `kindmind language train` and `kindmind bench [language]`. No Django.

`kindmind analyse` reads JSON lines `{"id": ..., "text": ...}` on standard input and writes,
in the same order, one JSON line per input line:
`{"id", "language", "supported", "crisis", "self_criticism", "thinking_patterns", "warmth",
"systems"}` (see `kindmind.language.analyse`). A line it cannot use (not UTF-8, not JSON, not
an object, no string "text", blank) gets `{"id" (when known), "error": "..."}` and the stream
goes on; the exit status is 0. With `--plain` every line is one text and its id is its line
number (from 1). Output is flushed line by line, so a caller can write a line and wait.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO, TextIO

ANALYSE_USAGE = """\
usage: kindmind analyse [--plain] < texts

  reads JSON lines {"id": ..., "text": ...} and writes one JSON result per line, in order
  --plain   one text per line instead (its id is its line number)

A line that cannot be analysed gets {"id": ..., "error": "..."}; the exit status is 0.
This is not a diagnostic tool: see kindmind/language/MODEL_CARD.md.
"""
LANGUAGE_USAGE = """\
usage: kindmind language train [--data DIR] [--out DIR]
"""
BENCH_USAGE = """\
usage: kindmind bench [language|encryption] [--json PATH] [--quality-only] [--requests N]
       kindmind bench web [--quick] [--database-url URL] [--json PATH]  (--help for more)

  language   text analysis: quality on the held-out sets, speed, start-up, memory
  encryption what encryption at rest adds to a check-in and a critic autosave (p50, p95)
  web        pages under load against the real server, with a year of seeded data
  --json     also write the results as a JSON list, one object per case
             (language: one JSON document, printed when no PATH follows; figures with
             n and 95% intervals; --before PATH adds an earlier document's values;
             see kindmind bench language --help)
"""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(", ", ": "))


def _error(identifier: Any, known: bool, message: str) -> dict[str, Any]:
    return {"id": identifier, "error": message} if known else {"error": message}


BATCH = 64  # lines analysed together when they are already waiting


def _batches(stream: BinaryIO) -> Iterable[list[bytes]]:
    """The lines, in groups of those already available: a file or a busy pipe gives full
    batches (the encoder reads them together), a caller writing one line and waiting gets
    its answer at once. `read1` returns what is buffered or one read's worth, blocking only
    when nothing is there."""
    read = getattr(stream, "read1", None) or stream.read
    pending = b""
    while True:
        chunk = read(1 << 16)
        if not chunk:
            if pending:
                yield [pending]
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for start in range(0, len(lines), BATCH):
            yield lines[start : start + BATCH]


def _one(analyser: Any, raw: bytes, number: int, plain: bool) -> dict[str, Any]:
    """The result of one line (analysing its text), or the error it gets."""
    read = _read(raw, number, plain)
    if "error" in read:
        return read
    return {"id": read["id"], **analyser.analyse(read["text"])}


def _read(raw: bytes, number: int, plain: bool) -> dict[str, Any]:
    """A line as {"id", "text"}, or the error it gets."""
    raw = raw[:-1] if raw.endswith(b"\r") else raw
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        if plain:
            return _error(number, True, "the line is not valid UTF-8")
        try:
            loose = json.loads(raw.decode("utf-8", "replace"))
        except ValueError:
            loose = None
        if isinstance(loose, dict) and "id" in loose:
            return _error(loose["id"], True, "the line is not valid UTF-8")
        return _error(None, False, "the line is not valid UTF-8")
    if plain:
        return {"id": number, "text": line}
    if not line.strip():
        return _error(None, False, "blank line: expected a JSON object with a text")
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return _error(None, False, f"not JSON: {error.msg} at column {error.colno}")
    except ValueError:  # e.g. a number too long to convert
        return _error(None, False, "not JSON that can be read")
    if not isinstance(item, dict):
        return _error(None, False, "expected a JSON object with a text")
    identifier = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return _error(identifier, "id" in item, '"text" must be a string')
    return {"id": identifier, "text": text}


def _analysed(analyser: Any, lines: list[bytes], first: int, plain: bool) -> list[dict[str, Any]]:
    """Every line's result, the texts analysed together; a batch that fails is analysed
    again line by line, so one bad text costs only its own line."""
    read = [_read(raw, first + k, plain) for k, raw in enumerate(lines)]
    texts = [r["text"] for r in read if "error" not in r]
    try:
        found = iter(analyser.analyse_many(texts))
        return [r if "error" in r else {"id": r["id"], **next(found)} for r in read]
    except Exception:  # the line-by-line pass below says which line failed
        results = []
        for k, raw in enumerate(lines):
            try:
                results.append(_one(analyser, raw, first + k, plain))
            except Exception as error:  # reported on that line, never raised
                results.append(
                    _error(
                        first + k if plain else None,
                        plain,
                        f"could not analyse this line ({type(error).__name__})",
                    )
                )
        return results


def analyse_main(
    args: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    options = list(args)
    if options in (["-h"], ["--help"]):
        out.write(ANALYSE_USAGE)
        return 0
    plain = False
    for option in options:
        if option == "--plain":
            plain = True
        else:
            err.write(f"kindmind analyse: unexpected argument {option!r}\n{ANALYSE_USAGE}")
            return 2
    from kindmind.language import default_analyser, encoder, model

    try:
        analyser = default_analyser()
    except (model.MissingArtefacts, encoder.EncoderUnavailable) as error:
        # Stops here, naming the file: a run that silently left the models out would
        # print figures that mean something else. (The web app keeps the crisis rules.)
        err.write(f"kindmind analyse: {error}\n")
        return 2
    if analyser.encoder is not None:
        # A stream of texts: the encoder reads two at once on a machine with two cores.
        analyser.encoder.runners = min(2, os.cpu_count() or 1)
    source = stdin or sys.stdin.buffer
    number = 1
    for lines in _batches(source):
        for result in _analysed(analyser, lines, number, plain):
            out.write(_dumps(result) + "\n")
        out.flush()
        number += len(lines)
    return 0


def language_main(args: Sequence[str]) -> int:
    if args and args[0] == "train":
        from kindmind.language import train

        return train.main(args[1:])
    (sys.stdout if args and args[0] in ("-h", "--help") else sys.stderr).write(LANGUAGE_USAGE)
    return 0 if args and args[0] in ("-h", "--help") else 2


def bench_main(args: Sequence[str]) -> int:
    """`kindmind bench [SUITE] [options]`: `language` (the default) or `encryption`."""
    options = list(args)
    if options and options[0] in ("-h", "--help"):
        sys.stdout.write(BENCH_USAGE)
        return 0
    if options and not options[0].startswith("-"):
        suite = options.pop(0)
        if suite == "encryption":
            # The whole app on a throwaway database: Django is set up only for this suite.
            from kindmind.lib import encryption_bench

            return encryption_bench.run(options, sys.stdout.write)
        if suite != "language":
            sys.stderr.write(f"kindmind bench: unknown suite {suite!r}\n{BENCH_USAGE}")
            return 2
    from kindmind.language import bench

    return bench.run(options, sys.stdout.write)
