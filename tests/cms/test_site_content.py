"""Starter site, page types, search, sitemap: per tenant, never another tenant's content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from cms.blocks import CallToActionBlock, ImageBlock
from cms.models import (
    AccessibilityDeclarationPage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from tenants.models import Tenant
from tests.conftest import site_client


def _home(tenant: Tenant) -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.mark.django_db
def test_a_new_commune_gets_a_presentable_starter_site(fouesnant: Tenant) -> None:
    """R-A11Y-1: the footer shows the compliance status and links to the declaration."""
    with tenant_context(fouesnant):
        home = _home(fouesnant)
        slugs = set(home.get_children().values_list("slug", flat=True))
        assert slugs == {"actualites", "agenda", "contact", "mentions-legales", "donnees-personnelles", "accessibilite"}
        assert "10\u202f436 habitants, code INSEE 29058" in home.intro
        assert AccessibilityDeclarationPage.objects.get().status == "non"
    html = site_client(fouesnant).get("/").content.decode()
    for label in ("Mentions légales", "Données personnelles", "Plan du site", "Contact"):
        assert label in html
    assert '<a href="/accessibilite/">Accessibilité : non conforme</a>' in html
    declaration = site_client(fouesnant).get("/accessibilite/").content.decode()
    assert "Défenseur des droits" in declaration and "RGAA" in declaration
    for path in (
        "/actualites/",
        "/agenda/",
        "/contact/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
    ):
        assert site_client(fouesnant).get(path).status_code == 200, path


@pytest.mark.django_db
def test_news_and_events_show_on_their_own_commune_only(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        news_index = NewsIndexPage.objects.get()
        news_index.add_child(
            instance=NewsPage(title="Travaux rue de Kerler", slug="travaux", date=timezone.localdate())
        )
        agenda = EventIndexPage.objects.get()
        start = timezone.now() + timedelta(days=3)
        agenda.add_child(
            instance=EventPage(title="Fest-noz", slug="fest-noz", start=start, end=start + timedelta(hours=4))
        )
    home_a = site_client(fouesnant).get("/").content.decode()
    assert "Travaux rue de Kerler" in home_a and "Fest-noz" in home_a
    assert "Travaux rue de Kerler" in site_client(fouesnant).get("/actualites/").content.decode()
    assert site_client(fouesnant).get("/actualites/travaux/").status_code == 200
    home_b = site_client(benodet).get("/").content.decode()
    assert "Travaux rue de Kerler" not in home_b and "Fest-noz" not in home_b
    assert site_client(benodet).get("/actualites/travaux/").status_code == 404


@pytest.mark.django_db
def test_standard_page_renders_its_blocks(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        home = _home(fouesnant)
        home.add_child(
            instance=StandardPage(
                title="Déchets",
                slug="dechets",
                show_in_menus=True,
                body=[
                    ("text", "<p>Collecte le mardi.</p>"),
                    (
                        "faq",
                        {
                            "title": "Questions",
                            "items": [{"question": "Et les encombrants ?", "answer": "<p>Sur rendez-vous.</p>"}],
                        },
                    ),
                    ("contact", {"name": "Service déchets", "phone": "02 98 00 00 00", "email": "dechets@example.fr"}),
                    ("call_to_action", {"text": "Nous écrire", "url": "https://example.fr/contact"}),
                ],
            )
        )
    html = site_client(fouesnant).get("/dechets/").content.decode()
    assert "<h1>Déchets</h1>" in html
    assert "<summary>Et les encombrants ?</summary>" in html
    assert 'href="tel:0298000000"' in html
    assert 'class="button" href="https://example.fr/contact">Nous écrire' in html
    assert '<a href="/dechets/"' in html  # in the main menu


def test_image_block_requires_alternative_text() -> None:
    with pytest.raises(ValidationError):
        ImageBlock().clean(ImageBlock().to_python({"image": None, "alt": "", "caption": ""}))


def test_call_to_action_needs_a_page_or_an_address() -> None:
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Aller", "page": None, "url": ""}))


@pytest.mark.django_db
def test_event_cannot_end_before_it_starts(fouesnant: Tenant) -> None:
    start = timezone.now()
    event = EventPage(title="Erreur", slug="erreur", start=start, end=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        event.clean()
    assert "La fin doit être après le début." in str(excinfo.value)


@pytest.mark.django_db
def test_search_is_per_tenant(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        _home(fouesnant).add_child(instance=StandardPage(title="Marché de Noël", slug="marche-de-noel"))
    found = site_client(fouesnant).get("/recherche/", {"q": "Noël"}).content.decode()
    assert "1 résultat pour « Noël »" in found and 'href="/marche-de-noel/"' in found
    elsewhere = site_client(benodet).get("/recherche/", {"q": "Noël"}).content.decode()
    assert "0 résultat" in elsewhere and "marche-de-noel" not in elsewhere
    empty = site_client(fouesnant).get("/recherche/", {"q": "   "})
    assert "Saisissez un ou plusieurs mots" in empty.content.decode()
    huge = site_client(fouesnant).get("/recherche/", {"q": "x" * 5000, "page": "pas-un-nombre"})
    assert huge.status_code == 200


@pytest.mark.django_db
def test_sitemap_and_robots_name_only_the_tenants_own_host(fouesnant: Tenant) -> None:
    sitemap = site_client(fouesnant).get("/sitemap.xml").content.decode()
    assert "<loc>http://fouesnant.localhost/accessibilite/</loc>" in sitemap
    assert "benodet" not in sitemap
    robots = site_client(fouesnant).get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://fouesnant.localhost/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


@pytest.mark.django_db
def test_menu_follows_published_pages(fouesnant: Tenant) -> None:
    client = site_client(fouesnant)
    assert 'href="/agenda/"' in client.get("/").content.decode()
    with tenant_context(fouesnant):
        agenda = Page.objects.get(slug="agenda")
        agenda.unpublish()
        from cms.context_processors import forget_site_chrome

        forget_site_chrome()  # what the after_unpublish_page hook does in the admin
    assert 'href="/agenda/"' not in client.get("/").content.decode()


def _png(width: int, height: int) -> bytes:
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (0, 89, 76)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_images_are_served_as_modern_renditions_with_sizes(fouesnant: Tenant) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.models import Image

    with tenant_context(fouesnant):
        photo = Image.objects.create(title="Plage", file=SimpleUploadedFile("plage.png", _png(1600, 900)))
        assert photo.file.name.startswith("c_29058/")  # tenant prefix
        home = _home(fouesnant)
        home.hero_image = photo
        home.save_revision().publish()
        home.add_child(
            instance=StandardPage(
                title="La plage", slug="plage", body=[("image", {"image": photo, "alt": "Plage du Cap Coz"})]
            )
        )
    page = site_client(fouesnant).get("/plage/").content.decode()
    picture = page[page.index("<picture>") : page.index("</picture>")]
    assert 'type="image/avif"' in picture and "plage.format-avif.width-800.avif 800w" in picture
    assert 'src="/media/c_29058/images/plage.format-webp.width-480.webp"' in picture  # fallback
    assert "plage.format-webp.width-1200.webp 1200w" in picture
    assert 'sizes="(max-width: 60rem) 100vw, 60rem"' in page
    assert 'alt="Plage du Cap Coz"' in page and 'loading="lazy"' in page
    assert "/media/c_29058/images/" in page
    home_html = site_client(fouesnant).get("/").content.decode()
    assert 'class="hero-image"' in home_html and 'alt=""' in home_html  # decorative banner
