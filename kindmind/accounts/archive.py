"""Everything a person has written, as one archive they can keep, and bring into another
kindmind.

The archive is a ZIP (Python's zipfile) holding:

- `manifest.json`: the format's name and version, the kindmind version that made it,
  when, and the SHA-256 of every other file, so that a changed or cut-short archive is
  noticed before anything is read from it;
- `data.json`: every object the person owns, kind by kind, with its original id; the
  one file an import reads;
- `csv/<kind>.csv`: the same rows, one file per kind, for a spreadsheet;
- `measures-fhir-r4.json`: their questionnaires as a FHIR R4 Bundle (the same exporter
  as the questionnaires page, kindmind.measures.export);
- `letters/`, `critic/` and `safety-plan.txt`: their own words as plain text to read;
- `README.txt`: what each file is, in plain words.

The walk is data: `KINDS` names every model a person owns, in an order where each
model comes after the ones it points to, and every concrete field of each is written.
A model added later that points to a person (or to something of theirs) and is neither
in `KINDS` nor in `NOT_ARCHIVED` fails `test_every_personal_model_is_archived_or_excluded`.

Import (`import_archive`) takes an archive into an account that holds nothing written
yet, in one transaction: every row gets a new id, rows that pointed to each other still
do, and the times that are the person's history (when a check-in was made, when a letter
was saved) are kept as they were. Anything the checks below dislike refuses the whole
archive with a kind message (`Refused`), and nothing changes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

import kindmind
from kindmind.accounts.actions import record_event
from kindmind.accounts.models import AuditEvent, Departure, Invitation, Session, Share, User
from kindmind.casenotes.models import SessionNote
from kindmind.checkins.models import CheckIn
from kindmind.clinic.models import ClientLabel
from kindmind.course.models import Cohort, CohortWeek, Enrolment, Reflection
from kindmind.course.models import Invitation as GroupCode
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.critic.steps import all_text_fields
from kindmind.drafts.models import Draft
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.homework.models import Homework, OwnPractice
from kindmind.measures import keys
from kindmind.measures.export import fhir_bundle
from kindmind.measures.models import AT_NEXT_SESSION, Response, Schedule
from kindmind.measures.scoring import AnswerError, check_answers
from kindmind.practice.library import PRACTICES
from kindmind.practice.models import (
    CompassionateOther,
    CompassionateSelf,
    KindAction,
    PracticeSession,
    Recording,
)
from kindmind.quickhelp.models import KeptSentence
from kindmind.reminders.models import Delivery, PushSubscription, Reminder, ReminderSettings
from kindmind.safety.models import SafetyAlert, SafetyEvent, SafetyPlan

FORMAT = "kindmind-archive"
# Raised when a change means an older kindmind could not read the archive correctly (a
# kind or field renamed or given a new meaning). New kinds and fields with defaults do
# not need it: an archive without them still comes in.
FORMAT_VERSION = 1

MANIFEST = "manifest.json"
DATA = "data.json"
README = "README.txt"
FHIR = "measures-fhir-r4.json"

# What an import will open. The largest upload kindmind serve accepts is 32 MB; a year of
# daily check-ins and many long letters is a few MB. The caps stop a "zip bomb" (a small
# file that unpacks to gigabytes) before it is unpacked.
MAX_UPLOAD_BYTES = 32 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """One model a person owns, as the archive holds it."""

    model: type[models.Model]
    # The name of its CSV file (without .csv) and how README.txt speaks of it.
    file: str
    about: Any
    # The field that names the person (a ForeignKey or OneToOneField to User), or, for a
    # model reached through another of theirs, "" and `parents` says which.
    owner: str = "client"
    # ForeignKey field name -> the label of the kind it points to (in KINDS, earlier).
    parents: Mapping[str, str] = field(default_factory=dict)
    # The order rows are written in: times, then an id kept across imports, so that two
    # exports of the same things list them alike.
    order: tuple[str, ...] = ()
    # Checks beyond the model's own fields (JSON shapes, names from our lists).
    check: Callable[[dict[str, Any]], None] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


class Refused(Exception):
    """An archive that cannot come in, with words for the person. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _words(value: Any, what: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of words")


def _check_checkin(row: dict[str, Any]) -> None:
    _words(row.get("emotions", []), "emotions")
    _zone(row.get("timezone"))


def _check_entry(row: dict[str, Any]) -> None:
    for name in ("emotions", "critic_aims", "critic_fear_choices", "needs"):
        _words(row.get(name, []), name)


def _check_text(row: dict[str, Any]) -> None:
    if row.get("field") not in all_text_fields():
        raise ValueError("a text for an answer kindmind does not ask")


def _check_practice(row: dict[str, Any]) -> None:
    practice = PRACTICES.get(str(row.get("practice")))
    if practice is None or row.get("version") not in practice.versions:
        raise ValueError("a practice kindmind does not have")


def _check_schedule(row: dict[str, Any]) -> None:
    """A known instrument. A plan "at each session" comes back as the person's own plan,
    ready now: the clinician whose sessions it followed is not in the archive."""
    keys.get(str(row.get("instrument")))
    if row.get("at_sessions") is True:
        row["at_sessions"] = False
        if row.get("next_due") == AT_NEXT_SESSION.isoformat():
            row["next_due"] = timezone.localdate().isoformat()


def _check_response(row: dict[str, Any]) -> None:
    instrument = keys.get(str(row.get("instrument")))
    answers = row.get("answers")
    if not isinstance(answers, list):
        raise ValueError("answers must be a list")
    check_answers(instrument, answers)
    unscored = row.get("unscored", {})
    if not isinstance(unscored, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in unscored.items()
    ):
        raise ValueError("unscored answers must be names and whole numbers")
    result = row.get("result")
    number = (int, float, type(None))
    if (
        not isinstance(result, dict)
        or not isinstance(result.get("total"), number)
        or not isinstance(result.get("subscales", {}), dict)
        or not all(isinstance(v, number) for v in result.get("subscales", {}).values())
        or not isinstance(result.get("band"), str | None)
        or not isinstance(result.get("flags", []), list)
        or not all(isinstance(f, str) for f in result.get("flags", []))
    ):
        raise ValueError("a score kindmind cannot read")
    _zone(row.get("timezone"))


def _has_nul(value: Any) -> bool:
    """A NUL character anywhere: forms never let one in, and PostgreSQL cannot hold one."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


@cache
def _zones() -> frozenset[str]:
    # Read from the disk each time it is asked: once per import is plenty.
    return frozenset(zoneinfo.available_timezones())


def _zone(name: Any) -> None:
    if not isinstance(name, str) or name not in _zones():
        raise ValueError("a timezone kindmind does not know")


# Every model a person owns, parents before children. Profile and shares are written
# separately (`profile`, `shares` in data.json).
KINDS: tuple[Kind, ...] = (
    Kind(
        CheckIn,
        "check-ins",
        _lazy("Your check-ins: threat, drive and soothing, the feelings you named, your notes."),
        order=("at", "submission_id"),
        check=_check_checkin,
    ),
    Kind(
        PracticeSession,
        "practice-sessions",
        _lazy(
            "Each practice you did: which one, when, for how long, and how you felt before "
            "and after."
        ),
        order=("started_at", "submission_id"),
        check=_check_practice,
    ),
    Kind(
        KindAction,
        "kind-actions",
        _lazy("The small kind things you planned after a practice, and what you needed."),
        parents={"session": "practice.practicesession"},
        order=("created_at", "submission_id"),
    ),
    Kind(
        CompassionateOther,
        "compassionate-other",
        _lazy("Your ideal compassionate other, in your words."),
    ),
    Kind(
        CompassionateSelf,
        "compassionate-self",
        _lazy("Your compassionate self, in your words."),
    ),
    Kind(
        Schedule,
        "questionnaire-plans",
        _lazy("The questionnaires you planned to answer, and how often."),
        order=("instrument", "created_at", "next_due"),
        check=_check_schedule,
    ),
    Kind(
        Response,
        "questionnaire-answers",
        _lazy(
            "Each questionnaire you answered: your answers, and the scores as they were "
            "shown to you."
        ),
        order=("completed_at", "submission_id"),
        check=_check_response,
    ),
    Kind(
        SafetyPlan,
        "safety-plan",
        _lazy("Your safety plan, section by section."),
    ),
    Kind(
        SafetyEvent,
        "safety-moments",
        _lazy(
            "The times kindmind noticed you might be at risk: when, where and how urgent, "
            "never your words."
        ),
        order=("at", "source", "level"),
    ),
    Kind(
        Entry,
        "critic-entries",
        _lazy(
            "Your work with the critic, your letters and multiple selves: the choices and "
            "numbers of each (the words are in critic-texts)."
        ),
        order=("created_at", "submission_id"),
        check=_check_entry,
    ),
    Kind(
        Text,
        "critic-texts",
        _lazy(
            "The words of each answer in your critic work, letters and multiple selves, as "
            "they are now."
        ),
        owner="",
        parents={"entry": "critic.entry"},
        order=("entry", "field"),
        check=_check_text,
    ),
    Kind(
        TextVersion,
        "critic-earlier-versions",
        _lazy("Words you have since changed or replaced, kept so that nothing is lost."),
        owner="",
        parents={"entry": "critic.entry"},
        order=("entry", "field", "saved_at", "version", "reason"),
        check=_check_text,
    ),
    Kind(
        Formulation,
        "formulation",
        _lazy("Your formulation: which of its versions is the one shown now."),
    ),
    Kind(
        FormulationVersion,
        "formulation-versions",
        _lazy(
            "Every version of your formulation, section by section: who saved it (you, or "
            "a clinician you shared it with) and when."
        ),
        owner="",
        parents={"formulation": "formulation.formulation"},
        order=("formulation", "number"),
    ),
    Kind(
        KeptSentence,
        "kept-sentences",
        _lazy("The kind sentences you chose to keep from quick help."),
        order=("created_at", "submission_id"),
    ),
    Kind(
        Reflection,
        "course-reflections",
        _lazy("What you wrote for each week's reflection in the 8-week course."),
        order=("week",),
    ),
)
KINDS_BY_LABEL: dict[str, Kind] = {kind.label: kind for kind in KINDS}

# Models that point to a person or their things and are deliberately not in the
# archive, and why. The test that guards the walk reads this too.
NOT_ARCHIVED: dict[type[models.Model], str] = {
    User: "Written as `profile` (name, timezone, country); the email address and "
    "password stay with the account they belong to.",
    Session: "A browser's signed-in session: it belongs to that browser and this kindmind, "
    "and ends within the hour anyway.",
    Share: "Written as `shares`, the list of who the person shares with, but never "
    "brought back in: a share names a clinician's account in the kindmind it was made "
    "in, so the person shares again, by choice, in the new one.",
    SafetyAlert: "The record of an email sent to a clinician: it belongs with the "
    "clinician's account, and the moments it was about are archived as safety moments.",
    Recording: "A clinic's recorded voice for a practice, not anything a person wrote.",
    Reminder: "Not in the archive yet: a reminder is a setting rather than words, and one "
    "a clinician suggested names their account in this kindmind, so bringing it in needs "
    "the care shares get. The person sets their reminders again in the new kindmind.",
    ReminderSettings: "Quiet hours and pauses: settings, set again with the reminders.",
    Delivery: "The record of each reminder sent (kept 30 days): the loop's bookkeeping, not "
    "anything the person wrote.",
    PushSubscription: "One browser's address for notifications: it belongs to that device "
    "and would not work from another kindmind.",
    Enrolment: "Where the person is in the 8-week course, and their group: a group "
    "belongs to its facilitator's account in this kindmind. Their reflections are archived.",
    Cohort: "A facilitator's course group: theirs, not a member's.",
    CohortWeek: "When a facilitator opened a week for their group.",
    GroupCode: "A facilitator's one-time codes for joining their group.",
    Draft: "Words typed into the formulation or a course reflection and not saved yet: "
    "kept only until the form is sent, and shown on that form when it is opened again. "
    "What was saved is archived as the formulation's versions and the reflections.",
    SessionNote: "A clinician's own record of the sessions they held with the person and "
    "their notes of them: the clinician's words, never shown to the person.",
    ClientLabel: "A clinician's own label for someone on their caseload: it belongs to the "
    "clinician and is never shown to anyone else.",
    Departure: "A clinician's note that someone they worked with has left kindmind: it "
    "belongs to the clinician and holds nothing of the person's.",
    Invitation: "A clinician's invitation: it belongs to the clinician who made it, and "
    "the share it became is written as `shares`.",
    Homework: "A clinician's suggestion, which names their account in this kindmind (as a "
    "suggested reminder does); what the person did about it is archived as their practice, "
    "critic work and questionnaires.",
    OwnPractice: "A clinician's own practice script, not anything a person wrote.",
}


# ---- Writing -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A field's value as JSON can hold it (times in UTC, with their offset)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _fields(kind: Kind) -> list[models.Field[Any, Any]]:
    """The concrete fields written for each row, the owner left out (it is the person),
    and any other link to an account (the clinician who planned a questionnaire): it names
    an account in this kindmind only."""
    return [
        f
        for f in kind.model._meta.concrete_fields
        if f.name != kind.owner and getattr(f, "related_model", None) is not User
    ]


def _rows(kind: Kind, user: User) -> list[dict[str, Any]]:
    manager = kind.model._default_manager
    if kind.owner:
        queryset = manager.filter(**{kind.owner: user})
    else:
        (parent_field,) = kind.parents
        parent = KINDS_BY_LABEL[kind.parents[parent_field]]
        queryset = manager.filter(**{f"{parent_field}__{parent.owner}": user})
    order = [
        # A row that points to another is ordered by that row's own order.
        *(
            f"{name}__{o}"
            for name in kind.order
            if name in kind.parents
            for o in KINDS_BY_LABEL[kind.parents[name]].order
        ),
        *(name for name in kind.order if name not in kind.parents),
    ]
    rows = []
    for obj in queryset.order_by(*order, "pk"):
        rows.append({f.name: _plain(f.value_from_object(obj)) for f in _fields(kind)})
    return rows


def profile(user: User) -> dict[str, Any]:
    return {
        "display_name": user.display_name,
        "timezone": user.timezone,
        "country": user.country,
        "role": user.role,
        "date_joined": _plain(user.date_joined),
    }


def shares(user: User) -> list[dict[str, Any]]:
    return [
        {
            "clinician_email": share.clinician.email,
            "clinician_name": share.clinician.display_name,
            "categories": list(share.categories),
            "created_at": _plain(share.created_at),
            "revoked_at": _plain(share.revoked_at),
        }
        for share in Share.objects.filter(client=user)
        .select_related("clinician")
        .order_by("created_at", "clinician__email")
    ]


def data(user: User) -> dict[str, Any]:
    """Everything the person owns, as data.json holds it."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "profile": profile(user),
        "shares": shares(user),
        "kinds": {kind.label: _rows(kind, user) for kind in KINDS},
    }


