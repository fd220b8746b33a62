"""The starter catalogue: real démarches of French communes and intercommunalités, ready
to publish on a new site (`services.seed_starter_catalogue`).

Plain data only. Each service is a dict of `Service` fields plus `scope` ("commune" or
"epci") and `form`, a list of (block_type, value) pairs of the form builder (`blocks.py`).
Conditions point at the key of a question placed before them.

Legal settings (silence rule, delay, basis) follow the texts in force; an administrator
checks them before publishing, since they are frozen once a request refers to them.
"""

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

# --- Commune: formalités, enfance, vie locale ------------------------------------------

ATTESTATION_ACCUEIL: dict[str, Any] = {
    "slug": "attestation-d-accueil",
    "title": "Demander la validation d'une attestation d'accueil",
    "summary": (
        "Vous hébergez chez vous un ressortissant étranger pour une visite familiale ou privée de trois mois au "
        "plus ? Faites valider par le maire l'attestation d'accueil qu'il présentera pour obtenir son visa."
    ),
    "description": (
        "L'attestation d'accueil est le justificatif d'hébergement qu'un ressortissant étranger doit présenter "
        "pour un séjour à caractère familial ou privé de trois mois au plus. Elle est signée par la personne qui "
        "l'héberge, puis validée par le maire de la commune du logement.\n\n"
        "Préparez votre demande en ligne : la mairie vous donne ensuite rendez-vous pour signer le formulaire "
        "officiel (Cerfa n° 10798) en présentant les originaux de vos justificatifs. Le maire peut faire "
        "vérifier que le logement permet d'accueillir votre visiteur dans des conditions normales.\n\n"
        "Une taxe de 30 € est due pour chaque demande ; elle se paie par timbre fiscal. Un refus, exprès ou né "
        "du silence gardé pendant un mois, peut être contesté auprès du préfet dans les deux mois, avant tout "
        "recours devant le tribunal administratif."
    ),
    "category": "vie_pratique",
    "keywords": "attestation d'accueil, hébergement, visa, visite privée, visite familiale, étranger, Cerfa 10798",
    # Signed-in for now; FranceConnect-verified once the platform offers it (issue #8).
    "eligibility": "signed_in",
    "eligibility_details": (
        "La personne qui héberge, de nationalité française ou étrangère en situation régulière, et qui accueille "
        "son visiteur dans son propre logement, situé dans la commune. Son identité est vérifiée sur présentation "
        "des originaux lors du rendez-vous en mairie."
    ),
    "documents_to_prepare": (
        "Pièce d'identité ou titre de séjour de l'hébergeant\n"
        "Titre de propriété ou bail du logement\n"
        "Justificatif de domicile récent (facture d'électricité, d'eau ou de téléphone)\n"
        "Timbre fiscal de 30 € (électronique ou papier)\n"
        "État civil, adresse et numéro de passeport de la personne accueillie\n"
        "Pour un mineur voyageant seul : attestation des titulaires de l'autorité parentale"
    ),
    "fee_cents": 3000,
    "processing_time": "15 jours après le rendez-vous en mairie",
    "silence_rule": "svr",
    "silence_delay": 1,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Code de l'entrée et du séjour des étrangers et du droit d'asile : articles L313-1 et suivants "
        "(taxe : article L313-6) et article R313-11 (silence d'un mois valant rejet)"
    ),
    "retention_months": 60,
    "handling_service": "Service des formalités administratives",
    "handling_address": "Mairie — accueil et formalités administratives",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter"],
    "scope": "commune",
    "form": [
        *_identity(
            title="Vos coordonnées (hébergeant)",
            address_label="Adresse du logement où vous accueillez la personne",
        ),
        ("date", {"label": "Votre date de naissance", "key": "date_naissance", "when": "past"}),
        (
            "text",
            {
                "label": "Votre lieu de naissance",
                "key": "lieu_naissance",
                "max_length": 150,
                "help_text": "Commune et pays.",
            },
        ),
        ("text", {"label": "Votre nationalité", "key": "nationalite", "max_length": 60}),
        ("page_break", {"title": "Le logement"}),
        (
            "choice",
            {
                "label": "Vous êtes",
                "key": "statut_logement",
                "options": [
                    "Propriétaire du logement",
                    "Locataire du logement",
                    "Autre situation (logement de fonction…)",
                ],
            },
        ),
        ("number", {"label": "Surface habitable (en m²)", "key": "surface", "min_value": 9, "max_value": 1000}),
        ("number", {"label": "Nombre de pièces principales", "key": "pieces", "min_value": 1, "max_value": 30}),
        (
            "number",
            {
                "label": "Nombre de personnes vivant déjà dans le logement",
                "key": "occupants",
                "min_value": 1,
                "max_value": 20,
                "help_text": "Vous compris.",
            },
        ),
        (
            "file",
            {
                "label": "Titre de propriété ou bail",
                "key": "justificatif_logement",
                "file_types": ["pdf", "jpeg", "png"],
                "help_text": "Vous présenterez l'original lors du rendez-vous.",
            },
        ),
        ("page_break", {"title": "La personne accueillie"}),
        ("text", {"label": "Nom de la personne accueillie", "key": "accueilli_nom", "max_length": 100}),
        ("text", {"label": "Prénoms de la personne accueillie", "key": "accueilli_prenoms", "max_length": 150}),
        (
            "date",
            {"label": "Date de naissance de la personne accueillie", "key": "accueilli_naissance", "when": "past"},
        ),
        ("text", {"label": "Lieu de naissance de la personne accueillie", "key": "accueilli_lieu", "max_length": 150}),
        ("text", {"label": "Nationalité de la personne accueillie", "key": "accueilli_nationalite", "max_length": 60}),
        ("text", {"label": "Numéro de passeport", "key": "passeport", "max_length": 20}),
        (
            "long_text",
            {"label": "Adresse de la personne accueillie dans son pays", "key": "adresse_etranger", "max_length": 400},
        ),
        (
            "text",
            {
                "label": "Votre lien avec la personne accueillie",
                "key": "lien_accueilli",
                "max_length": 100,
                "required": False,
                "help_text": "Par exemple : sœur, cousin, ami.",
            },
        ),
        ("date", {"label": "Date d'arrivée prévue", "key": "date_arrivee", "when": "future"}),
        (
            "date",
            {
                "label": "Date de départ prévue",
                "key": "date_depart",
                "when": "future",
                "help_text": "Le séjour ne peut pas dépasser trois mois.",
            },
        ),
        (
            "yes_no",
            {
                "label": "La personne accueillie vient-elle avec son conjoint ou ses enfants mineurs ?",
                "key": "accompagnee",
            },
        ),
        (
            "group",
            {
                "label": "Personne qui l'accompagne",
                "key": "accompagnants",
                "min_items": 1,
                "max_items": 6,
                "condition": _if("accompagnee", "oui"),
                "fields": [
                    ("text", {"label": "Nom de la personne accompagnante", "key": "acc_nom", "max_length": 100}),
                    (
                        "text",
                        {"label": "Prénoms de la personne accompagnante", "key": "acc_prenoms", "max_length": 150},
                    ),
                    (
                        "date",
                        {
                            "label": "Date de naissance de la personne accompagnante",
                            "key": "acc_naissance",
                            "when": "past",
                        },
                    ),
                    (
                        "choice",
                        {
                            "label": "Lien avec la personne accueillie",
                            "key": "acc_lien",
                            "options": ["Conjoint ou conjointe", "Enfant mineur"],
                        },
                    ),
                ],
            },
        ),
        (
            "yes_no",
            {"label": "La personne accueillie est-elle un mineur qui voyage sans ses parents ?", "key": "mineur_seul"},
        ),
        (
            "file",
            {
                "label": "Attestation des titulaires de l'autorité parentale",
                "key": "attestation_parentale",
                "help_text": "Elle précise l'objet et la durée du séjour de l'enfant.",
                "condition": _if("mineur_seul", "oui"),
            },
        ),
        ("page_break", {"title": "Assurance, taxe et engagement"}),
        (
            "choice",
            {
                "label": "Qui souscrit l'assurance couvrant les frais médicaux et hospitaliers du séjour ?",
                "key": "assurance",
                "options": ["Moi, l'hébergeant", "La personne accueillie"],
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Une taxe de <b>30 €</b> est due pour chaque demande de validation. Elle se paie par "
                "timbre fiscal, électronique ou papier, et reste due même en cas de refus.</p>"
                "<p>En signant l'attestation, vous vous engagez à prendre en charge les frais de séjour de la "
                "personne accueillie si elle n'y pourvoit pas, pendant toute la durée de validité de son visa ou "
                "pendant trois mois à compter de son entrée dans l'espace Schengen.</p>",
            },
        ),
        (
            "text",
            {
                "label": "Numéro du timbre fiscal électronique",
                "key": "timbre",
                "max_length": 30,
                "required": False,
                "help_text": "Vous pouvez aussi apporter un timbre papier le jour du rendez-vous.",
            },
        ),
        (
            "yes_no",
            {
                "label": "Vous engagez-vous à prendre en charge les frais de séjour de la personne accueillie si elle "
                "n'y pourvoit pas ?",
                "key": "engagement",
            },
        ),
    ],
}

