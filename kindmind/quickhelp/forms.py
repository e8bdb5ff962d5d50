from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

LONGEST = 500
INCOMPLETE = _("This form arrived incomplete. Please press the button once more.")


class SentenceForm(forms.Form):
    """A kind sentence in the person's own words, and whether to keep it."""

    sentence = forms.CharField(
        label=_("A sentence of your own, if you'd like to write one"),
        required=False,
        max_length=LONGEST,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Room for up to %(limit_value)d characters here, so that it stays one "
                "sentence you can hold on to. Everything you wrote is still in the box."
            ),
            "null_characters_not_allowed": _(
                "Part of this can't be saved as text. Please type it once more."
            ),
        },
    )
    keep = forms.BooleanField(
        label=_("Keep it, so I can read it again later (only you can see it)"),
        required=False,
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("keep") and not data.get("sentence", "").strip():
            self.add_error(
                "sentence",
                _("Write a sentence here to keep it, or go on without keeping one."),
            )
        return data