# A spreadsheet program reads a cell starting with one of these as a formula, so words a
# person typed ("=so tired", "+1 kind act") could run as one when the table is opened.
# Such a cell gets a leading apostrophe, which spreadsheets show as text; data.json keeps
# the words exactly as typed, and is what an import reads.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    # With a byte-order mark, so that spreadsheet programs read the words as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8")


def build(user: User, *, now: datetime | None = None) -> bytes:
    """The archive of everything `user` owns, as the bytes of a ZIP file."""
    from kindmind.accounts import readable

    now = now or timezone.now()
    document = data(user)
    files: dict[str, bytes] = {DATA: _json(document)}
    for kind in KINDS:
        files[f"csv/{kind.file}.csv"] = _csv(
            document["kinds"][kind.label], [f.name for f in _fields(kind)]
        )
    files["csv/profile.csv"] = _csv([document["profile"]], list(document["profile"]))
    files["csv/sharing.csv"] = _csv(
        document["shares"],
        ["clinician_email", "clinician_name", "categories", "created_at", "revoked_at"],
    )
    files[FHIR] = _json(fhir_bundle(user, timestamp=now.astimezone(user.zone)))
    files.update(readable.texts(user))
    files[README] = readable.readme(KINDS).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kindmind_version": kindmind.__version__,
        "created_at": _plain(now),
        "files": {name: hashlib.sha256(body).hexdigest() for name, body in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _json(manifest))
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()


