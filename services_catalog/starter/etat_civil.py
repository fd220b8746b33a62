"""Starter services: état civil (birth, marriage and death certificates)."""

from __future__ import annotations

from typing import Any

from ._blocks import Block, _identity, _if

# --- État civil --------------------------------------------------------------------------

COPIE_INTEGRALE = "Copie intégrale"
EXTRAIT_AVEC_FILIATION = "Extrait avec filiation"
EXTRAIT_SANS_FILIATION = "Extrait sans filiation"
EXTRAIT_PLURILINGUE = "Extrait plurilingue"
PAR_COURRIER = "Par courrier postal"
AU_GUICHET = "Retrait à l'accueil de la mairie"
AUTRE_PERSONNE = "Autre personne, sans lien de famille"

ETAT_CIVIL_COMMON: dict[str, Any] = {
    "category": "etat_civil",
    "eligibility": "anyone",
    "fee_cents": None,
    "processing_time": "Envoi sous 5 jours ouvrés",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article 101-1 du code civil ; décret n° 2017-890 du 6 mai 2017 relatif à l'état civil "
        "(articles 29 et suivants)"
    ),
    # Article 29 of the décret: requests for civil-status records are kept for one year.
    "retention_months": 12,
    "handling_service": "Service état civil",
    "handling_address": "Mairie — service état civil",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "post"],
    "scope": "commune",
}

WHO_GETS_WHAT = (
    "<p>La <b>copie intégrale</b> et l'<b>extrait avec filiation</b> ne sont délivrés qu'à la personne concernée "
    "si elle est majeure ou émancipée, à ses ascendants et descendants, à son époux ou épouse, à son représentant "
    "légal et, dans les cas prévus par la réglementation, à certains professionnels. Toute personne peut obtenir "
    "un <b>extrait sans filiation</b>.</p>"
    "<p>L'<b>extrait plurilingue</b> sert aux démarches dans un autre pays.</p>"
)


def _delivery() -> list[Block]:
    return [
        ("page_break", {"title": "Réception du document"}),
        (
            "choice",
            {
                "label": "Comment souhaitez-vous recevoir le document ?",
                "key": "mode_remise",
                "options": [PAR_COURRIER, AU_GUICHET],
            },
        ),
        (
            "address",
            {
                "label": "Adresse d'envoi du document",
                "key": "adresse_envoi",
                "condition": _if("mode_remise", PAR_COURRIER),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Le document est remis sur papier, signé et revêtu du sceau de la mairie. "
                "Il n'est jamais envoyé par courriel.</p>",
            },
        ),
    ]


def _document_kind(options: list[str], *, help_text: str = "") -> list[Block]:
    return [
        (
            "choice",
            {
                "label": "Quel document souhaitez-vous ?",
                "key": "type_document",
                "options": options,
                "help_text": help_text,
            },
        ),
        ("number", {"label": "Nombre d'exemplaires", "key": "exemplaires", "min_value": 1, "max_value": 3}),
    ]