NIVEAUX = [
    "Toute petite section (2 ans)",
    "Petite section",
    "Moyenne section",
    "Grande section",
    "CP",
    "CE1",
    "CE2",
    "CM1",
    "CM2",
]

INSCRIPTION_SCOLAIRE: dict[str, Any] = {
    "slug": "inscription-scolaire",
    "title": "Inscrire son enfant à l'école",
    "summary": (
        "Inscrivez votre enfant dans une école maternelle ou élémentaire publique de la commune, pour sa "
        "première rentrée ou après un déménagement. La mairie vous délivre un certificat d'inscription."
    ),
    "description": (
        "L'inscription se fait en deux temps : la mairie inscrit l'enfant et vous délivre un certificat "
        "d'inscription indiquant l'école de secteur ; vous prenez ensuite rendez-vous avec la directrice ou le "
        "directeur de l'école, qui procède à l'admission et vérifie les vaccinations obligatoires (carnet de "
        "santé).\n\n"
        "L'instruction est obligatoire de 3 à 16 ans : la mairie ne peut pas refuser d'inscrire un enfant qui "
        "réside dans la commune, quels que soient la situation ou le mode d'habitat de sa famille. Seuls trois "
        "justificatifs peuvent être demandés : l'identité de l'enfant, celle de ses responsables et leur "
        "domicile, qui peut être attesté sur l'honneur.\n\n"
        "La mairie vous adresse le certificat dès que le dossier est complet. Une demande d'inscription dans une "
        "autre école que celle du secteur (dérogation) est étudiée à part et fait l'objet d'une réponse écrite."
    ),
    "category": "enfance",
    "keywords": "inscription scolaire, école, maternelle, élémentaire, rentrée, certificat d'inscription, dérogation",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les parents ou toute personne responsable d'un enfant qui réside dans la commune. Un enfant qui a 3 ans "
        "dans l'année civile entre en petite section à la rentrée de septembre ; certaines écoles accueillent "
        "des enfants dès 2 ans, dans la limite des places."
    ),
    "documents_to_prepare": (
        "Livret de famille, acte de naissance ou pièce d'identité de l'enfant\n"
        "Pièce d'identité des responsables de l'enfant\n"
        "Justificatif de domicile, ou à défaut une attestation sur l'honneur"
    ),
    "fee_cents": None,
    "processing_time": "15 jours",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": "Articles L131-5, L131-6 et D131-3-1 du code de l'éducation",
    "retention_months": 36,
    "handling_service": "Service des affaires scolaires",
    "handling_address": "Mairie — service des affaires scolaires",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter"],
    "scope": "commune",
    "form": [
        *_identity(
            address_label="Votre adresse",
            address_help="L'école de secteur dépend de l'adresse où l'enfant réside.",
        ),
        (
            "choice",
            {
                "label": "Votre lien avec l'enfant",
                "key": "lien_enfant",
                "options": ["Mère ou père", "Tuteur ou tutrice", "Autre personne ayant la charge de l'enfant"],
            },
        ),
        ("page_break", {"title": "L'enfant"}),
        ("text", {"label": "Nom de l'enfant", "key": "enfant_nom", "max_length": 100}),
        ("text", {"label": "Prénoms de l'enfant", "key": "enfant_prenoms", "max_length": 150}),
        ("date", {"label": "Date de naissance de l'enfant", "key": "enfant_naissance", "when": "past"}),
        ("choice", {"label": "Niveau à la rentrée", "key": "niveau", "widget": "select", "options": NIVEAUX}),
        (
            "date",
            {
                "label": "Date d'entrée souhaitée",
                "key": "date_entree",
                "when": "future",
                "help_text": "Le jour de la rentrée, ou la date de votre arrivée dans la commune.",
            },
        ),
        ("yes_no", {"label": "L'enfant est-il actuellement scolarisé dans une autre école ?", "key": "deja_scolarise"}),
        (
            "text",
            {
                "label": "Nom et commune de l'école actuelle",
                "key": "ecole_actuelle",
                "max_length": 200,
                "condition": _if("deja_scolarise", "oui"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Demandez un <b>certificat de radiation</b> à l'école actuelle : vous le remettrez à la "
                "directrice ou au directeur de la nouvelle école.</p>",
                "condition": _if("deja_scolarise", "oui"),
            },
        ),
        ("yes_no", {"label": "Souhaitez-vous indiquer un second responsable légal ?", "key": "second_responsable"}),
        ("page_break", {"title": "Le second responsable légal", "condition": _if("second_responsable", "oui")}),
        ("text", {"label": "Nom du second responsable", "key": "resp2_nom", "max_length": 100}),
        ("text", {"label": "Prénom du second responsable", "key": "resp2_prenom", "max_length": 100}),
        ("email", {"label": "Adresse électronique du second responsable", "key": "resp2_courriel", "required": False}),
        ("phone", {"label": "Téléphone du second responsable", "key": "resp2_telephone", "required": False}),
        (
            "address",
            {
                "label": "Adresse du second responsable",
                "key": "resp2_adresse",
                "required": False,
                "help_text": "Seulement si elle est différente de la vôtre.",
            },
        ),
        ("page_break", {"title": "École souhaitée et justificatifs"}),
        (
            "yes_no",
            {
                "label": "Demandez-vous une école autre que celle de votre secteur (dérogation) ?",
                "key": "derogation",
            },
        ),
        (
            "text",
            {
                "label": "École souhaitée",
                "key": "ecole_souhaitee",
                "max_length": 200,
                "condition": _if("derogation", "oui"),
            },
        ),
        (
            "long_text",
            {
                "label": "Motif de la demande de dérogation",
                "key": "motif_derogation",
                "max_length": 1500,
                "help_text": "Par exemple : frère ou sœur déjà scolarisé, mode de garde, raison médicale.",
                "condition": _if("derogation", "oui"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Seuls trois justificatifs peuvent vous être demandés : l'identité de l'enfant, celle de "
                "ses responsables et votre domicile. Si vous ne pouvez pas les fournir, une attestation sur "
                "l'honneur suffit : l'inscription de l'enfant ne peut pas être refusée pour ce motif.</p>",
            },
        ),
        (
            "file",
            {
                "label": "Justificatif d'identité de l'enfant",
                "key": "identite_enfant",
                "required": False,
                "help_text": "Livret de famille, acte de naissance ou pièce d'identité.",
            },
        ),
        ("file", {"label": "Justificatif de domicile", "key": "justificatif_domicile", "required": False}),
        (
            "yes_no",
            {
                "label": (
                    "Attestez-vous sur l'honneur l'exactitude de ces renseignements, notamment de votre domicile ?"
                ),
                "key": "attestation_honneur",
            },
        ),
    ],
}

RESTAURATION_SCOLAIRE: dict[str, Any] = {
    "slug": "inscription-restauration-scolaire",
    "title": "Inscrire son enfant à la restauration scolaire",
    "summary": (
        "Inscrivez votre enfant au restaurant scolaire de son école publique pour l'année scolaire. Les repas "
        "sont facturés selon les tarifs votés par le conseil municipal."
    ),
    "description": (
        "Lorsque la commune organise la restauration scolaire, tout enfant scolarisé dans l'une de ses écoles "
        "peut y être inscrit, sans discrimination selon sa situation ou celle de sa famille. L'inscription vaut "
        "pour l'année scolaire : indiquez les jours où votre enfant déjeunera.\n\n"
        "Les tarifs sont fixés par le conseil municipal et peuvent dépendre de votre quotient familial. Si votre "
        "enfant a une allergie alimentaire ou un trouble de santé, un projet d'accueil individualisé (PAI) est "
        "mis en place avec l'école et le médecin scolaire."
    ),
    "category": "enfance",
    "keywords": "cantine, restauration scolaire, repas, école, quotient familial, PAI, allergie",
    "eligibility": "signed_in",
    "eligibility_details": "Les parents ou responsables d'un enfant inscrit dans une école publique de la commune.",
    "documents_to_prepare": (
        "Numéro d'allocataire CAF ou MSA, ou attestation de quotient familial, pour un tarif réduit\n"
        "Projet d'accueil individualisé (PAI), le cas échéant"
    ),
    "fee_cents": None,
    "processing_time": "10 jours ouvrés",
    "silence_rule": "sva",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article L231-1 du code des relations entre le public et l'administration ; article L131-13 du code de "
        "l'éducation"
    ),
    "retention_months": 24,
    "handling_service": "Service des affaires scolaires",
    "handling_address": "Mairie — service des affaires scolaires",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter"],
    "scope": "commune",
    "form": [
        *_identity(address_label="Votre adresse", address_help="Elle figurera sur les factures."),
        ("page_break", {"title": "Vos enfants"}),
        (
            "group",
            {
                "label": "Enfant",
                "key": "enfants",
                "min_items": 1,
                "max_items": 5,
                "fields": [
                    ("text", {"label": "Nom de l'enfant", "key": "nom_enfant", "max_length": 100}),
                    ("text", {"label": "Prénom de l'enfant", "key": "prenom_enfant", "max_length": 100}),
                    ("date", {"label": "Date de naissance de l'enfant", "key": "naissance_enfant", "when": "past"}),
                    ("text", {"label": "École fréquentée", "key": "ecole", "max_length": 150}),
                    ("choice", {"label": "Classe", "key": "classe", "widget": "select", "options": NIVEAUX}),
                    (
                        "choice",
                        {
                            "label": "Jours de repas",
                            "key": "jours",
                            "widget": "checkbox",
                            "options": ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"],
                        },
                    ),
                ],
            },
        ),
        (
            "yes_no",
            {
                "label": "L'un de vos enfants a-t-il une allergie alimentaire ou un trouble de santé à signaler ?",
                "key": "sante",
            },
        ),
        (
            "long_text",
            {
                "label": "Précisez l'enfant concerné et ses besoins",
                "key": "sante_details",
                "max_length": 1000,
                "condition": _if("sante", "oui"),
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Un <b>projet d'accueil individualisé</b> (PAI) doit être établi avec l'école et le "
                "médecin scolaire. Prenez contact avec la directrice ou le directeur de l'école.</p>",
                "condition": _if("sante", "oui"),
            },
        ),
        ("page_break", {"title": "Facturation"}),
        (
            "text",
            {
                "label": "Numéro d'allocataire CAF ou MSA",
                "key": "allocataire",
                "max_length": 20,
                "required": False,
                "help_text": "Facultatif : il permet de calculer un tarif selon votre quotient familial.",
            },
        ),
        (
            "file",
            {
                "label": "Attestation de quotient familial",
                "key": "attestation_qf",
                "required": False,
                "help_text": (
                    "Si vous n'avez pas de numéro d'allocataire. Sans justificatif, le tarif maximal s'applique."
                ),
            },
        ),
        (
            "choice",
            {
                "label": "Mode de paiement souhaité",
                "key": "paiement",
                "options": ["Prélèvement automatique", "Paiement en ligne", "Paiement au guichet"],
            },
        ),
    ],
}