def filename(user: User, now: datetime | None = None) -> str:
    day = (now or timezone.now()).astimezone(user.zone).date()
    return f"kindmind-everything-{day.isoformat()}.zip"


# ---- Reading -----------------------------------------------------------------------


def _cannot_open() -> Refused:
    return Refused(
        _(
            "kindmind couldn't open this file as one of its archives. It may not be the "
            ".zip file kindmind gave you, or it may have been cut short while it "
            "downloaded. Nothing has changed here. Downloading the archive again, and "
            "bringing in that copy, usually helps."
        )
    )


def _changed() -> Refused:
    return Refused(
        _(
            "Part of this archive is not as kindmind wrote it, so, to keep your words "
            "exactly as you wrote them, kindmind hasn't brought it in. Nothing has changed "
            "here. A fresh download from the other kindmind should come in."
        )
    )


def _unexpected(where: str) -> Refused:
    return Refused(
        _(
            "Some of what is inside this archive isn't in the shape kindmind expects "
            "(%(where)s), so it hasn't been brought in. Nothing has changed here."
        )
        % {"where": where}
    )


def _read_members(upload: Any) -> dict[str, bytes]:
    """Open the ZIP within the caps and check every file against the manifest."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _cannot_open() from None
    with archive:
        infos = archive.infolist()
        too_big = Refused(
            _(
                "This archive unpacks to more than kindmind can take in at once, so it "
                "hasn't been opened. Nothing has changed here."
            )
        )
        if len(infos) > MAX_MEMBERS:
            raise too_big
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise too_big
        members: dict[str, bytes] = {}
        read = 0
        for info in infos:
            if info.is_dir():
                continue
            if info.filename in members:
                raise _changed()
            try:
                with archive.open(info) as handle:
                    # A size in the archive's index can lie: read no further than the cap.
                    body = handle.read(MAX_UNCOMPRESSED_BYTES - read + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise _cannot_open() from None
            except RuntimeError:  # an encrypted member
                raise _cannot_open() from None
            read += len(body)
            if read > MAX_UNCOMPRESSED_BYTES:
                raise too_big
            members[info.filename] = body
    if MANIFEST not in members:
        raise _missing(MANIFEST)
    manifest = _load_json(members[MANIFEST], MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _cannot_open()
    _check_version(manifest.get("format_version"))
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise _unexpected(MANIFEST)
    for name, digest in listed.items():
        if name not in members:
            raise _missing(str(name))
        if not isinstance(digest, str) or hashlib.sha256(members[name]).hexdigest() != digest:
            raise _changed()
    if set(members) - set(listed) - {MANIFEST}:
        raise _changed()
    if DATA not in members:
        raise _missing(DATA)
    return members


def _missing(name: str) -> Refused:
    return Refused(
        _(
            "Part of this archive is missing (%(name)s), so kindmind can't bring it in. "
            "Nothing has changed here. Downloading the archive again usually helps."
        )
        % {"name": name}
    )


def _check_version(version: Any) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _unexpected(MANIFEST)
    if version > FORMAT_VERSION:
        raise Refused(
            _(
                "This archive was made by a newer kindmind than this one (its format is "
                "version %(theirs)d; this kindmind reads up to version %(ours)d). Nothing "
                "has changed here. Once whoever runs this kindmind updates it, the archive "
                "will come in."
            )
            % {"theirs": version, "ours": FORMAT_VERSION}
        )


def _load_json(body: bytes, name: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unexpected(name) from None


def read(upload: Any) -> dict[str, Any]:
    """data.json of an archive, once the archive is whole and as it was written."""
    document = _load_json(_read_members(upload)[DATA], DATA)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _unexpected(DATA)
    _check_version(document.get("format_version"))
    if not isinstance(document.get("kinds"), dict) or not isinstance(document.get("profile"), dict):
        raise _unexpected(DATA)
    return document


# ---- Bringing in -------------------------------------------------------------------


def holds_anything(user: User) -> bool:
    """Whether the account already has something written in it (shares don't count:
    they are not brought in)."""
    return any(
        kind.model._default_manager.filter(**{kind.owner: user}).exists()
        for kind in KINDS
        if kind.owner
    )


@dataclass
class Imported:
    """How many rows of each kind came in."""

    counts: dict[str, int]

    def count(self, model: type[models.Model]) -> int:
        return self.counts.get(model._meta.label_lower, 0)


def _instance(kind: Kind, row: Any, user: User, new_ids: dict[str, dict[Any, Any]]) -> Any:
    """An unsaved object for one row, with its parents' new ids, checked like a form."""
    where = kind.file
    if not isinstance(row, dict):
        raise _unexpected(where)
    by_name = {f.name: f for f in _fields(kind)}
    if set(row) - set(by_name) or "id" not in row or _has_nul(row):
        raise _unexpected(where)
    try:
        if kind.check is not None:
            kind.check(row)
    except (ValueError, TypeError, AttributeError, AnswerError, keys.UnknownInstrument):
        raise _unexpected(where) from None
    values: dict[str, Any] = {}
    try:
        for name, value in row.items():
            model_field = by_name[name]
            if model_field.primary_key:
                continue
            if name in kind.parents:
                if value is None and model_field.null:
                    values[model_field.attname] = None
                    continue
                parents = new_ids[kind.parents[name]]
                key = str(value)
                if key not in parents:
                    raise _unexpected(where)
                values[model_field.attname] = parents[key]
                continue
            if isinstance(model_field, models.ForeignKey):
                raise _unexpected(where)
            if isinstance(model_field, models.JSONField):
                values[model_field.attname] = value
                continue
            if isinstance(value, list | dict) or (
                isinstance(model_field, models.CharField | models.TextField)
                and not isinstance(value, str)
                and not (value is None and model_field.null)
            ):
                raise _unexpected(where)
            converted = model_field.to_python(value)
            if isinstance(converted, datetime) and timezone.is_naive(converted):
                raise _unexpected(where)
            values[model_field.attname] = converted
        if kind.owner:
            values[kind.owner] = user
        obj = kind.model(**values)
        pk = kind.model._meta.pk
        assert pk is not None
        if isinstance(pk, models.UUIDField):
            obj.pk = uuid.uuid4()
        obj.full_clean(
            exclude=[kind.owner, *kind.parents] if kind.owner else list(kind.parents),
            validate_unique=False,
            validate_constraints=False,
        )
    except (ValidationError, TypeError, ValueError, OverflowError):
        raise _unexpected(where) from None
    return obj


