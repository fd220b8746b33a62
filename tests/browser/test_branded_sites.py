"""Three communes, three themes — one set by a commune admin through the admin form, in the
browser — each page in its commune's colours and accessible (axe: zero violation), at
desktop and 375 px width (issue #3 checks, R-A11Y-2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.live_server import LiveServer, manage_shell

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "admin.theme@fouesnant.example"
ADMIN_PASSWORD = "mot de passe de l'administratrice"

# slug → (header background, primary colour) as the browser computes them
EXPECTED = {
    "fouesnant": ("rgb(138, 21, 56)", "rgb(138, 21, 56)"),  # set through the admin form below
    "pleuven": ("rgb(255, 255, 255)", "rgb(0, 89, 76)"),
    "saint-evarzec": ("rgb(31, 92, 153)", "rgb(31, 92, 153)"),
}
PAGES = [
    ("/", "accueil"),
    ("/mentions-legales/", "page"),
    ("/actualites/", "actualites"),
    ("/recherche/?q=mentions", "recherche"),
]


SETUP = f"""
from tenants.models import Tenant
from theming.services import update_theme
from guichet.accounts.api import create_staff_user
from guichet.roles.api import Role, grant_role
pleuven = {{"primary_colour": "#00594c", "header_style": "light", "font": "atkinson-hyperlegible"}}
evarzec = {{"primary_colour": "#1f5c99", "header_style": "coloured", "corners": "square", "font": "source-sans-3"}}
update_theme(tenant=Tenant.objects.get(slug="pleuven"), values=pleuven)
update_theme(tenant=Tenant.objects.get(slug="saint-evarzec"), values=evarzec)
user = create_staff_user(email="{ADMIN_EMAIL}", password="{ADMIN_PASSWORD}")
grant_role(tenant=Tenant.objects.get(slug="fouesnant"), user=user, role=Role.COMMUNE_ADMIN)
"""
TEARDOWN = f"""
from django_tenants.utils import schema_context
from tenants.models import Tenant
from theming.models import Theme
from theming.api import forget_tokens
from guichet.accounts.models import User
from guichet.roles.api import Role, revoke_role
for slug in ("fouesnant", "pleuven", "saint-evarzec"):
    with schema_context(Tenant.objects.get(slug=slug).schema_name):
        Theme.objects.all().delete(); forget_tokens()
user = User.objects.get(email="{ADMIN_EMAIL}")
# Memberships live in the tenant's schema: revoke there before deleting the account.
revoke_role(tenant=Tenant.objects.get(slug="fouesnant"), user=user, role=Role.COMMUNE_ADMIN)
user.delete()
"""


@pytest.fixture(scope="module")
def three_themes(browser: Browser, site_server: LiveServer, django_db_blocker: object) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        manage_shell(SETUP)
    try:
        # Fouesnant's admin sets its theme through the admin form, as a person would.
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(site_server.url("fouesnant.localhost", "/compte/connexion/?next=/admin/theme/"))
        page.get_by_label("Adresse électronique").fill(ADMIN_EMAIL)
        page.get_by_label("Mot de passe").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/admin/theme/")
        page.get_by_label("Couleur principale").fill("#ffd700")  # unreadable gold: refused
        page.get_by_role("button", name="Enregistrer le thème").click()
        expect(page.locator("body")).to_contain_text("Contraste insuffisant : #ffd700")
        page.get_by_label("Couleur principale").fill("#8a1538")
        page.get_by_label("Style du bandeau").select_option("coloured")
        page.get_by_role("button", name="Enregistrer le thème").click()
        expect(page.locator("body")).to_contain_text("Le thème est enregistré")
        context.close()
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            manage_shell(TEARDOWN)


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_each_commune_in_its_own_theme_is_accessible(journey: BrowserJourney, three_themes: None, slug: str) -> None:
    header_background, primary = EXPECTED[slug]
    for path, name in PAGES:
        journey.visit(f"{slug}.localhost", path)
        expect(journey.page.locator(".site-header")).to_have_css("background-color", header_background)
        expect(journey.page.locator(".site-header")).to_have_css("border-bottom-color", primary)
        journey.screenshot(f"theme-{slug}-{name}")
        journey.check_a11y()
