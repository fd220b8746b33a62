from django.urls import URLPattern, path

from . import views

app_name = "inbox"

urlpatterns: list[URLPattern] = [
    path("courriels-entrants/<str:token>/", views.webhook, name="webhook"),
]
