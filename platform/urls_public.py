"""URLs of the operator's site (public schema)."""

from django.urls import path

from guichet.ops import views

from .urls_common import urlpatterns as common

urlpatterns = [*common, path("", views.operator_home, name="operator-home")]
