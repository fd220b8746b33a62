"""A real gunicorn serving the test database, for browser journeys and benchmarks.

The session's tenants are committed (tests/conftest.py provisions them outside any
test transaction), so a separate server process sees them. Requests reach tenants by
host name: `http://<slug>.localhost:<port>/` resolves to 127.0.0.1 in Chromium and in
`requests` (via the Host header helper below).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from guichet.local.embedded import free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class LiveServer:
    port: int
    process: subprocess.Popen[bytes]

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def manage_shell(code: str) -> str:
    """Run `code` in `manage.py shell` on the test database, committed (set-up and clean-up of
    browser journeys, which a separate server process must see); its standard output."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guichet.settings.test", "DATABASE_URL": database_url()}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return done.stdout


@contextlib.contextmanager
def gunicorn(
    *, workers: int = 2, settings_module: str = "guichet.settings.test", extra_env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "GUICHET_SITE_PORT": str(port),
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    if getattr(settings, "CACHES", None):
        env.setdefault("CACHE_KEY_PREFIX", os.environ.get("CACHE_KEY_PREFIX", "test"))
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "guichet.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--env",
            f"DJANGO_SETTINGS_MODULE={settings_module}",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        import requests

        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield LiveServer(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
