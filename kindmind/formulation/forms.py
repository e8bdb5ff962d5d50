from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.formulation.actions import normalise
from kindmind.formulation.sections import SECTIONS, TEXT_LIMIT

INCOMPLETE = _("This form arrived incomplete. Please send it once more: your words are kept.")
TOO_LONG = _(
    "This part is longer than 20,000 characters, which is as much as one part can hold. "
    "Could you shorten it a little? Everything you typed is still here."
)
MINE, THEIRS = "mine", "theirs"


class Answer(forms.CharField):
    """Free text as typed: kept exactly (no stripping), one newline spelling, no NUL
    characters (invisible, and refused by PostgreSQL), up to TEXT_LIMIT characters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return normalise(super().to_python(value) or "").replace("\x00", "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > TEXT_LIMIT:
            raise forms.ValidationError(TOO_LONG, code="too_long")


class FormulationForm(forms.Form):
    """Every section, the version the page showed (`base_version`), and, after a
    conflict, which words to keep for each section both sides changed (`pick__<name>`:
    the words in the box, or the other person's)."""

    base_version = forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "required": INCOMPLETE,
            "invalid": INCOMPLETE,
            "min_value": INCOMPLETE,
            "max_value": INCOMPLETE,
        },
    )

    def __init__(
        self, *args: Any, latest: int, clinician_view: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest
        for section in SECTIONS:
            prompt = section.clinician_prompt if clinician_view else section.prompt
            self.fields[section.name] = Answer(
                label=section.label,
                help_text=prompt,
                # Kept as it is typed (kindmind/static/kindmind/autosave.js).
                widget=forms.Textarea(attrs={"rows": 4, "data-autosave": section.name}),
            )
            self.fields[f"pick__{section.name}"] = forms.ChoiceField(
                required=False,
                choices=[(MINE, MINE), (THEIRS, THEIRS)],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": INCOMPLETE},
            )

    def clean_base_version(self) -> int:
        base = int(self.cleaned_data["base_version"])
        # A page can only have shown a version that exists.
        if base > self.latest:
            raise forms.ValidationError(INCOMPLETE, code="unknown_version")
        return base

    def texts(self, theirs: dict[str, str]) -> dict[str, str]:
        """The words to save: each section as typed, or, where the writer chose the
        other person's words after a conflict, those (`theirs`: the version shown)."""
        out: dict[str, str] = {}
        for section in SECTIONS:
            if self.cleaned_data.get(f"pick__{section.name}") == THEIRS:
                out[section.name] = theirs.get(section.name, "")
            else:
                out[section.name] = self.cleaned_data[section.name]
        return out
