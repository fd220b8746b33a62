"""The per-tenant stylesheet of design tokens, and the theme form in the tenant's admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.roles import api as roles_api

from . import services
from .api import DEFAULTS, FIELDS, tokens_for_current_tenant
from .models import Corners, Font, HeaderStyle, Theme


def _site_tenant(request: HttpRequest) -> Any:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        raise Http404
    return tenant


def parent_schema(tenant: Any) -> str | None:
    parent = tenant.parent if tenant.kind == "commune" and tenant.parent_id else None
    return parent.schema_name if parent is not None else None


def stylesheet(request: HttpRequest) -> HttpResponse:
    tenant = _site_tenant(request)
    tokens = tokens_for_current_tenant(parent_schema_getter=lambda: parent_schema(tenant))
    response = HttpResponse(tokens.as_css(), content_type="text/css; charset=utf-8")
    # The URL carries the version (?v=…): a new theme is a new URL.
    response["Cache-Control"] = "public, max-age=31536000, immutable" if request.GET.get("v") else "no-cache"
    return response


class ThemeForm(forms.Form):
    primary_colour = forms.CharField(
        label=gettext_lazy("Couleur principale"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("Code hexadécimal, par exemple #000091. Vide : celle de l'EPCI ou de la plateforme."),
        widget=forms.TextInput(attrs={"placeholder": "#000091", "size": 8}),
    )
    secondary_colour = forms.CharField(
        label=gettext_lazy("Couleur secondaire"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("Bordures, icônes et grands textes."),
        widget=forms.TextInput(attrs={"placeholder": "#6a6af4", "size": 8}),
    )
    header_style = forms.ChoiceField(
        label=gettext_lazy("Style du bandeau"),
        required=False,
        choices=[("", gettext_lazy("Hériter"))] + list(HeaderStyle.choices),
    )
    corners = forms.ChoiceField(
        label=gettext_lazy("Coins des boutons et cadres"),
        required=False,
        choices=[("", gettext_lazy("Hériter"))] + list(Corners.choices),
    )
    font = forms.ChoiceField(
        label=gettext_lazy("Police de caractères"),
        required=False,
        choices=[("", gettext_lazy("Hériter"))] + list(Font.choices),
        help_text=gettext_lazy("Servie par la plateforme elle-même : aucune donnée des visiteurs ne part ailleurs."),
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy(
            "PNG ou SVG, 2 Mo au maximum. Les SVG contenant un script ou un lien externe sont refusés."
        ),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Retirer le logo actuel"), required=False)
    favicon = forms.FileField(
        label=gettext_lazy("Icône de l'onglet du navigateur"),
        required=False,
        help_text=gettext_lazy("PNG ou SVG carré, 2 Mo au maximum."),
    )
    remove_favicon = forms.BooleanField(label=gettext_lazy("Retirer l'icône actuelle"), required=False)


class ThemeEditView(WagtailAdminTemplateMixin, FormView):
    """Edit the tenant's theme; administrators of the tenant (and the operator) only."""

    template_name = "theming/theme_form.html"
    form_class = ThemeForm
    page_title = gettext_lazy("Thème du site")
    header_icon = "desktop"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.tenant = _site_tenant(request)
        if not roles_api.is_tenant_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        theme = Theme.objects.filter(pk=1).first()
        return {f: getattr(theme, f) for f in FIELDS} if theme else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["effective"] = tokens_for_current_tenant(parent_schema_getter=lambda: parent_schema(self.tenant))
        context["defaults"] = DEFAULTS
        context["submit_button_label"] = _("Enregistrer le thème")
        context["action_url"] = self.request.path
        return context

    def form_valid(self, form: ThemeForm) -> HttpResponse:
        if "preview" in self.request.POST:
            return self._preview(form)
        try:
            files = {name: form.cleaned_data[name] for name in ("logo", "favicon") if form.cleaned_data.get(name)}
            services.update_theme(tenant=self.tenant, values=form.cleaned_data, files=files, actor=self.request.user)
        except ValidationError as exc:
            return self._refused(form, exc)
        messages.success(self.request, _("Le thème est enregistré : le site l'affiche dès maintenant."))
        return redirect("theming_admin:edit")

    def _preview(self, form: ThemeForm) -> HttpResponse:
        """Show the site with the proposed colours and styles, without saving anything."""
        values = {f: form.cleaned_data.get(f) or "" for f in FIELDS}
        try:
            cleaned = services.clean_theme_values(values)
        except ValidationError as exc:
            return self._refused(form, exc)
        query = urlencode({"apercu-theme": "1", **cleaned})
        return self.render_to_response(self.get_context_data(form=form, preview_url=f"/?{query}"))

    def _refused(self, form: ThemeForm, exc: ValidationError) -> HttpResponse:
        """Show the services' French reasons on the form; nothing was saved."""
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_invalid(self, form: ThemeForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
