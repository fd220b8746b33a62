"""The vault's pages in the tenant's Wagtail admin (see admin_views)."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("usager/<int:user_id>/", admin_views.citizen_pieces, name="citizen"),
        path("<int:piece_id>/verifier/", admin_views.mark_checked, name="check"),
        path("<int:piece_id>/fichier/", admin_views.piece_file, name="file"),
    ]
    return [path("coffre/", include((urls, "vault_admin"), namespace="vault_admin"))]