ORGANISATION_TYPES = [
    "À titre personnel",
    "Pour une association",
    "Pour une entreprise",
    "Pour un syndicat ou un parti politique",
]

SALLE_MUNICIPALE: dict[str, Any] = {
    "slug": "reservation-salle-municipale",
    "title": "Réserver une salle municipale",
    "summary": (
        "Réservez une salle communale pour une réunion, une assemblée générale, une fête familiale ou une "
        "manifestation. La réservation devient définitive après l'accord de la mairie."
    ),
    "description": (
        "La commune met certaines de ses salles à la disposition des particuliers, des associations, des "
        "syndicats et des partis politiques. Le maire fixe les conditions d'utilisation en tenant compte de "
        "l'administration des biens communaux, du fonctionnement des services et du maintien de l'ordre public.\n\n"
        "Le tarif de location et la caution éventuelle sont fixés par le conseil municipal ; ils vous sont "
        "indiqués avec la réponse. Faites votre demande au moins un mois avant la date prévue. Une buvette "
        "temporaire demande une autorisation distincte du maire."
    ),
    "category": "vie_pratique",
    "keywords": "salle des fêtes, salle municipale, location, réservation, réunion, association, fête",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les particuliers, associations, entreprises, syndicats et partis politiques. La personne qui signe la "
        "convention d'utilisation doit être majeure."
    ),
    "documents_to_prepare": (
        "Attestation d'assurance responsabilité civile couvrant l'événement\n"
        "Statuts de l'association ou de l'organisme, pour une première demande\n"
        "Caution, si le règlement de la salle la prévoit"
    ),
    "fee_cents": None,
    "processing_time": "3 semaines",
    "silence_rule": "svr",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article L2144-3 du code général des collectivités territoriales ; décret n° 2015-1459 du 10 novembre "
        "2015 (annexe : le silence vaut rejet)"
    ),
    "retention_months": 24,
    "handling_service": "Service vie locale",
    "handling_address": "Mairie — service vie locale et réservation des salles",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "phone"],
    "scope": "commune",
    "form": [
        *_identity(phone_required=True, address_label="Votre adresse"),
        ("choice", {"label": "Vous faites la demande", "key": "qualite", "options": ORGANISATION_TYPES}),
        (
            "text",
            {
                "label": "Nom de l'organisme",
                "key": "organisme",
                "max_length": 150,
                "autocomplete": "organization",
                "condition": _if("qualite", ORGANISATION_TYPES[0], "not_equals"),
            },
        ),
        (
            "siret",
            {
                "label": "Numéro SIRET de l'organisme",
                "key": "siret",
                "required": False,
                "help_text": "Facultatif pour une association qui n'en a pas.",
                "condition": _if("qualite", ORGANISATION_TYPES[0], "not_equals"),
            },
        ),
        ("page_break", {"title": "Votre événement"}),
        (
            "text",
            {
                "label": "Salle souhaitée",
                "key": "salle",
                "max_length": 150,
                "required": False,
                "help_text": "Si vous la connaissez ; sinon, la mairie vous proposera une salle adaptée.",
            },
        ),
        ("date", {"label": "Date de l'événement", "key": "date_evenement", "when": "future"}),
        (
            "text",
            {
                "label": "Horaires d'utilisation",
                "key": "horaires",
                "max_length": 100,
                "help_text": "Installation et rangement compris, par exemple : de 14 h à 23 h.",
            },
        ),
        (
            "choice",
            {
                "label": "Nature de l'événement",
                "key": "nature",
                "options": [
                    "Réunion ou assemblée générale",
                    "Fête familiale",
                    "Spectacle ou manifestation culturelle",
                    "Activité sportive",
                    "Autre événement",
                ],
            },
        ),
        (
            "number",
            {"label": "Nombre de personnes attendues", "key": "participants", "min_value": 1, "max_value": 2000},
        ),
        (
            "long_text",
            {"label": "Présentation de l'événement", "key": "presentation", "max_length": 1000, "required": False},
        ),
        ("yes_no", {"label": "Prévoyez-vous une buvette ou une vente de boissons ?", "key": "buvette"}),
        (
            "explanation",
            {
                "text": "<p>Une buvette temporaire doit être autorisée par le maire, par une demande distincte : la "
                "mairie vous indiquera la démarche.</p>",
                "condition": _if("buvette", "oui"),
            },
        ),
        ("page_break", {"title": "Assurance et règlement"}),
        (
            "file",
            {
                "label": "Attestation d'assurance responsabilité civile",
                "key": "assurance",
                "required": False,
                "help_text": "Vous pourrez aussi la remettre à la signature de la convention d'utilisation.",
            },
        ),
        (
            "yes_no",
            {
                "label": "Vous engagez-vous à respecter le règlement d'utilisation des salles municipales ?",
                "key": "reglement",
            },
        ),
    ],
}

OCCUPATIONS = [
    "Terrasse de café ou de restaurant",
    "Étalage devant un commerce",
    "Échafaudage",
    "Benne ou dépôt de matériaux",
    "Véhicule de déménagement ou de chantier",
    "Autre occupation",
]
DEMANDEURS = ["Particulier", "Commerçant ou entreprise", "Association"]