ACTE_NAISSANCE: dict[str, Any] = {
    **ETAT_CIVIL_COMMON,
    "slug": "acte-de-naissance",
    "title": "Demander un acte de naissance",
    "summary": (
        "Recevez une copie intégrale ou un extrait d'un acte de naissance dressé dans la commune. "
        "La démarche est gratuite."
    ),
    "description": (
        "La mairie délivre les copies et extraits des actes de naissance des personnes nées dans la commune. "
        "La copie intégrale reproduit tout l'acte, avec les mentions portées en marge (mariage, divorce, "
        "décès…) ; l'extrait n'en reprend que l'essentiel, avec ou sans la filiation.\n\n"
        "Pour une personne née à l'étranger, adressez-vous au Service central d'état civil du ministère des "
        "affaires étrangères, à Nantes.\n\n"
        "Pour une carte d'identité ou un passeport, l'acte n'est souvent plus à fournir : la mairie qui reçoit "
        "votre dossier le vérifie directement auprès de la commune de naissance, si celle-ci est raccordée à "
        "l'échange électronique des données d'état civil."
    ),
    "keywords": "acte de naissance, extrait de naissance, copie intégrale, filiation, plurilingue, état civil",
    "eligibility_details": (
        "Toute personne peut obtenir un extrait sans filiation. La copie intégrale et l'extrait avec filiation "
        "sont réservés à la personne concernée si elle est majeure ou émancipée, à ses ascendants et descendants, "
        "à son époux ou épouse, à son représentant légal et, dans les cas prévus par la réglementation, à "
        "certains professionnels."
    ),
    "documents_to_prepare": (
        "Les nom, prénoms, date et lieu de naissance de la personne concernée\n"
        "Les nom et prénom de ses parents, pour une copie intégrale ou un extrait avec filiation"
    ),
    "form": [
        *_identity(),
        ("page_break", {"title": "Le document demandé"}),
        ("yes_no", {"label": "Demandez-vous votre propre acte de naissance ?", "key": "est_concerne"}),
        (
            "choice",
            {
                "label": "Quel est votre lien avec la personne concernée ?",
                "key": "lien",
                "widget": "select",
                "options": [
                    "Son père ou sa mère",
                    "Son grand-parent ou arrière-grand-parent",
                    "Son enfant ou petit-enfant",
                    "Son époux ou épouse",
                    "Son représentant légal",
                    "Professionnel mandaté (notaire, avocat)",
                    AUTRE_PERSONNE,
                ],
                "condition": _if("est_concerne", "non"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Sans lien de famille avec la personne concernée, vous ne pouvez obtenir qu'un "
                "<b>extrait sans filiation</b>.</p>",
                "condition": _if("lien", AUTRE_PERSONNE),
            },
        ),
        ("explanation", {"text": WHO_GETS_WHAT}),
        *_document_kind([COPIE_INTEGRALE, EXTRAIT_AVEC_FILIATION, EXTRAIT_SANS_FILIATION, EXTRAIT_PLURILINGUE]),
        ("page_break", {"title": "La personne concernée par l'acte"}),
        ("text", {"label": "Nom de naissance", "key": "nom_naissance", "max_length": 100}),
        (
            "text",
            {"label": "Prénoms", "key": "prenoms", "max_length": 150, "help_text": "Tous les prénoms, dans l'ordre."},
        ),
        ("date", {"label": "Date de naissance", "key": "date_naissance", "when": "past"}),
        ("text", {"label": "Commune de naissance", "key": "commune_naissance", "max_length": 100}),
        (
            "text",
            {
                "label": "Nom et prénom du premier parent",
                "key": "parent_1",
                "max_length": 150,
                "condition": _if("type_document", EXTRAIT_SANS_FILIATION, "not_equals"),
            },
        ),
        (
            "text",
            {
                "label": "Nom et prénom du second parent",
                "key": "parent_2",
                "max_length": 150,
                "required": False,
                "help_text": "Laissez vide si la filiation n'est établie qu'à l'égard d'un parent.",
                "condition": _if("type_document", EXTRAIT_SANS_FILIATION, "not_equals"),
            },
        ),
        *_delivery(),
    ],
}

ACTE_MARIAGE: dict[str, Any] = {
    **ETAT_CIVIL_COMMON,
    "slug": "acte-de-mariage",
    "title": "Demander un acte de mariage",
    "summary": (
        "Recevez une copie intégrale ou un extrait d'un acte de mariage célébré dans la commune. "
        "La démarche est gratuite."
    ),
    "description": (
        "La mairie délivre les copies et extraits des actes des mariages célébrés dans la commune. La copie "
        "intégrale reproduit tout l'acte et ses mentions (divorce, changement de régime matrimonial…) ; "
        "l'extrait n'en reprend que l'essentiel, avec ou sans la filiation des époux.\n\n"
        "Pour un mariage célébré à l'étranger et transcrit en France, adressez-vous au Service central d'état "
        "civil du ministère des affaires étrangères, à Nantes."
    ),
    "keywords": "acte de mariage, extrait de mariage, copie intégrale, livret de famille, état civil",
    "eligibility_details": (
        "Toute personne peut obtenir un extrait sans filiation. La copie intégrale et l'extrait avec filiation "
        "sont réservés aux époux, à leurs ascendants et descendants, à leur représentant légal et, dans les cas "
        "prévus par la réglementation, à certains professionnels."
    ),
    "documents_to_prepare": (
        "Les nom et prénoms des deux époux\n"
        "La date et le lieu du mariage\n"
        "Les date et lieu de naissance et le nom des parents de l'époux concerné, pour une copie intégrale ou un "
        "extrait avec filiation"
    ),
    "form": [
        *_identity(),
        ("page_break", {"title": "Le document demandé"}),
        ("yes_no", {"label": "Êtes-vous l'un des deux époux ?", "key": "est_epoux"}),
        (
            "choice",
            {
                "label": "Quel est votre lien avec les époux ?",
                "key": "lien",
                "widget": "select",
                "options": [
                    "Parent ou grand-parent d'un des époux",
                    "Enfant ou petit-enfant des époux",
                    "Représentant légal d'un des époux",
                    "Professionnel mandaté (notaire, avocat)",
                    AUTRE_PERSONNE,
                ],
                "condition": _if("est_epoux", "non"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Sans lien de famille avec les époux, vous ne pouvez obtenir qu'un "
                "<b>extrait sans filiation</b>.</p>",
                "condition": _if("lien", AUTRE_PERSONNE),
            },
        ),
        ("explanation", {"text": WHO_GETS_WHAT}),
        *_document_kind([COPIE_INTEGRALE, EXTRAIT_AVEC_FILIATION, EXTRAIT_SANS_FILIATION, EXTRAIT_PLURILINGUE]),
        ("page_break", {"title": "Le mariage"}),
        ("date", {"label": "Date du mariage", "key": "date_mariage", "when": "past"}),
        ("text", {"label": "Commune du mariage", "key": "commune_mariage", "max_length": 100}),
        ("text", {"label": "Nom de naissance du premier époux", "key": "epoux_1_nom", "max_length": 100}),
        ("text", {"label": "Prénoms du premier époux", "key": "epoux_1_prenoms", "max_length": 150}),
        ("text", {"label": "Nom de naissance du second époux", "key": "epoux_2_nom", "max_length": 100}),
        ("text", {"label": "Prénoms du second époux", "key": "epoux_2_prenoms", "max_length": 150}),
        (
            "page_break",
            {
                "title": "La filiation de l'époux concerné",
                "condition": _if("type_document", EXTRAIT_SANS_FILIATION, "not_equals"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Indiquez la naissance et les parents de l'époux dont vous demandez l'acte : "
                "vous-même, si vous êtes l'un des époux.</p>",
            },
        ),
        ("date", {"label": "Date de naissance de l'époux concerné", "key": "date_naissance", "when": "past"}),
        ("text", {"label": "Commune de naissance de l'époux concerné", "key": "commune_naissance", "max_length": 100}),
        ("text", {"label": "Nom et prénom du premier parent", "key": "parent_1", "max_length": 150}),
        (
            "text",
            {
                "label": "Nom et prénom du second parent",
                "key": "parent_2",
                "max_length": 150,
                "required": False,
                "help_text": "Laissez vide si la filiation n'est établie qu'à l'égard d'un parent.",
            },
        ),
        *_delivery(),
    ],
}

ACTE_DECES: dict[str, Any] = {
    **ETAT_CIVIL_COMMON,
    "slug": "acte-de-deces",
    "title": "Demander un acte de décès",
    "summary": (
        "Recevez une copie intégrale d'un acte de décès survenu dans la commune ou d'une personne qui y avait "
        "son dernier domicile. Toute personne peut la demander, gratuitement."
    ),
    "description": (
        "L'acte de décès est dressé par la mairie de la commune du décès, puis transcrit dans la commune du "
        "dernier domicile du défunt : vous pouvez vous adresser à l'une ou à l'autre.\n\n"
        "La copie intégrale est souvent demandée par le notaire, les banques ou les caisses de retraite lors "
        "d'une succession. Pour une démarche dans un autre pays, demandez un extrait plurilingue.\n\n"
        "Pour un décès survenu à l'étranger, adressez-vous au Service central d'état civil du ministère des "
        "affaires étrangères, à Nantes."
    ),
    "keywords": "acte de décès, certificat de décès, succession, copie intégrale, état civil",
    "eligibility_details": (
        "Toute personne peut obtenir la copie intégrale d'un acte de décès, sans justifier d'un lien avec le défunt."
    ),
    "documents_to_prepare": "Les nom et prénoms de la personne décédée\nLa date et la commune du décès",
    "form": [
        *_identity(),
        ("page_break", {"title": "Le document demandé"}),
        ("explanation", {"text": "<p>Toute personne peut obtenir la copie intégrale d'un acte de décès.</p>"}),
        *_document_kind(
            [COPIE_INTEGRALE, EXTRAIT_PLURILINGUE],
            help_text="L'extrait plurilingue sert aux démarches dans un autre pays.",
        ),
        (
            "choice",
            {
                "label": "Quel est votre lien avec la personne décédée ?",
                "key": "lien",
                "required": False,
                "widget": "select",
                "help_text": "Facultatif : aucun lien n'est exigé.",
                "options": [
                    "Époux, épouse ou partenaire",
                    "Enfant ou petit-enfant",
                    "Parent ou grand-parent",
                    "Autre membre de la famille",
                    "Professionnel mandaté (notaire, pompes funèbres)",
                    AUTRE_PERSONNE,
                ],
            },
        ),
        ("page_break", {"title": "La personne décédée"}),
        ("text", {"label": "Nom de naissance de la personne décédée", "key": "nom_defunt", "max_length": 100}),
        (
            "text",
            {
                "label": "Nom d'usage de la personne décédée",
                "key": "nom_usage_defunt",
                "max_length": 100,
                "required": False,
            },
        ),
        ("text", {"label": "Prénoms de la personne décédée", "key": "prenoms_defunt", "max_length": 150}),
        ("date", {"label": "Date du décès", "key": "date_deces", "when": "past"}),
        (
            "text",
            {
                "label": "Commune du décès",
                "key": "commune_deces",
                "max_length": 100,
                "help_text": (
                    "Si le décès a eu lieu ailleurs, indiquez-le : l'acte a pu être transcrit dans la commune."
                ),
            },
        ),
        (
            "date",
            {
                "label": "Date de naissance de la personne décédée",
                "key": "naissance_defunt",
                "when": "past",
                "required": False,
            },
        ),
        (
            "text",
            {
                "label": "Nom et prénom des parents de la personne décédée",
                "key": "parents_defunt",
                "max_length": 200,
                "required": False,
                "help_text": "Facultatif : cela aide à retrouver l'acte en cas d'homonymie.",
            },
        ),
        *_delivery(),
    ],
}
