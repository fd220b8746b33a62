"""Production settings pass Django's deployment checklist; settings come from the environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from tests.live_server import ROOT


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="guichet.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SENTRY_DSN="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "guichet.settings.production"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
