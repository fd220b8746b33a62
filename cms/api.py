"""What other apps may ask of the CMS: set up and rename a tenant's Wagtail site.

Every function acts on the schema the connection is currently set to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

STARTER_HOME_SLUG = "accueil"
TEMPLATE_HOSTNAME = "template.invalid"


@dataclass(frozen=True)
class SiteInfo:
    hostname: str
    port: int
    site_name: str
    home_page_id: int
    home_title: str


def seed_starter_site() -> SiteInfo:
    """Idempotently give the current schema its starter site (used on the template).

    Wagtail's own migrations leave a "Welcome" page and a localhost Site; they are
    replaced by our HomePage, served as the default site of the schema.
    """
    from .models import HomePage

    with transaction.atomic():
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            for child in root.get_children():
                if not isinstance(child.specific, HomePage):
                    Site.objects.filter(root_page=child).delete()
                    child.delete()
            root.refresh_from_db()
            home = HomePage(
                title="Accueil",
                slug=STARTER_HOME_SLUG,
                locale=Locale.get_default(),
                intro="",
            )
            root.add_child(instance=home)
        _seed_starter_pages(home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname=TEMPLATE_HOSTNAME, port=80, site_name="", root_page=home, is_default_site=True
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        Site.clear_site_root_paths_cache()
    return _site_info(site, home)


def configure_site(
    *, site_name: str, hostname: str, port: int, home_title: str | None = None, home_intro: str | None = None
) -> SiteInfo:
    """Point the current schema's default Wagtail site at its primary domain and name it."""
    from .models import HomePage

    with transaction.atomic():
        site = Site.objects.select_for_update().get(is_default_site=True)
        site.hostname = hostname
        site.port = port
        site.site_name = site_name
        site.save()
        home = HomePage.objects.get(pk=site.root_page_id)
        changed: list[str] = []
        if home_title is not None and home.title != home_title:
            home.title = home_title
            home.draft_title = home_title
            home.seo_title = ""
            changed += ["title", "draft_title", "seo_title"]
        if home_intro is not None:
            home.intro = home_intro
            changed.append("intro")
        if changed:
            home.save(update_fields=changed, clean=False)
            from wagtail.search.backends import get_search_backend

            get_search_backend().add(home)
        Site.clear_site_root_paths_cache()
    return _site_info(site, home)


STARTER_PAGES: list[tuple[str, str, dict[str, object]]] = [
    ("actualites", "Actualités", {"kind": "news", "show_in_menus": True}),
    ("agenda", "Agenda", {"kind": "events", "show_in_menus": True}),
    ("contact", "Contact", {"kind": "standard", "show_in_menus": True, "footer_role": "contact"}),
    ("mentions-legales", "Mentions légales", {"kind": "standard", "footer_role": "legal_notice"}),
    ("donnees-personnelles", "Données personnelles", {"kind": "standard", "footer_role": "personal_data"}),
    ("accessibilite", "Déclaration d'accessibilité", {"kind": "a11y"}),
]

STARTER_TEXT = {
    "contact": "<p>Pour toute question, adressez-vous à l'accueil de la mairie. Ses horaires et "
    "coordonnées figurent sur la page d'accueil.</p>",
    "mentions-legales": "<p>Ce site est publié par la collectivité dont il porte le nom. Il est hébergé "
    "par l'opérateur de la plateforme Guichet, en France.</p>",
    "donnees-personnelles": "<p>Les informations que vous transmettez par ce site sont traitées par la "
    "collectivité, responsable de traitement, pour répondre à vos demandes. Vous pouvez exercer vos droits "
    "d'accès, de rectification, d'effacement et d'opposition auprès de son délégué à la protection des "
    "données, et saisir la CNIL.</p>",
}


def _seed_starter_pages(home: Page) -> None:
    """The starter pages every new site has on day one (idempotent, by slug)."""
    from .models import AccessibilityDeclarationPage, EventIndexPage, NewsIndexPage, StandardPage

    existing = set(home.get_children().values_list("slug", flat=True))
    for slug, title, options in STARTER_PAGES:
        if slug in existing:
            continue
        kind = options["kind"]
        common = {"title": title, "slug": slug, "show_in_menus": bool(options.get("show_in_menus"))}
        page: Page
        if kind == "news":
            page = NewsIndexPage(**common)
        elif kind == "events":
            page = EventIndexPage(**common)
        elif kind == "a11y":
            page = AccessibilityDeclarationPage(status="non", **common)
        else:
            page = StandardPage(
                footer_role=str(options.get("footer_role", "")),
                body=[("text", RichText(STARTER_TEXT.get(slug, "")))],
                **common,
            )
        home.add_child(instance=page)
        home.refresh_from_db()


def current_site_info() -> SiteInfo:
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    return _site_info(site, site.root_page)


def _site_info(site: Site, home: Page) -> SiteInfo:
    return SiteInfo(
        hostname=site.hostname,
        port=site.port,
        site_name=site.site_name,
        home_page_id=home.pk,
        home_title=home.title,
    )
