"""Starter services of a commune: formalities and children (attestation d'accueil, school, canteen)."""

from __future__ import annotations

from typing import Any

from ._blocks import _identity, _if

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
                "document_kind": "identity",
                "help_text": "Livret de famille, acte de naissance ou pièce d'identité.",
            },
        ),
        (
            "file",
            {
                "label": "Justificatif de domicile",
                "key": "justificatif_domicile",
                "required": False,
                "document_kind": "address_proof",
            },
        ),
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
            "family_quotient",
            {
                "label": "Quotient familial (CAF ou MSA)",
                "key": "quotient_familial",
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
                "document_kind": "family_quotient",
                "help_text": (
                    "Inutile si votre quotient familial a été obtenu auprès de la CAF ou de la MSA ci-dessus. "
                    "Sans justificatif, le tarif maximal s'applique."
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
