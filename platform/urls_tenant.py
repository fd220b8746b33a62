"""URLs of a tenant's site (an EPCI or a commune)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

from .urls_common import urlpatterns as common

urlpatterns = [
    *common,
    path("", include("theming.urls")),
    path("", include("cms.urls")),
    path("", include("services_catalog.urls")),
    path("", include("guichet.casework.urls")),
    path("", include("guichet.citizens.urls")),
    path("", include("guichet.vault.urls")),
    path("", include("guichet.inbox.urls")),
    path("", include("guichet.connectors.urls")),
    path("", include(wagtail_urls)),
]
