"""Citizens' forms: identification at submission (R-SVE-2), messages and corrections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from services_catalog import api as catalogue_api

from .services import Upload

UPLOAD_TYPES = ["pdf", "jpeg", "png"]
UPLOAD_MAX_MB = 10


class IdentityForm(forms.Form):
    last_name = forms.CharField(
        label=_("Nom"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = forms.CharField(
        label=_("Prénom"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("Les accusés d'enregistrement et de réception y sont envoyés."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    postal_address = forms.CharField(
        label=_("Adresse postale"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        return catalogue_api.clean_french_phone(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("last_name", "first_name", "postal_address"):
            if name in data:
                data[name] = " ".join(str(data[name]).split()) if name != "postal_address" else str(data[name]).strip()
        return data


def checked_upload(upload: Any) -> Upload | None:
    if not upload:
        return None
    kind = catalogue_api.check_upload(upload, UPLOAD_TYPES, UPLOAD_MAX_MB)
    upload.seek(0)
    return Upload(name=upload.name or "piece", content=upload.read(), kind=kind)


class CitizenMessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=_("Joindre un fichier (facultatif)"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, 10 Mo au maximum."),
    )

    def clean_attachment(self) -> Upload | None:
        return checked_upload(self.cleaned_data.get("attachment"))


class CorrectionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Votre réponse"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(
        label=_("Pièce demandée"), required=False, help_text=_("PDF, JPEG ou PNG, 10 Mo au maximum.")
    )

    def clean_attachment(self) -> Upload | None:
        return checked_upload(self.cleaned_data.get("attachment"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not str(data.get("answer") or "").strip() and not data.get("attachment") and not self.errors:
            raise ValidationError(_("Joignez la pièce demandée ou écrivez votre réponse."))
        return data
