"""What a person shares with a clinician, as one ZIP for the service's own records.

The same rows and FHIR bundle the person's own archive holds (kindmind.accounts.archive,
kindmind.measures.export), limited to the categories the person shares with this
clinician: nothing from a category they keep to themselves, and never their email
address, kind actions, builders, kept sentences or reminders, which no category shares.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from kindmind.accounts import archive
from kindmind.accounts.actions import record_event
from kindmind.accounts.models import AuditEvent, Share, User
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.measures.export import fhir_bundle
from kindmind.measures.models import Response, Schedule
from kindmind.practice.models import PracticeSession
from kindmind.safety.models import SafetyEvent, SafetyPlan

# Category -> (model, its CSV file), in the order the archive walks them. A category that
# needs another too (earlier versions need critic work) names both.
SHARED_KINDS: tuple[tuple[tuple[str, ...], type[Any]], ...] = (
    (("checkins",), CheckIn),
    (("practice",), PracticeSession),
    (("measures",), Schedule),
    (("measures",), Response),
    (("safety",), SafetyPlan),
    (("safety",), SafetyEvent),
    (("critic_work",), Entry),
    (("critic_work",), Text),
    (("critic_work", "critic_versions"), TextVersion),
)

# Sharing practice shows what was practised and when, and the times it felt too much
# (kindmind.practice.summary.ClinicianView): not the ratings before and after.
PRACTICE_COLUMNS = (
    "id",
    "practice",
    "version",
    "started_at",
    "ended_at",
    "seconds",
    "steps_done",
    "needed_to_stop",
    "stirred",
    "backdraft",
)

FHIR = archive.FHIR


def _columns(kind: archive.Kind) -> list[str]:
    names = [f.name for f in archive._fields(kind)]
    if kind.model is PracticeSession:
        return [n for n in names if n in PRACTICE_COLUMNS]
    return names


def contents(client: User, share: Share, *, now: datetime) -> dict[str, bytes]:
    """The files of the export, by name."""
    shared = set(share.categories)
    files: dict[str, bytes] = {}
    written = []
    if "profile" in shared:
        profile = {"display_name": client.display_name, "timezone": client.timezone}
        files["csv/profile.csv"] = archive._csv([profile], list(profile))
        written.append("profile")
    for needs, model in SHARED_KINDS:
        if not set(needs) <= shared:
            continue
        kind = archive.KINDS_BY_LABEL[model._meta.label_lower]
        columns = _columns(kind)
        rows = archive._rows(kind, client)
        files[f"csv/{kind.file}.csv"] = archive._csv(rows, columns)
        written.append(kind.file)
    if "measures" in shared:
        bundle = fhir_bundle(client, timestamp=now.astimezone(client.zone))
        files[FHIR] = json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8")
    files["README.txt"] = readme(written, with_fhir="measures" in shared).encode("utf-8")
    return files


def readme(written: list[str], *, with_fhir: bool) -> str:
    listing = "\n".join(f"  csv/{name}.csv" for name in written)
    text = _(
        "What a person shares with you in kindmind\n\n"
        "These files hold only what this person chose to share with you, as it was when "
        "you downloaded it. Keep them as your service keeps its other clinical records.\n\n"
        "Tables, one row per thing saved (times in UTC):\n%(listing)s\n"
    ) % {"listing": listing or _("  (none)")}
    if with_fhir:
        text += _(
            "\n%(fhir)s\n  Their questionnaires as a FHIR R4 Bundle of "
            "QuestionnaireResponse and Observation resources.\n"
        ) % {"fhir": FHIR}
    return text


def build(client: User, share: Share, *, by: User, now: datetime) -> bytes:
    """The export as the bytes of a ZIP file, its download audited (when and by whom,
    never what was in it)."""
    files = contents(client, share, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name in sorted(files):
            out.writestr(name, files[name])
    record_event(
        actor=by,
        subject_id=client.id,
        action=AuditEvent.Action.EXPORT,
        object_type="clinic.export",
    )
    return buffer.getvalue()


def filename(now: datetime) -> str:
    return f"kindmind-shared-{now.date().isoformat()}.zip"
