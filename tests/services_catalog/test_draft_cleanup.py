"""Abandoned drafts' uploads are deleted after the retention, tenant by tenant."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_tenants.utils import tenant_context

from services_catalog.tasks import forget_old_draft_files
from tenants.models import Tenant


@pytest.mark.django_db
def test_old_draft_files_are_deleted_and_recent_ones_kept(fouesnant: Tenant, benodet: Tenant, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GUICHET_DRAFT_FILES_DAYS = 30
    storage = storages["private"]
    with tenant_context(fouesnant):
        old = storage.save("brouillons/ancien.png", ContentFile(b"old"))
        recent = storage.save("brouillons/recent.png", ContentFile(b"new"))
        request_file = storage.save("demandes/FOU-2026-999999/photo.png", ContentFile(b"kept"))
    with tenant_context(benodet):
        other = storage.save("brouillons/ancien.png", ContentFile(b"other tenant"))
    forty_days_ago = (timezone.now() - dt.timedelta(days=40)).timestamp()
    for name in (old, other):
        os.utime(storage.path(name), (forty_days_ago, forty_days_ago))
    try:
        with tenant_context(fouesnant):
            assert forget_old_draft_files() == [old]
            assert not storage.exists(old) and storage.exists(recent) and storage.exists(request_file)
        with tenant_context(benodet):
            assert storage.exists(other)  # Fouesnant's run never touches Bénodet's files
            assert forget_old_draft_files() == [other]
    finally:
        with tenant_context(fouesnant):
            for name in (recent, request_file):
                storage.delete(name)
