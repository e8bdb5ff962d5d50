from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kindmind.drafts.models import TEXT_LIMIT

INCOMPLETE = _("This save arrived incomplete. Your words are still here, on this page.")
NOT_HERE = _("This box isn't part of this page. Your words are still here, on this page.")
TOO_LONG = _(
    "This box holds up to 20,000 characters, and these words are longer. Could you "
    "shorten them a little? Everything you typed is still here."
)


def _counter() -> forms.IntegerField:
    """A whole number the page keeps for the server (a version, a sitting's counter)."""
    return forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        error_messages={
            "required": INCOMPLETE,
            "invalid": INCOMPLETE,
            "min_value": INCOMPLETE,
            "max_value": INCOMPLETE,
        },
    )


class TypedForm(forms.Form):
    """One autosave, as kindmind/static/kindmind/autosave.js sends it: the words of one
    box as the page has them now, the version the page showed, and the page's own
    sitting and counter."""

    field = forms.CharField(max_length=40, error_messages={"required": INCOMPLETE})
    text = forms.CharField(required=False, strip=False)
    base_version = _counter()
    sitting = forms.UUIDField(error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE})
    rev = _counter()

    def __init__(self, data: Any, *, allowed: tuple[str, ...]) -> None:
        super().__init__(data)
        self.allowed = allowed

    def clean_field(self) -> str:
        name: str = self.cleaned_data["field"]
        if name not in self.allowed:
            raise forms.ValidationError(NOT_HERE, code="not_here")
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text") or ""
        # One newline spelling (browsers send CRLF in forms, LF from scripts), and no NUL
        # characters (invisible, and refused by PostgreSQL).
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        if len(text) > TEXT_LIMIT:
            raise forms.ValidationError(TOO_LONG, code="too_long")
        return text
