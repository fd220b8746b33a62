"""The notifications in a tenant's Wagtail admin: "Envois" for administrators and agents
(one tenant's messages only), "Modèles de messages" and "Expéditeur des messages" for
administrators, with French refusals and an audit row per change."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from guichet.accounts.models import User
from guichet.audit.models import AuditEvent
from guichet.notifications import api
from guichet.notifications.models import NotificationSettings, NotificationTemplate
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant
from tests.conftest import SiteClient, site_client

PASSWORD = "mot de passe des messages"
EVENT = "notifications.message"
OUTBOX = "/admin/messages/envois/"
TEMPLATE = f"/admin/messages/modeles/{EVENT}/"
SENDER = "/admin/messages/expediteur/"


def _signed_in(tenant: Tenant, role: str | None) -> SiteClient:
    user = User.objects.create_user(f"{role or 'personne'}@{tenant.slug}.example", PASSWORD)
    if role:
        grant_role(tenant=tenant, user=user, role=role)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _queue(tenant: Tenant, to: str) -> int:
    with tenant_context(tenant):
        return api.enqueue_email(
            event=EVENT, to=to, context={"subject": f"Pour {to}", "message": "Bonjour"}, related="admin-test"
        )


@pytest.mark.django_db
def test_agents_and_administrators_see_their_tenants_deliveries_filtered(fouesnant: Tenant) -> None:
    first = _queue(fouesnant, "nolwenn@example.fr")
    _queue(fouesnant, "yann@example.fr")
    with tenant_context(fouesnant):
        api.flush_due()
        api.enqueue_sms(event=EVENT, to="06 12 34 56 78", context={"message": "x"}, citizen_key="user:1")
    for role in (Role.AGENT, Role.COMMUNE_ADMIN):
        client = _signed_in(fouesnant, role)
        page = client.get(OUTBOX).content.decode()
        assert "nolwenn@example.fr" in page and "yann@example.fr" in page and "06 12 34 56 78" in page
        searched = client.get(OUTBOX, {"q": "nolwenn"}).content.decode()
        assert "nolwenn@example.fr" in searched and "yann@example.fr" not in searched
        sms_only = client.get(OUTBOX, {"channel": "sms"}).content.decode()
        assert "06 12 34 56 78" in sms_only and "nolwenn@example.fr" not in sms_only
        pending = client.get(OUTBOX, {"status": "pending"}).content.decode()
        assert "06 12 34 56 78" in pending and "nolwenn@example.fr" not in pending
        detail = client.get(f"{OUTBOX}{first}/")
        assert detail.status_code == 200
        assert "Pour nolwenn@example.fr" in detail.content.decode() and "Envoyé" in detail.content.decode()


@pytest.mark.django_db
def test_a_commune_never_sees_another_communes_messages(fouesnant: Tenant, benodet: Tenant) -> None:
    outbox_id = _queue(fouesnant, "nolwenn@example.fr")
    with tenant_context(benodet):
        assert api.deliveries("admin-test") == []
        assert api.delivery(outbox_id) is None
    client = _signed_in(benodet, Role.COMMUNE_ADMIN)
    assert client.get(f"{OUTBOX}{outbox_id}/").status_code == 404
    listing = client.get(OUTBOX)
    assert listing.status_code == 200 and "nolwenn@example.fr" not in listing.content.decode()
    with tenant_context(fouesnant):
        assert [d.id for d in api.deliveries("admin-test")] == [outbox_id]


def _refused(response: object) -> bool:
    """Wagtail turns PermissionDenied into a redirect to the admin's home with a message."""
    return getattr(response, "status_code", 0) == 302 and getattr(response, "url", "") == "/admin/"


