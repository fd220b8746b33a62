"""The "Quotient familial (CAF/MSA)" question of "Inscription cantine", through the catalogue
pages: fetched from the fake API Particulier where the commune has the connector, with its
provenance on the review page, the submitted request and the agent's page (R-DLNUF-1);
a manual fallback where it has none, when the service fails or does not know the
allocataire; malformed input refused without a call."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.audit.models import AuditEvent
from guichet.casework.models import Request
from guichet.connectors import api
from guichet.connectors.fake_api_particulier import FakeApiParticulier
from tenants.models import Tenant
from tests.casework.factories import PASSWORD as AGENT_PASSWORD
from tests.casework.factories import agent
from tests.conftest import DemoTenants, SiteClient, site_client
from tests.connectors.conftest import FOUESNANT_TOKEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_http")]

SLUG = "inscription-restauration-scolaire"
FORM = f"/demarches/{SLUG}/formulaire/"
BILLING = f"{FORM}3/"
REVIEW = f"{FORM}verification/"
PASSWORD = "mot de passe de la cantine"


def _citizen(tenant: Tenant, email: str = "parent@example.fr") -> SiteClient:
    register_citizen(email=email, password=PASSWORD, first_name="Nolwenn", last_name="Kerfictif")
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


def _enable(tenant: Tenant, server: FakeApiParticulier, timeout: int = 5) -> None:
    with tenant_context(tenant):
        api.configure(enabled=True, base_url=server.url, token=FOUESNANT_TOKEN, timeout_seconds=timeout)


def _answers(client: SiteClient, tenant: Tenant) -> dict[str, Any]:
    """The draft's answers (the session points to the draft kept in the site's schema)."""
    with tenant_context(tenant):  # sessions live in the site's schema
        pointer = next(iter(client.session["demarches"].values()))
        if isinstance(pointer, int):
            from services_catalog.models import Draft

            return dict(Draft.objects.get(pk=pointer).answers)
        return dict(pointer["answers"])


def _billing(**fields: str) -> dict[str, str]:
    return {"paiement": "Paiement en ligne", **fields}


def test_the_family_quotient_is_fetched_shown_with_its_source_and_kept_in_the_request(
    fouesnant: Tenant, fake_api: FakeApiParticulier
) -> None:
    """R-DLNUF-1: the citizen is told what is fetched, from whom and why; the review page, the
    request and the agent's page say which data came from where. R-DLNUF-3: through the
    commune's own connector settings."""
    _enable(fouesnant, fake_api)
    client = _citizen(fouesnant)
    page = client.get(BILLING).content.decode()
    assert "Quotient familial (CAF ou MSA)" in page
    assert "auprès de la CAF ou de la MSA, par API Particulier" in page
    assert "Seuls le montant du quotient familial et son mois de calcul sont conservés" in page
    assert "indiquez vous-même le montant" in page
    assert 'name="quotient_familial__numero"' in page and 'name="quotient_familial__montant"' in page
    assert 'aria-describedby="quotient_familial-aide"' in page  # the fieldset and its notice
    assert 'aria-describedby="quotient_familial-aide quotient_familial__numero-aide"' in page

    response = client.post(
        BILLING, _billing(quotient_familial__numero="123 4567", quotient_familial__code_postal="29170")
    )
    assert response.status_code == 302 and response["Location"] == REVIEW
    answer = _answers(client, fouesnant)["quotient_familial"]
    assert answer["value"] == 850 and answer["source"] == "CAF via API Particulier"
    assert answer["month"] == "2026-10" and answer["fetched_at"]
    assert "allocataires" not in answer  # only what the form needs is kept
    assert fake_api.seen_tokens == [FOUESNANT_TOKEN]

    review = client.get(REVIEW).content.decode()
    assert re.search(r"850\xa0€ — donnée transmise par la CAF via API Particulier le \d+ \w+ 20\d\d", review)
    assert "(quotient de octobre 2026)" in review

    # Back to the page: the numbers are kept; sent again unchanged, no second call.
    again = client.get(BILLING).content.decode()
    assert 'value="1234567"' in again and "Déjà obtenu : 850 €" in again
    client.post(BILLING, _billing(quotient_familial__numero="1234567", quotient_familial__code_postal="29170"))
    assert len(fake_api.seen_tokens) == 1

    # The other pages, then the submission: the request keeps the value with its source.
    client.post(
        f"{FORM}1/",
        {
            "nom": "Kerfictif",
            "prenom": "Nolwenn",
            "courriel": "parent@example.fr",
            "adresse__rue": "1 rue Imaginaire",
            "adresse__code_postal": "29170",
            "adresse__commune": "Fouesnant",
        },
    )
    client.post(
        f"{FORM}2/",
        {
            "enfants__count": "1",
            "enfants__0__nom_enfant": "Kerfictif",
            "enfants__0__prenom_enfant": "Maël",
            "enfants__0__naissance_enfant": "2017-09-02",
            "enfants__0__ecole": "École du Bourg",
            "enfants__0__classe": "Petite section",
            "enfants__0__jours": ["Lundi", "Jeudi"],
            "sante": "non",
        },
    )
    review = client.get(REVIEW).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', review)
    assert key, review
    identity = {
        "last_name": "Kerfictif",
        "first_name": "Nolwenn",
        "email": "parent@example.fr",
        "postal_address": "1 rue Imaginaire\n29170 Fouesnant",
        "submission_key": key.group(1),
    }
    assert client.post(REVIEW, identity).status_code == 302
    with tenant_context(fouesnant):
        request = Request.objects.get()
        assert request.answers["quotient_familial"]["value"] == 850
        assert request.answers["quotient_familial"]["source"] == "CAF via API Particulier"
        fetched = AuditEvent.objects.get(action="connectors.fetched")
        assert "850" not in str(fetched.data) and "1234567" not in str(fetched.data)
        assert fetched.actor_label == "parent@example.fr"  # who asked, through the form's extras
        instructor = agent(fouesnant, "agent.cantine@fouesnant.example")
    staff = site_client(fouesnant)
    assert (
        staff.post("/compte/connexion/", {"username": instructor.email, "password": AGENT_PASSWORD}).status_code == 302
    )
    agent_page = staff.get(f"/admin/demandes/{request.pk}/").content.decode()
    assert "donnée transmise par la CAF via API Particulier" in agent_page


