"""Page types of every tenant site (a commune's or an EPCI's)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuickLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("intitulé"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"))


class HomePage(Page):
    """Home page of a site (one per tenant schema): hero, quick links, news, events, practical info."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de bandeau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Image décorative affichée sous le titre (elle n'est pas annoncée aux lecteurs d'écran)."),
    )
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True, verbose_name=_("accès rapides"), max_num=8)
    opening_hours = models.TextField(_("horaires d'ouverture"), blank=True)
    address = models.TextField(_("adresse"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    map_url = models.URLField(_("lien vers un plan"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("quick_links"),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("map_url"),
            ],
            heading=_("Informations pratiques"),
        ),
    ]
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
        if tenant is not None and tenant.kind in ("epci", "commune"):
            from services_catalog import api as catalogue_api

            entries = catalogue_api.catalogue(tenant)
            context["service_categories"] = [
                (code, label, len(found)) for code, label, found in catalogue_api.by_category(entries)
            ]
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date")[:3]
        context["upcoming_events"] = (
            EventPage.objects.live().public().filter(end__gte=timezone.now()).order_by("start")[:3]
        )
        return context


class FooterRole(models.TextChoices):
    NONE = "", _("—")
    LEGAL_NOTICE = "legal_notice", _("Mentions légales")
    PERSONAL_DATA = "personal_data", _("Données personnelles")
    CONTACT = "contact", _("Contact")


class StandardPage(Page):
    intro = RichTextField(_("chapeau"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))
    footer_role = models.CharField(
        _("lien dans le pied de page"), max_length=20, choices=FooterRole.choices, blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("footer_role")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page standard")


class NewsIndexPage(Page):
    intro = RichTextField(_("chapeau"), blank=True, features=INTRO_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des actualités")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = NewsPage.objects.child_of(self).live().public().order_by("-date")
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = RichTextField(_("chapeau"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("actualité")


class EventIndexPage(Page):
    intro = RichTextField(_("chapeau"), blank=True, features=INTRO_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["events"] = (
            EventPage.objects.child_of(self).live().public().filter(end__gte=timezone.now()).order_by("start")
        )
        return context


class EventPage(Page):
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    intro = RichTextField(_("chapeau"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("location"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("location")]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("évènement")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end": _("La fin doit être après le début.")})


class ComplianceStatus(models.TextChoices):
    FULL = "totalement", _("totalement conforme")
    PARTIAL = "partiellement", _("partiellement conforme")
    NONE = "non", _("non conforme")


class AccessibilityDeclarationPage(Page):
    """The RGAA accessibility declaration (R-A11Y-1); its status shows in every page's footer."""

    status = models.CharField(_("état de conformité"), max_length=20, choices=ComplianceStatus.choices, default="non")
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    non_accessible_content = RichTextField(_("contenus non accessibles"), blank=True, features=RICH_TEXT_FEATURES)
    derogations = RichTextField(_("dérogations pour charge disproportionnée"), blank=True, features=RICH_TEXT_FEATURES)
    contact = RichTextField(
        _("retour d'information et contact"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Comment signaler un défaut d'accessibilité et obtenir le contenu sous une autre forme."),
    )
    multi_year_plan = RichTextField(_("schéma pluriannuel"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("status"),
        FieldPanel("audit_date"),
        FieldPanel("non_accessible_content"),
        FieldPanel("derogations"),
        FieldPanel("contact"),
        FieldPanel("multi_year_plan"),
    ]
    max_count = 1
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
