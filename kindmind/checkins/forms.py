from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from kindmind.checkins.emotions import SYSTEMS, system_of, words_by_system
from kindmind.lib.widgets import escaped, input_html

NOTE_LIMIT = 5000
SYSTEM_LABELS = {
    "threat": _("Threat"),
    "drive": _("Drive"),
    "soothing": _("Soothing"),
}
SYSTEM_HINTS = {
    "threat": _("Worry, anger, fear, shame: the body on alert."),
    "drive": _("Wanting, striving, getting things done."),
    "soothing": _("Calm, safe, cared for, connected."),
}


def rating_field(system: str) -> forms.IntegerField:
    # Optional and empty to begin with: a rating is recorded only when the person gives
    # one, so an untouched form sends nothing rather than an invented middle value.
    return forms.IntegerField(
        label=SYSTEM_LABELS[system],
        help_text=SYSTEM_HINTS[system],
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "invalid": _("Please choose a whole number from 0 to 10."),
            "min_value": _("Please choose a number from 0 to 10."),
            "max_value": _("Please choose a number from 0 to 10."),
        },
        widget=forms.NumberInput(
            attrs={"min": 0, "max": 10, "step": 1, "inputmode": "numeric", "data-rating": system}
        ),
    )


def feeling_label(word: BoundWidget) -> str:
    """One feeling word's checkbox in its label, as the check-in form shows it."""
    found = word.id_for_label
    target = "" if found is None else escaped(found)
    box, label = input_html(word.data), escaped(word.choice_label)
    return f'<label class="feeling" for="{target}">{box} {label}</label>'


class CheckInForm(forms.Form):
    threat = rating_field("threat")
    drive = rating_field("drive")
    soothing = rating_field("soothing")
    emotions = forms.MultipleChoiceField(
        label=_("Feelings right now (optional)"),
        required=False,
        choices=lambda: [
            (str(SYSTEM_LABELS[s]), [(w, w) for w in words_by_system()[s]]) for s in SYSTEMS
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Please choose feelings from the list, or type your own below.")
        },
    )
    other_feelings = forms.CharField(
        label=_("Other feelings, in your own words (optional)"),
        required=False,
        max_length=200,
    )
    note = forms.CharField(
        label=_("What was happening? (optional, private to you)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 5,000 characters."),
    )
    when = forms.DateTimeField(
        label=_("When was this? (leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("For a moment earlier in the last week."),
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form arrived incomplete. Please send it once more."),
            "invalid": _("This form arrived incomplete. Please send it once more."),
        },
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The moment of an existing check-in stays as it was.
            del self.fields["when"]
            del self.fields["submission_id"]

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[s] for s in SYSTEMS]

    def emotion_groups(self) -> list[tuple[str, str, SafeString]]:
        """The feeling words by system, (system, label, its words' checkboxes in their
        labels), for the template to draw one group per system. Each checkbox is drawn
        from Django's own data for it (id, checked, required...) without a template each:
        through the template, the 40 of them were a quarter of the page's time."""
        by_system = system_of()
        groups: dict[str, list[str]] = {s: [] for s in SYSTEMS}
        for word in self["emotions"]:
            system = by_system.get(word.data["value"])
            if system in groups:
                groups[system].append(feeling_label(word))
        # Each piece escaped by feeling_label.
        return [
            (s, str(SYSTEM_LABELS[s]), mark_safe("".join(groups[s])))  # noqa: S308
            for s in SYSTEMS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        given = [cleaned.get(s) is not None for s in SYSTEMS] + [
            bool(cleaned.get(f)) for f in ("emotions", "other_feelings", "note")
        ]
        if not any(given):
            raise forms.ValidationError(
                _(
                    "There's nothing here to save yet. Any one thing is enough: "
                    "a number, a feeling or a few words."
                ),
                code="empty",
            )
        return cleaned

    def clean_when(self) -> Any:
        when = self.cleaned_data.get("when")
        if when is None:
            return None
        now = timezone.now()
        if when > now + timedelta(minutes=2):
            raise forms.ValidationError(
                _("That time hasn't happened yet. Please choose now or a moment before."),
                code="future",
            )
        if when < now - timedelta(days=7):
            raise forms.ValidationError(
                _("Check-ins can be dated up to a week back."), code="too_old"
            )
        return when
