import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import make_user
from kindmind.safety import views
from kindmind.safety.resources import BUILTIN, CrisisDataError, load, parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_directory() -> None:
    views.directory.cache_clear()


def test_help_is_open_to_anyone_signed_in_or_not(client: Client) -> None:
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Call your local emergency number now" in html
    assert "Feel your feet on the floor" in html


def test_every_page_links_to_help(client: Client, as_client: Client) -> None:
    for browser, path in ((client, "/"), (client, "/account/signin/"), (as_client, "/today/")):
        assert 'href="/help/"' in browser.get(path).content.decode(), path


def test_a_person_in_the_uk_sees_uk_services_first_with_working_links(client: Client) -> None:
    person = make_user("uk@example.org")
    person.country = "GB"
    person.save(update_fields=["country"])
    client.force_login(person)
    html = client.get("/help/").content.decode()
    assert 'href="tel:999"' in html
    assert 'href="tel:116123"' in html  # Samaritans, spaces removed for the dialler
    assert 'href="sms:85258?&amp;body=SHOUT"' in html
    assert "Details checked on 22 November 2026" in html
    assert html.index("Samaritans") < html.index('id="elsewhere"')


def test_a_visitor_can_choose_another_country(client: Client) -> None:
    html = client.get("/help/?country=us").content.decode()
    assert 'href="tel:988"' in html
    assert 'href="tel:911"' in html


def test_an_unknown_country_falls_back_to_the_international_guidance(client: Client) -> None:
    html = client.get("/help/?country=ZZ").content.decode()
    assert "Call your local emergency number now" in html
    assert client.get("/help/?country=%00%FF").status_code == 200


def test_the_settings_page_stores_the_country(as_client: Client, client_user: object) -> None:
    response = as_client.post(
        "/account/settings/", {"display_name": "", "timezone": "UTC", "country": "US"}
    )
    assert response.status_code == 302
    assert 'href="tel:988"' in as_client.get("/help/").content.decode()
    bad = as_client.post(
        "/account/settings/", {"display_name": "", "timezone": "UTC", "country": "XX"}
    )
    assert bad.status_code == 400


def test_the_built_in_list_is_valid_and_every_entry_has_a_way_to_reach_someone() -> None:
    found = load(None)
    assert found.problem is None
    assert {"GB", "US", "IE", "CA", "AU", "NZ", "IN", "ZA"} <= set(found.countries)
    for service in found.all_services():
        assert service.phone or service.text or service.web
        assert service.verified <= date(2026, 12, 5)
        assert service.source.startswith("https://"), service.name
    for region in found.countries.values():
        assert region.emergency, region.name
    # Anywhere else, the page still points somewhere: a directory of helplines.
    assert [s.web for s in found.international.services] == ["https://findahelpline.com"]


def test_a_broken_deployer_file_falls_back_to_the_built_in_list(tmp_path: Path) -> None:
    broken = tmp_path / "crisis_services.json"
    broken.write_text('{"countries": {"GB": {"services": [{"name": "X", "phone": "call me"}]}}}')
    found = load(broken)
    assert found.source == "built-in"
    assert found.problem and "is not a phone number" in found.problem
    assert found.for_country("GB").services[0].name == "Samaritans"


def test_a_deployer_file_replaces_the_list(tmp_path: Path, settings: object) -> None:
    own = tmp_path / "crisis_services.json"
    own.write_text(
        json.dumps(
            {
                "countries": {
                    "IE": {
                        "name": "Ireland",
                        "emergency": "112",
                        "services": [
                            {
                                "name": "Local line",
                                "phone": "0800 000 000",
                                "verified": "2026-01-05",
                            }
                        ],
                    }
                }
            }
        )
    )
    settings.CRISIS_SERVICES_FILE = own  # type: ignore[attr-defined]
    html = Client().get("/help/?country=IE").content.decode()
    assert "Local line" in html and 'href="tel:112"' in html


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "countries"),
        ({"countries": {"gb": {"services": []}}}, "two-letter"),
        ({"countries": {"GB": {"services": [{"name": "A"}]}}}, "needs a phone"),
        ({"countries": {"GB": {"services": [{"name": "A", "web": "http://x"}]}}}, "https"),
        (
            {"countries": {"GB": {"services": [{"name": "A", "phone": "1", "verified": "soon"}]}}},
            "1",
        ),
        ({"countries": {"GB": {"emergency": "nine", "services": []}}}, "emergency"),
    ],
)
def test_the_file_format_is_checked(raw: object, message: str) -> None:
    with pytest.raises(CrisisDataError, match=message):
        parse(raw, "test")


def _all_checked() -> dict[str, Any]:
    """The built-in list as if every entry had been checked against its source."""
    data: dict[str, Any] = json.loads(BUILTIN.read_text())
    for region in [*data["countries"].values(), data["international"]]:
        for service in region["services"]:
            service.pop("not_verified_here", None)
    return data


@time_machine.travel("2026-12-06 12:00Z", tick=False)
def test_check_resources_lists_entries_not_verified_for_a_year(
    tmp_path: Path, settings: object
) -> None:
    data = _all_checked()
    data["countries"]["US"]["services"][0]["verified"] = "2024-01-01"
    own = tmp_path / "crisis_services.json"
    own.write_text(json.dumps(data))
    settings.CRISIS_SERVICES_FILE = own  # type: ignore[attr-defined]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("safety", "check-resources", stdout=out)
    assert "988 Suicide & Crisis Lifeline\tlast verified 2024-01-01" in out.getvalue()
    assert "1 of 14 entries need checking" in out.getvalue()


@time_machine.travel("2026-12-06 12:00Z", tick=False)
def test_check_resources_is_quiet_when_all_are_recent(settings: object, tmp_path: Path) -> None:
    own = tmp_path / "crisis_services.json"
    own.write_text(json.dumps(_all_checked()))
    settings.CRISIS_SERVICES_FILE = own  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command("safety", "check-resources", stdout=out)
    assert "0 of 14 entries need checking" in out.getvalue()


@time_machine.travel("2026-12-06 12:00Z", tick=False)
def test_check_resources_lists_entries_not_verified_here(settings: object, tmp_path: Path) -> None:
    settings.CRISIS_SERVICES_FILE = tmp_path / "none.json"  # type: ignore[attr-defined]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("safety", "check-resources", stdout=out)
    report = out.getvalue()
    assert (
        "AU\tBeyond Blue\tnot verified here: check it against https://www.beyondblue.org.au"
        in report
    )
    assert "IN\tTele-MANAS" in report
    assert "Samaritans\t" not in report
    assert "5 of 14 entries need checking" in report
