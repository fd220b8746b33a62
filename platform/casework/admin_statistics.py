"""`/admin/demandes/statistiques/`: the requests of the period by intake channel, by service
and (in an EPCI) by commune of origin, with a CSV export. Agents of the tenant only."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import statistics
from .admin_views import _AgentMixin
from .models import IntakeChannel

MAX_DAYS = 5 * 366


class PeriodForm(forms.Form):
    debut = forms.DateField(label=gettext_lazy("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    fin = forms.DateField(label=gettext_lazy("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        end = cleaned.get("fin") or today
        start = cleaned.get("debut") or (end - dt.timedelta(days=364))
        if start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("La période ne peut pas dépasser cinq ans."))
        cleaned["debut"], cleaned["fin"] = start, end
        return cleaned


class StatisticsView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "casework/admin/statistics.html"
    page_title = gettext_lazy("Statistiques des demandes")
    header_icon = "table"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("casework_admin:queue"), "label": _("Demandes")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PeriodForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return TemplateResponse(request, self.template_name, self.get_context_data(form=form), status=400)
        end = form.cleaned_data["fin"] if form.is_bound else timezone.localdate()
        start = form.cleaned_data["debut"] if form.is_bound else end - dt.timedelta(days=364)
        figures = statistics.compute(start=start, end=end)
        if request.GET.get("format") == "csv":
            return _csv(figures)
        context = self.get_context_data(
            form=form if form.is_bound else PeriodForm(initial={"debut": start, "fin": end}),
            figures=figures,
            channels=IntakeChannel.choices,
            show_origin=getattr(request, "tenant", None) is not None and request.tenant.kind == "epci",  # type: ignore[attr-defined]
            csv_query=f"debut={start.isoformat()}&fin={end.isoformat()}&format=csv",
        )
        return TemplateResponse(request, self.template_name, context)


def _csv(figures: statistics.Statistics) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="statistiques-{figures.start.isoformat()}-{figures.end.isoformat()}.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Canal"), _("Déposées"), _("En cours"), _("Décidées"), _("Dont implicites"), _("Délai médian (jours)")]
    )
    for row in figures.by_channel:
        median = "" if row.median_days is None else str(row.median_days).replace(".", ",")
        writer.writerow([row.label, row.submitted, row.open, row.decided, row.implicit, median])
    writer.writerow([])
    labels = dict(IntakeChannel.choices)
    writer.writerow([_("Démarche"), *[str(labels[c]) for c in labels], _("Total")])
    for title, counts, total in figures.by_service:
        writer.writerow([title, *[counts.get(c, 0) for c in labels], total])
    return response
