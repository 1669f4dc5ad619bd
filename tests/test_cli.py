"""The `healthjustice` command and the production settings it starts with."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from healthjustice.cli import main
from healthjustice.core.demo import USERS

PROJECT = Path(__file__).resolve().parent.parent
COMMAND = Path(sys.executable).parent / "healthjustice"


def _lines(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines() if line]


def _check_demo_users(rows: list[list[str]]) -> None:
    assert len(rows) == len(USERS)
    assert all(len(row) == 4 for row in rows)
    assert [row[0] for row in rows] == [user.email for user in USERS]
    assert all(all(field.strip() for field in row) for row in rows)


def test_demo_users_prints_one_tab_separated_line_per_login(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["demo-users"])

    _check_demo_users(_lines(capsys.readouterr().out))


def test_the_installed_command_prints_the_demo_users() -> None:
    result = subprocess.run(  # noqa: S603 (our own entry point)
        [str(COMMAND), "demo-users"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "HJ_ENVIRONMENT": "test"},
    )

    _check_demo_users(_lines(result.stdout))


PRODUCTION = {"HJ_ENVIRONMENT": "production", "SITE_URL": "https://hjp.example.org"}


def _settings_in(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with only `env` (and PATH) set."""
    if (PROJECT / ".env").exists():
        pytest.skip("a local .env file would leak settings into the clean environment")
    return subprocess.run(  # noqa: S603 (the interpreter running the tests)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "healthjustice.config.settings",
            **env,
        },
    )


PRINT_SETTINGS = """
from django.conf import settings
for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "REQUIRE_2FA", "SESSION_COOKIE_HTTPONLY", "ALLOWED_HOSTS",
]:
    print(f"{name}={getattr(settings, name)!r}")
"""


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _settings_in(PRODUCTION, PRINT_SETTINGS)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_to_start_without_its_public_address() -> None:
    result = _settings_in({"HJ_ENVIRONMENT": "production", "SECRET_KEY": "x" * 60}, PRINT_SETTINGS)

    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_settings_are_secure_by_default() -> None:
    result = _settings_in({**PRODUCTION, "SECRET_KEY": "x" * 60}, PRINT_SETTINGS)

    assert result.returncode == 0, result.stderr
    values = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert values["DEBUG"] == "False"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_SECURE"] == "True"
    assert values["LANGUAGE_COOKIE_SECURE"] == "True"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "True"
    assert values["REQUIRE_2FA"] == "True"
    assert values["ALLOWED_HOSTS"] == "[]"


def test_an_unknown_environment_is_refused() -> None:
    result = _settings_in({"HJ_ENVIRONMENT": "staging"}, PRINT_SETTINGS)

    assert result.returncode != 0
    assert "HJ_ENVIRONMENT must be development, test or production" in result.stderr


def test_production_settings_pass_the_deploy_checks() -> None:
    result = _settings_in(
        {
            **PRODUCTION,
            "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
            "ALLOWED_HOSTS": "hjp.example.org",
        },
        "import django, sys\n"
        "from django.core.management import call_command\n"
        "django.setup()\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')\n",
    )

    assert result.returncode == 0, result.stderr
