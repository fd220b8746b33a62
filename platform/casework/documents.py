"""What the administration's documents say, computed from the request and the frozen
service settings: the accusé d'enregistrement (R-SVE-4), the accusé de réception with
every mention of R-SVE-3, the decision, and the attestation of implicit acceptance
(R-SVA-4, R-SVA-5).

Each builder returns a `Content`: the mentions by letter (kept as proof, R-SVE-5), the
sections the PDF and the email show. Plain functions, no writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone, translation

from .models import Request

RECOURSE = (
    "Vous pourrez contester la décision implicite de rejet dans un délai de deux mois à compter de la date à "
    "laquelle elle sera née : par un recours gracieux adressé à {service}, ou par un recours contentieux devant "
    "le tribunal administratif territorialement compétent, y compris par l'application Télérecours citoyens "
    "(www.telerecours.fr). Dans ce même délai, vous pouvez demander la communication des motifs de cette "
    "décision (article L232-4 du code des relations entre le public et l'administration)."
)
EXPLICIT_RECOURSE = (
    "Vous pouvez contester cette décision dans un délai de deux mois à compter de sa réception : par un recours "
    "gracieux adressé à {service}, ou par un recours contentieux devant le tribunal administratif territorialement "
    "compétent, y compris par l'application Télérecours citoyens (www.telerecours.fr)."
)


@dataclass(frozen=True)
class Content:
    title: str
    sections: list[tuple[str, list[str]]]
    mentions: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "sections": [[t, list(p)] for t, p in self.sections], "mentions": self.mentions}

    def as_text(self) -> str:
        parts = []
        for title, paragraphs in self.sections:
            if title:
                parts.append(title.upper())
            parts.extend(paragraphs)
            parts.append("")
        return "\n".join(parts).strip()


def french_date(day: dt.date | dt.datetime) -> str:
    """ "15 mai 2023" (a datetime is shown on its local day)."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    with translation.override("fr"):
        return formats.date_format(day, "j F Y")


def french_datetime(moment: dt.datetime) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment), "j F Y à H\\hi")


def _service_contact(settings: dict[str, Any]) -> list[str]:
    lines = [str(settings.get("handling_service") or "")]
    if settings.get("handling_address"):
        lines.append(f"Adresse : {settings['handling_address']}")
    if settings.get("handling_email"):
        lines.append(f"Courriel : {settings['handling_email']}")
    if settings.get("handling_phone"):
        lines.append(f"Téléphone : {settings['handling_phone']}")
    return lines


def _identification(request: Request) -> list[str]:
    return [
        f"Démarche : {request.service_title}",
        f"Demandeur : {request.full_name}",
        f"Référence : {request.reference}",
    ]


def _delay_text(settings: dict[str, Any]) -> str:
    unit = {"days": "jours", "weeks": "semaines", "months": "mois"}.get(str(settings.get("silence_delay_unit")), "")
    return f"{settings.get('silence_delay')} {unit}".strip()


def registration(request: Request) -> Content:
    """Accusé d'enregistrement (R-SVE-4): sent at once, with the date of receipt."""
    received = french_datetime(request.submitted_at)
    return Content(
        title="Accusé d'enregistrement",
        sections=[
            ("", _identification(request)),
            (
                "",
                [
                    f"Votre demande a été enregistrée le {received}.",
                    "L'accusé de réception, qui précise les délais et vos droits, vous est adressé séparément.",
                ],
            ),
        ],
        mentions={"date_of_receipt": received},
    )


