"""Numbers a person wrote in their safety plan become tap-to-call links, on the plan page,
the Help page and the urgent page: one tap, at the hardest moment (issue 13, item 1)."""

from __future__ import annotations

import pytest
from django.test import Client

from kindmind.accounts.models import User
from kindmind.safety.actions import save_safety_plan
from kindmind.safety.phones import split_phone_numbers


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Mum 07700 900123, any time", [("07700 900123", "07700900123")]),
        ("Dr Lee (020) 7946 0000", [("(020) 7946 0000", "02079460000")]),
        (
            "+44 20 7946 0000 or +1 (555) 010-0199",
            [
                ("+44 20 7946 0000", "+442079460000"),
                ("+1 (555) 010-0199", "+15550100199"),
            ],
        ),
        ("Crisis team: 555.010.0100.", [("555.010.0100", "5550100100")]),
        ("Lifeline 13 11 14", [("13 11 14", "131114")]),
        ("call 111, or 1737", [("111", "111"), ("1737", "1737")]),
        # Not numbers: too short, a year, a date, a decimal, sums, too long, inside words.
        ("Jo, at 5pm", []),
        ("since 2019", []),
        ("from 2024-01-05, or 5.1.2025", []),
        ("12.5 hours", []),
        ("1+1=2", []),
        ("1234567890123456789", []),
        ("room B12345X", []),
        ("", []),
    ],
)
def test_only_clear_phone_numbers_are_read(text: str, links: list[tuple[str, str]]) -> None:
    pieces = split_phone_numbers(text)
    assert "".join(piece for piece, _tel in pieces) == text, "nothing the person wrote is lost"
    assert [(piece, tel) for piece, tel in pieces if tel] == links


@pytest.mark.django_db
def test_plan_contacts_are_call_links_on_the_plan_help_and_urgent_pages(
    as_client: Client, client_user: User
) -> None:
    save_safety_plan(
        client=client_user,
        sections={
            "warning_signs": "Awake at 3am since 2019, 07700 900999",
            "people_to_ask": "My sister <b>Jo</b>, 07700 900123\nMy friend Sam (no number yet)",
            "professionals": "GP surgery: +44 20 7946 0000",
        },
        by=client_user,
    )
    for path in ("/help/plan/", "/help/", "/help/urgent/"):
        html = as_client.get(path).content.decode()
        assert 'My sister &lt;b&gt;Jo&lt;/b&gt;, <a href="tel:07700900123">07700 900123</a>' in html
        assert "<br>My friend Sam (no number yet)" in html
        assert 'GP surgery: <a href="tel:+442079460000">+44 20 7946 0000</a>' in html
        # Warning signs are not a list of contacts: their numbers stay words.
        assert "Awake at 3am since 2019, 07700 900999" in html
        assert 'href="tel:07700900999"' not in html, path


@pytest.mark.django_db
def test_nothing_typed_can_become_anything_but_a_number_in_a_link(
    as_client: Client, client_user: User
) -> None:
    save_safety_plan(
        client=client_user,
        sections={
            "people_to_ask": '"><script>x</script> 0770" onclick="0900123 javascript:alert(1)',
            "professionals": "tel:07700&#x22;900123",
        },
        by=client_user,
    )
    html = as_client.get("/help/plan/").content.decode()
    assert "<script>x" not in html and 'onclick="' not in html
    for href in html.split('href="tel:')[1:]:
        assert set(href.split('"', 1)[0]) <= set("+0123456789"), href