@pytest.mark.django_db
def test_editors_and_citizens_cannot_see_deliveries_and_agents_cannot_edit_messages(fouesnant: Tenant) -> None:
    _queue(fouesnant, "nolwenn@example.fr")
    assert _refused(_signed_in(fouesnant, Role.EDITOR).get(OUTBOX))
    citizen = _signed_in(fouesnant, None).get(OUTBOX)
    assert citizen.status_code == 302 and "nolwenn" not in citizen.content.decode()
    agent = _signed_in(fouesnant, Role.AGENT)
    for url in (TEMPLATE, SENDER, "/admin/messages/modeles/"):
        assert _refused(agent.get(url))
    assert _refused(agent.post(SENDER, {"sender_name": "Agent", "reply_to": "", "sms_daily_cap": "3"}))
    anonymous = site_client(fouesnant).get(OUTBOX)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/compte/connexion/")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_operators_site_has_no_outbox() -> None:
    assert site_client("localhost").get(OUTBOX).status_code in (302, 404)


@pytest.mark.django_db
def test_an_administrator_writes_the_communes_wording_and_it_is_audited(fouesnant: Tenant) -> None:
    client = _signed_in(fouesnant, Role.COMMUNE_ADMIN)
    listing = client.get("/admin/messages/modeles/").content.decode()
    assert "Message libre" in listing and "Celui de la plateforme" in listing
    form = client.get(TEMPLATE).content.decode()
    assert "{{ message }}" in form and "{{ tenant_name }}" in form  # the markers are documented

    refused = client.post(TEMPLATE, {"subject": "Bonjour {{ mot_de_passe }}", "body": "{% debug %}", "sms_text": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Marqueur inconnu : {{ mot_de_passe }}" in page
    assert "Les instructions {% … %} ne sont pas permises" in page
    with tenant_context(fouesnant):
        assert not NotificationTemplate.objects.exists()

    saved = client.post(
        TEMPLATE, {"subject": "{{ subject }} ({{ tenant_name }})", "body": "{{ message }}", "sms_text": ""}
    )
    assert saved.status_code == 302
    with tenant_context(fouesnant):
        assert NotificationTemplate.objects.get(event=EVENT).subject == "{{ subject }} ({{ tenant_name }})"
        assert AuditEvent.objects.filter(action="notifications.template_changed", target_id=EVENT).count() == 1
    assert "Le vôtre" in client.get("/admin/messages/modeles/").content.decode()

    assert client.post(TEMPLATE, {"subject": "", "body": "", "sms_text": ""}).status_code == 302  # back to defaults
    with tenant_context(fouesnant):
        assert not NotificationTemplate.objects.exists()
        assert AuditEvent.objects.filter(action="notifications.template_reset").count() == 1
    assert client.get("/admin/messages/modeles/evenement.inconnu/").status_code == 404


@pytest.mark.django_db
def test_an_administrator_sets_the_sender_with_french_refusals_and_an_audit_row(fouesnant: Tenant) -> None:
    client = _signed_in(fouesnant, Role.COMMUNE_ADMIN)
    assert client.get(SENDER).status_code == 200
    refused = client.post(
        SENDER, {"sender_name": "Mairie\r\nBcc: x@example.com", "reply_to": "nope", "sms_daily_cap": "99"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "ni adresse, ni guillemets" in page
    assert "Saisissez une adresse" in page
    assert "inférieure ou égale à 20" in page
    with tenant_context(fouesnant):
        assert not NotificationSettings.objects.exists()
    saved = client.post(
        SENDER, {"sender_name": "Mairie de Fouesnant", "reply_to": "accueil@fouesnant.example", "sms_daily_cap": "2"}
    )
    assert saved.status_code == 302
    with tenant_context(fouesnant):
        settings_row = NotificationSettings.objects.get()
        assert (settings_row.sender_name, settings_row.sms_daily_cap) == ("Mairie de Fouesnant", 2)
        event = AuditEvent.objects.get(action="notifications.settings_changed")
        assert event.data == {"sender_name": "Mairie de Fouesnant", "reply_to": True, "sms_daily_cap": 2}
        assert event.actor_label == f"{Role.COMMUNE_ADMIN}@fouesnant.example"
