"""The words autosave.js says beside a drafted form's boxes, as the form's data-msg-*
attributes: one place for both forms that keep drafts (the formulation, a reflection)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def autosave_words() -> SafeString:
    words = {
        "saving": _("Saving…"),
        # "Kept", not "Saved": the Save button is what adds the words to the record.
        "saved": _("Kept"),
        "retry": _("Not kept yet: we'll keep trying. Your words are still here."),
        "not-saved": _("Not kept yet"),
        "signed-out": _(
            "You've been signed out. Your words are kept on this device: sign in to keep "
            "them here too."
        ),
        "sign-in": _("Sign in"),
        "restored": _(
            "We brought back words you typed on this device before. They are kept now; "
            "save when you are ready."
        ),
        "offer": _(
            "Earlier, on this device, you typed different words in this box. Would you "
            "like to use them instead?"
        ),
        "use": _("Use them"),
        "keep": _("Keep what's here"),
        "gone": _("These words can't be kept here. They are still on this device."),
    }
    return format_html_join(" ", 'data-msg-{}="{}"', words.items())
