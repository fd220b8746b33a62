"""Rendering when a message is queued: the tenant's name, colours and sender, its own
wording with {{ markers }} (never compiled as a template), and the admin forms' refusals."""

from __future__ import annotations

from email.utils import parseaddr

import pytest
from django.utils import translation
from django_tenants.utils import tenant_context

from guichet.notifications import api, events
from guichet.notifications.forms import SettingsForm, TemplateForm
from guichet.notifications.models import OutboxMessage
from guichet.notifications.services import save_settings, save_template
from tenants.models import Tenant
from theming.services import update_theme

EVENT = "notifications.message"


def _queue(tenant: Tenant, **context: str) -> OutboxMessage:
    with tenant_context(tenant):
        outbox_id = api.enqueue_email(
            event=EVENT,
            to="nolwenn@example.fr",
            context={"subject": "Votre demande", "message": "Bien reçue.", **context},
        )
        return OutboxMessage.objects.get(pk=outbox_id)


@pytest.mark.django_db
def test_an_email_is_rendered_in_the_tenants_name_and_colours_when_queued(fouesnant: Tenant) -> None:
    update_theme(tenant=fouesnant, values={"primary_colour": "#8b0000", "secondary_colour": "#1f5f3a"})
    message = _queue(fouesnant, message="Elle est <b>reçue</b> & enregistrée.")

    assert message.status == "pending" and message.attempts == 0
    assert message.subject == "Votre demande"
    assert "Elle est <b>reçue</b> & enregistrée." in message.body_text  # plain text: not escaped
    assert fouesnant.name in message.body_text
    html = message.body_html
    assert '<html lang="fr">' in html
    assert "background-color:#8b0000" in html and "#1f5f3a" in html
    assert f">{fouesnant.name}</p>" in html
    assert "Elle est &lt;b&gt;reçue&lt;/b&gt; &amp; enregistrée." in html  # HTML: escaped
    assert f"Ce message vous est envoyé par {fouesnant.name}. Merci de ne pas y répondre directement." in html
    assert "http://fouesnant.localhost/" in html
    assert "<style" not in html and "class=" not in html  # inline styles only
    assert message.message_id == f"<outbox.{fouesnant.schema_name}.{message.pk}@guichet.localhost>"


@pytest.mark.django_db
def test_the_from_header_carries_the_tenants_sender_name(fouesnant: Tenant) -> None:
    assert _queue(fouesnant).from_header == f"{fouesnant.name} <ne-pas-repondre@guichet.localhost>"
    with tenant_context(fouesnant):
        save_settings(
            sender_name="Mairie de Fouesnant, Les Glénan", reply_to="accueil@fouesnant.example", sms_daily_cap=3
        )
    message = _queue(fouesnant)
    assert parseaddr(message.from_header) == ("Mairie de Fouesnant, Les Glénan", "ne-pas-repondre@guichet.localhost")
    assert message.from_header.startswith('"Mairie de Fouesnant, Les Glénan"')  # quoted: it has a comma
    assert message.reply_to == "accueil@fouesnant.example"
    assert "Mairie de Fouesnant, Les Glénan" in message.body_text  # {{ sender_name }} of the default text


@pytest.mark.django_db
def test_a_tenants_own_wording_replaces_the_default_with_its_markers_filled(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        save_template(
            event=EVENT,
            subject="{{ tenant_name }} : {{subject}}",
            body="Madame, Monsieur,\n\n{{ message }}\n\nL'accueil de la mairie",
            sms_text="",
        )
    message = _queue(fouesnant)
    assert message.subject == f"{fouesnant.name} : Votre demande"
    assert message.body_text == "Madame, Monsieur,\n\nBien reçue.\n\nL'accueil de la mairie\n"
    assert "<p>Madame, Monsieur,</p>" in message.body_html and f">{fouesnant.name}</p>" in message.body_html
    # Another commune keeps the platform's text.
    other = _queue(benodet)
    assert other.subject == "Votre demande" and other.body_text.startswith("Bonjour,")


@pytest.mark.django_db
def test_admin_text_and_citizen_data_are_never_run_as_template_code(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        save_template(event=EVENT, subject="", body="{{ message }}", sms_text="")
    message = _queue(fouesnant, message="{{ tenant_name }} {% load static %}{% debug %}")
    assert message.body_text == "{{ tenant_name }} {% load static %}{% debug %}\n"  # substituted once, literally
    assert message.subject == "Votre demande"  # empty override field: the default subject


def test_registered_events_offer_their_markers_and_the_common_ones() -> None:
    event = events.get(EVENT)
    assert event is not None and event.label == "Message libre"
    assert event.allowed_placeholders == ("subject", "message", "tenant_name", "site_url", "sender_name")


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"body": "Bonjour {{ secret_key }}"}, "body", "Marqueur inconnu : {{ secret_key }}. Marqueurs possibles :"),
        ({"subject": "{{ settings.SECRET_KEY }}"}, "subject", "Marqueur inconnu : {{ settings.SECRET_KEY }}."),
        ({"body": "{% if message %}oui{% endif %}"}, "body", "Les instructions {% … %} ne sont pas permises"),
        ({"sms_text": "{{ message }"}, "sms_text", "Accolades mal formées"),
        ({"body": "{{ message|safe }}"}, "body", "Accolades mal formées"),
        ({"subject": "Objet\nBcc: pirate@example.com"}, "subject", "L'objet tient sur une seule ligne."),
        ({"sms_text": "x" * 481}, "sms_text", "au plus 480 caractères"),
    ],
)
def test_the_wording_form_refuses_bad_markers_and_input_in_french(data: dict[str, str], field: str, error: str) -> None:
    event = events.get(EVENT)
    assert event is not None
    form = TemplateForm(data={"subject": "", "body": "", "sms_text": "", **data}, event=event)
    with translation.override("fr"):
        assert not form.is_valid()
    assert any(error in message for message in form.errors[field]), form.errors


def test_the_wording_form_accepts_known_markers() -> None:
    event = events.get(EVENT)
    assert event is not None
    form = TemplateForm(
        data={"subject": "{{subject}}", "body": "{{ message }} — {{ site_url }}", "sms_text": ""}, event=event
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"reply_to": "pas une adresse"}, "reply_to", "Saisissez une adresse"),
        ({"sms_daily_cap": "50"}, "sms_daily_cap", "inférieure ou égale à 20"),
        ({"sms_daily_cap": "-1"}, "sms_daily_cap", "supérieure ou égale à 0"),
        ({"sms_daily_cap": "trois"}, "sms_daily_cap", "Saisissez un nombre entier"),
        ({"sender_name": 'Mairie" <pirate@example.com>'}, "sender_name", "ni adresse, ni guillemets"),
        ({"sender_name": "x" * 101}, "sender_name", "au plus 100 caractères"),
    ],
)
def test_the_sender_form_refuses_bad_input_in_french(data: dict[str, str], field: str, error: str) -> None:
    form = SettingsForm(data={"sender_name": "Mairie", "reply_to": "", "sms_daily_cap": "3", **data})
    with translation.override("fr"):
        assert not form.is_valid()
    assert any(error in message for message in form.errors[field]), form.errors


@pytest.mark.django_db
def test_queuing_refuses_an_unknown_event_and_the_public_schema(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant), pytest.raises(ValueError, match="Unknown notification event"):
        api.enqueue_email(event="casework.nope", to="a@example.fr", context={})
    with pytest.raises(RuntimeError, match="tenant's schema only"):
        api.enqueue_email(event=EVENT, to="a@example.fr", context={"subject": "x", "message": "y"})