def test_without_the_connector_the_citizen_types_the_amount(demo: DemoTenants, fake_api: FakeApiParticulier) -> None:
    """R-DLNUF-3: Bénodet has no habilitation: no allocataire number is asked and nothing is
    sent (even a forged number field), the amount is typed and shown as declared."""
    _enable(demo["fouesnant"], fake_api)
    benodet = demo["benodet"]
    client = _citizen(benodet)
    page = client.get(BILLING).content.decode()
    assert 'name="quotient_familial__numero"' not in page and "API Particulier" not in page
    assert "tel qu'il figure sur votre attestation" in page and 'name="quotient_familial__montant"' in page

    bad = client.post(BILLING, _billing(quotient_familial__montant="huit cents"))
    assert bad.status_code == 400 and "Saisissez un nombre entier" in bad.content.decode()
    assert re.search(r'value="Paiement en ligne"[^>]*checked', bad.content.decode())  # answers kept
    negative = client.post(BILLING, _billing(quotient_familial__montant="-5"))
    assert negative.status_code == 400

    forged = _billing(
        quotient_familial__numero="1234567", quotient_familial__code_postal="29170", quotient_familial__montant="620"
    )
    assert client.post(BILLING, forged).status_code == 302
    assert _answers(client, benodet)["quotient_familial"] == {"value": 620, "declared": True}
    assert fake_api.seen_tokens == []
    review = client.get(REVIEW).content.decode()
    assert "620\xa0€ — montant déclaré par le demandeur (attestation à fournir)" in review

    # The question is optional: leaving it empty is fine.
    assert client.post(BILLING, _billing()).status_code == 302


def test_unknown_allocataire_and_outage_fall_back_to_the_amount_without_losing_answers(
    fouesnant: Tenant, fake_api: FakeApiParticulier
) -> None:
    _enable(fouesnant, fake_api, timeout=1)
    client = _citizen(fouesnant)
    unknown = client.post(
        BILLING, _billing(quotient_familial__numero="9999999", quotient_familial__code_postal="29170")
    )
    assert unknown.status_code == 400
    html = unknown.content.decode()
    assert "Aucun dossier allocataire ne correspond" in html and "indiquer vous-même le montant" in html
    assert 'value="9999999"' in html and 'value="Paiement en ligne"' in html

    fake_api.fail_with = 503
    outage = client.post(BILLING, _billing(quotient_familial__numero="1234567", quotient_familial__code_postal="29170"))
    assert outage.status_code == 400
    assert "ne répond pas pour le moment" in outage.content.decode()
    fake_api.fail_with, fake_api.delay = 0, 2.0
    slow = client.post(BILLING, _billing(quotient_familial__numero="1234567", quotient_familial__code_postal="29170"))
    assert slow.status_code == 400 and "ne répond pas pour le moment" in slow.content.decode()

    manual = client.post(
        BILLING,
        _billing(
            quotient_familial__numero="1234567",
            quotient_familial__code_postal="29170",
            quotient_familial__montant="900",
        ),
    )
    assert manual.status_code == 302
    assert _answers(client, fouesnant)["quotient_familial"] == {"value": 900, "declared": True}
    assert _answers(client, fouesnant)["paiement"] == "Paiement en ligne"
    with tenant_context(fouesnant):
        failures = [
            e.data["outcome"] for e in AuditEvent.objects.filter(action="connectors.fetch_failed").order_by("pk")
        ]
    assert failures == ["not_found", "unavailable", "unavailable"]


