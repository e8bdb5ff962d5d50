from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.clinic.models import LABEL_LIMIT


class LabelForm(forms.Form):
    """A clinician's own label for someone on their caseload."""

    label = forms.CharField(
        label=_("Your label for this person"),
        help_text=_(
            "Initials, a first name, anything that helps you. Only you see it. Leave it "
            "empty to go back to the number."
        ),
        max_length=LABEL_LIMIT,
        required=False,
        error_messages={"max_length": _("Please keep it to %(limit_value)d characters or fewer.")},
    )
