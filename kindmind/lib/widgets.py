"""Long lists of form choices, drawn without the template language per choice.

Django draws each option of a select through its own template (an include, an attrs
loop, a filter): about 40 microseconds an option. The timezone list has some 420 options
and the country list about 40, and they are on the sign-up page and the settings page, so
each of those pages took about 27 ms of CPU to draw, ten times a page of the same size
without them (BENCHMARKS.md, Web, "Sign-up and settings"). `LongSelect` draws the same
markup from Python: the select's own tag still goes through Django's attribute template,
the options are escaped here, one string each. `input_html` does the same for one input
of a list of checkboxes (the check-in form's 40 feeling words: BENCHMARKS.md, Web,
"The check-in form").
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString, mark_safe


class FlatChoices(BaseChoiceIterator):
    """Choices from a function, called each time they are read, as Django calls a
    callable's, but for a list that is flat already: Django checks a callable's whole list
    again each time it is read, and a select's list is read twice a page (once to tell
    whether its first option is empty)."""

    def __init__(self, source: Callable[[], Iterable[tuple[Any, Any]]]) -> None:
        self.source = source

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.source())


def escaped(text: Any) -> str:
    """What the template's {{ }} writes: text marked safe as it is, anything else escaped
    (django.utils.html.escape, without its check for lazy text on every call)."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text))


class LongSelect(forms.Select):
    """forms.Select for a flat list of choices (no groups), drawing the same HTML."""

    template_name = "widgets/long_select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Widget's context, not ChoiceWidget's: that builds a dict for every option.
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["options_html"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, chosen: list[str]) -> SafeString:
        drawn = []
        found = False
        choices: list[tuple[Any, Any]] = list(self.choices)
        for option_value, label in choices:
            if isinstance(label, list | tuple):
                raise ValueError("LongSelect draws a flat list of choices, not groups.")
            text = "" if option_value is None else str(option_value)
            # The first option whose value was chosen, and only it, as in Django's Select.
            selected = not found and text in chosen
            found |= selected
            mark = " selected" if selected else ""
            drawn.append(f'<option value="{escaped(text)}"{mark}>{escaped(label)}</option>')
        # Every value and label escaped above (a label already marked safe kept, as the
        # template would keep it).
        return mark_safe("\n  ".join(drawn))  # noqa: S308


def _attributes(attrs: dict[str, Any]) -> str:
    """What django/forms/widgets/attrs.html writes for these attributes."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict[str, Any]) -> SafeString:
    """One input as django/forms/widgets/input.html draws it, from the same data (a
    BoundWidget's `data`, or a widget's context): for lists of checkboxes, where each
    input through the template costs about as much as the rest of the row."""
    value = widget.get("value")
    shown = "" if value is None else f' value="{escaped(value)}"'
    name, kind = escaped(widget["name"]), escaped(widget["type"])
    # Every value escaped above and in _attributes.
    return mark_safe(f'<input type="{kind}" name="{name}"{shown}{_attributes(widget["attrs"])}>')  # noqa: S308