DOMAINE_PUBLIC: dict[str, Any] = {
    "slug": "occupation-domaine-public",
    "title": "Occuper le domaine public (terrasse, échafaudage, benne)",
    "summary": (
        "Demandez l'autorisation d'installer sur la voie publique une terrasse, un étalage, un échafaudage, une "
        "benne ou un véhicule de déménagement. L'occupation donne lieu à une redevance."
    ),
    "description": (
        "Toute occupation du domaine public (trottoir, place, chaussée, stationnement) doit être autorisée au "
        "préalable. L'autorisation est personnelle, temporaire et révocable ; elle précise l'emplacement, la "
        "surface et la durée de l'occupation. Elle donne lieu, sauf exception, au paiement d'une redevance dont "
        "le montant est fixé par délibération.\n\n"
        "Faites votre demande au moins quinze jours avant le début de l'occupation. Si l'occupation empiète sur "
        "la chaussée ou le stationnement, un arrêté réglementant la circulation est pris en même temps."
    ),
    "category": "urbanisme",
    "keywords": "domaine public, voirie, terrasse, étalage, échafaudage, benne, déménagement, permis de stationnement",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les particuliers, commerçants, entreprises et associations. Pour une terrasse ou un étalage, la demande "
        "est faite par l'exploitant du commerce."
    ),
    "documents_to_prepare": (
        "Plan ou croquis de l'emplacement, avec ses dimensions\n"
        "Extrait Kbis ou inscription au répertoire des métiers, pour une entreprise\n"
        "Attestation d'assurance responsabilité civile"
    ),
    "fee_cents": None,
    "processing_time": "15 jours ouvrés",
    "silence_rule": "svr",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Articles L2122-1 et L2125-1 du code général de la propriété des personnes publiques ; décret "
        "n° 2015-1459 du 10 novembre 2015 (annexe : le silence vaut rejet)"
    ),
    "retention_months": 60,
    "handling_service": "Service voirie et domaine public",
    "handling_address": "Mairie — service voirie et domaine public",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "post", "email"],
    "scope": "commune",
    "form": [
        *_identity(phone_required=True, address_label="Votre adresse"),
        ("choice", {"label": "Vous êtes", "key": "demandeur", "options": DEMANDEURS}),
        (
            "text",
            {
                "label": "Raison sociale ou nom de l'association",
                "key": "organisme",
                "max_length": 150,
                "autocomplete": "organization",
                "condition": _if("demandeur", DEMANDEURS[0], "not_equals"),
            },
        ),
        ("siret", {"label": "Numéro SIRET", "key": "siret", "condition": _if("demandeur", DEMANDEURS[1])}),
        ("page_break", {"title": "L'occupation"}),
        ("choice", {"label": "Type d'occupation", "key": "type_occupation", "options": OCCUPATIONS}),
        ("address", {"label": "Adresse de l'emplacement", "key": "emplacement"}),
        ("date", {"label": "Date de début", "key": "date_debut", "when": "future"}),
        ("date", {"label": "Date de fin", "key": "date_fin", "when": "future"}),
        ("number", {"label": "Surface occupée (en m²)", "key": "surface", "min_value": 1, "max_value": 1000}),
        (
            "yes_no",
            {
                "label": "L'occupation empiète-t-elle sur la chaussée ou sur des places de stationnement ?",
                "key": "chaussee",
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Un arrêté réglementant la circulation ou le stationnement sera pris. La mairie vous "
                "indiquera la signalisation à mettre en place avant le début de l'occupation.</p>",
                "condition": _if("chaussee", "oui"),
            },
        ),
        ("yes_no", {"label": "L'occupation est-elle liée à des travaux ?", "key": "travaux"}),
        (
            "long_text",
            {"label": "Précisions sur votre demande", "key": "precisions", "max_length": 1500, "required": False},
        ),
        ("page_break", {"title": "Votre terrasse", "condition": _if("type_occupation", OCCUPATIONS[0])}),
        (
            "choice",
            {"label": "Période d'installation", "key": "periode", "options": ["Toute l'année", "Saison estivale"]},
        ),
        ("number", {"label": "Nombre de tables", "key": "tables", "min_value": 1, "max_value": 200}),
        ("number", {"label": "Nombre de chaises", "key": "chaises", "min_value": 1, "max_value": 800}),
        (
            "yes_no",
            {
                "label": "Prévoyez-vous des installations (plancher, paravents, jardinières, chauffage) ?",
                "key": "installations",
            },
        ),
        ("page_break", {"title": "Les travaux", "condition": _if("travaux", "oui")}),
        ("text", {"label": "Entreprise chargée des travaux", "key": "entreprise", "max_length": 150}),
        (
            "text",
            {
                "label": "Numéro de la déclaration préalable ou du permis de construire",
                "key": "autorisation_urbanisme",
                "max_length": 30,
                "required": False,
                "help_text": "Si les travaux en nécessitent une.",
            },
        ),
        ("page_break", {"title": "Pièces jointes"}),
        (
            "file",
            {
                "label": "Plan ou croquis de l'emplacement",
                "key": "plan",
                "help_text": "Avec les dimensions et la largeur de passage laissée aux piétons.",
            },
        ),
        ("file", {"label": "Attestation d'assurance responsabilité civile", "key": "assurance", "required": False}),
    ],
}

AIDES_CCAS = [
    "Aide alimentaire",
    "Facture d'énergie ou d'eau",
    "Loyer ou charges",
    "Transport ou mobilité",
    "Autre besoin",
]

AIDE_CCAS: dict[str, Any] = {
    "slug": "aide-ccas",
    "title": "Demander une aide au CCAS",
    "summary": (
        "Vous traversez une difficulté passagère ? Le centre communal d'action sociale peut vous accorder une "
        "aide ponctuelle pour l'alimentation, l'énergie, le loyer ou la mobilité."
    ),
    "description": (
        "Le centre communal d'action sociale (CCAS) attribue des aides facultatives aux habitants de la commune, "
        "selon le règlement adopté par son conseil d'administration. L'aide peut prendre la forme de bons, d'un "
        "secours en argent ou d'un paiement direct à un fournisseur.\n\n"
        "Un travailleur social peut vous contacter pour compléter votre demande ou vous orienter vers d'autres "
        "aides (fonds de solidarité pour le logement, aides de la caisse d'allocations familiales). Les "
        "informations que vous donnez restent confidentielles."
    ),
    "category": "social",
    "keywords": "CCAS, aide sociale, secours, aide alimentaire, facture, énergie, loyer, solidarité",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les personnes qui résident dans la commune. Les conditions de ressources et de situation sont fixées "
        "par le règlement des aides facultatives du CCAS."
    ),
    "documents_to_prepare": (
        "Pièce d'identité ou titre de séjour\n"
        "Justificatifs des ressources du foyer des trois derniers mois\n"
        "Dernier avis d'imposition ou de non-imposition\n"
        "Facture, quittance ou échéancier lié à la demande\n"
        "Relevé d'identité bancaire"
    ),
    "fee_cents": None,
    "processing_time": "1 mois",
    "silence_rule": "svr",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article L231-4 (3°) du code des relations entre le public et l'administration (demande à caractère "
        "financier) ; article L123-5 du code de l'action sociale et des familles"
    ),
    "retention_months": 60,
    "handling_service": "Centre communal d'action sociale (CCAS)",
    "handling_address": "Mairie — centre communal d'action sociale",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "post"],
    "scope": "commune",
    "form": [
        *_identity(address_label="Votre adresse"),
        ("date", {"label": "Votre date de naissance", "key": "date_naissance", "when": "past"}),
        ("page_break", {"title": "Votre foyer"}),
        (
            "choice",
            {
                "label": "Situation familiale",
                "key": "situation_familiale",
                "options": ["Personne seule", "En couple", "Parent seul avec enfants", "En couple avec enfants"],
            },
        ),
        ("number", {"label": "Nombre d'enfants à charge", "key": "enfants", "min_value": 0, "max_value": 15}),
        (
            "choice",
            {
                "label": "Logement",
                "key": "logement",
                "options": ["Locataire", "Propriétaire", "Hébergé par un proche", "Sans logement stable"],
            },
        ),
        (
            "choice",
            {
                "label": "Situation professionnelle",
                "key": "situation_pro",
                "widget": "select",
                "options": [
                    "En emploi",
                    "En recherche d'emploi",
                    "Retraité",
                    "Étudiant",
                    "En formation",
                    "Sans activité",
                ],
            },
        ),
        (
            "number",
            {
                "label": "Ressources mensuelles du foyer (en euros)",
                "key": "ressources",
                "min_value": 0,
                "max_value": 20000,
                "help_text": "Salaires, allocations, pensions : le total net perçu chaque mois par le foyer.",
            },
        ),
        ("page_break", {"title": "Votre demande"}),
        ("choice", {"label": "Nature de l'aide demandée", "key": "nature_aide", "options": AIDES_CCAS}),
        (
            "number",
            {
                "label": "Montant demandé (en euros)",
                "key": "montant",
                "min_value": 1,
                "max_value": 5000,
                "required": False,
            },
        ),
        ("long_text", {"label": "Expliquez votre situation et votre besoin", "key": "situation", "max_length": 3000}),
        ("yes_no", {"label": "Êtes-vous déjà accompagné par un travailleur social ?", "key": "accompagne"}),
        (
            "text",
            {
                "label": "Service ou personne qui vous accompagne",
                "key": "accompagnant",
                "max_length": 150,
                "help_text": "Par exemple : assistante sociale du département, conseiller Mission locale.",
                "condition": _if("accompagne", "oui"),
            },
        ),
        ("page_break", {"title": "Justificatifs"}),
        (
            "file",
            {
                "label": "Justificatifs de ressources",
                "key": "justificatif_ressources",
                "help_text": "Bulletins de salaire, attestation CAF ou France Travail, avis d'imposition.",
            },
        ),
        (
            "file",
            {
                "label": "Facture ou document lié à la demande",
                "key": "justificatif_charge",
                "required": False,
                "condition": _if("nature_aide", AIDES_CCAS[0], "not_equals"),
            },
        ),
    ],
}