@pytest.mark.parametrize(
    ("number", "postal", "error"),
    [
        ("12ab", "29170", "Le numéro d&#x27;allocataire compte 7 chiffres"),
        ("1234567", "291", "Le code postal compte 5 chiffres"),
        ("1234567", "", "Le code postal compte 5 chiffres"),
        ("", "29170", "Le numéro d&#x27;allocataire compte 7 chiffres"),
        ("1" * 21, "29170", "au plus 20 caractères"),
    ],
)
def test_malformed_numbers_are_field_errors_and_no_call_is_made(
    fouesnant: Tenant, fake_api: FakeApiParticulier, number: str, postal: str, error: str
) -> None:
    _enable(fouesnant, fake_api)
    client = _citizen(fouesnant)
    response = client.post(BILLING, _billing(quotient_familial__numero=number, quotient_familial__code_postal=postal))
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and "Le formulaire contient 1 erreur." in html
    assert re.search(r'id="quotient_familial__(numero|code_postal)-aide"><p class="error-text">Erreur :', html)
    assert fake_api.seen_tokens == []


def test_the_builder_offers_the_question_outside_repeated_groups() -> None:
    """The no-code builder has a "Quotient familial (CAF/MSA)" block; the frozen schema keeps its type."""
    from services_catalog.blocks import FormBlock, GroupFields
    from services_catalog.engine import display_value
    from services_catalog.schema import build_schema

    assert str(FormBlock().child_blocks["family_quotient"].label) == "Quotient familial (CAF/MSA)"
    assert "family_quotient" not in GroupFields().child_blocks
    schema = build_schema([("family_quotient", {"label": "Quotient familial", "required": False})], "Tarif")
    item = schema["pages"][0]["items"][0]
    assert (item["type"], item["key"], item["required"]) == ("family_quotient", "quotient_familial", False)
    assert display_value(item, None) == "Pas de réponse"
    assert display_value(item, {"value": 12, "declared": True}).startswith("12\xa0€ — montant déclaré")
    shown = display_value(
        item,
        {"value": 300, "source": "MSA via API Particulier", "fetched_at": "2026-11-23T09:00:00+00:00", "month": "x"},
    )
    assert shown == "300\xa0€ — donnée transmise par la MSA via API Particulier le 23 novembre 2026"


def test_the_engine_uses_the_sites_schema_from_the_extras_and_refetches_stale_answers(
    demo: DemoTenants, fake_api: FakeApiParticulier
) -> None:
    """R-DLNUF-3: the form's extras say whose habilitation applies (Fouesnant's here, none for
    Bénodet); an answer fetched today is reused, an older one is fetched again."""
    import datetime as dt

    from django.utils import timezone

    from services_catalog.engine import StepForm
    from services_catalog.extras import FormExtras
    from services_catalog.schema import build_schema

    _enable(demo["fouesnant"], fake_api)
    schema = build_schema([("family_quotient", {"label": "Quotient familial"})], "Tarif")
    data = {"quotient_familial__numero": "1234567", "quotient_familial__code_postal": "29170"}
    benodet_schema = demo["benodet"].schema_name
    benodet = StepForm(
        schema=schema, page_index=0, answers={}, data=data, extras=FormExtras(user=None, schema_name=benodet_schema)
    )
    assert "quotient_familial__numero" not in benodet.fields
    assert not benodet.is_valid() and "Ce champ est obligatoire." in str(benodet.errors)
    assert fake_api.seen_tokens == []

    from guichet.accounts.models import User

    citizen = User.objects.create_user("famille@example.fr", PASSWORD)
    counter_agent = User.objects.create_user("guichet@fouesnant.example", PASSWORD)
    # At the counter: the agent fills the citizen's form; the fetch is audited under the agent.
    extras = FormExtras(user=citizen, schema_name=demo["fouesnant"].schema_name, actor=counter_agent)
    old = {
        "value": 1,
        "source": "CAF via API Particulier",
        "fetched_at": (timezone.now() - dt.timedelta(days=2)).isoformat(),
        "month": "2026-01",
        "numero_allocataire": "1234567",
        "code_postal": "29170",
    }
    form = StepForm(schema=schema, page_index=0, answers={"quotient_familial": old}, data=data, extras=extras)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["answers"]["quotient_familial"]["value"] == 850
    assert fake_api.seen_tokens == [FOUESNANT_TOKEN]
    with tenant_context(demo["fouesnant"]):
        assert AuditEvent.objects.get(action="connectors.fetched").actor_label == "guichet@fouesnant.example"

    today = {**old, "fetched_at": timezone.now().isoformat()}
    form = StepForm(schema=schema, page_index=0, answers={"quotient_familial": today}, data=data, extras=extras)
    assert form.is_valid() and form.cleaned_data["answers"]["quotient_familial"]["value"] == 1
    assert len(fake_api.seen_tokens) == 1
