from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.measures import keys
from kindmind.measures.catalogue import short_name
from kindmind.measures.models import EVERY_DAYS_MAX
from kindmind.measures.packs import Wording

_ITEM_KEY = re.compile(r"item_(\d+)")

STALE_FORM = _(
    "This form doesn't match the questionnaire any more. Nothing was saved: please open it "
    "again from your questionnaires."
)
INCOMPLETE_FORM = _("This form arrived incomplete. Please send it once more.")


def _choice_field(label: str, responses: Any, *, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=[(str(r.value), r.label) for r in responses],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose one of the answers shown.")},
    )


class MeasureForm(forms.Form):
    """One questionnaire: a radio group per item, in published order.

    Answers may be left empty only where the instrument allows it (a CEAS filler, one
    CORE-10 item); otherwise the form says kindly which ones still need an answer, and
    keeps every answer already chosen.
    """

    item_count = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE_FORM, "invalid": INCOMPLETE_FORM},
    )

    def __init__(self, *args: Any, wording: Wording, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wording = wording
        self.instrument = keys.get(wording.instrument)
        self.fields["item_count"].initial = self.instrument.items
        for number, text in enumerate(wording.items, start=1):
            self.fields[f"item_{number}"] = _choice_field(text, wording.responses)
        for question in wording.unscored_questions:
            self.fields[f"extra_{question.id}"] = _choice_field(
                question.text, question.responses, help_text=str(_("Optional."))
            )

    def item_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(n, self[f"item_{n}"]) for n in range(1, self.instrument.items + 1)]

    def extra_fields(self) -> list[forms.BoundField]:
        return [self[f"extra_{q.id}"] for q in self.wording.unscored_questions]

    def may_leave_empty(self) -> int:
        """How many scored items may stay empty: the manual's proration allowance."""
        proration = self.instrument.proration
        if proration is None or self.instrument.total is None:
            return 0
        return proration.max_missing

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("item_count") not in (None, self.instrument.items):
            raise forms.ValidationError(STALE_FORM, code="stale")
        for key in self.data:
            match = _ITEM_KEY.fullmatch(key)
            if match and not 1 <= int(match.group(1)) <= self.instrument.items:
                raise forms.ValidationError(STALE_FORM, code="stale")
        answers = self.answers()
        missing = [n for n in self.instrument.scored_items if answers[n - 1] is None]
        missing = [n for n in missing if not self.has_error(f"item_{n}")]
        if len(missing) > self.may_leave_empty():
            for number in missing:
                self.add_error(
                    f"item_{number}",
                    forms.ValidationError(
                        _("This one still needs an answer. Choose whichever fits best."),
                        code="missing",
                    ),
                )
            if self.may_leave_empty():
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("The %(name)s can leave one question empty, but not more.")
                        % {"name": short_name(self.instrument.id)},
                        code="too_many_missing",
                    ),
                )
        return cleaned

    def answers(self) -> list[int | None]:
        found: list[int | None] = []
        for number in range(1, self.instrument.items + 1):
            raw = self.cleaned_data.get(f"item_{number}")
            found.append(int(raw) if raw else None)
        return found

    def unscored(self) -> dict[str, int]:
        found = {}
        for question in self.wording.unscored_questions:
            raw = self.cleaned_data.get(f"extra_{question.id}")
            if raw:
                found[question.id] = int(raw)
        return found


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Questionnaire"),
        error_messages={
            "required": _("Please choose a questionnaire from the list."),
            "invalid_choice": _("Please choose a questionnaire from the list."),
        },
    )
    every_days = forms.IntegerField(
        label=_("Every how many days? (optional)"),
        help_text=_("Leave it empty to answer once. 14 is every two weeks, 28 every four weeks."),
        required=False,
        min_value=1,
        max_value=EVERY_DAYS_MAX,
        error_messages={
            "invalid": _("Please type a whole number of days from 1 to 365, or leave it empty."),
            "min_value": _("Please type a whole number of days from 1 to 365, or leave it empty."),
            "max_value": _("Please type a whole number of days from 1 to 365, or leave it empty."),
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": EVERY_DAYS_MAX, "inputmode": "numeric"}),
    )
    first_due = forms.DateField(
        label=_("From which day? (optional)"),
        help_text=_("Leave it empty for today. The first time you answer is your starting point."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Please choose a date from today to a year from now.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], today: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_first_due(self) -> date:
        first: date | None = self.cleaned_data.get("first_due")
        if first is None:
            return self.today
        if not self.today <= first <= self.today + timedelta(days=EVERY_DAYS_MAX):
            raise forms.ValidationError(
                _("Please choose a date from today to a year from now."), code="range"
            )
        return first