SUBVENTION_TYPES = ["Subvention de fonctionnement", "Subvention pour un projet"]

SUBVENTION_ASSOCIATION: dict[str, Any] = {
    "slug": "subvention-association",
    "title": "Demander une subvention pour une association",
    "summary": (
        "Votre association agit dans la commune ? Demandez une subvention de fonctionnement ou une aide pour un "
        "projet. Les demandes sont examinées lors de la préparation du budget communal."
    ),
    "description": (
        "La commune peut soutenir les associations dont l'activité présente un intérêt public local, par une "
        "subvention ou une aide en nature (prêt de salle ou de matériel). La subvention est attribuée par "
        "délibération du conseil municipal, le plus souvent lors du vote du budget : déposez votre dossier dans "
        "les délais annoncés par la commune.\n\n"
        "Toute association qui sollicite une subvention souscrit le contrat d'engagement républicain. Au-delà de "
        "23 000 € par an, une convention précise l'objet, le montant et les conditions d'utilisation de l'aide. "
        "L'association rend compte de l'emploi des sommes reçues."
    ),
    "category": "associations",
    "keywords": "subvention, association, aide financière, projet associatif, fonctionnement, Cerfa 12156",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les associations déclarées, représentées par leur président ou une personne mandatée. L'association "
        "doit disposer d'un numéro SIRET."
    ),
    "documents_to_prepare": (
        "Statuts de l'association à jour\n"
        "Liste des membres du bureau\n"
        "Budget prévisionnel de l'association ou du projet\n"
        "Derniers comptes approuvés et rapport d'activité\n"
        "Relevé d'identité bancaire au nom de l'association\n"
        "Numéro SIRET et numéro RNA"
    ),
    "fee_cents": None,
    "processing_time": "2 mois",
    "silence_rule": "svr",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article L231-4 (3°) du code des relations entre le public et l'administration ; articles 9-1 et 10-1 de "
        "la loi n° 2000-321 du 12 avril 2000"
    ),
    "retention_months": 120,
    "handling_service": "Service vie associative",
    "handling_address": "Mairie — service vie associative",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "post", "email"],
    "scope": "commune",
    "form": [
        *_identity(),
        (
            "text",
            {
                "label": "Votre fonction dans l'association",
                "key": "fonction",
                "max_length": 100,
                "help_text": "Par exemple : présidente, trésorier, membre mandaté par le bureau.",
            },
        ),
        ("page_break", {"title": "L'association"}),
        (
            "text",
            {"label": "Nom de l'association", "key": "association", "max_length": 150, "autocomplete": "organization"},
        ),
        ("siret", {"label": "Numéro SIRET de l'association", "key": "siret"}),
        (
            "text",
            {
                "label": "Numéro RNA",
                "key": "rna",
                "max_length": 10,
                "required": False,
                "help_text": (
                    "La lettre W suivie de 9 chiffres. Les associations inscrites au registre des associations "
                    "d'Alsace-Moselle n'en ont pas."
                ),
            },
        ),
        ("address", {"label": "Adresse du siège", "key": "siege"}),
        ("number", {"label": "Nombre d'adhérents", "key": "adherents", "min_value": 1, "max_value": 100000}),
        ("page_break", {"title": "Votre demande"}),
        ("choice", {"label": "Type de subvention", "key": "type_subvention", "options": SUBVENTION_TYPES}),
        (
            "text",
            {
                "label": "Intitulé du projet",
                "key": "projet",
                "max_length": 200,
                "condition": _if("type_subvention", SUBVENTION_TYPES[1]),
            },
        ),
        (
            "long_text",
            {
                "label": "Présentation des activités ou du projet",
                "key": "presentation",
                "max_length": 3000,
                "help_text": "Objectifs, public concerné, calendrier, intérêt pour les habitants de la commune.",
            },
        ),
        ("number", {"label": "Montant demandé (en euros)", "key": "montant", "min_value": 1, "max_value": 1000000}),
        (
            "number",
            {
                "label": "Budget total du projet ou de l'association (en euros)",
                "key": "budget_total",
                "min_value": 1,
                "max_value": 10000000,
            },
        ),
        ("yes_no", {"label": "Avez-vous demandé d'autres financements ?", "key": "autres_financements"}),
        (
            "group",
            {
                "label": "Autre financement",
                "key": "cofinancements",
                "min_items": 1,
                "max_items": 8,
                "condition": _if("autres_financements", "oui"),
                "fields": [
                    (
                        "text",
                        {
                            "label": "Financeur",
                            "key": "financeur",
                            "max_length": 150,
                            "help_text": "Par exemple : département, région, État, fondation.",
                        },
                    ),
                    (
                        "number",
                        {
                            "label": "Montant sollicité (en euros)",
                            "key": "montant_sollicite",
                            "min_value": 1,
                            "max_value": 10000000,
                        },
                    ),
                    (
                        "choice",
                        {
                            "label": "État de la demande",
                            "key": "etat_demande",
                            "options": ["En attente de réponse", "Accordée", "Refusée"],
                        },
                    ),
                ],
            },
        ),
        ("page_break", {"title": "Pièces et engagement"}),
        ("file", {"label": "Statuts de l'association", "key": "statuts", "file_types": ["pdf"]}),
        (
            "file",
            {
                "label": "Budget prévisionnel",
                "key": "budget_previsionnel",
                "file_types": ["pdf", "odt", "docx"],
                "help_text": "Vous pouvez utiliser le formulaire Cerfa n° 12156.",
            },
        ),
        ("file", {"label": "Relevé d'identité bancaire", "key": "rib", "file_types": ["pdf", "jpeg", "png"]}),
        (
            "file",
            {"label": "Derniers comptes approuvés", "key": "comptes", "file_types": ["pdf"], "required": False},
        ),
        (
            "explanation",
            {
                "text": "<p>Toute association qui demande une subvention publique souscrit le <b>contrat "
                "d'engagement républicain</b> : elle s'engage notamment à respecter les lois de la République, la "
                "liberté de conscience, l'égalité, la dignité de la personne humaine et les symboles de la "
                "République.</p>",
            },
        ),
        (
            "yes_no",
            {
                "label": "L'association souscrit-elle le contrat d'engagement républicain ?",
                "key": "engagement_republicain",
            },
        ),
    ],
}

NATIONALITE = ["Depuis sa naissance", "Elle l'a acquise après sa naissance"]

