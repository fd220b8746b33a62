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
