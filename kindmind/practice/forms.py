from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.practice.library import PRACTICES, Version, in_order
from kindmind.practice.models import CompassionateOther, CompassionateSelf, KindAction
from kindmind.practice.recordings import MAX_MEGABYTES
from kindmind.practice.rules import Ratings

INCOMPLETE = _("This form arrived incomplete. Please send it once more.")
NOT_THIS_PRACTICE = _(
    "That length doesn't match this practice, so nothing was logged. Your practice is "
    "still here: please press the button once more."
)
RATING_LABELS = {
    "distress": _("Distress"),
    "calm": _("Soothed or calm"),
    "warmth": _("Warmth toward myself"),
}
RATING_HINTS = {
    "distress": _("0 is none at all, 10 is the most you can imagine."),
    "calm": _("0 is not at all, 10 is completely."),
    "warmth": _("0 is none, 10 is a great deal."),
}
PLEASE_RATE = _("Please choose a number from 0 to 10, or leave it empty.")


def rating_field(name: str) -> forms.TypedChoiceField:
    """An optional 0-10 rating, one tap on a row of numbers."""
    return forms.TypedChoiceField(
        label=RATING_LABELS[name],
        help_text=RATING_HINTS[name],
        choices=[*((str(n), str(n)) for n in range(11)), ("", _("Not now"))],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": PLEASE_RATE},
    )


class RatingsForm(forms.Form):
    distress = rating_field("distress")
    calm = rating_field("calm")
    warmth = rating_field("warmth")

    def ratings(self) -> Ratings:
        data = self.cleaned_data
        return Ratings(data.get("distress"), data.get("calm"), data.get("warmth"))

    def rating_fields(self) -> list[forms.BoundField]:
        return [self["distress"], self["calm"], self["warmth"]]


