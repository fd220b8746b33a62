"""The "Données nationales" admin form: the token is write-only (never sent back to the page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import lookups
from .services import MAX_TIMEOUT


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Activer le quotient familial CAF/MSA par API Particulier"),
        required=False,
        help_text=gettext_lazy(
            "Seulement si la collectivité a obtenu l'habilitation API Particulier pour le quotient familial."
        ),
    )
    base_url = forms.CharField(
        label=gettext_lazy("Adresse du service"),
        max_length=200,
        help_text=gettext_lazy("En principe https://particulier.api.gouv.fr"),
    )
    token = forms.CharField(
        label=gettext_lazy("Nouveau jeton d'accès"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    timeout_seconds = forms.IntegerField(
        label=gettext_lazy("Délai d'attente, en secondes"),
        min_value=1,
        max_value=MAX_TIMEOUT,
        initial=10,
        error_messages={
            "invalid": gettext_lazy("Saisissez un nombre entier, en chiffres."),
            "min_value": gettext_lazy("Le délai d'attente est compris entre 1 et 30 secondes."),
            "max_value": gettext_lazy("Le délai d'attente est compris entre 1 et 30 secondes."),
        },
    )

    def __init__(self, *args: Any, has_token: bool = False, token_mask: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_token = has_token
        if has_token:
            self.fields["token"].help_text = _(
                "Un jeton est enregistré (%(mask)s). Laissez vide pour le garder ; saisissez-en un pour le remplacer."
            ) % {"mask": token_mask}
        else:
            self.fields["token"].help_text = _("Aucun jeton enregistré. Il est délivré par API Particulier.")

    def clean_base_url(self) -> str:
        value = (self.cleaned_data.get("base_url") or "").strip()
        problem = lookups.url_problem(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_token(self) -> str:
        value: str = self.cleaned_data.get("token") or ""
        if any(c.isspace() for c in value) or not value.isprintable():
            raise ValidationError(_("Le jeton ne contient ni espace ni retour à la ligne."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("token") and not self.has_token:
            self.add_error("token", _("Indiquez le jeton d'accès délivré par API Particulier pour activer le service."))
        return cleaned
