from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.course.models import REFLECTION_LONGEST, WEEKS

INCOMPLETE = _("This form arrived incomplete. Please press the button once more.")
NOT_TEXT = _("Part of this can't be saved as text. Please type it once more.")


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        help_text=_("Only you can see this. A few words is plenty, and so is leaving it empty."),
        required=False,
        max_length=REFLECTION_LONGEST,
        strip=False,
        # Kept as it is typed (kindmind/static/kindmind/autosave.js, kindmind.drafts).
        widget=forms.Textarea(attrs={"rows": 6, "data-autosave": "text"}),
        error_messages={
            "max_length": _(
                "There is room for up to %(limit_value)d characters here. Everything you "
                "wrote is still in the box, so you can shorten it and save again."
            ),
            "null_characters_not_allowed": NOT_TEXT,
        },
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Your group's code"),
        help_text=_("Eight letters and numbers, from the person who runs your group."),
        max_length=40,
        error_messages={
            "required": _("Please type the code you were given."),
            "max_length": _("A code is eight letters and numbers. Please check it and try again."),
            "null_characters_not_allowed": NOT_TEXT,
        },
    )


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("A name for the group"),
        help_text=_("Members see it, for example “Tuesday evenings”."),
        max_length=80,
        error_messages={
            "required": _("Please give the group a name."),
            "max_length": _("Up to %(limit_value)d characters, please."),
            "null_characters_not_allowed": NOT_TEXT,
        },
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )


class OpenWeekForm(forms.Form):
    week = forms.IntegerField(
        min_value=1,
        max_value=WEEKS,
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )
