from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.checkins.emotions import SYSTEMS, words_by_system
from kindmind.checkins.forms import SYSTEM_LABELS
from kindmind.critic import drafts
from kindmind.critic.models import Entry
from kindmind.critic.steps import TEXT_LIMIT, Field, Step

INCOMPLETE = _("This form arrived incomplete. Please send it once more: your words are kept.")
TOO_LONG = _(
    "This answer is longer than 20,000 characters, which is as much as one answer can "
    "hold. Could you shorten it a little, or carry on in a new entry? Everything you "
    "typed is still here."
)
SEARCH_LIMIT = 200


class Answer(forms.CharField):
    """Free text as typed: kept exactly (no stripping), one newline spelling, no NUL
    characters (invisible, and refused by PostgreSQL), up to TEXT_LIMIT characters."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(strip=False, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return drafts.normalise(text).replace("\x00", "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > TEXT_LIMIT:
            raise forms.ValidationError(TOO_LONG, code="too_long")


def _hidden_int(initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        initial=initial,
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE, "min_value": INCOMPLETE},
    )


def _rating(field: Field, top: int) -> forms.IntegerField:
    message = _("Please choose a whole number from 0 to %(top)s, or leave it empty.") % {"top": top}
    return forms.IntegerField(
        label=field.label,
        help_text=field.hint,
        required=False,
        min_value=0,
        max_value=top,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(
            attrs={"min": 0, "max": top, "step": 1, "inputmode": "numeric", "class": "number"}
        ),
    )


def _emotion_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(str(SYSTEM_LABELS[s]), [(w, w) for w in words_by_system()[s]]) for s in SYSTEMS]


def text_widget(field: Field) -> forms.Textarea:
    # No maxlength attribute: a browser would cut a long paste short without a word.
    # The server says kindly when an answer is too long, and the words stay in the box.
    return forms.Textarea(attrs={"rows": field.rows, "data-autosave": field.name})


class StepForm(forms.Form):
    """One step of a flow. Every answer is optional; the hidden fields say which step
    this is, which page load sent it (`sitting`) and, per text, the version the page
    showed (`base__<name>`) and the page's own counter (`rev__<name>`)."""

    step = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": INCOMPLETE}, max_length=32
    )
    sitting = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        step: Step,
        entry: Entry,
        versions: dict[str, int],
        initial: dict[str, Any] | None = None,
    ) -> None:
        start = {"step": step.slug, "sitting": uuid.uuid4()}
        start.update(initial or {})
        super().__init__(data, initial=start)
        self.step_spec = step
        for field in step.fields:
            if field.kind == "text":
                self.fields[field.name] = Answer(
                    label=field.label, help_text=field.hint, widget=text_widget(field)
                )
                self.fields[f"base__{field.name}"] = _hidden_int(versions.get(field.name, 0))
                self.fields[f"rev__{field.name}"] = _hidden_int(1)
            elif field.kind == "belief":
                self.fields[field.name] = _rating(field, 100)
            elif field.kind == "warmth":
                self.fields[field.name] = _rating(field, 10)
            elif field.kind == "choices":
                self.fields[field.name] = forms.MultipleChoiceField(
                    label=field.label,
                    help_text=field.hint,
                    required=False,
                    choices=[(v, label) for v, label in field.choices],
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("Please choose from the list.")},
                )
            elif field.kind == "emotions":
                self.fields[field.name] = forms.MultipleChoiceField(
                    label=field.label,
                    help_text=field.hint,
                    required=False,
                    choices=_emotion_choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={
                        "invalid_choice": _(
                            "Please choose feelings from the list, or type your own below."
                        )
                    },
                )
            elif field.kind == "letter_from":
                self.fields[field.name] = forms.ChoiceField(
                    label=field.label,
                    help_text=field.hint,
                    required=False,
                    choices=Entry.LetterFrom.choices,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Please choose from the list.")},
                )

    def clean_step(self) -> str:
        step: str = self.cleaned_data["step"]
        if step != self.step_spec.slug:
            # An old form sent to another step's address: save nothing rather than
            # put words in the wrong place.
            raise forms.ValidationError(INCOMPLETE, code="wrong_step")
        return step

    def texts(self) -> dict[str, tuple[str, int, int]]:
        data = self.cleaned_data
        return {
            f.name: (data[f.name], data[f"base__{f.name}"], data[f"rev__{f.name}"])
            for f in self.step_spec.text_fields
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for f in self.step_spec.fields:
            if f.kind == "text":
                continue
            values[f.name] = data[f.name]
        return values

    def text_bound_fields(self) -> list[tuple[Field, forms.BoundField]]:
        return [(f, self[f.name]) for f in self.step_spec.fields]


class AutosaveForm(forms.Form):
    """One autosave: the words of one field, as the page has them now."""

    field = forms.CharField(max_length=40)
    text = Answer()
    base_version = forms.IntegerField(min_value=0, max_value=2**31 - 1)
    sitting = forms.UUIDField()
    rev = forms.IntegerField(min_value=0, max_value=2**31 - 1)

    def __init__(self, data: Any, *, allowed: tuple[str, ...]) -> None:
        super().__init__(data)
        self.allowed = allowed

    def clean_field(self) -> str:
        name: str = self.cleaned_data["field"]
        if name not in self.allowed:
            raise forms.ValidationError(_("This answer isn't part of this entry."))
        return name


class StartForm(forms.Form):
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search everything you've written"),
        required=False,
        max_length=SEARCH_LIMIT,
        widget=forms.TextInput(attrs={"aria-describedby": "search-hint"}),
        error_messages={
            "max_length": _("Please search for something shorter (up to 200 characters).")
        },
    )