def receipt(
    request: Request,
    *,
    missing: str = "",
    missing_deadline: dt.date | None = None,
) -> Content:
    """Accusé de réception with every mention of R-SVE-3, from the frozen service settings."""
    settings = request.service_settings
    rule = settings.get("silence_rule") or "none"
    mentions: dict[str, str] = {}
    sections: list[tuple[str, list[str]]] = [("", _identification(request))]

    mentions["a"] = f"Date de réception de votre demande : {french_date(request.submitted_at)}."
    sections.append(("Réception", [mentions["a"]]))

    contact = _service_contact(settings)
    mentions["b"] = "Service chargé de votre demande : " + " — ".join(contact)
    sections.append(("Service chargé de votre demande", contact))

    due = french_date(request.decision_due_on) if request.decision_due_on else ""
    basis = f" (fondement : {settings['legal_basis']})" if settings.get("legal_basis") else ""
    if rule == "sva":
        mentions["c"] = (
            f"Sans réponse de l'administration dans un délai de {_delay_text(settings)}, soit au plus tard le "
            f"{due}, votre demande sera réputée acceptée (le silence vaut acceptation){basis}, "
            "à condition que votre demande soit complète."
        )
    elif rule == "svr":
        mentions["c"] = (
            f"Sans réponse de l'administration dans un délai de {_delay_text(settings)}, soit au plus tard le "
            f"{due}, votre demande sera réputée rejetée (le silence vaut rejet){basis}, "
            "à condition que votre demande soit complète."
        )
    else:
        mentions["c"] = (
            "Cette démarche ne donne pas lieu à une décision implicite : le service vous adressera une réponse."
        )
    sections.append(("Délai et effet du silence de l'administration", [mentions["c"]]))

    if rule == "svr":
        mentions["d"] = RECOURSE.format(service=settings.get("handling_service") or "le service")
        sections.append(("Voies et délais de recours", [mentions["d"]]))
    if rule == "sva":
        mentions["e"] = (
            "Si votre demande est acceptée implicitement, vous pourrez demander au service une attestation de "
            "décision implicite d'acceptation (article L232-3 du code des relations entre le public et "
            "l'administration). Elle sera aussi mise à votre disposition sur la page de suivi de votre demande."
        )
        sections.append(("Attestation de décision implicite", [mentions["e"]]))
    if missing:
        effect = (
            "Le délai au terme duquel votre demande sera acceptée ne commencera qu'à la réception de ces pièces."
            if rule == "sva"
            else "Le délai de décision est suspendu jusqu'à la réception de ces pièces."
        )
        deadline = french_date(missing_deadline) if missing_deadline else ""
        mentions["f"] = (
            f"Votre demande est incomplète. Pièces ou informations à fournir : {missing}. "
            f"Date limite : {deadline}. {effect}"
        )
        sections.append(("Pièces manquantes", [mentions["f"]]))
    return Content(title="Accusé de réception", sections=sections, mentions=mentions)


def decision(request: Request) -> Content:
    outcome = request.get_state_display()
    settings = request.service_settings
    paragraphs = [f"Décision : {outcome}, le {french_date(request.decided_at or timezone.now())}."]
    if request.decision_reason:
        paragraphs.append(f"Motif : {request.decision_reason}")
    sections = [("", _identification(request)), ("Décision", paragraphs)]
    if request.state == "rejected":
        sections.append(
            (
                "Voies et délais de recours",
                [EXPLICIT_RECOURSE.format(service=settings.get("handling_service") or "le service")],
            )
        )
    sections.append(("Service", _service_contact(settings)))
    return Content(title=f"Décision — {outcome}", sections=sections, mentions={"outcome": request.state})


def attestation(request: Request) -> Content:
    """Attestation of implicit acceptance (R-SVA-4, R-SVA-5; CRPA L232-3)."""
    settings = request.service_settings
    born = french_date(request.decision_due_on or timezone.localdate())
    basis = settings.get("legal_basis") or "l'article L231-1 du code des relations entre le public et l'administration"
    text = (
        f"{settings.get('handling_service') or 'Le service'} atteste que la demande {request.reference}, "
        f"« {request.service_title} », déposée par {request.full_name} le {french_date(request.submitted_at)}, "
        f"a fait l'objet d'une décision implicite d'acceptation née le {born}, en application de {basis}."
    )
    return Content(
        title="Attestation de décision implicite d'acceptation",
        sections=[("", _identification(request)), ("Attestation", [text]), ("Service", _service_contact(settings))],
        mentions={"born_on": born},
    )
