from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.homework.models import LONGEST_DAYS, NOTE_MAX, Homework
from kindmind.homework.progress import EACH_DAY
from kindmind.measures.forms import ScheduleForm

HOW_OFTEN = [
    ("once", _("Once")),
    (str(EACH_DAY), _("Each day")),
    ("5", _("5 days a week")),
    ("4", _("4 days a week")),
    ("3", _("3 days a week")),
    ("2", _("2 days a week")),
    ("1", _("1 day a week")),
]
# Until when, by default: two weeks, a common gap between sessions.
DEFAULT_DAYS = 14

PICK_ONE = _("Please choose one of the options shown.")


class AssignForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to suggest"),
        choices=Homework.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PICK_ONE, "invalid_choice": PICK_ONE},
    )
    practice = forms.ChoiceField(
        label=_("Which practice"),
        help_text=_("Only when you suggest a practice."),
        required=False,
        error_messages={"invalid_choice": _("Please choose a practice from the list.")},
    )
    instrument = forms.ChoiceField(
        label=_("Which questionnaire"),
        help_text=_("Only when you suggest a questionnaire."),
        required=False,
        error_messages={"invalid_choice": _("Please choose a questionnaire from the list.")},
    )
    how_often = forms.ChoiceField(
        label=_("How often"),
        choices=HOW_OFTEN,
        error_messages={"required": PICK_ONE, "invalid_choice": PICK_ONE},
    )
    until = forms.DateField(
        label=_("Until"),
        help_text=_("The last day it shows on their Today page."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Please choose the last day, from today to a year from now."),
            "invalid": _("Please choose the last day, from today to a year from now."),
        },
    )
    note = forms.CharField(
        label=_("A note in your own words (optional)"),
        help_text=_("They read it on their Today page. Up to 500 characters."),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Please keep the note to 500 characters or fewer (it has %(show_value)d)."
            )
        },
    )

    def __init__(
        self,
        *args: Any,
        practices: list[tuple[str, str]],
        instruments: list[tuple[str, str]],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        practice = self.fields["practice"]
        instrument = self.fields["instrument"]
        assert isinstance(practice, forms.ChoiceField)
        assert isinstance(instrument, forms.ChoiceField)
        practice.choices = [("", _("Choose a practice")), *practices]
        instrument.choices = [("", _("Choose a questionnaire")), *instruments]

    def clean_until(self) -> date:
        until: date = self.cleaned_data["until"]
        if not self.today <= until <= self.today + timedelta(days=LONGEST_DAYS):
            raise forms.ValidationError(
                _("Please choose the last day, from today to a year from now."), code="range"
            )
        return until

    def clean_note(self) -> str:
        note: str = self.cleaned_data.get("note", "")
        if "\x00" in note:
            raise forms.ValidationError(
                _("The note has a character we can't keep. Please type it again."), code="nul"
            )
        return note.strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == Homework.Kind.PRACTICE and not cleaned.get("practice"):
            self.add_error("practice", _("Please choose which practice to suggest."))
        if kind == Homework.Kind.MEASURE and not cleaned.get("instrument"):
            self.add_error("instrument", _("Please choose which questionnaire to suggest."))
        return cleaned

    def target(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind == Homework.Kind.PRACTICE:
            return str(self.cleaned_data["practice"])
        if kind == Homework.Kind.MEASURE:
            return str(self.cleaned_data["instrument"])
        return ""

    def times_a_week(self) -> int | None:
        value = self.cleaned_data["how_often"]
        return None if value == "once" else int(value)


class OwnPracticeForm(forms.Form):
    """A practice in the library's file format, pasted or as a file."""

    text = forms.CharField(
        label=_("Paste the practice file"),
        help_text=_("The JSON of one practice, in the same format as the built-in ones."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("Or choose the file"),
        help_text=_("A .json file of up to 100 KB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if upload is not None:
            if upload.size is not None and upload.size > 100_000:
                raise forms.ValidationError(
                    _("This file is larger than a practice file can be (100 KB)."), code="size"
                )
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("This file isn't text we can read. Please save it as UTF-8 JSON."),
                    code="encoding",
                ) from None
        if not text.strip():
            raise forms.ValidationError(
                _("Please paste a practice, or choose its file."), code="empty"
            )
        if "\x00" in text:
            raise forms.ValidationError(
                _("This has a character we can't keep. Please check the file."), code="nul"
            )
        cleaned["source_text"] = text
        return cleaned


class PlanMeasureForm(ScheduleForm):
    """The questionnaire plan a clinician makes: the person's own plan form, and "at each
    session" besides (kindmind.measures.actions.session_held)."""

    at_sessions = forms.BooleanField(
        label=_("At each session"),
        help_text=_(
            "Ready from that day, then again each time you record a session held with them "
            "(within a week of it). The number of days above is then not used."
        ),
        required=False,
    )
