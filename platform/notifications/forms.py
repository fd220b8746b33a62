"""Admin forms: a tenant's wording of a message (markers checked), its sender settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .events import Event
from .rendering import marker_errors

SMS_MAX_CHARACTERS = 480  # three SMS at most


class TemplateForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Objet du courriel"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Vide : l'objet proposé par la plateforme."),
    )
    body = forms.CharField(
        label=gettext_lazy("Texte du courriel"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("Texte simple. Vide : le texte proposé par la plateforme."),
    )
    sms_text = forms.CharField(
        label=gettext_lazy("Texte du SMS"),
        required=False,
        max_length=SMS_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("480 caractères au plus. Vide : le texte proposé par la plateforme."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def _markers(self, field: str) -> str:
        value: str = self.cleaned_data.get(field) or ""
        errors = marker_errors(value, self.event.allowed_placeholders)
        if errors:
            raise ValidationError(errors)
        return value

    def clean_subject(self) -> str:
        value = self._markers("subject")
        if "\n" in value or "\r" in value:
            raise ValidationError(_("L'objet tient sur une seule ligne."))
        return value

    def clean_body(self) -> str:
        return self._markers("body")

    def clean_sms_text(self) -> str:
        return self._markers("sms_text")


class SettingsForm(forms.Form):
    sender_name = forms.CharField(
        label=gettext_lazy("Nom de l'expéditeur"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Affiché dans la boîte de réception des usagers. Vide : le nom de la collectivité."),
    )
    reply_to = forms.EmailField(
        label=gettext_lazy("Adresse de réponse (facultative)"),
        required=False,
        help_text=gettext_lazy("Si un usager répond à un courriel, sa réponse arrive à cette adresse."),
    )
    sms_daily_cap = forms.IntegerField(
        label=gettext_lazy("Nombre maximal de SMS par usager et par jour"),
        min_value=0,
        max_value=20,
        initial=3,
        help_text=gettext_lazy("Au-delà, les SMS du jour ne sont pas envoyés (le courriel, lui, l'est toujours)."),
    )

    def clean_sender_name(self) -> str:
        value: str = self.cleaned_data.get("sender_name") or ""
        if any(ch in value for ch in '<>"@\r\n') or any(ord(ch) < 32 for ch in value):
            raise ValidationError(
                _("Le nom de l'expéditeur ne peut contenir ni adresse, ni guillemets, ni chevrons, ni saut de ligne.")
            )
        return value.strip()
