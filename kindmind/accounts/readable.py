"""The parts of the archive meant for reading: letters, critic work and the safety plan as
plain text, and README.txt, which says what every file is.

The words come from the flows themselves (kindmind.critic.steps), so each answer is
shown under the question it answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from kindmind.critic.models import Entry
from kindmind.critic.steps import FLOWS, Flow
from kindmind.safety.models import PLAN_SECTIONS, SafetyPlan

if TYPE_CHECKING:
    from kindmind.accounts.archive import Kind
    from kindmind.accounts.models import User

# Folder and short name of each kind of critic work in the archive.
FOLDERS = {
    "letter": ("letters", "letter"),
    "critic": ("critic", "critic"),
    "selves": ("critic", "selves"),
}


def _when(moment: datetime, user: User) -> str:
    return moment.astimezone(user.zone).strftime("%Y-%m-%d %H:%M")


def _choices(flow: Flow, name: str, values: Iterable[str]) -> str:
    labels = {}
    for step in flow.steps:
        for f in step.fields:
            if f.name == name:
                labels = {value: str(label) for value, label in f.choices}
    return ", ".join(labels.get(v, v) for v in values)


def entry_text(entry: Entry, user: User) -> str:
    """One piece of critic work, question by question, then any earlier versions."""
    flow = FLOWS[entry.kind]
    texts = {t.field: t.body for t in entry.texts.all()}
    lines = [
        str(flow.title),
        _("Started %(when)s, last changed %(changed)s")
        % {"when": _when(entry.created_at, user), "changed": _when(entry.updated_at, user)},
        "",
    ]
    for step in flow.steps:
        for f in step.fields:
            if f.kind == "text":
                answer = texts.get(f.name, "").strip()
            elif f.kind in ("belief", "warmth"):
                value = getattr(entry, f.name)
                top = 100 if f.kind == "belief" else 10
                answer = (
                    "" if value is None else _("%(n)d out of %(top)d") % {"n": value, "top": top}
                )
            elif f.kind in ("choices", "emotions"):
                answer = _choices(flow, f.name, getattr(entry, f.name))
            else:  # who writes a letter
                answer = entry.get_letter_from_display() if entry.letter_from else ""
            if answer:
                # Each self's answers say whose they are ("Your sad self feels").
                lines += [str(flow.quote_label(f.name)), answer, ""]
    versions = sorted(entry.versions.all(), key=lambda v: (v.saved_at, v.version, v.pk))
    if versions:
        lines += [_("Earlier versions, kept so that nothing is lost"), ""]
        for version in versions:
            lines += [
                str(flow.quote_label(version.field)),
                _("(%(why)s, saved %(when)s)")
                % {"why": version.get_reason_display(), "when": _when(version.saved_at, user)},
                version.body.strip(),
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def plan_text(plan: SafetyPlan, user: User) -> str:
    from kindmind.safety.forms import SafetyPlanForm

    form = SafetyPlanForm()
    lines = [
        _("My safety plan"),
        _("Last changed %(when)s") % {"when": _when(plan.updated_at, user)},
    ]
    for name in PLAN_SECTIONS:
        lines += ["", str(form.fields[name].label), getattr(plan, name).strip() or "-"]
    return "\n".join(lines) + "\n"


def texts(user: User) -> dict[str, bytes]:
    """letters/*.txt, critic/*.txt and safety-plan.txt, named by date and kind, numbered
    in the order they were started."""
    files: dict[str, bytes] = {}
    counters: dict[str, int] = {}
    entries = Entry.objects.filter(client=user).prefetch_related("texts", "versions")
    for entry in entries.order_by("created_at", "submission_id"):
        folder, short = FOLDERS[entry.kind]
        counters[short] = counters.get(short, 0) + 1
        day = entry.created_at.astimezone(user.zone).date().isoformat()
        name = f"{folder}/{day}-{short}-{counters[short]:03d}.txt"
        files[name] = entry_text(entry, user).encode("utf-8")
    plan = SafetyPlan.objects.filter(client=user).first()
    if plan is not None:
        files["safety-plan.txt"] = plan_text(plan, user).encode("utf-8")
    return files


def readme(kinds: Iterable[Kind]) -> str:
    listing = "\n".join(f"  csv/{kind.file}.csv\n      {kind.about!s}" for kind in kinds)
    return _(
        """Everything you have written in kindmind

This is yours. It holds everything you have written in kindmind, as it was when you
downloaded it. Keep it somewhere private: it has your own words in it.

What is here

  letters/
      Each compassionate letter you wrote, as plain text you can read or print. Earlier
      versions of a letter are at the end of its file.

  critic/
      Your work with the critic and your multiple selves, one file each, every answer
      under the question it answered.

  safety-plan.txt
      Your safety plan, if you made one.

  measures-fhir-r4.json
      The questionnaires you answered and their scores, in FHIR R4, a standard format
      that health records systems can read. You could give it to a clinician.

  data.json
      Everything, in one file, in a form computers read. This is the file kindmind
      reads when you bring the archive into another kindmind.

  csv/
      The same things as data.json, one table for each kind, to open in a spreadsheet:

%(listing)s
  csv/profile.csv
      The name kindmind calls you, your timezone and country.
  csv/sharing.csv
      Who you shared with, what, and when. Sharing doesn't come with you to another
      kindmind: there you choose again who sees what.

  manifest.json
      A fingerprint of each file, so kindmind can tell that the archive is whole and
      unchanged when you bring it in.

Bringing it into another kindmind

Make a new account there, then go to Settings and choose "Bring in your archive".
Everything above comes in, except your email address, password and sharing. If you
change anything in this archive, kindmind won't bring it in, to keep your words exactly
as you wrote them: keep a copy as it came.

Times are in UTC in data.json and the tables, and in your own timezone in the text
files.
"""
    ) % {"listing": listing}
