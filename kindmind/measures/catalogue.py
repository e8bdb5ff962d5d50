"""What the app shows about instruments: which may be answered here, and their names in
words. The wording and its availability come from `packs` (the pure core); this module
only knows where the deployer's packs live and how the interface names things."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kindmind.measures import keys, packs

# Published band names (keys.py), as a person reads them.
BAND_LABELS: dict[str, Promise] = {
    "minimal": _("Minimal"),
    "mild": _("Mild"),
    "moderate": _("Moderate"),
    "moderately_severe": _("Moderately severe"),
    "severe": _("Severe"),
    "normal": _("Normal"),
}

SUBSCALE_LABELS: dict[str, Promise] = {
    "anxiety": _("Anxiety"),
    "depression": _("Depression"),
    "inadequate_self": _("Inadequate self"),
    "hated_self": _("Hated self"),
    "reassured_self": _("Reassured self"),
    "self_kindness": _("Self-kindness"),
    "self_judgement": _("Self-judgement"),
    "common_humanity": _("Common humanity"),
    "isolation": _("Isolation"),
    "mindfulness": _("Mindfulness"),
    "over_identification": _("Over-identification"),
    "engagement": _("Engagement"),
    "action": _("Action"),
    "active": _("Active"),
    "relaxed": _("Relaxed"),
    "safe_warm": _("Safe and warm"),
}

# How a change from the first answers reads. "Reliable" means larger than the
# questionnaire's own wobble (Jacobson & Truax); the progress page explains it.
CATEGORY_LABELS: dict[str, Promise] = {
    "baseline": _("Starting point"),
    "improved": _("Reliable improvement"),
    "deteriorated": _("Reliable worsening"),
    "no_reliable_change": _("No reliable change"),
    "not_established": _("Not established"),
    "no_score": _("No score (some answers empty)"),
}


def packs_dir() -> Path:
    return Path(settings.DATA_DIR) / "instrument-packs"


def availability() -> dict[str, packs.Availability]:
    """Every instrument, in the keys' order, with its wording or the reason it has none.
    Read on each call: a deployer's new pack shows without a restart."""
    return packs.availability(packs_dir())


def available_wording(instrument_id: str) -> packs.Wording | None:
    found = availability().get(instrument_id)
    return found.wording if found is not None else None


def short_name(instrument_id: str) -> str:
    """ "PHQ-9" from "Patient Health Questionnaire-9 (PHQ-9)"; the full name otherwise."""
    name = keys.INSTRUMENTS[instrument_id].name
    if name.endswith(")") and "(" in name:
        return name[name.rindex("(") + 1 : -1]
    return name


def band_label(band: str | None) -> str:
    if band is None:
        return ""
    return str(BAND_LABELS.get(band, band.replace("_", " ")))


def scale_label(scale: str | None) -> str:
    if scale is None:
        return str(_("Total"))
    return str(SUBSCALE_LABELS.get(scale, scale.replace("_", " ").capitalize()))
