"""Sign-up, sign-in, sign-out and password reset on every tenant site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from django.test import override_settings

from guichet.accounts.models import User
from guichet.local.embedded import free_port
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client

GOOD = {
    "first_name": "Nolwenn",
    "last_name": "Le Bihan",
    "email": "Nolwenn.LeBihan@Example.fr",
    "password1": "correct cheval pile agrafe",
    "password2": "correct cheval pile agrafe",
}


@pytest.mark.django_db
def test_sign_up_creates_one_account_usable_on_every_commune(fouesnant: Tenant, benodet: Tenant) -> None:
    client = site_client(fouesnant)
    page = client.get("/compte/inscription/")
    assert page.status_code == 200
    assert '<label for="id_email">Adresse électronique' in page.content.decode()
    response = client.post("/compte/inscription/", GOOD)
    assert response.status_code == 302
    user = User.objects.get(email="nolwenn.lebihan@example.fr")
    assert (user.first_name, user.last_name, user.is_superuser) == ("Nolwenn", "Le Bihan", False)
    assert "Se déconnecter" in client.get("/").content.decode()
    other = site_client(benodet)
    response = other.post(
        "/compte/connexion/", {"username": "NOLWENN.lebihan@example.fr", "password": GOOD["password1"]}
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"password1": "court", "password2": "court"}, "Ce mot de passe est trop court."),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "entièrement numérique"),
        ({"password2": "autre chose encore"}, "Les deux mots de passe ne sont pas identiques."),
        ({"first_name": ""}, "Champ requis."),
    ],
)
def test_sign_up_with_bad_input_explains_in_french_and_creates_nothing(
    fouesnant: Tenant, changes: dict[str, str], message: str
) -> None:
    before = User.objects.count()
    response = site_client(fouesnant).post("/compte/inscription/", {**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_sign_up_with_a_taken_email_keeps_the_existing_account(fouesnant: Tenant) -> None:
    existing = User.objects.create_user("nolwenn.lebihan@example.fr", "ancien mot de passe long")
    response = site_client(fouesnant).post("/compte/inscription/", GOOD)
    assert response.status_code == 400
    assert "Un compte existe déjà avec cette adresse" in response.content.decode()
    existing.refresh_from_db()
    assert existing.check_password("ancien mot de passe long")
    assert User.objects.filter(email__iexact=GOOD["email"]).count() == 1


@pytest.mark.django_db
def test_sign_in_with_a_wrong_password_is_refused_in_french(fouesnant: Tenant) -> None:
    User.objects.create_user("yann@example.fr", "le bon mot de passe")
    response = site_client(fouesnant).post("/compte/connexion/", {"username": "yann@example.fr", "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    response = site_client(fouesnant).post("/compte/connexion/", {"username": "", "password": ""})
    assert "Champ requis." in response.content.decode()


@pytest.mark.django_db
def test_sign_out(fouesnant: Tenant) -> None:
    User.objects.create_user("yann@example.fr", "le bon mot de passe")
    client = site_client(fouesnant)
    client.post("/compte/connexion/", {"username": "yann@example.fr", "password": "le bon mot de passe"})
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 200
    assert "Vous êtes déconnecté" in response.content.decode()
    assert "Se connecter" in client.get("/").content.decode()


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 collecting what it receives."""
    from aiosmtpd.controller import Controller

    received: list[Message] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(message_from_bytes(envelope.content))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@pytest.mark.django_db
def test_password_reset_by_email_over_real_smtp_links_to_the_same_commune(
    demo: DemoTenants, smtp_server: tuple[int, list[Message]]
) -> None:
    port, received = smtp_server
    user = User.objects.create_user("maiwenn@example.fr", "oublié depuis longtemps")
    client = site_client(demo["pleuven"])
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "MAIWENN@example.fr"})
        assert response.status_code == 302
        # An unknown address gets the same answer and no email (no account enumeration).
        assert client.post("/compte/mot-de-passe/oubli/", {"email": "personne@example.fr"}).status_code == 302
        bad = client.post("/compte/mot-de-passe/oubli/", {"email": "pas une adresse"})
        assert "Saisissez une adresse de courriel valide." in bad.content.decode()
    assert len(received) == 1
    mail = received[0]
    assert mail["To"] == "maiwenn@example.fr"
    assert "Pleuven" in mail["Subject"]
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    link = re.search(r"http://pleuven\.localhost(/compte/mot-de-passe/nouveau/\S+/)", body)
    assert link, body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    mismatch = client.post(action, {"new_password1": "nouveau mot de passe sûr", "new_password2": "autre"})
    assert "Les deux mots de passe ne correspondent pas." in mismatch.content.decode()
    done = client.post(
        action, {"new_password1": "nouveau mot de passe sûr", "new_password2": "nouveau mot de passe sûr"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nouveau mot de passe sûr")
    assert client.get(link.group(1), follow=True).context["validlink"] is False
