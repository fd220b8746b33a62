"""Tenant isolation of the shared machinery, each against the real backend.

Cache (Redis), files (local disk and an S3-compatible server), sessions, Celery
(real broker and worker process), logs and Sentry events.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Site

from guichet.accounts.models import User
from guichet.local.embedded import free_port
from guichet.ops.storage import TenantFileSystemStorage, TenantS3Storage
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client
from tests.live_server import ROOT, database_url


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 145)).save(buffer, "PNG")
    return buffer.getvalue()


# --- cache -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_cache_is_the_real_redis_backend_with_tenant_keys() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.CACHES["default"]["KEY_FUNCTION"] == "django_tenants.cache.make_key"


@pytest.mark.django_db
def test_wagtail_site_root_cache_does_not_leak_between_communes(fouesnant: Tenant, benodet: Tenant) -> None:
    """Without the tenant key function, Bénodet would link to Fouesnant's host."""
    with tenant_context(fouesnant):
        Site.clear_site_root_paths_cache()
        paths_a = Site.get_site_root_paths()
    with tenant_context(benodet):
        paths_b = Site.get_site_root_paths()
        home = Site.objects.get(is_default_site=True).root_page
        url = home.get_full_url()
    assert [p.root_url for p in paths_a] == ["http://fouesnant.localhost"]
    assert [p.root_url for p in paths_b] == ["http://benodet.localhost"]
    assert url == "http://benodet.localhost/"


@pytest.mark.django_db
def test_same_key_holds_one_value_per_tenant(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        cache.set("greeting", "Demat Fouesnant", 60)
    with tenant_context(benodet):
        assert cache.get("greeting") is None
        cache.set("greeting", "Demat Benoded", 60)
    with tenant_context(fouesnant):
        assert cache.get("greeting") == "Demat Fouesnant"


@pytest.mark.django_db
def test_a_cache_alias_without_the_key_function_would_leak(fouesnant: Tenant, benodet: Tenant) -> None:
    """The control experiment: the same Redis, no tenant key function → B reads A's value."""
    naive = RedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "naive-control"})
    with tenant_context(fouesnant):
        naive.set("wagtail_site_root_paths", "fouesnant.localhost", 60)
    with tenant_context(benodet):
        assert naive.get("wagtail_site_root_paths") == "fouesnant.localhost"
    naive.delete("wagtail_site_root_paths")


# --- files -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_stored_names_start_with_the_tenant_prefix(fouesnant: Tenant, benodet: Tenant, tmp_path: Path) -> None:
    storage = TenantFileSystemStorage(location=tmp_path)
    with tenant_context(fouesnant):
        name = storage.save("justificatif.txt", ContentFile(b"Fouesnant"))
        assert name == "c_29058/justificatif.txt"
        assert (tmp_path / "c_29058" / "justificatif.txt").read_bytes() == b"Fouesnant"
    with tenant_context(benodet):
        other = storage.save("justificatif.txt", ContentFile(b"Benodet"))
        assert other == "c_29006/justificatif.txt"
        with pytest.raises(SuspiciousFileOperation):
            storage.open(name)
        with pytest.raises(SuspiciousFileOperation):
            storage.save("../c_29058/justificatif.txt", ContentFile(b"x"))


@pytest.mark.django_db
def test_wagtail_images_are_stored_under_the_tenant_prefix(fouesnant: Tenant) -> None:
    from wagtail.images.models import Image

    with tenant_context(fouesnant):
        image = Image.objects.create(title="Plage", file=ContentFile(_png(), name="plage.png"))
        assert image.file.name.startswith("c_29058/original_images/plage")
        rendition = image.get_rendition("width-4")
        assert rendition.file.name.startswith("c_29058/images/")


@pytest.mark.django_db
def test_private_storage_has_no_public_url(fouesnant: Tenant) -> None:
    private = storages["private"]
    with tenant_context(fouesnant):
        name = private.save("piece.pdf", ContentFile(b"%PDF-1.4"))
        assert name.startswith("c_29058/")
        with pytest.raises(SuspiciousFileOperation):
            private.url(name)
        private.delete(name)


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible HTTP server on 127.0.0.1 (a real server, spoken to over HTTP)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.mark.django_db
def test_s3_storage_keys_are_tenant_prefixed_and_private_urls_signed(
    s3_server: str, fouesnant: Tenant, benodet: Tenant
) -> None:
    import boto3

    options: dict[str, Any] = {
        "endpoint_url": s3_server,
        "access_key": "guichet",
        "secret_key": "guichet-secret",
        "region_name": "us-east-1",
        "signature_version": "s3v4",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="guichet",
        aws_secret_access_key="guichet-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket="media")
    client.create_bucket(Bucket="private")
    public = TenantS3Storage(bucket_name="media", querystring_auth=False, **options)
    private = TenantS3Storage(
        bucket_name="private", default_acl="private", querystring_auth=True, querystring_expire=300, **options
    )
    with tenant_context(fouesnant):
        logo = public.save("logo.png", ContentFile(_png()))
        piece = private.save("avis-imposition.pdf", ContentFile(b"%PDF-1.4 secret"))
        signed = private.url(piece)
    keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket="private")["Contents"])
    assert keys == ["c_29058/avis-imposition.pdf"]
    assert logo == "c_29058/logo.png"
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    with tenant_context(benodet), pytest.raises(SuspiciousFileOperation):
        private.open(piece)
    with tenant_context(fouesnant):
        assert private.open(piece).read() == b"%PDF-1.4 secret"


