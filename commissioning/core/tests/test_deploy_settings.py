"""Production settings come from the environment and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]


def production_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment a production process gets, as the deployment guide describes it."""
    # Only what any process has: settings meant for tests or development must not leak in.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "commissioning.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "commissioning.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'commissioning.sqlite3'}",
        "CSRF_TRUSTED_ORIGINS": "https://commissioning.example.org",
    }
    return environment | overrides


def run_commissioning(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "commissioning.cli", *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run_commissioning(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_a_weak_secret_key_fails_the_deployment_checks(tmp_path):
    environment = production_environment(tmp_path, SECRET_KEY="short")

    result = run_commissioning("check", "--deploy", "--fail-level", "WARNING", env=environment)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path):
    environment = production_environment(tmp_path)
    del environment["SECRET_KEY"]

    result = run_commissioning("check", env=environment)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
