from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.reminders.models import Reminder
from kindmind.reminders.schedule import in_quiet_hours

DAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
KIND_LABELS = {
    "practice": _("A practice"),
    "checkin": _("A check-in"),
    "questionnaire": _("A questionnaire you planned (only on days one is ready)"),
}


class ReminderForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("A reminder for"),
        choices=[(k, KIND_LABELS[k]) for k in Reminder.Kind.values],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what the reminder is for."),
            "invalid_choice": _("Please choose one of the kinds shown."),
        },
    )
    at = forms.TimeField(
        label=_("At what time"),
        help_text=_("Your own local time, wherever you are."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please choose a time."),
            "invalid": _("Please give a time such as 07:30."),
        },
    )
    days = forms.MultipleChoiceField(
        label=_("On which days"),
        choices=DAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please choose at least one day."),
            "invalid_choice": _("Please choose days from the list."),
            "invalid_list": _("Please choose days from the list."),
        },
    )
    by_push = forms.BooleanField(label=_("As a notification"), required=False)
    by_email = forms.BooleanField(label=_("By email"), required=False)

    def __init__(self, *args: Any, quiet: tuple[Any, Any] = (None, None), **kwargs: Any):
        self.email_available = kwargs.pop("email_available", True)
        for_clinician = kwargs.pop("for_clinician", False)
        super().__init__(*args, **kwargs)
        self.quiet = quiet
        if for_clinician:
            self.fields["at"].help_text = _("Their own local time, wherever they are.")
        if not self.email_available:
            del self.fields["by_email"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("by_push") and not data.get("by_email"):
            raise forms.ValidationError(
                _("Please choose how the reminder reaches you: a notification, an email, or both.")
                if self.email_available
                else _("Please tick \u201cAs a notification\u201d.")
            )
        at = data.get("at")
        if at is not None and in_quiet_hours(at, *self.quiet):
            self.add_error(
                "at",
                _(
                    "That time is inside your quiet hours, so it would never arrive. "
                    "Please choose another time, or change your quiet hours."
                ),
            )
        return data


class QuietHoursForm(forms.Form):
    quiet_from = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please give a time such as 22:00.")},
    )
    quiet_until = forms.TimeField(
        label=_("Until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please give a time such as 07:00.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            raise forms.ValidationError(
                _("Please give both times, or leave both empty for no quiet hours.")
            )
        return data


class PauseForm(forms.Form):
    pause = forms.ChoiceField(
        choices=[("week", "week"), ("until_resumed", "until_resumed")],
        error_messages={
            "required": _("Please choose how long to pause for."),
            "invalid_choice": _("Please choose how long to pause for."),
        },
    )