RECENSEMENT: dict[str, Any] = {
    "slug": "recensement-citoyen",
    "title": "Se faire recenser à 16 ans",
    "summary": (
        "Tout jeune Français doit se faire recenser à la mairie de son domicile entre son 16e anniversaire et la "
        "fin du troisième mois qui suit. La mairie remet une attestation de recensement."
    ),
    "description": (
        "Le recensement est obligatoire pour les Françaises et les Français dès 16 ans. Il permet d'être "
        "convoqué à la journée défense et citoyenneté (JDC) et d'être inscrit d'office sur les listes "
        "électorales à 18 ans.\n\n"
        "La mairie remet une attestation de recensement : conservez-la, elle peut être demandée pour s'inscrire "
        "à certains examens ou concours avant la JDC. Le recensement peut être fait par le jeune lui-même ou par "
        "son représentant légal. En cas d'oubli, il est possible de régulariser sa situation jusqu'à 25 ans."
    ),
    "category": "vie_pratique",
    "keywords": "recensement, recensement citoyen, 16 ans, JDC, journée défense et citoyenneté, attestation",
    "eligibility": "franceconnect",
    "eligibility_details": (
        "Les jeunes de nationalité française domiciliés dans la commune, à partir de leur 16e anniversaire, ou "
        "leur représentant légal. Les personnes devenues françaises entre 16 et 25 ans se font recenser dans le "
        "mois qui suit l'acquisition de la nationalité."
    ),
    "documents_to_prepare": "Carte d'identité ou passeport de la personne à recenser\nLivret de famille à jour",
    "fee_cents": None,
    "processing_time": "Attestation envoyée sous 7 jours",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": "Articles L113-1 et suivants et R*111-1 du code du service national",
    "retention_months": 24,
    "handling_service": "Service des formalités administratives",
    "handling_address": "Mairie — accueil et formalités administratives",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter"],
    "scope": "commune",
    "form": [
        *_identity(),
        ("yes_no", {"label": "Êtes-vous la personne à recenser ?", "key": "est_concerne"}),
        (
            "choice",
            {
                "label": "Votre lien avec la personne à recenser",
                "key": "lien",
                "options": ["Père ou mère", "Tuteur ou tutrice", "Autre représentant légal"],
                "condition": _if("est_concerne", "non"),
            },
        ),
        ("page_break", {"title": "La personne à recenser"}),
        ("text", {"label": "Nom de naissance", "key": "nom_naissance", "max_length": 100}),
        ("text", {"label": "Nom d'usage", "key": "nom_usage", "max_length": 100, "required": False}),
        (
            "text",
            {"label": "Prénoms", "key": "prenoms", "max_length": 150, "help_text": "Tous les prénoms, dans l'ordre."},
        ),
        ("choice", {"label": "Sexe mentionné à l'état civil", "key": "sexe", "options": ["Féminin", "Masculin"]}),
        ("date", {"label": "Date de naissance", "key": "date_naissance", "when": "past"}),
        ("text", {"label": "Commune de naissance", "key": "commune_naissance", "max_length": 100}),
        ("text", {"label": "Département ou pays de naissance", "key": "departement_naissance", "max_length": 100}),
        ("address", {"label": "Adresse du domicile", "key": "domicile"}),
        (
            "email",
            {
                "label": "Adresse électronique de la personne à recenser",
                "key": "courriel_jeune",
                "required": False,
                "condition": _if("est_concerne", "non"),
            },
        ),
        (
            "choice",
            {"label": "Depuis quand la personne est-elle française ?", "key": "nationalite", "options": NATIONALITE},
        ),
        ("page_break", {"title": "Situation familiale et scolaire"}),
        ("text", {"label": "Nom et prénom du premier parent", "key": "parent_1", "max_length": 150, "required": False}),
        ("text", {"label": "Nom et prénom du second parent", "key": "parent_2", "max_length": 150, "required": False}),
        (
            "choice",
            {
                "label": "Situation actuelle",
                "key": "situation",
                "widget": "select",
                "options": [
                    "Collège",
                    "Lycée",
                    "Apprentissage",
                    "Études supérieures",
                    "En emploi",
                    "Sans activité",
                ],
            },
        ),
        (
            "choice",
            {
                "label": "Diplôme le plus élevé obtenu",
                "key": "diplome",
                "widget": "select",
                "options": [
                    "Aucun diplôme",
                    "Brevet des collèges",
                    "CAP ou BEP",
                    "Baccalauréat",
                    "Diplôme de l'enseignement supérieur",
                ],
            },
        ),
        ("page_break", {"title": "Justificatifs"}),
        (
            "file",
            {
                "label": "Carte d'identité ou passeport de la personne à recenser",
                "key": "piece_identite",
            },
        ),
        (
            "file",
            {
                "label": "Livret de famille",
                "key": "livret_famille",
                "help_text": "Les pages des parents et celle de la personne à recenser.",
            },
        ),
        (
            "file",
            {
                "label": "Document prouvant l'acquisition de la nationalité française",
                "key": "justificatif_nationalite",
                "required": False,
                "help_text": "Décret de naturalisation, déclaration enregistrée ou certificat de nationalité.",
                "condition": _if("nationalite", NATIONALITE[1]),
            },
        ),
    ],
}

# --- Intercommunalité: petite enfance, déchets, assainissement --------------------------

CRECHE: dict[str, Any] = {
    "slug": "inscription-creche",
    "title": "Demander une place en crèche",
    "summary": (
        "Déposez une demande de place en crèche ou en multi-accueil pour votre enfant, avant ou après sa "
        "naissance. Les places sont attribuées en commission selon des critères publiés."
    ),
    "description": (
        "Les crèches et multi-accueils de l'intercommunalité accueillent les jeunes enfants de la fin du congé "
        "de maternité jusqu'à leur entrée à l'école, de façon régulière ou occasionnelle. Une commission "
        "d'attribution examine les demandes selon des critères publiés : date de la demande, âge de l'enfant, "
        "besoin d'accueil et situation de la famille.\n\n"
        "Le nombre de places étant limité, une demande peut ne pas être satisfaite ; elle reste alors inscrite "
        "sur la liste d'attente si vous le souhaitez. La participation des familles est calculée selon le barème "
        "national de la Caisse nationale des allocations familiales, en fonction de vos ressources et du nombre "
        "d'enfants à charge.\n\n"
        "Si vous faites la demande pendant la grossesse, confirmez-la après la naissance de l'enfant."
    ),
    "category": "enfance",
    "keywords": "crèche, multi-accueil, petite enfance, garde d'enfant, halte-garderie, place en crèche",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Les familles qui résident dans une commune de l'intercommunalité. La demande peut être faite pendant la "
        "grossesse."
    ),
    "documents_to_prepare": (
        "Justificatif de domicile de moins de trois mois\n"
        "Numéro d'allocataire CAF ou MSA, ou dernier avis d'imposition\n"
        "Livret de famille, ou attestation de grossesse si l'enfant n'est pas né"
    ),
    "fee_cents": None,
    "processing_time": "Réponse après la commission d'attribution, 4 mois au plus",
    "silence_rule": "svr",
    "silence_delay": 4,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Décret n° 2016-625 du 19 mai 2016, annexe : inscription à un service public dont l'accès est limité par "
        "les capacités d'accueil (le silence vaut rejet au bout de quatre mois)"
    ),
    "retention_months": 24,
    "handling_service": "Service petite enfance",
    "handling_address": "Siège de l'intercommunalité — service petite enfance",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter"],
    "scope": "epci",
    "form": [
        *_identity(
            phone_required=True,
            address_label="Votre adresse",
            address_help="La demande est examinée pour la commune où vous résidez.",
        ),
        ("page_break", {"title": "L'enfant"}),
        ("yes_no", {"label": "L'enfant est-il déjà né ?", "key": "enfant_ne"}),
        (
            "text",
            {
                "label": "Prénom de l'enfant",
                "key": "prenom_enfant",
                "max_length": 100,
                "condition": _if("enfant_ne", "oui"),
            },
        ),
        (
            "text",
            {"label": "Nom de l'enfant", "key": "nom_enfant", "max_length": 100, "condition": _if("enfant_ne", "oui")},
        ),
        (
            "date",
            {
                "label": "Date de naissance de l'enfant",
                "key": "naissance_enfant",
                "when": "past",
                "condition": _if("enfant_ne", "oui"),
            },
        ),
        (
            "date",
            {
                "label": "Date prévue de l'accouchement",
                "key": "date_terme",
                "when": "future",
                "condition": _if("enfant_ne", "non"),
            },
        ),
        (
            "yes_no",
            {
                "label": "L'enfant a-t-il un handicap ou une maladie chronique ?",
                "key": "besoins_particuliers",
                "help_text": "Cette information sert à préparer son accueil ; elle ne peut pas justifier un refus.",
                "condition": _if("enfant_ne", "oui"),
            },
        ),
        ("page_break", {"title": "L'accueil souhaité"}),
        ("date", {"label": "Date d'entrée souhaitée", "key": "date_entree", "when": "future"}),
        (
            "choice",
            {
                "label": "Type d'accueil",
                "key": "type_accueil",
                "options": ["Accueil régulier (contrat)", "Accueil occasionnel"],
            },
        ),
        (
            "choice",
            {
                "label": "Jours d'accueil souhaités",
                "key": "jours",
                "widget": "checkbox",
                "options": ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"],
                "condition": _if("type_accueil", "Accueil régulier (contrat)"),
            },
        ),
        (
            "text",
            {
                "label": "Horaires souhaités",
                "key": "horaires",
                "max_length": 100,
                "help_text": "Par exemple : de 8 h 30 à 17 h 30.",
                "condition": _if("type_accueil", "Accueil régulier (contrat)"),
            },
        ),
        (
            "text",
            {
                "label": "Établissements souhaités, par ordre de préférence",
                "key": "etablissements",
                "max_length": 300,
                "required": False,
            },
        ),
        ("page_break", {"title": "Votre situation"}),
        (
            "choice",
            {
                "label": "Situation professionnelle des parents",
                "key": "situation_parents",
                "options": [
                    "Les parents travaillent ou étudient",
                    "Un parent cherche un emploi ou suit une formation",
                    "Autre situation",
                ],
            },
        ),
        (
            "yes_no",
            {
                "label": "Percevez-vous un minimum social (RSA, AAH…) ?",
                "key": "minima_sociaux",
                "help_text": "Les familles qui en bénéficient ont un accès facilité aux places d'accueil.",
            },
        ),
        (
            "text",
            {"label": "Numéro d'allocataire CAF ou MSA", "key": "allocataire", "max_length": 20, "required": False},
        ),
        ("file", {"label": "Justificatif de domicile", "key": "justificatif_domicile"}),
    ],
}

