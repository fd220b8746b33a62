"""Starter services of an intercommunalité: early childhood, waste, sanitation."""

from __future__ import annotations

from typing import Any

from ._blocks import _identity, _if

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
        (
            "file",
            {"label": "Justificatif de domicile", "key": "justificatif_domicile", "document_kind": "address_proof"},
        ),
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
