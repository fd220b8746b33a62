"""The admin pages of the guichet unique and of the catalogue name themselves in the header's trail (Wagtail shows only
"Accueil" when a view gives no trail, which leaves an agent without the page's name)."""

from __future__ import annotations

import html
import re

import pytest

from guichet.roles.api import Role
from tests.casework.factories import PASSWORD, agent
from tests.conftest import DemoTenants, site_client

PAGES = [
    ("/admin/usagers/", "Usagers"),
    ("/admin/courriels/", "Courriels reçus"),
    ("/admin/courriels/reglages/", "Boîte de réception"),
    ("/admin/donnees-nationales/", "Données nationales"),
    ("/admin/guichet/", "Guichet unique"),
    ("/admin/demandes/statistiques/", "Statistiques des demandes"),
    ("/admin/catalogue/demarches-epci/", "Démarches de l'EPCI"),
]


@pytest.mark.django_db
def test_each_page_is_named_in_the_header_trail(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    agent(fouesnant, "entete@fouesnant.example", role=Role.COMMUNE_ADMIN)
    client = site_client(fouesnant)
    assert (
        client.post("/compte/connexion/", {"username": "entete@fouesnant.example", "password": PASSWORD}).status_code
        == 302
    )
    for path, title in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        trail = re.search(
            r"<nav[^>]*aria-label=\"Fil d'Ariane\"[^>]*>(.*?)</nav>", html.unescape(response.content.decode()), re.S
        )
        assert trail is not None and title in trail.group(1), path


@pytest.mark.django_db
def test_the_epcis_competence_map_is_named_in_the_header_trail(demo: DemoTenants) -> None:
    agent(demo.epci, "entete@epci.example", role=Role.EPCI_ADMIN)
    client = site_client(demo.epci)
    assert (
        client.post("/compte/connexion/", {"username": "entete@epci.example", "password": PASSWORD}).status_code == 302
    )
    response = client.get("/admin/catalogue/carte-des-competences/")
    assert response.status_code == 200
    trail = re.search(
        r"<nav[^>]*aria-label=\"Fil d'Ariane\"[^>]*>(.*?)</nav>", html.unescape(response.content.decode()), re.S
    )
    assert trail is not None and "Carte des compétences" in trail.group(1)
