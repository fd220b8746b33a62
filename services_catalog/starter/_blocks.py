"""Helpers shared by the starter services' forms."""

from __future__ import annotations

from typing import Any

Block = tuple[str, dict[str, Any]]


def _if(question: str, value: str = "", operator: str = "equals") -> dict[str, str]:
    """A condition on an earlier question (for a yes/no question, value is "oui" or "non")."""
    return {"question": question, "operator": operator, "value": value}


def _identity(
    *,
    title: str = "Vos coordonnées",
    phone_required: bool = False,
    phone_help: str = "Facultatif : pour vous joindre si un renseignement manque.",
    address_label: str = "",
    address_help: str = "",
) -> list[Block]:
    """The first page of every form: who makes the request."""
    blocks: list[Block] = [
        ("page_break", {"title": title}),
        ("text", {"label": "Votre nom", "key": "nom", "max_length": 100, "autocomplete": "family-name"}),
        ("text", {"label": "Votre prénom", "key": "prenom", "max_length": 100, "autocomplete": "given-name"}),
        (
            "email",
            {
                "label": "Votre adresse électronique",
                "key": "courriel",
                "help_text": "L'accusé de réception et la réponse vous y seront envoyés.",
            },
        ),
        (
            "phone",
            {
                "label": "Votre numéro de téléphone",
                "key": "telephone",
                "required": phone_required,
                "help_text": phone_help if not phone_required else "",
            },
        ),
    ]
    if address_label:
        blocks.append(("address", {"label": address_label, "key": "adresse", "help_text": address_help}))
    return blocks
