"""Forms of the agents' 360° view: the search and the reason asked before opening a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import OTHER, OTHER_MAX_LENGTH, REASONS

HERE = "ici"
EPCI = "epci"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, prénom ou adresse électronique"),
        max_length=100,
        required=False,
        help_text=_("Au moins deux caractères ; les accents et les majuscules sont ignorés."),
    )
    portee = forms.ChoiceField(
        label=_("Où chercher"),
        choices=[(HERE, _("Dans cette collectivité")), (EPCI, _("Dans l'EPCI et toutes ses communes"))],
        required=False,
        widget=forms.RadioSelect,
    )

    def value(self, name: str, default: Any = "") -> Any:
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class ReasonForm(forms.Form):
    """Why the agent opens the citizen's file (required; written to the audit logs)."""

    motif = forms.ChoiceField(
        label=_("Motif de la consultation"),
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Indiquez le motif de la consultation."),
            "invalid_choice": _("Ce motif n'existe pas : choisissez l'un des motifs proposés."),
        },
    )
    precision = forms.CharField(
        label=_("Précisez le motif"),
        max_length=OTHER_MAX_LENGTH,
        required=False,
        help_text=_("Obligatoire pour « Autre motif » (200 caractères au plus)."),
        error_messages={"max_length": _("200 caractères au plus.")},
    )
    portee = forms.ChoiceField(
        label=_("Étendue de la consultation"),
        choices=[(HERE, _("Cette collectivité")), (EPCI, _("L'EPCI et toutes ses communes"))],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Cette étendue n'existe pas.")},
    )

    def __init__(self, *args: Any, cross_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cross_allowed = cross_allowed
        if not cross_allowed:
            # Still parsed (so that a forged "epci" is seen and refused), never offered.
            self.fields["portee"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("motif") == OTHER and not (data.get("precision") or "").strip():
            self.add_error("precision", _("Précisez le motif lorsque vous choisissez « Autre motif »."))
        return data
