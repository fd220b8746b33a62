"""Operator's admin forms. They validate shape only; tenants.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProvisionEpciForm(forms.Form):
    siren = forms.CharField(
        label=_("SIREN de l'EPCI"),
        max_length=11,
        help_text=_("9 chiffres, par exemple 242900660 pour la CC du Pays Fouesnantais."),
    )
    slug = forms.SlugField(label=_("Identifiant court (facultatif)"), required=False, max_length=63)


class ProvisionCommuneForm(forms.Form):
    insee_code = forms.CharField(
        label=_("Code INSEE de la commune"), max_length=5, help_text=_("Par exemple 29006 pour Bénodet.")
    )
    slug = forms.SlugField(label=_("Identifiant court (facultatif)"), required=False, max_length=63)
    domain = forms.CharField(label=_("Domaine (facultatif)"), required=False, max_length=253)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Nouveau nom"), max_length=200)


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la suspension"), max_length=500)


class DomainForm(forms.Form):
    domain = forms.CharField(label=_("Nom de domaine"), max_length=253)
    make_primary = forms.BooleanField(label=_("En faire le domaine principal"), required=False)
