from django.urls import URLPattern

app_name = "connectors"

urlpatterns: list[URLPattern] = []
