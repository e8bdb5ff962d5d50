"""The sections of the threat-focused formulation (CONTENT.md, "Formulation"), in the
order the loop runs, each with a short prompt in our own words.

`part` names the box of the diagram a section belongs to (kindmind.formulation.diagram).
Section names are stored as column names: never change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# How much one section can hold, in characters: several pages of writing.
TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class Section:
    name: str
    label: Promise
    # Said to the person, about themselves.
    prompt: Promise
    # Said to a clinician, about the person they work with.
    clinician_prompt: Promise
    # The diagram's box, and the short name the diagram gives this section inside it
    # (empty when the box holds only this section).
    part: str
    short: Promise | str = ""
    # Its heading under its part's, in the words written out below the diagram.
    heading: Promise | str = ""


SECTIONS: tuple[Section, ...] = (
    Section(
        "history",
        _("Historical influences"),
        _(
            "What happened earlier in your life that still echoes now? Things you lived "
            "through, heard said about you, or went without. Write only as much as feels "
            "all right today."
        ),
        _("What happened earlier in their life that still echoes now?"),
        part="history",
    ),
    Section(
        "threats_external",
        _("Key threats and fears: from other people"),
        _(
            "What do you fear others may do, think or feel about you? For example, being "
            "criticised, left out, or let down."
        ),
        _("What do they fear others may do, think or feel about them?"),
        part="threats",
        short=_("From others"),
        heading=_("From other people"),
    ),
    Section(
        "threats_internal",
        _("Key threats and fears: inside me"),
        _(
            "What do you fear may happen inside you? For example, being flooded by a "
            "feeling, or finding something in yourself you dread."
        ),
        _("What do they fear may happen inside them?"),
        part="threats",
        short=_("Inside me"),
        heading=_("Inside me"),
    ),
    Section(
        "safety_external",
        _("Safety strategies: what I do"),
        _(
            "What do you do to keep those fears away? For example, keeping the peace, "
            "staying out of the way, working harder than anyone."
        ),
        _("What do they do to keep those fears away?"),
        part="safety",
        short=_("What I do"),
        heading=_("What I do"),
    ),
    Section(
        "safety_internal",
        _("Safety strategies: inside me"),
        _(
            "What goes on in your mind to keep you safe? For example, watching yourself "
            "closely, criticising yourself to stay in line, going over things again and "
            "again, pushing feelings down."
        ),
        _("What goes on in their mind to keep them safe?"),
        part="safety",
        short=_("Inside me"),
        heading=_("Inside me"),
    ),
    Section(
        "consequences",
        _("Unintended consequences"),
        _(
            "These ways of staying safe made sense, and they can cost something too. What "
            "do they bring that you never wanted?"
        ),
        _("What do these ways of staying safe bring that they never wanted?"),
        part="consequences",
    ),
    Section(
        "self_relating",
        _("How I then relate to myself"),
        _(
            "When that happens, how do you treat yourself? How does the critic speak, and "
            "how does it feel?"
        ),
        _("When that happens, how do they treat themselves?"),
        part="self",
    ),
    Section(
        "needs",
        _("What I need"),
        _(
            "Looking at all of this with kindness: what do you need? To feel safe, "
            "comforted, understood, protected, cared for, encouraged?"
        ),
        _("Looking at all of this with kindness: what do they need?"),
        part="compassion",
        short=_("What I need"),
        heading=_("What I need"),
    ),
    Section(
        "compassionate_self",
        _("What my compassionate self would say and do"),
        _(
            "If the wise, strong and warm part of you looked at all this, what would it "
            "say to you? What would it do?"
        ),
        _("What would their compassionate self say to them, and do?"),
        part="compassion",
        short=_("My compassionate self"),
        heading=_("What my compassionate self would say and do"),
    ),
)

NAMES: tuple[str, ...] = tuple(s.name for s in SECTIONS)
BY_NAME: dict[str, Section] = {s.name: s for s in SECTIONS}

# The diagram's boxes, in the order of the loop, with their headings.
PARTS: dict[str, Promise] = {
    "history": _("Historical influences"),
    "threats": _("Key threats and fears"),
    "safety": _("Safety strategies"),
    "consequences": _("Unintended consequences"),
    "self": _("How I then relate to myself"),
    "compassion": _("A compassionate re-formulation"),
}
