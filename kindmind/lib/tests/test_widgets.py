"""LongSelect draws what Django's Select draws, option for option, and input_html what
Django's input template draws."""

from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from kindmind.accounts.forms import ProfileForm, SignUpForm, country_choices, timezone_choices
from kindmind.lib.widgets import LongSelect, input_html

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free


class _Parts(HTMLParser):
    """Tags with their attributes (in order) and text, whitespace between tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(("text", data))


def parts(html: str) -> list[tuple[Any, ...]]:
    parser = _Parts()
    parser.feed(html)
    parser.close()
    return parser.parts


def both(choices: Any, value: Any, attrs: dict[str, Any] | None = None) -> tuple[str, str]:
    attrs = attrs or {"id": "id_place", "data-guess-timezone": "", "required": True}
    theirs = forms.Select(choices=choices).render("place", value, attrs=attrs)
    ours = LongSelect(choices=choices).render("place", value, attrs=attrs)
    return theirs, ours


@pytest.mark.parametrize(
    "value", ["UTC", "Pacific/Auckland", "America/Argentina/Buenos_Aires", "", None, "Not/AZone"]
)
def test_the_timezone_list_is_drawn_as_django_draws_it(value: Any) -> None:
    theirs, ours = both(timezone_choices(), value)
    assert parts(ours) == parts(theirs)
    assert len(parts(ours)) > 800  # every zone, as an option with its text


@pytest.mark.parametrize("value", ["", "NZ", "GB", "ELSEWHERE", "zz"])
def test_the_country_list_is_drawn_as_django_draws_it(value: str) -> None:
    theirs, ours = both(country_choices(), value)
    assert parts(ours) == parts(theirs)


def test_the_forms_people_fill_in_use_it_for_both_long_lists() -> None:
    for form in (SignUpForm(), ProfileForm()):
        assert isinstance(form.fields["timezone"].widget, LongSelect)
        assert isinstance(form.fields["country"].widget, LongSelect)
    html = str(ProfileForm(initial={"timezone": "Europe/Paris"})["timezone"])
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@given(
    choices=st.lists(st.tuples(st.one_of(st.none(), _text, st.integers()), _text), max_size=8),
    value=st.one_of(st.none(), _text, st.lists(_text, max_size=2)),
    safe_label=st.booleans(),
)
def test_any_choices_and_value_are_drawn_as_django_draws_them(
    choices: list[tuple[Any, str]], value: Any, safe_label: bool
) -> None:
    if safe_label:
        # A label already marked safe is not escaped again, by either.
        choices = [(v, mark_safe(f"<b>{i}</b>")) for i, (v, _label) in enumerate(choices)]  # noqa: S308
    theirs, ours = both(choices, value)
    assert parts(ours) == parts(theirs)


def test_groups_are_refused_rather_than_drawn_wrongly() -> None:
    with pytest.raises(ValueError, match="flat list"):
        LongSelect(choices=[("Europe", [("Europe/Paris", "Paris")])]).render("place", "")


def test_the_long_lists_are_read_afresh_and_whole_each_time() -> None:
    form = ProfileForm()
    zones: Any = form.fields["timezone"].widget.choices
    countries: Any = form.fields["country"].widget.choices
    assert list(zones) == timezone_choices()
    assert list(countries) == country_choices()
    # Read twice, the same (an iterator would be empty the second time).
    assert list(zones) == timezone_choices()
    assert ProfileForm({"timezone": "Asia/Kolkata", "country": "NZ"}).is_valid()
    refused = ProfileForm({"timezone": "Mars/Olympus_Mons", "country": "NZ"})
    assert not refused.is_valid() and "timezone" in refused.errors


@given(
    value=st.one_of(st.none(), _text, st.integers()),
    attrs=st.dictionaries(
        st.sampled_from(["id", "class", "data-x", "aria-describedby", "required", "disabled"]),
        st.one_of(_text, st.booleans()),
        max_size=4,
    ),
    safe_value=st.booleans(),
    kind=st.sampled_from([forms.TextInput, forms.CheckboxInput, forms.HiddenInput]),
)
def test_one_input_is_drawn_as_djangos_input_template_draws_it(
    value: Any, attrs: dict[str, Any], safe_value: bool, kind: type[forms.Widget]
) -> None:
    if safe_value:
        # A value already marked safe is written as it is, by the template and by us.
        value = mark_safe("a&amp;b")
    widget = kind(attrs=attrs)
    theirs = widget.render("word", value)
    ours = input_html(widget.get_context("word", value, None)["widget"])
    assert parts(ours) == parts(theirs)
