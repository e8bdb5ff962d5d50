"""Crisis services as data: loading, checking, and choosing them for a person.

Plain Python, no Django. A broken deployer file must never leave a person without help,
so it falls back to the built-in list and says why (`Directory.problem`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BUILTIN = Path(__file__).parent / "data" / "crisis_services.json"
STALE_AFTER = timedelta(days=365)
# The code a person chooses for "somewhere not listed here" (CLDR's "unknown region"):
# they are shown the international guidance, never another country's numbers.
ELSEWHERE = "ZZ"


@dataclass(frozen=True)
class TextLine:
    number: str
    body: str


@dataclass(frozen=True)
class Service:
    name: str
    phone: str | None
    text: TextLine | None
    web: str | None
    hours: str
    verified: date
    country: str
    # Where the details come from (the service's own website, as text), and whether the
    # details were written down without being checked against that source.
    source: str = ""
    not_verified_here: bool = False

    @property
    def tel(self) -> str | None:
        """The phone number as a tel: link target (digits and a leading + only)."""
        if not self.phone:
            return None
        return re.sub(r"[^\d+]", "", self.phone)

    @property
    def sms(self) -> str | None:
        if not self.text:
            return None
        number = re.sub(r"[^\d+]", "", self.text.number)
        return f"sms:{number}" + (f"?&body={self.text.body}" if self.text.body else "")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str | None
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Directory:
    countries: dict[str, Region]
    international: Region
    source: str
    problem: str | None = field(default=None)

    def for_country(self, code: str | None) -> Region:
        """The person's country, or the international list when we have none for it."""
        return self.countries.get((code or "").upper(), self.international)

    def all_services(self) -> list[Service]:
        regions = [*self.countries.values(), self.international]
        return [s for r in regions for s in r.services]

    def stale(self, today: date) -> list[Service]:
        return [s for s in self.all_services() if today - s.verified > STALE_AFTER]

    def not_verified(self) -> list[Service]:
        return [s for s in self.all_services() if s.not_verified_here]


class CrisisDataError(ValueError):
    pass


def _service(raw: Any, country: str) -> Service:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise CrisisDataError(f"{country}: every service needs a name")
    name = raw["name"]
    phone, web, text = raw.get("phone"), raw.get("web"), raw.get("text")
    if phone is not None and not re.fullmatch(r"\+?[\d ()-]{2,20}", str(phone)):
        raise CrisisDataError(f"{country}/{name}: phone {phone!r} is not a phone number")
    if web is not None and not str(web).startswith("https://"):
        raise CrisisDataError(f"{country}/{name}: web must be an https:// address")
    line = None
    if text is not None:
        if not isinstance(text, dict) or not re.fullmatch(
            r"\+?[\d ]{2,20}", str(text.get("number"))
        ):
            raise CrisisDataError(f"{country}/{name}: text needs a number")
        line = TextLine(str(text["number"]), str(text.get("body") or ""))
    if not (phone or line or web):
        raise CrisisDataError(f"{country}/{name}: needs a phone, a text line or a web address")
    try:
        verified = date.fromisoformat(str(raw.get("verified")))
    except ValueError:
        raise CrisisDataError(f"{country}/{name}: verified must be a date, YYYY-MM-DD") from None
    source = raw.get("source") or ""
    if not isinstance(source, str):
        raise CrisisDataError(f"{country}/{name}: source must be text")
    unchecked = raw.get("not_verified_here", False)
    if not isinstance(unchecked, bool):
        raise CrisisDataError(f"{country}/{name}: not_verified_here must be true or false")
    hours = str(raw.get("hours") or "")
    return Service(name, phone, line, web, hours, verified, country, source, unchecked)


def _region(code: str, raw: Any) -> Region:
    if not isinstance(raw, dict) or not isinstance(raw.get("services"), list):
        raise CrisisDataError(f"{code}: needs a list of services")
    emergency = raw.get("emergency")
    if emergency is not None and not re.fullmatch(r"\d{2,5}", str(emergency)):
        raise CrisisDataError(f"{code}: emergency must be a short number like 112")
    services = tuple(_service(s, code) for s in raw["services"])
    return Region(code, str(raw.get("name") or code), emergency, services)


