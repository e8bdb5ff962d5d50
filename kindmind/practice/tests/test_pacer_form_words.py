"""The pacer's "Set your own" form explains a setting it can't use in kindmind's own
words: which setting, and the range that works, never a validator's stock message."""

from __future__ import annotations

import html as html_lib

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GOOD = {"breathe_in": "5", "hold_in": "0", "breathe_out": "6", "hold_out": "0", "minutes": "5"}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("breathe_in", "16", "Breathing in can last from 2 to 15 seconds."),
        ("breathe_in", "1", "Breathing in can last from 2 to 15 seconds."),
        ("breathe_out", "25", "Breathing out can last from 2 to 20 seconds."),
        ("hold_in", "11", "A pause after breathing in can last up to 10 seconds."),
        ("hold_out", "-1", "A pause after breathing out can last up to 10 seconds."),
        ("minutes", "31", "The pacer can run for 1 to 30 minutes."),
        ("minutes", "2.5", "The pacer can run for 1 to 30 minutes."),
        ("breathe_in", "fast", "Breathing in can last from 2 to 15 seconds."),
        ("breathe_in", "4.25", "Breathing in can last from 2 to 15 seconds."),
        ("breathe_out", "", "Breathing out can last from 2 to 20 seconds."),
    ],
)
def test_a_pacer_setting_it_cannot_use_is_explained_kindly(
    as_client: Client, field: str, value: str, words: str
) -> None:
    response = as_client.get("/practice/breathe/", {**GOOD, field: value})
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    assert words in page
    for stock in ("Ensure this value", "Enter a number", "Enter a whole number", "This field is"):
        assert stock not in page
    # What they typed is still in the form, to change.
    assert f'value="{value}"' in page or value == ""
