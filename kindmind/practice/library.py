"""The practice library: guided scripts as data, one JSON file per practice.

Every file in data/practices/ has the same shape, so that a clinician can later add their
own practice by writing one more file (data/practices/README.md says what one keeps):

    {
      "slug": "safe-place",              # the file's own name, [a-z0-9-]
      "title": "...", "summary": "...",
      "kind": "imagery",                 # one of KINDS
      "eyes": "optional",                # "open": done with eyes open; "optional": may close them
      "intensity": "moderate",           # how likely it is to stir difficult feelings
      "flow": null,                      # "out", "in" or "self" for the three flows
      "versions": {
        "short": {"minutes": 2, "steps": [STEP, ...]},   # 1-3 minutes
        "standard": {"minutes": 6, "steps": [STEP, ...]} # where a longer one makes sense
      }
    }
    STEP = {"text": "...", "seconds": 20,
            "pacer": true,                               # optional: breathe with the pacer
            "uses": ["other.voice"],                     # optional: details from a builder
            "personal": "... {other.voice} ..."}         # the text once those are described

The seconds of a version's steps add up to exactly its stated minutes: the server logs a
practice's minutes from these numbers, never from what a browser says.

Pure: no Django. The files are read and checked once, at import; a built-in file that
does not fit stops start-up with a message naming the file (the tests load them all).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "practices"

KINDS = ("breathing", "imagery", "flow", "attention", "grounding", "action")
EYES = ("open", "optional")
# How likely a practice is to stir grief, fear or anger (CONTENT.md: flowing in "can stir
# grief", compassion to oneself is "often the hardest flow"). The follow-up rules keep
# "deep" ones back for a while after backdraft.
INTENSITIES = ("gentle", "moderate", "deep")
FLOWS = ("out", "in", "self")
VERSIONS = ("short", "standard")
SHORT_MINUTES = (1, 3)
MAX_STEP_SECONDS = 600
MAX_TEXT = 600

# What the two builders hold, by the name a step uses ("other.voice", "self.posture").
BUILDER_FIELDS: dict[str, tuple[str, ...]] = {
    "other": (
        "what",
        "wisdom",
        "strength",
        "warmth",
        "non_judgement",
        "voice",
        "colour",
        "senses",
    ),
    "self": ("qualities", "posture", "face", "voice"),
}
_PLACEHOLDER = re.compile(r"\{(other|self)\.([a-z_]+)\}")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class PracticeError(ValueError):
    """A practice file that does not fit the shape. The message names what is wrong."""


@dataclass(frozen=True)
class Step:
    text: str
    seconds: int
    pacer: bool = False
    uses: tuple[str, ...] = ()
    personal: str = ""

    def text_for(self, details: Mapping[str, str]) -> str:
        """The step's words, with the person's own details woven in when they have
        described every one it uses; otherwise the plain text."""
        if not self.uses or not all(details.get(name, "").strip() for name in self.uses):
            return self.text
        return _PLACEHOLDER.sub(lambda m: details[f"{m[1]}.{m[2]}"].strip(), self.personal)


@dataclass(frozen=True)
class Version:
    name: str
    minutes: int
    steps: tuple[Step, ...]

    @property
    def seconds(self) -> int:
        return sum(step.seconds for step in self.steps)

    def seconds_for(self, steps_done: int) -> int:
        """How long the first `steps_done` steps take: what a partial practice logs."""
        if not 0 <= steps_done <= len(self.steps):
            raise ValueError(f"steps_done must be 0-{len(self.steps)}")
        return sum(step.seconds for step in self.steps[:steps_done])

    def steps_within(self, seconds: float) -> int:
        """How many whole steps fit in `seconds` from the start: what a practice without
        JavaScript has done when the person stops it part-way."""
        done, total = 0, 0
        for step in self.steps:
            total += step.seconds
            if total > seconds:
                break
            done += 1
        return done

    @property
    def has_pacer(self) -> bool:
        return any(step.pacer for step in self.steps)


@dataclass(frozen=True)
class Practice:
    slug: str
    title: str
    summary: str
    kind: str
    eyes: str
    intensity: str
    flow: str | None
    versions: dict[str, Version]

    def version(self, name: str) -> Version | None:
        return self.versions.get(name)

    @property
    def shortest(self) -> Version:
        return self.versions.get("short") or self.versions["standard"]

    @property
    def builders(self) -> frozenset[str]:
        """Which builders ("other", "self") this practice draws on."""
        return frozenset(
            name.split(".")[0]
            for version in self.versions.values()
            for step in version.steps
            for name in step.uses
        )


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value.strip()):
        raise PracticeError(f"{where}: '{key}' must be text of 1-{MAX_TEXT} characters")
    return value.strip()


def _choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = raw.get(key)
    if value not in choices:
        raise PracticeError(f"{where}: '{key}' must be one of {', '.join(choices)}")
    return str(value)


def _step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict):
        raise PracticeError(f"{where}: a step must be an object")
    unknown = set(raw) - {"text", "seconds", "pacer", "uses", "personal"}
    if unknown:
        raise PracticeError(f"{where}: unknown keys {sorted(unknown)}")
    seconds = raw.get("seconds")
    if type(seconds) is not int or not 5 <= seconds <= MAX_STEP_SECONDS:
        raise PracticeError(f"{where}: 'seconds' must be a whole number from 5 to 600")
    pacer = raw.get("pacer", False)
    if not isinstance(pacer, bool):
        raise PracticeError(f"{where}: 'pacer' must be true or false")
    uses = raw.get("uses", [])
    if not isinstance(uses, list) or not all(isinstance(u, str) for u in uses):
        raise PracticeError(f"{where}: 'uses' must be a list of builder fields")
    for name in uses:
        builder, _, field = name.partition(".")
        if field not in BUILDER_FIELDS.get(builder, ()):
            raise PracticeError(f"{where}: '{name}' is not a builder field")
    personal = _text(raw, "personal", where, required=bool(uses))
    if uses:
        placed = {f"{b}.{f}" for b, f in _PLACEHOLDER.findall(personal)}
        if placed != set(uses):
            raise PracticeError(f"{where}: 'personal' must place exactly the fields it uses")
    elif personal:
        raise PracticeError(f"{where}: 'personal' needs 'uses'")
    return Step(
        text=_text(raw, "text", where),
        seconds=seconds,
        pacer=pacer,
        uses=tuple(uses),
        personal=personal,
    )


def _version(name: str, raw: Any, where: str) -> Version:
    if not isinstance(raw, dict) or set(raw) != {"minutes", "steps"}:
        raise PracticeError(f"{where}: a version has exactly 'minutes' and 'steps'")
    minutes, steps = raw["minutes"], raw["steps"]
    if type(minutes) is not int or not 1 <= minutes <= 60:
        raise PracticeError(f"{where}: 'minutes' must be a whole number from 1 to 60")
    if name == "short" and not SHORT_MINUTES[0] <= minutes <= SHORT_MINUTES[1]:
        raise PracticeError(f"{where}: a short version takes 1-3 minutes")
    if not isinstance(steps, list) or not steps:
        raise PracticeError(f"{where}: 'steps' must be a list of at least one step")
    version = Version(
        name=name,
        minutes=minutes,
        steps=tuple(_step(s, f"{where} step {i + 1}") for i, s in enumerate(steps)),
    )
    if version.seconds != minutes * 60:
        raise PracticeError(
            f"{where}: the steps take {version.seconds} s, not the stated {minutes} min"
        )
    return version


def parse(raw: Any, where: str) -> Practice:
    """Check one practice's data and build it, or raise PracticeError."""
    if not isinstance(raw, dict):
        raise PracticeError(f"{where}: a practice must be a JSON object")
    known = {"slug", "title", "summary", "kind", "eyes", "intensity", "flow", "versions"}
    unknown = set(raw) - known
    if unknown:
        raise PracticeError(f"{where}: unknown keys {sorted(unknown)}")
    slug = raw.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 64:
        raise PracticeError(f"{where}: 'slug' must be lower-case words joined by hyphens")
    flow = raw.get("flow")
    if flow is not None and flow not in FLOWS:
        raise PracticeError(f"{where}: 'flow' must be null or one of {', '.join(FLOWS)}")
    versions = raw.get("versions")
    if not isinstance(versions, dict) or not versions or set(versions) - set(VERSIONS):
        raise PracticeError(f"{where}: 'versions' holds 'short' and/or 'standard'")
    built = {name: _version(name, versions[name], f"{where} {name}") for name in versions}
    if "short" in built and "standard" in built and built["standard"].minutes <= 3:
        raise PracticeError(f"{where}: a standard version is longer than the short one")
    return Practice(
        slug=slug,
        title=_text(raw, "title", where),
        summary=_text(raw, "summary", where),
        kind=_choice(raw, "kind", KINDS, where),
        eyes=_choice(raw, "eyes", EYES, where),
        intensity=_choice(raw, "intensity", INTENSITIES, where),
        flow=flow,
        versions={name: built[name] for name in VERSIONS if name in built},
    )


