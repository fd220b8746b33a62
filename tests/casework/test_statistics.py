"""Statistics of the requests by intake channel (/admin/demandes/statistiques/): counts,
decisions and median delay per channel, per service and, in an EPCI, per commune of origin;
CSV export; bad periods refused in French; each tenant counts its own requests only."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.casework import statistics
from guichet.casework.models import Request
from guichet.roles.api import Role
from tests.casework.factories import PASSWORD, agent, make_request
from tests.conftest import DemoTenants, site_client

URL = "/admin/demandes/statistiques/"


def _client(tenant: Any, email: str, role: str = Role.AGENT) -> Any:
    agent(tenant, email, role=role)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_counts_by_channel_with_decisions_and_median_delay(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    make_request(fouesnant, channel="web")
    make_request(fouesnant, channel="counter")
    decided = make_request(fouesnant, channel="counter", state="accepted")
    make_request(fouesnant, channel="phone", state="in_processing")
    with tenant_context(fouesnant):
        request = Request.objects.get(pk=decided)
        Request.objects.filter(pk=decided).update(decided_at=request.submitted_at + dt.timedelta(days=4))
        today = timezone.localdate()
        figures = statistics.compute(start=today - dt.timedelta(days=1), end=today)
    rows = {row.channel: row for row in figures.by_channel}
    assert figures.total == 4
    assert (rows["web"].submitted, rows["web"].open) == (1, 1)
    assert (rows["counter"].submitted, rows["counter"].decided, rows["counter"].median_days) == (2, 1, 4.0)
    assert (rows["phone"].submitted, rows["phone"].open) == (1, 1)
    assert rows["post"].submitted == 0 and rows["post"].median_days is None
    (title, counts, total), *_ = figures.by_service
    assert counts == {"web": 1, "counter": 2, "phone": 1} and total == 4


@pytest.mark.django_db
def test_page_csv_and_isolation(demo: DemoTenants) -> None:
    fouesnant, benodet = demo["fouesnant"], demo["benodet"]
    make_request(fouesnant, channel="post")
    make_request(benodet, channel="phone")
    make_request(benodet, channel="phone")
    client = _client(fouesnant, "stats.fouesnant@example.fr")
    page = html.unescape(client.get(URL).content.decode())
    assert "1 demande déposée" in page and "Par courrier" in page
    # The header's trail names the page (it used to show only Wagtail's "Accueil").
    trail = re.search(r"<nav[^>]*aria-label=\"Fil d'Ariane\"[^>]*>(.*?)</nav>", page, re.S)
    assert trail is not None
    assert 'href="/admin/demandes/"' in trail.group(1) and "Statistiques des demandes" in trail.group(1)
    export = client.get(URL, {"debut": (timezone.localdate() - dt.timedelta(days=30)).isoformat(), "format": "csv"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Canal;Déposées")
    assert any(line.startswith("Par courrier;1;") for line in lines)
    # Bénodet's two phone requests are not counted at Fouesnant.
    assert any(line.startswith("Par téléphone;0;") for line in lines)


@pytest.mark.django_db
def test_epci_counts_by_commune_of_origin(demo: DemoTenants) -> None:
    make_request(demo["fouesnant"], service_slug="collecte-encombrants", channel="counter")
    make_request(demo["benodet"], service_slug="collecte-encombrants", channel="web")
    client = _client(demo.epci, "stats.epci@example.fr")
    page = html.unescape(client.get(URL).content.decode())
    assert "Par commune d'origine et par canal" in page
    assert "Fouesnant" in page and "Bénodet" in page


@pytest.mark.django_db
def test_bad_periods_are_refused_in_french_and_outsiders_kept_out(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    client = _client(fouesnant, "stats.bad@example.fr")
    reversed_period = client.get(URL, {"debut": "2026-05-01", "fin": "2026-01-01"})
    assert reversed_period.status_code == 400
    assert "La date de début doit précéder la date de fin." in html.unescape(reversed_period.content.decode())
    too_long = client.get(URL, {"debut": "2001-01-01", "fin": "2026-01-01"})
    assert too_long.status_code == 400 and "cinq ans" in html.unescape(too_long.content.decode())
    garbage = client.get(URL, {"debut": "pas une date"})
    assert garbage.status_code == 400 and "Saisissez une date valide" in html.unescape(garbage.content.decode())
    # An agent of Bénodet signed in on Bénodet gets nothing from Fouesnant's host.
    outsider = _client(demo["benodet"], "stats.outsider@example.fr")
    assert outsider.get(URL).status_code == 200  # Bénodet's own page
    citizen = site_client(fouesnant)
    assert citizen.get(URL).status_code in (302, 403)