class StartForm(RatingsForm):
    version = forms.ChoiceField(
        label=_("How long?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the short or the standard version."),
            "invalid_choice": _("Please choose the short or the standard version."),
        },
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )

    def __init__(self, *args: Any, versions: dict[str, Version], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = {"short": _("Short"), "standard": _("Standard")}
        field = self.fields["version"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (name, _("%(name)s, %(minutes)s min") % {"name": names[name], "minutes": v.minutes})
            for name, v in versions.items()
        ]


class _StepsForm(forms.Form):
    """What part of a practice was done: checked against the practice's own steps.

    `seconds` is what the page said would be logged; the server computes it again from
    the steps, and refuses a form where the two disagree (someone changed the page).
    """

    steps_done = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )
    seconds = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )
    steps_optional = False

    def __init__(self, *args: Any, script: Version, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.script = script
        if self.steps_optional:
            self.fields["steps_done"].required = False
            self.fields["seconds"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        steps_done, seconds = data.get("steps_done"), data.get("seconds")
        if "steps_done" in self.errors or "seconds" in self.errors:
            return data
        if steps_done is None and seconds is None and self.steps_optional:
            return data
        if steps_done is None or not 0 <= steps_done <= len(self.script.steps):
            raise forms.ValidationError(NOT_THIS_PRACTICE, code="steps")
        if seconds is None or seconds != self.script.seconds_for(steps_done):
            raise forms.ValidationError(NOT_THIS_PRACTICE, code="seconds")
        return data


class FinishForm(_StepsForm, RatingsForm):
    stirred = forms.BooleanField(
        label=_("This stirred something difficult"),
        help_text=_("Sadness, fear or anger can come up with warmth. That is normal."),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_stirred_helptext"}),
    )


class StopForm(_StepsForm):
    # Without JavaScript the page cannot know how far the person got: the server then
    # counts the steps that fit in the time since they started.
    steps_optional = True


class ProgressForm(_StepsForm):
    pass


class KindActionForm(forms.Form):
    need = forms.ChoiceField(
        label=_("What do you need right now?"),
        choices=KindAction.Need.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Please choose from the list, or leave it.")},
    )
    action = forms.CharField(
        label=_("One small, kind thing you could do"),
        help_text=_("For example: a warm drink, a short walk, a message to a friend."),
        required=False,
        max_length=300,
    )
    submission_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("need") and not data.get("action", "").strip():
            raise forms.ValidationError(
                _("Choose what you need, or write one small thing, then save."), code="empty"
            )
        return data


def _text(label: Any, hint: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _BuilderForm(forms.Form):
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE, "min_value": INCOMPLETE},
    )


class OtherForm(_BuilderForm):
    what = _text(
        _("What is it?"),
        _("A person, an animal, a tree, the sea, a light: whatever feels caring to you."),
    )
    wisdom = _text(_("Its wisdom"), _("What does it understand about you, and about life?"))
    strength = _text(_("Its strength"), _("How does it stay steady when things are hard?"))
    warmth = _text(_("Its warmth"), _("How does its kindness show?"))
    non_judgement = _text(
        _("How it never judges you"), _("How does it meet you, whatever you feel or have done?")
    )
    voice = _text(_("Its voice"), _("How does it sound? Slow, soft, steady, deep?"))
    colour = _text(_("Its colour"), _("A colour you link with it, if one comes."))
    senses = _text(
        _("What else you notice"), _("Its warmth, its scent, how near it is, how it feels.")
    )
    model = CompassionateOther


class SelfForm(_BuilderForm):
    qualities = _text(
        _("Your compassionate qualities"),
        _("Wise, strong, warm, committed to helping: how would each show in you?"),
    )
    posture = _text(_("Your posture"), _("How would you sit or stand? Upright, open, grounded?"))
    face = _text(_("Your face"), _("A kind, calm expression: what is it like?"))
    voice = _text(_("Your voice"), _("How would you speak? Slow, warm, steady?"))
    model = CompassionateSelf


def _pacer_messages(words: Any) -> dict[str, Any]:
    """One kind, specific message for every way a pacer setting can't be used: which
    setting, and the range that works (never a validator's stock words)."""
    codes = ("required", "invalid", "min_value", "max_value", "max_digits")
    return dict.fromkeys((*codes, "max_decimal_places", "max_whole_digits"), words)


class PacerForm(forms.Form):
    """The breathing pacer's settings, in seconds. A GET form: nothing is saved."""

    breathe_in = forms.DecimalField(
        label=_("Breathe in"),
        min_value=2,
        max_value=15,
        decimal_places=1,
        initial=5,
        error_messages=_pacer_messages(
            _(
                "Breathing in can last from 2 to 15 seconds. Please choose a number in "
                "that range, like 5 or 5.5."
            )
        ),
    )
    hold_in = forms.DecimalField(
        label=_("Pause after breathing in"),
        min_value=0,
        max_value=10,
        decimal_places=1,
        initial=0,
        error_messages=_pacer_messages(
            _(
                "A pause after breathing in can last up to 10 seconds. Please choose a "
                "number from 0 to 10, like 0 or 1.5."
            )
        ),
    )
    breathe_out = forms.DecimalField(
        label=_("Breathe out"),
        min_value=2,
        max_value=20,
        decimal_places=1,
        initial=6,
        error_messages=_pacer_messages(
            _(
                "Breathing out can last from 2 to 20 seconds. Please choose a number in "
                "that range, like 6 or 6.5."
            )
        ),
    )
    hold_out = forms.DecimalField(
        label=_("Pause after breathing out"),
        min_value=0,
        max_value=10,
        decimal_places=1,
        initial=0,
        error_messages=_pacer_messages(
            _(
                "A pause after breathing out can last up to 10 seconds. Please choose a "
                "number from 0 to 10, like 0 or 2."
            )
        ),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=30,
        initial=5,
        error_messages=_pacer_messages(
            _("The pacer can run for 1 to 30 minutes. Please choose a whole number, like 5.")
        ),
    )


RECORDING_TYPES = _("MP3, M4A, Ogg, WebM or WAV")


class RecordingForm(forms.Form):
    """A recorded voice for one version of a practice. The file's type and size are
    judged by kindmind.practice.actions.add_recording, from its own bytes."""

    practice = forms.ChoiceField(
        label=_("Practice"),
        error_messages={
            "required": _("Please choose the practice this recording is for."),
            "invalid_choice": _("Please choose the practice this recording is for."),
        },
    )
    version = forms.ChoiceField(
        label=_("Version"),
        choices=[("short", _("Short")), ("standard", _("Standard"))],
        widget=forms.RadioSelect,
        initial="short",
        error_messages={
            "required": _("Please choose the short or the standard version."),
            "invalid_choice": _("Please choose the short or the standard version."),
        },
    )
    file = forms.FileField(
        label=_("Audio file"),
        error_messages={
            "required": _("Please choose an audio file to send."),
            "invalid": _("Please choose an audio file to send."),
            "missing": _("Please choose an audio file to send."),
            "empty": _("That file is empty. Please choose the audio file once more."),
            "max_length": _("That file's name is very long. Please shorten it and send it again."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a practice")), *((p.slug, p.title) for p in in_order())]
        self.fields["file"].help_text = _("%(types)s, up to %(mb)s MB.") % {
            "types": RECORDING_TYPES,
            "mb": MAX_MEGABYTES,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practice = PRACTICES.get(data.get("practice", ""))
        version = data.get("version")
        if practice is not None and version and version not in practice.versions:
            self.add_error(
                "version",
                _("%(title)s has only a short version. Please choose Short.")
                % {"title": practice.title},
            )
        return data