def load(directory: Path = DATA) -> dict[str, Practice]:
    """Every practice in the directory, by slug, in file-name order."""
    practices: dict[str, Practice] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PracticeError(f"{path.name}: not valid JSON ({exc})") from None
        practice = parse(raw, path.name)
        if practice.slug != path.stem:
            raise PracticeError(f"{path.name}: the slug must match the file name")
        practices[practice.slug] = practice
    return practices


# The library, read once. Views, rules and tests share it.
PRACTICES: dict[str, Practice] = load()

# The order the library is shown in: the soothing doorway first, then the compassionate
# mind as CFT builds it (CONTENT.md, "Individual CFT"), then the everyday skills.
ORDER = (
    "soothing-rhythm-breathing",
    "friendly-face-warm-voice",
    "safe-place",
    "compassionate-colour",
    "compassionate-other",
    "compassionate-self",
    "compassion-flowing-out",
    "compassion-flowing-in",
    "compassion-to-self",
    "mindful-noticing",
    "savouring",
    "effort-appreciation",
    "grounding",
    "behavioural-self-compassion",
)


def in_order() -> list[Practice]:
    """Every practice: the built-in order first, any others after, by title."""
    known = [PRACTICES[slug] for slug in ORDER if slug in PRACTICES]
    others = sorted((p for p in PRACTICES.values() if p.slug not in ORDER), key=lambda p: p.title)
    return known + others


# Practices kept elsewhere than this folder (a clinician's own, kindmind.homework), found
# by slug. Each finder answers None for a slug that is not its own. With `user`, a finder
# answers only if that person may open the practice; without, it answers for any caller
# (a practice session already begun, whose owner had the right to open it).
Finder = Callable[[str, object | None], Practice | None]
_FINDERS: list[Finder] = []


def register_finder(finder: Finder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def find(slug: str, user: object | None = None) -> Practice | None:
    """A practice by slug: the library's own, or one a registered finder knows."""
    found = PRACTICES.get(slug)
    if found is not None:
        return found
    for finder in _FINDERS:
        found = finder(slug, user)
        if found is not None:
            return found
    return None
