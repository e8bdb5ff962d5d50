"""Instrument wording: built in where the licence allows, otherwise from a licensed pack.

The wording of the CFT scales (FSCRS, Fears of Compassion, CEAS, TPAS) and of the SCS is
copyrighted: a deployer with written permission puts a *licensed instrument pack* (a JSON
file, format in PACKS.md) in `$KINDMIND_DATA_DIR/instrument-packs/`. Every pack, built-in
or not, is validated against the scoring key; a pack that does not fit is refused with a
reason, and its instrument stays unavailable. Nothing here raises on a bad file: a
deployer's typo must never take the service down, and must never show a half-valid form.

Pure: the directory is a parameter; nothing reads settings or the environment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kindmind.measures.keys import INSTRUMENTS, Instrument

PACK_FORMAT = "kindmind-instrument-pack/1"
MAX_PACK_BYTES = 1_000_000
NEEDS_PACK = "needs a licensed instrument pack"

_REQUIRED_TEXT = ("version", "title", "citation", "licence", "instructions")


class PackError(ValueError):
    """A pack that does not fit its key. The message is shown to the deployer."""


@dataclass(frozen=True)
class Response:
    value: int
    label: str


@dataclass(frozen=True)
class UnscoredQuestion:
    id: str
    text: str
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class Wording:
    """Validated wording of one instrument: what a form shows, in published item order."""

    instrument: str
    version: str
    title: str
    citation: str
    licence: str
    instructions: str
    stem: str | None
    items: tuple[str, ...]
    responses: tuple[Response, ...]
    unscored_questions: tuple[UnscoredQuestion, ...]
    origin: str
    """"built-in" or the pack's file name."""


@dataclass(frozen=True)
class Availability:
    instrument: str
    available: bool
    reason: str | None
    wording: Wording | None


@dataclass(frozen=True)
class PackProblem:
    """A pack file that was refused, for the deployer's eyes (e.g. `kindmind measures list`)."""

    file: str
    reason: str
    instrument: str | None
    """The instrument the file was meant for, where that can be told."""