# Fields Django sets to "now" on every insert (auto_now, auto_now_add): put back to the
# archive's times once the rows are in, since they are the person's history.
def _stamped(kind: Kind) -> list[str]:
    return [
        f.name
        for f in _fields(kind)
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]


def import_archive(*, user: User, upload: Any) -> Imported:
    """Bring an archive into `user`'s account, which must hold nothing written yet.
    All or nothing: any problem raises Refused and the database is as it was."""
    document = read(upload)
    unknown = set(document["kinds"]) - set(KINDS_BY_LABEL)
    if unknown:
        raise _unexpected(DATA)
    try:
        with transaction.atomic():
            # One import at a time for an account: the second waits, then finds it full.
            User.objects.select_for_update().filter(pk=user.pk).first()
            if holds_anything(user):
                raise not_empty()
            _profile(user, document["profile"])
            new_ids: dict[str, dict[Any, Any]] = {}
            counts: dict[str, int] = {}
            for kind in KINDS:
                rows = document["kinds"].get(kind.label, [])
                if not isinstance(rows, list):
                    raise _unexpected(kind.file)
                objects = [_instance(kind, row, user, new_ids) for row in rows]
                new_ids[kind.label] = {}
                for row, obj in zip(rows, objects, strict=True):
                    old = str(row.get("id"))
                    if old in new_ids[kind.label]:
                        raise _unexpected(kind.file)
                    new_ids[kind.label][old] = obj.pk
                stamped = _stamped(kind)
                kept = [[getattr(obj, name) for name in stamped] for obj in objects]
                kind.model._default_manager.bulk_create(objects, batch_size=500)
                # One UPDATE a row: Django's bulk_update builds a CASE over every row,
                # several times slower here for a few thousand check-ins.
                manager = kind.model._default_manager
                for obj, times in zip(objects if stamped else [], kept, strict=False):
                    manager.filter(pk=obj.pk).update(**dict(zip(stamped, times, strict=True)))
                counts[kind.label] = len(objects)
            record_event(
                actor=user,
                subject_id=user.id,
                action=AuditEvent.Action.IMPORT,
                object_type="accounts.archive",
            )
    except DatabaseError:
        # A row the database itself refuses (a number out of range, a second safety
        # plan, a NUL character): the transaction is gone, and with it every row.
        raise _unexpected(DATA) from None
    return Imported(counts)


