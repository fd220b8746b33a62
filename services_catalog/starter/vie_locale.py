"""Starter services of a commune: local life (rooms, public domain, CCAS, associations, census)."""

from __future__ import annotations

from typing import Any

from ._blocks import _identity, _if

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
                "document_kind": "tax_notice",
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
                "document_kind": "identity",
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
