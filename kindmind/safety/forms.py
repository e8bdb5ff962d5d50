from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.safety.models import SECTION_LIMIT

# Each section's question, in the person's voice, and a gentle hint.
SECTIONS = [
    (
        "warning_signs",
        _("Signs that a crisis may be starting"),
        _(
            "Thoughts, feelings, situations or things you do. "
            "For example: not sleeping, pulling away from people."
        ),
    ),
    (
        "coping_alone",
        _("Things I can do on my own to get through"),
        _(
            "Anything that takes your mind off things or settles you a little: "
            "a walk, music, a shower, slow breathing."
        ),
    ),
    (
        "people_and_places",
        _("People and places that help me feel a bit better"),
        _("Somewhere to go or someone to be around, without having to talk about how you feel."),
    ),
    (
        "people_to_ask",
        _("People I can ask for help"),
        _("Names and numbers of people you trust to tell how you are."),
    ),
    (
        "professionals",
        _("Professionals and services I can contact"),
        _(
            "Your GP, your clinician, a crisis team. "
            "The Help page also lists crisis lines for your country."
        ),
    ),
    (
        "safer_surroundings",
        _("How I can make my surroundings safer"),
        _("What you could put away, give to someone, or keep out of reach when things get hard."),
    ),
    (
        "reasons_for_living",
        _("What matters to me, and what I am living for"),
        _("People, animals, hopes, small things you would miss."),
    ),
]


class SafetyPlanForm(forms.Form):
    # Sent by the page with every save, so that a stray empty request can never wipe a
    # plan; clearing every section on purpose still works.
    whole_plan = forms.CharField(
        widget=forms.HiddenInput,
        initial="1",
        error_messages={"required": _("This form arrived incomplete. Please send it once more.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, label, hint in SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=SECTION_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
