"""Page types of every tenant site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """Home page of a commune's or an EPCI's site (one per tenant schema)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from tenants import api as tenants_api

        context = super().get_context(request, *args, **kwargs)
        tenant = getattr(request, "tenant", None)
        members = tenants_api.member_sites(tenant.pk) if tenant is not None and tenant.kind == "epci" else []
        context["member_communes"] = members
        return context
