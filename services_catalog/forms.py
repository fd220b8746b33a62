"""Admin form of a service: the communes as a list of names (EPCI only), the legal
settings locked once the service has been published (R-SVA-2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import FROZEN_FIELDS, Channel


class ServiceAdminForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenant = getattr(connection, "tenant", None)
        if "channels" in self.fields:
            self.fields["channels"] = forms.MultipleChoiceField(
                label=_("canaux"),
                choices=Channel.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[Channel.WEB, Channel.COUNTER],
            )
        if tenant is not None and getattr(tenant, "kind", "") == "epci":
            from tenants import api as tenants_api

            members = [(m.insee_code, m.name) for m in tenants_api.member_sites(tenant.pk)]
            self.fields["communes"] = forms.MultipleChoiceField(
                label=_("communes concernées"),
                choices=members,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Utilisé seulement si la démarche n'est pas proposée à toutes les communes membres."),
            )
        else:
            for name in ("communes", "applies_to_all_communes"):
                self.fields.pop(name, None)
        instance = self.instance
        if instance.pk and instance.frozen_settings() is not None:
            for name in FROZEN_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Figé depuis la première publication : des demandes reposent sur cette règle."
                    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("applies_to_all_communes") is False
            and "communes" in self.fields
            and not cleaned.get("communes")
        ):
            self.add_error("communes", _("Cochez au moins une commune, ou proposez la démarche à toutes."))
        return cleaned


# --- The guichet unique (agents) ------------------------------------------------------------


def assisted_channel_choices() -> list[tuple[str, str]]:
    from guichet.casework import api as casework_api

    labels = dict(casework_api.IntakeChannel.choices)
    return [(str(c.value), str(labels[c.value])) for c in casework_api.ASSISTED_CHANNELS]


class _ChannelField(forms.CharField):
    """Radio buttons; the value is checked by the services (a forged one is refused and logged)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Canal"),
            max_length=20,
            initial="counter",
            widget=forms.RadioSelect(choices=assisted_channel_choices()),
            error_messages={"required": _("Choisissez le canal par lequel l'usager s'adresse à vous.")},
            **kwargs,
        )


class ResumeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de reprise"),
        max_length=200,
        help_text=_("Le code à 8 caractères affiché sur l'écran de l'usager, par exemple ABCD-EFGH."),
        error_messages={"required": _("Saisissez le code de reprise donné par l'usager.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    channel = _ChannelField()


class AssistedIntakeForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Démarche"),
        error_messages={
            "required": _("Choisissez la démarche."),
            "invalid_choice": _("Cette démarche n'est pas proposée par cette collectivité."),
        },
    )
    channel = _ChannelField()
    email = forms.EmailField(
        label=_("Courriel de l'usager"),
        help_text=_("Sa fiche est retrouvée par cette adresse exacte, ou créée."),
        error_messages={
            "required": _("Saisissez l'adresse électronique de l'usager."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        },
    )
    first_name = forms.CharField(label=_("Prénom (si nouvelle fiche)"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom (si nouvelle fiche)"), max_length=150, required=False)
    original = forms.FileField(
        label=_("Original (facultatif)"),
        required=False,
        help_text=_("Le courrier numérisé (PDF, JPEG, PNG) ou le courriel (.eml), 15 Mo au maximum."),
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("— Choisir —")), *services]  # type: ignore[attr-defined]
