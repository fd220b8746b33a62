"""French first, English available: catalogues, the language switch, dates in French."""

from __future__ import annotations

import ast
import gettext
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from cms.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from tenants.models import Tenant
from tests.conftest import site_client

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "platform" / "locale"
SOURCE_DIRS = ("platform", "tenants", "cms", "theming", "services_catalog")
PARIS = ZoneInfo("Europe/Paris")


def _po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr (first plural form) of a .po file, fuzzy entries marked with a leading '#'."""
    entries: dict[str, str] = {}
    for chunk in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in chunk.splitlines() if line and not line.startswith(("#:", "#.", "#|", "# "))]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(f'"{match.group(2)}"')
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
        if "msgid" in fields and fields["msgid"]:
            entries[("#" if fuzzy else "") + fields["msgid"]] = fields.get("msgstr", fields.get("msgstr[0]", ""))
    return entries


def _source_msgids() -> set[str]:
    """The literal msgids of the code and templates (translate tags and _() / gettext calls)."""
    found: set[str] = set()
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if "migrations" in path.parts or path.suffix not in (".py", ".html"):
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".html":
                found |= {m[1] for m in re.findall(r'{%\s*translate\s+(["\'])(.+?)\1', text)}
            else:
                found |= {m[1] for m in re.findall(r'\b(?:_|gettext|gettext_lazy)\((["\'])(.+?)\1\)', text)}
    return {msgid.replace("\\'", "'") for msgid in found}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_is_complete_compiled_and_covers_the_code(language: str) -> None:
    po = _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(po) > 250
    assert [msgid for msgid in po if msgid.startswith("#")] == [], "fuzzy entries left"
    assert [msgid for msgid, msgstr in po.items() if not msgstr] == [], "untranslated entries"
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in po.items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "django.mo is older than django.po: run `make messages`"
    in_source = _source_msgids()
    assert len(in_source) > 200
    missing = sorted(in_source - set(po))
    assert missing == [], "strings not in the catalogue: run `make messages` and translate them"
    if language == "fr":
        assert all(msgid == msgstr for msgid, msgstr in po.items()), "French is the source language"


@pytest.mark.django_db
def test_sites_are_french_whatever_the_browser_asks(fouesnant: Tenant) -> None:
    response = site_client(fouesnant).get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Aller au contenu" in html
    assert response["Content-Language"] == "fr"
    assert '<button type="submit" name="language" value="en" lang="en"' in html


@pytest.mark.django_db
def test_the_switch_gives_english_chrome_around_french_content(fouesnant: Tenant) -> None:
    client = site_client(fouesnant)
    assert "Accessibilité : non conforme" in client.get("/").content.decode()  # caches the footer
    response = client.post("/langue/", {"language": "en", "next": "/contact/"})
    assert response.status_code == 302 and response["Location"] == "/contact/"
    html = client.get("/contact/").content.decode()
    assert '<html lang="en">' in html and "Skip to content" in html
    assert "Accessibility: not compliant" in html and "Legal notice" in html
    assert '<h1 lang="fr">Contact</h1>' in html  # the commune's own words stay French, and say so
    assert '<button type="submit" name="language" value="fr" lang="fr"' in html
    # Another visitor, same cached footer, still French.
    assert "Accessibilité : non conforme" in site_client(fouesnant).get("/").content.decode()
    client.post("/langue/", {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_bad_input(fouesnant: Tenant) -> None:
    client = site_client(fouesnant)
    response = client.post("/langue/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="fr">' in client.get("/").content.decode()
    response = client.post("/langue/", {"language": "en", "next": "https://hameconnage.example/"})
    assert response.status_code == 302 and response["Location"] == "/"  # never off-site
    client.cookies["guichet_langue"] = "de"  # a forged cookie falls back to French
    assert '<html lang="fr">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_dates_are_written_the_french_way(fouesnant: Tenant) -> None:
    """Local time across the spring daylight-saving change, French day and month names."""
    with tenant_context(fouesnant):
        start = datetime(2027, 3, 28, 14, 30, tzinfo=PARIS)  # first day of summer time
        EventIndexPage.objects.get().add_child(
            instance=EventPage(title="Troc plantes", slug="troc", start=start, end=start.replace(hour=18, minute=0))
        )
        NewsIndexPage.objects.get().add_child(
            instance=NewsPage(title="Conseil municipal", slug="conseil", date=date(2026, 11, 2))
        )
    client = site_client(fouesnant)
    event = client.get("/agenda/troc/").content.decode()
    assert "dimanche 28 mars 2027 à 14h30" in event and "dimanche 28 mars 2027 à 18h00" in event
    assert 'datetime="2027-03-28T14:30:00+02:00"' in event
    assert "2 novembre 2026" in client.get("/actualites/conseil/").content.decode()
    client.post("/langue/", {"language": "en", "next": "/"})
    assert "Sunday 28 March 2027, 14:30" in client.get("/agenda/troc/").content.decode()
    assert timezone.get_current_timezone_name() == "Europe/Paris"
