from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("suivi/<str:code>/", views.track, name="track"),
    path(
        "suivi/<str:code>/documents/<int:item_id>/", views.track_download, {"kind": "document"}, name="track_document"
    ),
    path("suivi/<str:code>/fichiers/<int:item_id>/", views.track_download, {"kind": "file"}, name="track_file"),
    path("mes-demandes/", views.my_requests, name="mine"),
    path("mes-demandes/<str:reference>/", views.my_request, name="my_request"),
    path(
        "mes-demandes/<str:reference>/documents/<int:item_id>/",
        views.my_download,
        {"kind": "document"},
        name="my_document",
    ),
    path("mes-demandes/<str:reference>/fichiers/<int:item_id>/", views.my_download, {"kind": "file"}, name="my_file"),
]