# --- sessions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_cookie_of_one_commune_is_worthless_on_another(fouesnant: Tenant, benodet: Tenant) -> None:
    User.objects.create_user("nolwenn@example.fr", "un mot de passe solide")
    client_a = site_client(fouesnant)
    response = client_a.post(
        "/compte/connexion/", {"username": "nolwenn@example.fr", "password": "un mot de passe solide"}
    )
    assert response.status_code == 302
    cookie = client_a.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""  # host-only cookie
    assert "Se déconnecter" in client_a.get("/").content.decode()

    client_b = site_client(benodet)
    client_b.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    html_b = client_b.get("/").content.decode()
    assert "Se déconnecter" not in html_b
    assert "Se connecter" in html_b
    with tenant_context(fouesnant):
        assert Session.objects.filter(session_key=cookie.value).exists()
    with tenant_context(benodet):
        assert not Session.objects.filter(session_key=cookie.value).exists()


# --- Celery ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def celery_worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """A real worker process on a queue of its own, through the real broker."""
    queue = f"test-{os.getpid()}"
    with django_db_blocker.unblock():
        db_url = database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guichet.settings.test",
        "DATABASE_URL": db_url,
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "guichet.celery",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(20)


def test_a_task_queued_in_a_commune_runs_in_that_communes_schema(
    celery_worker: str, demo: DemoTenants, django_db_blocker: Any
) -> None:
    from guichet.ops.tasks import clear_expired_sessions

    assert not settings.CELERY_BROKER_URL.startswith("memory")
    fouesnant, benodet = demo["fouesnant"], demo["benodet"]
    past = timezone.now() - timedelta(days=1)
    with django_db_blocker.unblock():  # committed rows: the worker is another process
        try:
            with tenant_context(fouesnant):
                Session.objects.create(session_key="a-expired", session_data="x", expire_date=past)
                Session.objects.create(
                    session_key="a-valid", session_data="x", expire_date=timezone.now() + timedelta(days=1)
                )
            with tenant_context(benodet):
                Session.objects.create(session_key="b-expired", session_data="x", expire_date=past)
            with tenant_context(fouesnant):
                result = clear_expired_sessions.apply_async(queue=celery_worker)
            outcome = result.get(timeout=60)
            assert outcome == {"schema": "c_29058", "deleted": 1}
            with tenant_context(fouesnant):
                keys = set(Session.objects.values_list("session_key", flat=True))
                assert "a-valid" in keys and "a-expired" not in keys
            with tenant_context(benodet):
                assert Session.objects.filter(session_key="b-expired").exists()
        finally:
            for tenant in (fouesnant, benodet):
                with tenant_context(tenant):
                    Session.objects.filter(session_key__in=["a-expired", "a-valid", "b-expired"]).delete()
            connection.set_schema_to_public()


@pytest.mark.django_db
def test_periodic_fan_out_reaches_every_tenant_but_not_public_or_template(
    demo: DemoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guichet.ops import tasks

    sent: list[str] = []
    monkeypatch.setattr(
        tasks.clear_expired_sessions, "apply_async", lambda headers, **_: sent.append(headers["_schema_name"])
    )
    schemas = tasks.clear_expired_sessions_everywhere()
    assert sent == schemas
    assert "public" not in sent and "tenant_template" not in sent
    assert {"c_29058", "c_29006", "e_242900660"} <= set(sent)


# --- logs and Sentry -------------------------------------------------------------------


@pytest.mark.django_db
def test_log_lines_carry_the_tenant(fouesnant: Tenant) -> None:
    """A request's log line (Django's own 404 warning) names the tenant, via the settings' handler config."""
    from guichet.ops.logging import TenantContextFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TenantContextFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    logging.getLogger().addHandler(handler)
    try:
        response = site_client(fouesnant).get("/page-qui-n-existe-pas/")
    finally:
        logging.getLogger().removeHandler(handler)
    assert response.status_code == 404
    assert "WARNING [c_29058] django.request: Not Found: /page-qui-n-existe-pas/" in stream.getvalue()


@pytest.mark.django_db
def test_json_log_lines_carry_the_tenant(fouesnant: Tenant) -> None:
    import json

    from pythonjsonlogger.json import JsonFormatter

    from guichet.ops.logging import TenantContextFilter

    fmt = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TenantContextFilter())
    handler.setFormatter(JsonFormatter(fmt["fmt"], rename_fields=fmt["rename_fields"]))
    logger = logging.getLogger("guichet.test.json")
    logger.addHandler(handler)
    try:
        with tenant_context(fouesnant):
            logger.warning("demande reçue")
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["tenant"] == "c_29058"
    assert line["message"] == "demande reçue"


@pytest.mark.django_db
def test_sentry_events_carry_the_tenant_and_no_personal_data(fouesnant: Tenant) -> None:
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from guichet.ops.observability import init_sentry

    captured: list[dict[str, Any]] = []

    class Capture(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            for item in envelope.items:
                if item.type == "event":
                    captured.append(item.payload.json)

    assert init_sentry(dsn="http://key@127.0.0.1:9/1", transport=Capture)
    options = sentry_sdk.get_client().options
    assert options["data_collection"]["user_info"] is False
    assert options["data_collection"]["stack_frame_variables"] is False
    try:
        sentry_sdk.set_user({"email": "usager@example.fr"})
        with tenant_context(fouesnant):
            sentry_sdk.capture_message("échec d'envoi")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert len(captured) == 1
    assert captured[0]["tags"]["tenant"] == "c_29058"
    assert "user" not in captured[0]