ENCOMBRANTS: dict[str, Any] = {
    "slug": "collecte-encombrants",
    "title": "Faire enlever ses encombrants",
    "summary": (
        "Faites enlever devant chez vous, sur rendez-vous, les objets trop volumineux pour la collecte "
        "habituelle : meubles, matelas, gros électroménager."
    ),
    "description": (
        "L'intercommunalité collecte les encombrants des particuliers sur rendez-vous. Sortez les objets la "
        "veille au soir ou le matin du passage, devant votre domicile, sans gêner le passage des piétons.\n\n"
        "Ne sont pas collectés : les gravats et déchets de chantier, les déchets verts, les pneus, les produits "
        "dangereux (peintures, solvants, bouteilles de gaz) et les ordures ménagères ; apportez-les en "
        "déchèterie. Les objets en bon état peuvent aussi être donnés à une ressourcerie."
    ),
    "category": "dechets",
    "keywords": "encombrants, monstres, meubles, matelas, électroménager, collecte, rendez-vous, déchets",
    "eligibility": "anyone",
    "eligibility_details": (
        "Les particuliers qui habitent une commune de l'intercommunalité, dans la limite du volume fixé par le "
        "règlement de collecte."
    ),
    "documents_to_prepare": "La liste des objets à enlever et leurs dimensions approximatives",
    "fee_cents": None,
    "processing_time": "Rendez-vous proposé sous 3 semaines",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": "Article L2224-13 du code général des collectivités territoriales",
    "retention_months": 12,
    "handling_service": "Service collecte des déchets",
    "handling_address": "Siège de l'intercommunalité — service collecte des déchets",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "phone"],
    "scope": "epci",
    "form": [
        *_identity(phone_required=True, address_label="Adresse de collecte"),
        ("choice", {"label": "Type de logement", "key": "logement", "options": ["Maison", "Appartement"]}),
        (
            "text",
            {
                "label": "Étage, bâtiment et code d'accès",
                "key": "acces",
                "max_length": 150,
                "required": False,
                "condition": _if("logement", "Appartement"),
            },
        ),
        ("page_break", {"title": "Les objets à enlever"}),
        (
            "explanation",
            {
                "text": "<p>Ne sont pas collectés :</p><ul><li>les gravats et déchets de chantier ;</li>"
                "<li>les déchets verts ;</li><li>les pneus ;</li><li>les produits dangereux (peintures, solvants, "
                "bouteilles de gaz) ;</li><li>les ordures ménagères.</li></ul>",
            },
        ),
        (
            "group",
            {
                "label": "Objet à enlever",
                "key": "objets",
                "min_items": 1,
                "max_items": 10,
                "fields": [
                    (
                        "choice",
                        {
                            "label": "Type d'objet",
                            "key": "type_objet",
                            "widget": "select",
                            "options": [
                                "Meuble",
                                "Matelas ou sommier",
                                "Gros électroménager",
                                "Objet en métal",
                                "Autre objet",
                            ],
                        },
                    ),
                    (
                        "text",
                        {
                            "label": "Description",
                            "key": "description_objet",
                            "max_length": 150,
                            "help_text": "Par exemple : armoire deux portes, 180 × 100 cm.",
                        },
                    ),
                    ("number", {"label": "Quantité", "key": "quantite", "min_value": 1, "max_value": 10}),
                ],
            },
        ),
        (
            "date",
            {
                "label": "Date souhaitée",
                "key": "date_souhaitee",
                "when": "future",
                "required": False,
                "help_text": "Le service vous confirme la date de passage.",
            },
        ),
    ],
}

COMPOSTEUR_TYPES = ["Composteur individuel pour mon jardin", "Composteur partagé pour ma résidence"]

COMPOSTEUR: dict[str, Any] = {
    "slug": "demande-composteur",
    "title": "Demander un composteur",
    "summary": (
        "Réduisez vos déchets en compostant vos restes de repas et de jardin. L'intercommunalité fournit des "
        "composteurs individuels et accompagne les résidences pour un composteur partagé."
    ),
    "description": (
        "Les biodéchets (restes de repas, épluchures, marc de café) représentent près d'un tiers de nos "
        "poubelles. Depuis le 1er janvier 2024, ils doivent être triés à la source : le compostage est la "
        "solution la plus simple pour les foyers qui disposent d'un jardin.\n\n"
        "Le composteur est remis avec un bioseau et un guide d'utilisation, lors d'une distribution ou d'un "
        "atelier de prise en main. Les résidences collectives peuvent demander l'installation d'un composteur "
        "partagé, avec l'accord du bailleur ou du syndic."
    ),
    "category": "dechets",
    "keywords": "composteur, compost, biodéchets, jardin, bioseau, réduction des déchets, compostage partagé",
    "eligibility": "anyone",
    "eligibility_details": (
        "Les particuliers qui habitent une commune de l'intercommunalité : un composteur individuel par foyer. "
        "Pour un composteur partagé, la demande est faite par un habitant référent."
    ),
    "documents_to_prepare": (
        "Justificatif de domicile, à présenter lors du retrait\n"
        "Accord du bailleur ou du syndic, pour un composteur partagé"
    ),
    "fee_cents": None,
    "processing_time": "1 mois",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Article L541-21-1 du code de l'environnement ; article L2224-13 du code général des collectivités "
        "territoriales"
    ),
    "retention_months": 36,
    "handling_service": "Service prévention des déchets",
    "handling_address": "Siège de l'intercommunalité — service prévention des déchets",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "phone"],
    "scope": "epci",
    "form": [
        *_identity(address_label="Votre adresse"),
        ("page_break", {"title": "Votre composteur"}),
        ("choice", {"label": "Que demandez-vous ?", "key": "type_composteur", "options": COMPOSTEUR_TYPES}),
        (
            "choice",
            {
                "label": "Volume souhaité",
                "key": "volume",
                "options": ["300 litres environ", "400 litres environ", "600 litres environ"],
                "help_text": "Comptez environ 300 litres pour un foyer de 2 à 3 personnes.",
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[0]),
            },
        ),
        (
            "number",
            {
                "label": "Nombre de personnes dans le foyer",
                "key": "foyer",
                "min_value": 1,
                "max_value": 15,
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[0]),
            },
        ),
        (
            "text",
            {
                "label": "Nom de la résidence",
                "key": "residence",
                "max_length": 150,
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[1]),
            },
        ),
        (
            "text",
            {
                "label": "Bailleur ou syndic",
                "key": "bailleur",
                "max_length": 150,
                "autocomplete": "organization",
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[1]),
            },
        ),
        (
            "number",
            {
                "label": "Nombre de foyers intéressés",
                "key": "foyers_interesses",
                "min_value": 1,
                "max_value": 500,
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[1]),
            },
        ),
        (
            "file",
            {
                "label": "Accord du bailleur ou du syndic",
                "key": "accord_bailleur",
                "required": False,
                "help_text": "Si vous l'avez déjà ; sinon, le service vous aidera à l'obtenir.",
                "condition": _if("type_composteur", COMPOSTEUR_TYPES[1]),
            },
        ),
        ("yes_no", {"label": "Souhaitez-vous participer à un atelier de prise en main ?", "key": "atelier"}),
    ],
}