def not_empty() -> Refused:
    return Refused(
        _(
            "This account already holds things you have written, so kindmind won't bring "
            "an archive into it: the two could get muddled. An archive can come into a "
            "new account, before anything is written there. Nothing has changed here."
        )
    )


def _profile(user: User, found: Mapping[str, Any]) -> None:
    """The archive's name, timezone and country: the person chose them before."""
    from kindmind.accounts.forms import country_choices

    name, zone, country = (found.get("display_name"), found.get("timezone"), found.get("country"))
    if not isinstance(name, str) or len(name) > 80 or "\x00" in name:
        raise _unexpected("profile")
    try:
        _zone(zone)
    except ValueError:
        raise _unexpected("profile") from None
    if country not in {code for code, _label in country_choices()}:
        raise _unexpected("profile")
    user.display_name = name
    user.timezone = str(zone)
    user.country = str(country)
    user.save(update_fields=["display_name", "timezone", "country"])


def audit_export(user: User) -> None:
    """That the person downloaded their archive: when, never what was in it."""
    record_event(
        actor=user,
        subject_id=user.id,
        action=AuditEvent.Action.EXPORT,
        object_type="accounts.archive",
    )


def personal_models() -> Iterable[type[models.Model]]:
    """Every installed model that points to a person, or to something that does: what
    KINDS and NOT_ARCHIVED must cover between them."""
    from django.apps import apps

    found: set[type[models.Model]] = {User}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found:
                continue
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in found:
                    found.add(model)
                    changed = True
                    break
    return sorted(found, key=lambda m: m._meta.label_lower)
