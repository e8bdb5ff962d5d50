"""The check-in form's feeling words, drawn from Python, are what Django's own widget
template drew for them: same inputs, same attributes, same labels, in every state."""

from typing import Any

import pytest
from django.template import Context, Template

from kindmind.checkins.emotions import SYSTEMS
from kindmind.checkins.forms import CheckInForm
from kindmind.lib.tests.test_widgets import parts

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

# How the template drew each group before: one BoundWidget at a time.
DJANGO = Template(
    '{% for w in words %}<label class="feeling" for="{{ w.id_for_label }}">'
    "{{ w.tag }} {{ w.choice_label }}</label>{% endfor %}"
)


def djangos(form: CheckInForm, system: str) -> str:
    from kindmind.checkins.emotions import system_of

    words = [w for w in form["emotions"] if system_of().get(w.data["value"]) == system]
    return DJANGO.render(Context({"words": words}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"emotions": ["anxious", "calm"], "submission_id": "x"},
        # An unknown word makes the field invalid: its inputs say so the same way.
        {"emotions": ["anxious", "not-a-feeling"]},
    ],
)
def test_each_group_is_drawn_as_djangos_template_drew_it(data: Any) -> None:
    form = CheckInForm(data)
    if data is not None:
        form.is_valid()
    groups = form.emotion_groups()
    assert [s for s, _label, _html in groups] == list(SYSTEMS)
    for system, _label, drawn in groups:
        expected = parts(djangos(form, system))
        assert parts(drawn) == expected
        assert len(expected) > 10


def test_a_chosen_word_stays_ticked() -> None:
    form = CheckInForm({"emotions": ["calm"]})
    form.is_valid()
    drawn = "".join(html for _s, _l, html in form.emotion_groups())
    assert 'value="calm" id="id_emotions_' in drawn
    ticked = [p for p in parts(drawn) if p[0] == "start" and ("checked", None) in p[2]]
    assert [dict(p[2])["value"] for p in ticked] == ["calm"]
