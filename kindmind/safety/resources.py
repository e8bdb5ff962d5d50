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
    return Service(name, phone, line, web, str(raw.get("hours") or ""), verified, country)


def _region(code: str, raw: Any) -> Region:
    if not isinstance(raw, dict) or not isinstance(raw.get("services"), list):
        raise CrisisDataError(f"{code}: needs a list of services")
    emergency = raw.get("emergency")
    if emergency is not None and not re.fullmatch(r"\d{2,4}", str(emergency)):
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
