from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindmind.casenotes.models import NOTE_LENGTH, SessionNote

EARLIEST = date(1900, 1, 1)


class SessionNoteForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the session"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please give the date of the session."),
            "invalid": _("Please give a date such as 2026-03-14."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes (if you like)"),
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        error_messages={
            "invalid": _("Please give the length as a number of minutes, such as 50."),
            "min_value": _("Please give a length between 1 and 600 minutes."),
            "max_value": _("Please give a length between 1 and 600 minutes."),
        },
    )
    kind = forms.ChoiceField(
        label=_("How it was held (if you like)"),
        required=False,
        choices=[("", _("Not said")), *SessionNote.Kind.choices],
        error_messages={"invalid_choice": _("Please choose one of the ways listed.")},
    )
    note = forms.CharField(
        label=_("Your note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("Please keep the note under %(limit_value)s characters.")},
    )

    def clean_held_on(self) -> date:
        day: date = self.cleaned_data["held_on"]
        # A day ahead allows for the clinician's and the server's dates differing.
        if not EARLIEST <= day <= timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError(_("Please give the date of a session already held."))
        return day

    def clean_note(self) -> str:
        note: str = self.cleaned_data.get("note") or ""
        return note.strip()

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "minutes": data.get("minutes"),
            "kind": data.get("kind") or "",
            "note": data.get("note") or "",
        }
