"""What other apps may ask of the CMS: set up and rename a tenant's Wagtail site.

Every function acts on the schema the connection is currently set to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale, Page, Site

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


def configure_site(*, site_name: str, hostname: str, port: int, home_title: str | None = None) -> SiteInfo:
    """Point the current schema's default Wagtail site at its primary domain and name it."""
    from .models import HomePage

    with transaction.atomic():
        site = Site.objects.select_for_update().get(is_default_site=True)
        site.hostname = hostname
        site.port = port
        site.site_name = site_name
        site.save()
        home = HomePage.objects.get(pk=site.root_page_id)
        if home_title is not None and home.title != home_title:
            home.title = home_title
            home.draft_title = home_title
            home.seo_title = ""
            home.save(update_fields=["title", "draft_title", "seo_title"], clean=False)
            from wagtail.search.backends import get_search_backend

            get_search_backend().add(home)
        Site.clear_site_root_paths_cache()
    return _site_info(site, home)


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