DEPOT_SAUVAGE: dict[str, Any] = {
    "slug": "signalement-depot-sauvage",
    "title": "Signaler un dépôt sauvage",
    "summary": (
        "Vous avez constaté des déchets abandonnés sur la voie publique ou dans la nature ? Signalez-les avec une "
        "photo et leur emplacement : le service propreté organise leur enlèvement."
    ),
    "description": (
        "Abandonner des déchets sur la voie publique ou dans la nature est interdit et puni d'une amende. Votre "
        "signalement permet au service propreté de programmer l'enlèvement et, lorsque l'auteur peut être "
        "identifié, au maire d'engager les poursuites.\n\n"
        "Ne manipulez pas les déchets dangereux (amiante, bidons, batteries) et ne vous mettez pas en danger pour "
        "prendre une photo. En cas de danger immédiat (incendie, pollution d'un cours d'eau), appelez le 112."
    ),
    "category": "dechets",
    "keywords": "dépôt sauvage, déchets abandonnés, décharge sauvage, propreté, signalement, incivilité",
    "eligibility": "anyone",
    "eligibility_details": (
        "Toute personne. Vos coordonnées servent à vous tenir informé ; elles ne sont jamais communiquées à "
        "l'auteur du dépôt."
    ),
    "documents_to_prepare": "Une photo du dépôt (JPEG ou PNG)\nL'adresse ou la localisation précise du dépôt",
    "fee_cents": None,
    "processing_time": "Intervention sous 5 jours ouvrés",
    "silence_rule": "none",
    "silence_delay": None,
    "silence_delay_unit": "months",
    "legal_basis": "Article L541-3 du code de l'environnement ; articles R634-2 et R635-8 du code pénal",
    "retention_months": 12,
    "handling_service": "Service propreté",
    "handling_address": "Siège de l'intercommunalité — service propreté",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "phone", "email"],
    "scope": "epci",
    "form": [
        *_identity(),
        ("page_break", {"title": "Le dépôt"}),
        (
            "address",
            {
                "label": "Adresse du dépôt",
                "key": "lieu",
                "help_text": "Sans adresse précise, indiquez la voie la plus proche et précisez ci-dessous.",
            },
        ),
        (
            "text",
            {
                "label": "Précisions sur l'emplacement",
                "key": "precisions",
                "max_length": 300,
                "required": False,
                "help_text": "Par exemple : derrière l'abribus, à l'entrée du chemin forestier.",
            },
        ),
        ("date", {"label": "Date du constat", "key": "date_constat", "when": "past"}),
        (
            "choice",
            {
                "label": "Nature des déchets",
                "key": "nature",
                "widget": "checkbox",
                "options": [
                    "Meubles ou encombrants",
                    "Gravats ou déchets de chantier",
                    "Déchets verts",
                    "Sacs d'ordures ménagères",
                    "Pneus",
                    "Produits dangereux (bidons, amiante, batteries)",
                    "Autres déchets",
                ],
            },
        ),
        (
            "choice",
            {
                "label": "Volume estimé",
                "key": "volume",
                "options": ["Quelques sacs", "Moins de 1 m³", "Plus de 1 m³"],
            },
        ),
        (
            "file",
            {
                "label": "Photo du dépôt",
                "key": "photo",
                "file_types": ["jpeg", "png"],
                "max_size_mb": 10,
                "help_text": "Une vue d'ensemble qui permet de repérer le lieu.",
            },
        ),
        ("yes_no", {"label": "Avez-vous des éléments permettant d'identifier l'auteur du dépôt ?", "key": "auteur"}),
        (
            "long_text",
            {
                "label": "Éléments d'identification",
                "key": "elements_auteur",
                "max_length": 1000,
                "help_text": (
                    "Par exemple : immatriculation d'un véhicule, courrier visible dans les déchets. "
                    "Ne fouillez pas les déchets."
                ),
                "condition": _if("auteur", "oui"),
            },
        ),
    ],
}

RACCORDEMENT_PROJETS = [
    "Construction neuve",
    "Bâtiment existant en assainissement individuel",
    "Extension ou division d'un bâtiment déjà raccordé",
]
QUALITES = ["Propriétaire", "Mandataire du propriétaire (constructeur, architecte, notaire)"]

RACCORDEMENT_ASSAINISSEMENT: dict[str, Any] = {
    "slug": "raccordement-assainissement",
    "title": "Demander un raccordement au réseau d'assainissement",
    "summary": (
        "Vous construisez, ou votre logement doit être raccordé au tout-à-l'égout ? Demandez la création d'un "
        "branchement au réseau public de collecte des eaux usées."
    ),
    "description": (
        "Le raccordement des immeubles au réseau public de collecte des eaux usées est obligatoire dans les deux "
        "ans qui suivent sa mise en service. Le service assainissement étudie votre demande, vous adresse un "
        "devis pour la partie du branchement située sous la voie publique, puis réalise ces travaux ; les "
        "canalisations situées dans votre propriété restent à votre charge.\n\n"
        "Une participation pour le financement de l'assainissement collectif (PFAC) peut être due, selon la "
        "délibération de l'intercommunalité. Le service contrôle la conformité du raccordement avant sa mise en "
        "service. Le rejet d'eaux usées autres que domestiques (activité artisanale ou industrielle) demande une "
        "autorisation de déversement distincte."
    ),
    "category": "eau",
    "keywords": "assainissement, raccordement, branchement, tout-à-l'égout, eaux usées, PFAC, réseau",
    "eligibility": "signed_in",
    "eligibility_details": (
        "Le propriétaire du bâtiment, ou une personne qu'il mandate (constructeur, architecte, notaire)."
    ),
    "documents_to_prepare": (
        "Plan de situation du terrain\n"
        "Plan de masse indiquant l'emplacement souhaité du branchement\n"
        "Numéro du permis de construire, pour une construction neuve\n"
        "Mandat du propriétaire, si vous agissez pour son compte"
    ),
    "fee_cents": None,
    "processing_time": "1 mois, hors délai des travaux",
    "silence_rule": "svr",
    "silence_delay": 2,
    "silence_delay_unit": "months",
    "legal_basis": (
        "Articles L1331-1 et suivants du code de la santé publique ; décret n° 2015-1459 du 10 novembre 2015 "
        "(annexe : le silence vaut rejet)"
    ),
    "retention_months": 120,
    "handling_service": "Service assainissement",
    "handling_address": "Siège de l'intercommunalité — service assainissement",
    "handling_email": "",
    "handling_phone": "",
    "channels": ["web", "counter", "post"],
    "scope": "epci",
    "form": [
        *_identity(phone_required=True, address_label="Votre adresse"),
        ("choice", {"label": "Vous êtes", "key": "qualite", "options": QUALITES}),
        (
            "text",
            {
                "label": "Nom du propriétaire",
                "key": "proprietaire",
                "max_length": 150,
                "condition": _if("qualite", QUALITES[1]),
            },
        ),
        (
            "file",
            {"label": "Mandat signé par le propriétaire", "key": "mandat", "condition": _if("qualite", QUALITES[1])},
        ),
        ("page_break", {"title": "Le bâtiment à raccorder"}),
        ("address", {"label": "Adresse du bâtiment à raccorder", "key": "adresse_batiment"}),
        (
            "text",
            {
                "label": "Références cadastrales",
                "key": "cadastre",
                "max_length": 50,
                "required": False,
                "help_text": "Section et numéro de parcelle, par exemple : AB 123.",
            },
        ),
        ("choice", {"label": "Nature du projet", "key": "nature_projet", "options": RACCORDEMENT_PROJETS}),
        (
            "text",
            {
                "label": "Numéro du permis de construire",
                "key": "permis",
                "max_length": 30,
                "condition": _if("nature_projet", RACCORDEMENT_PROJETS[0]),
            },
        ),
        ("number", {"label": "Nombre de logements", "key": "logements", "min_value": 1, "max_value": 500}),
        (
            "yes_no",
            {
                "label": "Le bâtiment accueille-t-il une activité qui rejette des eaux usées autres que domestiques ?",
                "key": "non_domestique",
                "help_text": "Par exemple : restaurant, garage, pressing, laboratoire.",
            },
        ),
        (
            "explanation",
            {
                "text": "<p>Le rejet d'eaux usées autres que domestiques doit faire l'objet d'une <b>autorisation de "
                "déversement</b>, demandée à part : le service assainissement vous indiquera la démarche.</p>",
                "condition": _if("non_domestique", "oui"),
            },
        ),
        ("page_break", {"title": "Plans et travaux"}),
        ("file", {"label": "Plan de situation", "key": "plan_situation"}),
        (
            "file",
            {
                "label": "Plan de masse avec l'emplacement souhaité du branchement",
                "key": "plan_masse",
            },
        ),
        (
            "date",
            {"label": "Date souhaitée pour les travaux", "key": "date_travaux", "when": "future", "required": False},
        ),
        ("long_text", {"label": "Observations", "key": "observations", "max_length": 1500, "required": False}),
    ],
}

STARTER_SERVICES: list[dict[str, object]] = [
    ACTE_NAISSANCE,
    ACTE_MARIAGE,
    ACTE_DECES,
    ATTESTATION_ACCUEIL,
    INSCRIPTION_SCOLAIRE,
    RESTAURATION_SCOLAIRE,
    SALLE_MUNICIPALE,
    DOMAINE_PUBLIC,
    AIDE_CCAS,
    SUBVENTION_ASSOCIATION,
    RECENSEMENT,
    CRECHE,
    ENCOMBRANTS,
    COMPOSTEUR,
    DEPOT_SAUVAGE,
    RACCORDEMENT_ASSAINISSEMENT,
]


def starter_services(scope: str) -> list[dict[str, object]]:
    """The starter services of a commune ("commune") or of an intercommunalité ("epci")."""
    return [service for service in STARTER_SERVICES if service["scope"] == scope]
