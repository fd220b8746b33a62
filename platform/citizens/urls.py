from django.urls import path

from . import views

app_name = "citizens"

urlpatterns = [
    path("mon-espace/", views.my_space, name="space"),
]
