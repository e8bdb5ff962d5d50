import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/account/signin/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style() -> None:
    templates = Path(__file__).resolve().parents[2]
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "<script " not in text.replace("<script src=", ""), path
        assert " style=" not in text and "<style" not in text, path
        assert " onclick=" not in text and " onload=" not in text, path


def settings_in(env: dict[str, str], tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KINDMIND_", "DATABASE_URL"))}
    clean.update({"KINDMIND_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", f"import kindmind.settings as s; {code}"],
        env=clean,
        capture_output=True,
        text=True,
    )


def test_over_https_cookies_are_secure_and_hsts_is_on(tmp_path: Path) -> None:
    result = settings_in(
        {"KINDMIND_SITE_ROOT": "https://care.example.org"},
        tmp_path,
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.ALLOWED_HOSTS[0])",
    )
    assert result.stdout.split() == ["True", "True", "31536000", "care.example.org"]


def test_the_embedded_default_keeps_a_generated_secret_key(tmp_path: Path) -> None:
    first = settings_in({}, tmp_path, "print(s.SECRET_KEY)")
    second = settings_in({}, tmp_path, "print(s.SECRET_KEY)")
    assert first.returncode == 0
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "postgres://u@127.0.0.1/db"}, "KINDMIND_SECRET_KEY"),
        ({"KINDMIND_DEBUG": "ture"}, "KINDMIND_DEBUG"),
        ({"KINDMIND_SESSION_IDLE_MINUTES": "0"}, "KINDMIND_SESSION_IDLE_MINUTES"),
        ({"KINDMIND_SIGNIN_LOG_DAYS": "0"}, "KINDMIND_SIGNIN_LOG_DAYS"),
        ({"KINDMIND_SITE_ROOT": "care.example.org"}, "KINDMIND_SITE_ROOT"),
        ({"DATABASE_URL": "nosuchdb://x", "KINDMIND_SECRET_KEY": "k"}, "DATABASE_URL"),
    ],
)
def test_a_bad_setting_stops_start_up_with_its_name(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = settings_in(env, tmp_path, "pass")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_sign_in_record_is_kept_thirty_days_unless_the_deployer_says(tmp_path: Path) -> None:
    default = settings_in({}, tmp_path, "print(s.SIGNIN_LOG_DAYS)")
    chosen = settings_in({"KINDMIND_SIGNIN_LOG_DAYS": "7"}, tmp_path, "print(s.SIGNIN_LOG_DAYS)")
    assert (default.stdout.strip(), chosen.stdout.strip()) == ("30", "7")
