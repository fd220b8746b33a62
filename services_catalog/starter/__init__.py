"""The starter catalogue: real démarches of French communes and intercommunalités, ready
to publish on a new site (`services.seed_starter_catalogue`).

Plain data only. Each service is a dict of `Service` fields plus `scope` ("commune" or
"epci") and `form`, a list of (block_type, value) pairs of the form builder (`blocks.py`).
Conditions point at the key of a question placed before them.

Legal settings (silence rule, delay, basis) follow the texts in force; an administrator
checks them before publishing, since they are frozen once a request refers to them.
"""

from __future__ import annotations

from .etat_civil import ACTE_DECES, ACTE_MARIAGE, ACTE_NAISSANCE
from .formalites import ATTESTATION_ACCUEIL, INSCRIPTION_SCOLAIRE, RESTAURATION_SCOLAIRE
from .intercommunalite import COMPOSTEUR, CRECHE, DEPOT_SAUVAGE, ENCOMBRANTS, RACCORDEMENT_ASSAINISSEMENT
from .vie_locale import AIDE_CCAS, DOMAINE_PUBLIC, RECENSEMENT, SALLE_MUNICIPALE, SUBVENTION_ASSOCIATION

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
