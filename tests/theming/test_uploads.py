"""Logo and favicon uploads: sanitised or refused with a clear French message."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from guichet.accounts.models import User
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant
from tests.conftest import site_client
from theming.models import Theme
from theming.services import update_theme
from theming.uploads import UploadError, clean_image

CLEAN_SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
    b'sodipodi-0.dtd" viewBox="0 0 10 10"><sodipodi:namedview id="n"/><metadata>auteur</metadata>'
    b'<title>Blason</title><rect width="10" height="10" fill="#000091" style="stroke:red"/></svg>'
)


def _png(size: tuple[int, int] = (16, 16)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "contient un script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "gestionnaire d'évènement"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<use xlink:href="https://evil.example/x.svg#a"/></svg>',
            "fichier externe",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/t.png"/></svg>', "« image »"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/p)"/></svg>',
            "ressource externe",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x)</style></svg>', "« style »"),
        (
            b'<!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "déclarations interdites",
        ),
        (b"<html><body>pas un svg</body></html>", "n'est pas une image SVG"),
        (b"GIF89a....", "PNG et SVG"),
        (b"\x89PNG\r\n\x1a\nnot really a png", "PNG valide"),
        (b"", "vide"),
        (b"0" * (30 * 1024 * 1024), "Le fichier pèse 30 Mo : 2 Mo au maximum."),
    ],
)
def test_dangerous_or_invalid_files_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(UploadError) as excinfo:
        clean_image("logo.svg" if content.startswith(b"<") else "logo.bin", content)
    assert message in str(excinfo.value)


def test_clean_svg_keeps_the_drawing_and_drops_editor_metadata() -> None:
    cleaned = clean_image("blason.svg", CLEAN_SVG)
    assert cleaned.extension == "svg"
    text = cleaned.content.decode()
    assert "<rect" in text and 'fill="#000091"' in text and "<title>Blason</title>" in text
    assert "namedview" not in text and "metadata" not in text and "style=" not in text


def test_png_is_accepted_and_oversized_png_refused() -> None:
    assert clean_image("logo.png", _png()).extension == "png"
    with pytest.raises(UploadError, match="trop grande"):
        clean_image("logo.png", _png((5000, 10)))


@pytest.mark.django_db
def test_logo_upload_is_stored_under_the_tenant_prefix_and_shown(
    benodet: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        theme = update_theme(
            tenant=benodet,
            values={"primary_colour": "#1f5c99"},
            files={"logo": SimpleUploadedFile("blason.svg", CLEAN_SVG), "favicon": SimpleUploadedFile("i.png", _png())},
        )
    assert re.fullmatch(r"c_29006/theming/logo-1(_\w+)?\.svg", theme.logo.name)
    assert re.fullmatch(r"c_29006/theming/favicon-1(_\w+)?\.png", theme.favicon.name)
    html = site_client(benodet).get("/").content.decode()
    assert f'<img class="logo" src="/media/{theme.logo.name}" alt=""' in html
    assert f'<link rel="icon" href="/media/{theme.favicon.name}">' in html
    media = site_client(benodet).get(f"/media/{theme.logo.name}")
    assert media.status_code == 200
    assert "default-src 'none'" in media["Content-Security-Policy"]
    assert b"metadata" not in b"".join(media.streaming_content)


@pytest.mark.django_db
def test_a_refused_upload_changes_nothing_else(benodet: Tenant) -> None:
    update_theme(
        tenant=benodet, values={"primary_colour": "#1f5c99"}, files={"logo": SimpleUploadedFile("a.png", _png())}
    )
    with pytest.raises(ValidationError) as excinfo:
        update_theme(
            tenant=benodet,
            values={"primary_colour": "#6e2a8c"},
            files={"logo": SimpleUploadedFile("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onclick="x()"/>')},
        )
    assert "gestionnaire d'évènement" in excinfo.value.message_dict["logo"][0]
    with tenant_context(benodet):
        theme = Theme.objects.get(pk=1)
        assert theme.primary_colour == "#1f5c99"
        assert re.fullmatch(r"c_29006/theming/logo-1(_\w+)?\.png", theme.logo.name)
        assert theme.version == 1


@pytest.mark.django_db
def test_admin_form_upload_with_bad_svg_shows_the_reason(benodet: Tenant) -> None:
    admin = User.objects.create_user("admin@benodet.example", "mot de passe administrateur")
    grant_role(tenant=benodet, user=admin, role=Role.COMMUNE_ADMIN)
    client = site_client(benodet)
    client.post("/compte/connexion/", {"username": admin.email, "password": "mot de passe administrateur"})
    evil = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    response = client.post("/admin/theme/", {"primary_colour": "#000091", "logo": evil})
    assert response.status_code == 400
    assert "contient un script ou un contenu actif" in response.content.decode()
    with tenant_context(benodet):
        assert not Theme.objects.exists()
