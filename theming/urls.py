from django.urls import path

from . import views

urlpatterns = [path("theme.css", views.stylesheet, name="theme-css")]