def parse(raw: Any, source: str) -> Directory:
    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), dict):
        raise CrisisDataError("the file needs a 'countries' object")
    countries = {}
    for code, region in raw["countries"].items():
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise CrisisDataError(f"{code!r} is not a two-letter country code")
        if code == ELSEWHERE:
            raise CrisisDataError(f"{ELSEWHERE} is kept for 'somewhere not listed here'")
        countries[code] = _region(code, region)
    international = _region("international", raw.get("international", {"services": []}))
    return Directory(countries, international, source)


def load(override: Path | None = None) -> Directory:
    """The deployer's file when there is a good one, otherwise the built-in list."""
    builtin = parse(json.loads(BUILTIN.read_text(encoding="utf-8")), "built-in")
    if override is None or not override.exists():
        return builtin
    try:
        return parse(json.loads(override.read_text(encoding="utf-8")), str(override))
    except (OSError, ValueError) as error:
        return Directory(
            builtin.countries,
            builtin.international,
            "built-in",
            problem=f"{override.name} could not be used ({error}); showing the built-in list.",
        )


# Why a region is shown, so that the page can say so and say how to change it.
ASKED = "asked"  # picked on the page itself (?country=XX), for this visit
CHOSEN = "chosen"  # the person's own choice, kept with their account
DEPLOYER = "deployer"  # whoever runs this kindmind set a default country
BROWSER = "browser"  # the region the browser's languages name (Accept-Language)
UNKNOWN = "unknown"  # nothing to go by: the international guidance


@dataclass(frozen=True)
class Shown:
    region: Region
    why: str


# More than any browser sends; a longer header is read only this far.
_HEADER_LIMIT = 2000
_LANGUAGE_RANGE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


def regions_in_accept_language(header: str | None) -> list[str]:
    """The regions an Accept-Language header names, most preferred first.

    "en-GB,en;q=0.8,fr-CA;q=0.5" gives ["GB", "CA"]. Ranges with q=0, malformed ranges
    or q-values, and ranges without a two-letter region ("en", "es-419") are left out;
    a script subtag is skipped ("zh-Hant-TW" gives "TW"). Equal q-values keep their order.
    """
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "")[:_HEADER_LIMIT].split(",")):
        tag, _sep, params = part.strip().partition(";")
        tag = tag.strip()
        if not _LANGUAGE_RANGE.fullmatch(tag):
            continue
        q = 1.0
        if params:
            name, _eq, value = params.strip().partition("=")
            if name.strip().lower() != "q" or not re.fullmatch(
                r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)", value.strip()
            ):
                continue
            q = float(value)
        if q <= 0:
            continue
        subtags = re.split(r"[-_]", tag)[1:]
        if subtags and len(subtags[0]) == 4 and subtags[0].isalpha():
            subtags = subtags[1:]  # a script, e.g. Hant
        if subtags and len(subtags[0]) == 2 and subtags[0].isalpha():
            weighted.append((-q, position, subtags[0].upper()))
    found: list[str] = []
    for _q, _position, region in sorted(weighted):
        if region not in found:
            found.append(region)
    return found


def choose_region(
    directory: Directory,
    *,
    asked: str | None = None,
    chosen: str | None = None,
    default: str | None = None,
    accept_language: str | None = None,
) -> Shown:
    """Which crisis services to show, and why: never nothing.

    In order: a country picked on the page for this visit; the person's own choice;
    the deployer's default country; the first region the browser's languages name that
    we have services for; otherwise the international guidance. "ZZ" (ELSEWHERE), asked
    or chosen, means "somewhere not listed here": the international guidance, on purpose.
    A code we have no entry for is passed over, so that the next answer can help.
    """
    for code, why in ((asked, ASKED), (chosen, CHOSEN)):
        code = (code or "").strip().upper()
        if code == ELSEWHERE:
            return Shown(directory.international, why)
        if code in directory.countries:
            return Shown(directory.countries[code], why)
    code = (default or "").strip().upper()
    if code in directory.countries:
        return Shown(directory.countries[code], DEPLOYER)
    for code in regions_in_accept_language(accept_language):
        if code in directory.countries:
            return Shown(directory.countries[code], BROWSER)
    return Shown(directory.international, UNKNOWN)
