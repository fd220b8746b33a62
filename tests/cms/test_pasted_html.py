"""Bad input: a page body with pasted HTML is cleaned, never stored or served as is."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import StandardPage
from guichet.accounts.models import User
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant
from tests.conftest import site_client

PASSWORD = "mot de passe très long"

PASTED = (
    '<p>Collecte <b>mardi</b><script>alert("x")</script>'
    '<span style="color:#ff0" onclick="steal()">jaune</span>'
    '<iframe src="https://tracker.example/"></iframe>'
    '<a href="javascript:alert(1)">piège</a> <a href="https://www.service-public.fr/">Service public</a></p>'
    '<img src="https://tracker.example/pixel.gif"><style>body{display:none}</style>'
)


def _editor_client(tenant: Tenant, email: str):  # type: ignore[no-untyped-def]
    user = User.objects.create_user(email, PASSWORD)
    grant_role(tenant=tenant, user=user, role=Role.EDITOR)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


def _page_form(title: str, body_html: str) -> dict[str, object]:
    return nested_form_data(
        {
            "title": title,
            "slug": "collecte",
            "intro": rich_text(""),
            "body": streamfield([("text", rich_text(body_html, features=RICH_TEXT_FEATURES))]),
            "footer_role": "",
        }
    )


@pytest.mark.django_db
def test_pasted_html_is_cleaned_to_the_allowed_formatting(fouesnant: Tenant) -> None:
    client = _editor_client(fouesnant, "editeur.colle@fouesnant.example")
    with tenant_context(fouesnant):
        home = Site.objects.get(is_default_site=True).root_page
    response = client.post(f"/admin/pages/add/cms/standardpage/{home.pk}/", _page_form("Collecte", PASTED))
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(fouesnant):
        page = StandardPage.objects.get(slug="collecte")
        stored = str(page.get_latest_revision_as_object().body[0].value.source)
    for forbidden in ("<script", "onclick", "style=", "<iframe", "javascript:", "<img", "<style", "tracker.example"):
        assert forbidden not in stored, forbidden
    assert "<b>mardi</b>" in stored
    assert '<a href="https://www.service-public.fr/">Service public</a>' in stored


def _contentstate(text: str, entity_map: dict[str, object], ranges: list[dict[str, object]]) -> str:
    import json

    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [{"offset": 0, "length": 5, "style": "COLOR-RED"}],
        "entityRanges": ranges,
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entity_map})


@pytest.mark.django_db
def test_forged_editor_content_is_cleaned_on_the_server(fouesnant: Tenant) -> None:
    """What the editor sends is not trusted: the server keeps only the allowed features."""
    client = _editor_client(fouesnant, "editeur.forge@fouesnant.example")
    with tenant_context(fouesnant):
        home = Site.objects.get(is_default_site=True).root_page
    forged = _contentstate(
        '<script>alert("x")</script> piège et image',
        {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
            "1": {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"src": "https://tracker.example/p.gif"}},
        },
        [{"offset": 30, "length": 5, "key": 0}, {"offset": 39, "length": 5, "key": 1}],
    )
    data = _page_form("Collecte forgée", "<p>x</p>")
    data["body-0-value"] = forged
    response = client.post(f"/admin/pages/add/cms/standardpage/{home.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(fouesnant):
        stored = str(StandardPage.objects.get(slug="collecte").get_latest_revision_as_object().body[0].value.source)
    assert "<script" not in stored and "&lt;script&gt;" in stored  # shown as text, never run
    for forbidden in ("javascript:", "tracker.example", "COLOR", "style="):
        assert forbidden not in stored, forbidden


@pytest.mark.django_db
def test_raw_html_instead_of_editor_content_is_cleaned_like_a_paste(fouesnant: Tenant) -> None:
    client = _editor_client(fouesnant, "editeur.brut@fouesnant.example")
    with tenant_context(fouesnant):
        home = Site.objects.get(is_default_site=True).root_page
    data = _page_form("Collecte brute", "<p>x</p>")
    data["body-0-value"] = PASTED
    response = client.post(f"/admin/pages/add/cms/standardpage/{home.pk}/", data)
    assert response.status_code == 302
    with tenant_context(fouesnant):
        stored = str(StandardPage.objects.get(slug="collecte").get_latest_revision_as_object().body[0].value.source)
    for forbidden in ("<script", "onclick", "style=", "<iframe", "javascript:", "<img", "<style", "tracker.example"):
        assert forbidden not in stored, forbidden
    assert "<b>mardi</b>" in stored and "jaune" in stored
