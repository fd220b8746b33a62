"""Forms of the "Courriels reçus" back office: they parse and check; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Status, TlsMode


class FilterForm(forms.Form):
    statut = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(Status.choices))

    def value(self) -> str:
        return self.cleaned_data.get("statut", "") if self.is_valid() else ""


class ConvertForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Démarche"),
        help_text=_("La demande est commencée pour l'expéditeur, avec le courriel comme pièce d'origine."),
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choisissez une démarche")), *services]
        self.fields["service"].choices = choices  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Réponse"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Envoyée par courriel à l'expéditeur, signée au nom de la collectivité."),
    )


class IgnoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : publicité, courriel en double, hors compétence."),
    )


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Relever la boîte IMAP toutes les deux minutes"), required=False)
    host = forms.CharField(label=_("Serveur IMAP"), max_length=255, required=False)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    tls_mode = forms.ChoiceField(label=_("Chiffrement"), choices=TlsMode.choices, initial=TlsMode.SSL)
    username = forms.CharField(label=_("Identifiant"), max_length=255, required=False)
    password = forms.CharField(
        label=_("Mot de passe"),
        max_length=255,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Laissez vide pour conserver le mot de passe enregistré (il n'est jamais réaffiché)."),
    )
    forget_password = forms.BooleanField(label=_("Effacer le mot de passe enregistré"), required=False)
    folder = forms.CharField(label=_("Dossier"), max_length=255, initial="INBOX")
    webhook_enabled = forms.BooleanField(label=_("Accepter les courriels transmis par webhook"), required=False)

    def clean_host(self) -> str:
        host = self.cleaned_data["host"].strip()
        if host and (any(c.isspace() for c in host) or "/" in host or ":" in host.strip("[]")):
            raise forms.ValidationError(
                _("Indiquez un nom de serveur seul, sans protocole ni port (ex. imap.exemple.fr).")
            )
        return host

    def clean_folder(self) -> str:
        folder = self.cleaned_data["folder"].strip()
        if any(c in folder for c in "\r\n\x00"):
            raise forms.ValidationError(_("Nom de dossier invalide."))
        return folder

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") and not (data.get("host") and data.get("username")):
            raise forms.ValidationError(_("Pour activer la relève, renseignez le serveur et l'identifiant."))
        return data
