from django.urls import URLPattern, path

from . import views

app_name = "vault"

urlpatterns: list[URLPattern] = [
    path("mon-coffre/", views.mine, name="mine"),
    path("mon-coffre/ajouter/", views.add, name="add"),
    path("mon-coffre/<int:piece_id>/supprimer/", views.delete, name="delete"),
    path("mon-coffre/<slug:schema>/<int:piece_id>/fichier/", views.download, name="download"),
]
