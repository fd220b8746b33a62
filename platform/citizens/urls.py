from django.urls import URLPattern

app_name = "citizens"

urlpatterns: list[URLPattern] = []
