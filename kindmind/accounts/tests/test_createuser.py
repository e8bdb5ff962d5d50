import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from kindmind.accounts.models import User

pytestmark = pytest.mark.django_db


def create(*args: str, password: str = "a calm river at dusk") -> str:
    out = io.StringIO()
    sys_stdin = sys.stdin
    sys.stdin = io.StringIO(password + "\n")
    try:
        call_command("createuser", *args, "--password-stdin", stdout=out)
    finally:
        sys.stdin = sys_stdin
    return out.getvalue()


def test_it_creates_a_clinician(db: None) -> None:
    out = create("Clin@Example.org", "--clinician", "--timezone", "Europe/Berlin")
    user = User.objects.get()
    assert user.email == "clin@example.org"
    assert user.is_clinician
    assert user.timezone == "Europe/Berlin"
    assert "clinician account" in out


def test_it_creates_a_client_by_default(db: None) -> None:
    create("person@example.org")
    assert User.objects.get().is_client


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("not-an-address",), "a calm river at dusk", "is not an email address"),
        (("p@example.org",), "short", "too short"),
        (("p@example.org", "--timezone", "Nowhere/Land"), "a calm river at dusk", "timezone"),
    ],
)
def test_it_refuses_what_it_cannot_use_and_creates_nothing(
    args: tuple[str, ...], password: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        create(*args, password=password)
    assert not User.objects.exists()


def test_it_refuses_a_second_account_for_one_address(db: None) -> None:
    create("twice@example.org")
    with pytest.raises(CommandError, match="already exists"):
        create("TWICE@example.org")


def test_the_kindmind_command_lists_its_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kindmind.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("serve", "createuser", "migrate"):
        assert f"  {command} " in result.stdout