def _text(raw: Mapping[str, object], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: '{key}' must be a non-empty string")
    return value


def _responses(raw: object, instrument: Instrument, where: str) -> tuple[Response, ...]:
    if not isinstance(raw, list) or not raw:
        raise PackError(f"{where}: 'responses' must be a non-empty list")
    responses = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise PackError(f"{where}: each response must be an object with value and label")
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            raise PackError(f"{where}: a response value must be a whole number")
        responses.append(Response(value, _text(entry, "label", where)))
    values = [r.value for r in responses]
    expected = list(range(instrument.response_min, instrument.response_max + 1))
    if values != expected:
        raise PackError(
            f"{where}: response values are {values}; the {instrument.id} key needs "
            f"{instrument.response_min} to {instrument.response_max} in order"
        )
    return tuple(responses)


def _items(raw: object, instrument: Instrument, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise PackError(f"{where}: 'items' must be a list")
    if len(raw) != instrument.items:
        raise PackError(
            f"{where}: has {len(raw)} items; the {instrument.id} key has {instrument.items}"
        )
    texts = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise PackError(f"{where}: item {position} must be an object with number and text")
        if entry.get("number") != position:
            raise PackError(
                f"{where}: item {position} is numbered {entry.get('number')!r}; items must be "
                "numbered 1, 2, ... in published order"
            )
        texts.append(_text(entry, "text", f"{where}, item {position}"))
    return tuple(texts)


def _unscored(raw: object, where: str) -> tuple[UnscoredQuestion, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PackError(f"{where}: 'unscored_questions' must be a list")
    questions = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise PackError(f"{where}: each unscored question must be an object")
        responses = entry.get("responses")
        if not isinstance(responses, list) or not all(
            isinstance(r, dict) and isinstance(r.get("value"), int) for r in responses
        ):
            raise PackError(f"{where}: an unscored question needs responses with values")
        questions.append(
            UnscoredQuestion(
                id=_text(entry, "id", where),
                text=_text(entry, "text", where),
                responses=tuple(
                    Response(int(r["value"]), _text(r, "label", where)) for r in responses
                ),
            )
        )
    return tuple(questions)


def parse_pack(raw: object, *, origin: str) -> Wording:
    """Validate a decoded pack against its key. Raises PackError with a one-line reason."""
    where = origin
    if not isinstance(raw, dict):
        raise PackError(f"{where}: a pack must be a JSON object")
    if raw.get("format") != PACK_FORMAT:
        raise PackError(f"{where}: 'format' must be {PACK_FORMAT!r}")
    instrument_id = raw.get("instrument")
    if not isinstance(instrument_id, str) or instrument_id not in INSTRUMENTS:
        raise PackError(f"{where}: names unknown instrument {instrument_id!r}")
    instrument = INSTRUMENTS[instrument_id]
    text = {key: _text(raw, key, where) for key in _REQUIRED_TEXT}
    stem = raw.get("stem")
    if stem is not None and (not isinstance(stem, str) or not stem.strip()):
        raise PackError(f"{where}: 'stem', when given, must be a non-empty string")
    return Wording(
        instrument=instrument.id,
        version=text["version"],
        title=text["title"],
        citation=text["citation"],
        licence=text["licence"],
        instructions=text["instructions"],
        stem=stem,
        items=_items(raw.get("items"), instrument, where),
        responses=_responses(raw.get("responses"), instrument, where),
        unscored_questions=_unscored(raw.get("unscored_questions"), where),
        origin=origin,
    )


def builtin_wording(instrument_id: str) -> Wording | None:
    """The shipped wording of an instrument whose licence allows it, or None."""
    instrument = INSTRUMENTS.get(instrument_id)
    if instrument is None or instrument.wording != "builtin":
        return None
    data = resources.files("kindmind.measures.wording").joinpath(f"{instrument_id}.json")
    return parse_pack(json.loads(data.read_text(encoding="utf-8")), origin="built-in")


def _read_pack(path: Path) -> tuple[str | None, Wording | PackError]:
    """(the instrument the file is meant for, if known; its wording or why it was refused)."""
    name = path.name
    stem_id = path.stem if path.stem in INSTRUMENTS else None
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            return stem_id, PackError(f"{name}: larger than {MAX_PACK_BYTES} bytes")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return stem_id, PackError(f"{name}: cannot be read ({error.__class__.__name__})")
    except json.JSONDecodeError as error:
        return stem_id, PackError(f"{name}: is not valid JSON (line {error.lineno})")
    meant_for = stem_id
    claimed = raw.get("instrument") if isinstance(raw, dict) else None
    if isinstance(claimed, str) and claimed in INSTRUMENTS:
        meant_for = claimed
    try:
        return meant_for, parse_pack(raw, origin=name)
    except PackError as error:
        return meant_for, error


def load_packs(packs_dir: Path | None) -> tuple[dict[str, Wording], list[PackProblem]]:
    """Read every `*.json` pack in `packs_dir` (a missing directory is simply empty).

    Returns the valid wording by instrument and the refused files. A pack for an
    instrument whose wording is built in is refused (the verbatim wording is not
    replaceable), and so are two packs for one instrument (which one is shown must never
    depend on file order).
    """
    found: dict[str, list[Wording]] = {}
    problems: list[PackProblem] = []
    if packs_dir is None or not packs_dir.is_dir():
        return {}, []
    try:
        paths = sorted(packs_dir.glob("*.json"))
    except OSError as error:
        reason = f"{packs_dir}: cannot be listed ({error.__class__.__name__})"
        return {}, [PackProblem(packs_dir.name, reason, None)]
    for path in paths:
        meant_for, result = _read_pack(path)
        if isinstance(result, PackError):
            problems.append(PackProblem(path.name, str(result), meant_for))
            continue
        if INSTRUMENTS[result.instrument].wording == "builtin":
            reason = f"{path.name}: {result.instrument} has built-in wording"
            problems.append(PackProblem(path.name, reason, result.instrument))
            continue
        found.setdefault(result.instrument, []).append(result)
    wording: dict[str, Wording] = {}
    for instrument_id, packs in found.items():
        if len(packs) > 1:
            files = ", ".join(p.origin for p in packs)
            for pack in packs:
                reason = f"more than one pack for {instrument_id}: {files}"
                problems.append(PackProblem(pack.origin, reason, instrument_id))
        else:
            wording[instrument_id] = packs[0]
    return wording, problems


def availability(packs_dir: Path | None) -> dict[str, Availability]:
    """Whether each instrument's wording can be shown, in the keys' order, and why not.

    Scoring never depends on this: a key is a fact, and answers collected elsewhere can
    always be scored.
    """
    packs, problems = load_packs(packs_dir)
    refused: dict[str, list[str]] = {}
    for problem in problems:
        if problem.instrument is not None:
            refused.setdefault(problem.instrument, []).append(problem.reason)
    result: dict[str, Availability] = {}
    for instrument in INSTRUMENTS.values():
        wording = builtin_wording(instrument.id) if instrument.wording == "builtin" else None
        wording = wording or packs.get(instrument.id)
        if wording is not None:
            result[instrument.id] = Availability(instrument.id, True, None, wording)
            continue
        reason = NEEDS_PACK
        if instrument.id in refused:
            reasons = dict.fromkeys(refused[instrument.id])  # one line per distinct reason
            reason = f"{NEEDS_PACK}; refused: {'; '.join(reasons)}"
        result[instrument.id] = Availability(instrument.id, False, reason, None)
    return result
