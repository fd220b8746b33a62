"""Themes per tenant with accessibility guardrails (R-A11Y-2) and EPCI inheritance."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from guichet.accounts.models import User
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant
from tests.conftest import DemoTenants, SiteClient, site_client
from theming import tokens
from theming.models import Theme
from theming.services import update_theme

PASSWORD = "mot de passe administrateur"


def _css(tenant: Tenant) -> str:
    response = site_client(tenant).get("/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    return response.content.decode()


def _signed_in(tenant: Tenant, role: str) -> SiteClient:
    user = User.objects.create_user(f"{role}@{tenant.slug}.example", PASSWORD)
    grant_role(tenant=tenant, user=user, role=role)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _version(tenant: Tenant) -> int:
    with tenant_context(tenant):
        theme = Theme.objects.filter(pk=1).first()
        return theme.version if theme else 0


# --- contrast arithmetic ---------------------------------------------------------------


def test_contrast_ratios_match_wcag_reference_values() -> None:
    """R-A11Y-2: the WCAG 2.1 formula."""
    assert tokens.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert tokens.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert tokens.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert tokens.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert tokens.contrast_ratio("#000091", "#ffffff") > 14


@pytest.mark.parametrize("value", ["rouge", "#12345", "#GGGGGG", "", "javascript:alert(1)", "#0000911"])
def test_what_is_not_a_colour_is_refused(value: str) -> None:
    with pytest.raises(tokens.ColourError, match="n'est pas une couleur"):
        tokens.parse_colour(value)


def test_short_and_uppercase_colours_are_normalised() -> None:
    assert tokens.parse_colour("#ABC") == "#aabbcc"
    assert tokens.parse_colour("E1000F") == "#e1000f"


@pytest.mark.parametrize(("colour", "minimum"), [("#ffcc00", 4.5), ("#7fbfff", 4.5), ("#e0e0e0", 3.0)])
def test_nearest_compliant_shade_passes_and_stays_close(colour: str, minimum: float) -> None:
    proposal = tokens.nearest_compliant(colour, minimum=minimum)
    ratio = tokens.contrast_ratio(proposal, "#ffffff")
    assert minimum <= ratio < minimum + 0.3  # just enough, not black
    assert tokens.nearest_compliant(proposal, minimum=minimum) == proposal


# --- guardrails in the service ---------------------------------------------------------


@pytest.mark.django_db
def test_low_contrast_colours_are_refused_with_a_proposal_and_nothing_changes(benodet: Tenant) -> None:
    """R-A11Y-2: a colour pair below 4.5:1 (text) or 3:1 (UI) is refused."""
    update_theme(tenant=benodet, values={"primary_colour": "#005a9c"})
    before = _version(benodet)
    with pytest.raises(ValidationError) as excinfo:
        update_theme(tenant=benodet, values={"primary_colour": "#ffcc00", "secondary_colour": "#eeeeee"})
    errors: dict[str, Any] = excinfo.value.message_dict
    primary = errors["primary_colour"][0]
    assert primary.startswith("Contraste insuffisant : #ffcc00 sur fond blanc donne 1,51:1, il faut au moins 4,5:1")
    proposal = primary.rsplit(" ", 1)[1].rstrip(".")
    assert tokens.contrast_ratio(proposal, "#ffffff") >= 4.5
    assert "il faut au moins 3,0:1" in errors["secondary_colour"][0]
    assert _version(benodet) == before
    with tenant_context(benodet):
        assert Theme.objects.get(pk=1).primary_colour == "#005a9c"


@pytest.mark.django_db
def test_compliant_colours_are_saved_and_audited(benodet: Tenant) -> None:
    theme = update_theme(
        tenant=benodet, values={"primary_colour": "#1F5C99", "secondary_colour": "#0a7d5a", "corners": "square"}
    )
    assert (theme.primary_colour, theme.secondary_colour, theme.corners) == ("#1f5c99", "#0a7d5a", "square")
    from guichet.audit.models import AuditEvent

    with tenant_context(benodet):
        assert AuditEvent.objects.filter(action="theme.updated").count() == 1


# --- served CSS, cache and isolation ------------------------------------------------------


@pytest.mark.django_db
def test_cached_css_changes_on_save_and_only_for_that_tenant(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    benodet, fouesnant = demo["benodet"], demo["fouesnant"]
    css_fouesnant, css_benodet = _css(fouesnant), _css(benodet)
    assert "--primary: #000091;" in css_benodet  # platform default, now cached
    with django_capture_on_commit_callbacks(execute=True):
        update_theme(tenant=benodet, values={"primary_colour": "#8a1538"})
    assert "--primary: #8a1538;" in _css(benodet)
    assert _css(fouesnant) == css_fouesnant
    page = site_client(benodet).get("/").content.decode()
    assert '<link rel="stylesheet" href="/theme.css?v=' in page


@pytest.mark.django_db
def test_communes_inherit_the_epci_theme_field_by_field(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    pleuven, gouesnach = demo["pleuven"], demo["gouesnach"]
    _css(pleuven), _css(gouesnach)  # warm both caches
    with django_capture_on_commit_callbacks(execute=True):
        update_theme(tenant=pleuven, values={"secondary_colour": "#0a7d5a"})
        update_theme(tenant=demo.epci, values={"primary_colour": "#00594c", "header_style": "coloured"})
    css_pleuven, css_gouesnach = _css(pleuven), _css(gouesnach)
    assert "--primary: #00594c;" in css_gouesnach and "--header-background: #00594c;" in css_gouesnach
    assert "--primary: #00594c;" in css_pleuven  # inherited
    assert "--secondary: #0a7d5a;" in css_pleuven  # its own
    assert "--secondary: #6a6af4;" in css_gouesnach  # platform default
    assert "--primary: #00594c;" in _css(demo["fouesnant"])  # every member's cache was dropped


# --- the admin form ------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_admin_sets_the_theme_in_the_admin_form(
    benodet: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    client = _signed_in(benodet, Role.COMMUNE_ADMIN)
    page = client.get("/admin/theme/")
    assert page.status_code == 200
    assert "Couleur principale" in page.content.decode()
    bad = client.post("/admin/theme/", {"primary_colour": "rouge", "secondary_colour": "#f0f0f0"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "« rouge » n&#x27;est pas une couleur" in html or "« rouge » n'est pas une couleur" in html
    assert "Contraste insuffisant : #f0f0f0" in html
    assert _version(benodet) == 0
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post("/admin/theme/", {"primary_colour": "#6e2a8c", "corners": "square", "header_style": ""})
    assert ok.status_code == 302
    assert "--primary: #6e2a8c;" in _css(benodet)
    assert "--radius: 0;" in _css(benodet)


@pytest.mark.django_db
def test_an_editor_cannot_change_the_theme(fouesnant: Tenant) -> None:
    client = _signed_in(fouesnant, Role.EDITOR)
    assert client.get("/admin/").status_code == 200
    assert "/admin/theme/" not in client.get("/admin/").content.decode()
    response = client.post("/admin/theme/", {"primary_colour": "#6e2a8c"})
    assert response.status_code in (302, 403)
    assert _version(fouesnant) == 0


@pytest.mark.django_db
def test_benodet_admin_cannot_edit_fouesnant_theme(benodet: Tenant, fouesnant: Tenant) -> None:
    admin = User.objects.create_user("admin@benodet.example", PASSWORD)
    grant_role(tenant=benodet, user=admin, role=Role.COMMUNE_ADMIN)
    foreign = site_client(fouesnant)
    foreign.post("/compte/connexion/", {"username": admin.email, "password": PASSWORD})
    response = foreign.post("/admin/theme/", {"primary_colour": "#6e2a8c"})
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert _version(fouesnant) == 0


@pytest.mark.django_db
def test_operator_site_has_no_tenant_theme() -> None:
    assert site_client("localhost").get("/theme.css").status_code == 404


@pytest.mark.django_db
def test_fonts_are_served_by_the_platform_itself(fouesnant: Tenant, django_capture_on_commit_callbacks: Any) -> None:
    assert "--font-family: system-ui" in _css(fouesnant)
    with django_capture_on_commit_callbacks(execute=True):
        update_theme(tenant=fouesnant, values={"font": "atkinson-hyperlegible"})
    css = _css(fouesnant)
    assert '--font-family: "Atkinson Hyperlegible", system-ui, sans-serif;' in css
    assert 'src: url("/static/theming/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-700-normal.woff2")' in css
    assert "http" not in css  # no third-party font host
    font = site_client(fouesnant).get(
        "/static/theming/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-400-normal.woff2"
    )
    assert font.status_code == 200
    assert b"".join(font.streaming_content)[:4] == b"wOF2"
    with pytest.raises(ValidationError) as excinfo:
        update_theme(tenant=fouesnant, values={"font": "comic-sans"})
    assert excinfo.value.message_dict["font"] == ["Choix impossible : « comic-sans »."]


@pytest.mark.django_db
def test_live_preview_shows_the_site_with_the_new_theme_and_saves_nothing(benodet: Tenant) -> None:
    client = _signed_in(benodet, Role.COMMUNE_ADMIN)
    response = client.post("/admin/theme/", {"primary_colour": "#6e2a8c", "header_style": "coloured", "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<iframe src="/?apercu-theme=1&amp;primary_colour=%236e2a8c' in html
    assert _version(benodet) == 0
    preview = client.get("/", {"apercu-theme": "1", "primary_colour": "#6e2a8c", "header_style": "coloured"})
    page = preview.content.decode()
    assert "<style>" in page and "--primary: #6e2a8c;" in page and "--header-background: #6e2a8c;" in page
    assert "Aperçu du thème : rien n&#x27;est enregistré." in page or "Aperçu du thème : rien n'est enregistré." in page
    refused = client.post("/admin/theme/", {"primary_colour": "#ffff00", "preview": "1"})
    assert refused.status_code == 400 and "Contraste insuffisant" in refused.content.decode()
    # Nobody else can use the preview parameter to inject anything.
    anonymous = site_client(benodet).get("/", {"apercu-theme": "1", "primary_colour": "#6e2a8c"}).content.decode()
    assert "<style>" not in anonymous
    bad = client.get("/", {"apercu-theme": "1", "primary_colour": "red;}</style><script>alert(1)</script>"})
    assert "<script>alert" not in bad.content.decode()
