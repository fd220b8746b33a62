"""Edge behaviour: unknown, spoofed and malformed hosts; host lookup cache; /healthz."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import hostcache
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client


@pytest.mark.django_db
def test_unknown_host_gets_a_french_404_page_never_another_tenant(demo: DemoTenants) -> None:
    response = site_client("inconnue.localhost").get("/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Aucun site à cette adresse" in html
    assert "« inconnue.localhost »" in html
    assert not any(t.name in html for t in demo.communes.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host",
    [
        "fouesnant.localhost.evil.example",  # spoofed suffix
        "evil.example",
        "fouesnant.localhost@evil.example",
        "fouesnant localhost",
        "",
        "[::1",
    ],
)
def test_spoofed_or_malformed_host_gets_400_or_404(host: str, demo: DemoTenants) -> None:
    response = site_client(host).get("/")
    assert response.status_code in (400, 404)
    assert b"Fouesnant" not in response.content


@pytest.mark.django_db
def test_host_lookup_is_cached_after_the_first_request(fouesnant: Tenant) -> None:
    hostcache.forget(["fouesnant.localhost"])
    client = site_client(fouesnant)
    client.get("/")
    assert hostcache.get("fouesnant.localhost") is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("tenants_domain" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_search_path_is_set_once_per_request(fouesnant: Tenant) -> None:
    client = site_client(fouesnant)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    set_calls = [q for q in queries.captured_queries if "search_path" in q["sql"].lower()]
    assert len(set_calls) <= 1


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_on_any_host() -> None:
    for host in ("fouesnant.localhost", "10.0.0.12", "inconnue.localhost"):
        response = site_client(host).get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_says_503_when_the_broker_is_down() -> None:
    from guichet.celery import app
    from guichet.local.embedded import free_port

    original = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    try:
        response = site_client("fouesnant.localhost").get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


def test_platform_folder_never_shadows_the_stdlib_module() -> None:
    import subprocess
    import sys

    from tests.live_server import ROOT

    assert not (ROOT / "platform" / "__init__.py").exists()
    import platform

    assert platform.system() == "Linux"
    assert platform.__file__.endswith("lib/python3.11/platform.py")
    # Inside the running app, started from the repository root (sys.path[0] = root).
    out = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import platform, guichet.settings; print(platform.system(), platform.__file__)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    last = out.strip().splitlines()[-1]
    assert last.startswith("Linux ") and last.endswith("lib/python3.11/platform.py")
