from django.urls import path

from . import views

app_name = "services_catalog"

urlpatterns = [
    path("demarches/", views.index, name="index"),
    path("demarches/<slug:slug>/", views.detail, name="detail"),
    path("demarches/<slug:slug>/formulaire/", views.start, name="start"),
    path("demarches/<slug:slug>/formulaire/<int:number>/", views.step, name="step"),
    path("demarches/<slug:slug>/formulaire/verification/", views.review, name="review"),
    path("mes-brouillons/", views.my_drafts, name="my_drafts"),
    path("mes-brouillons/<int:draft_id>/reprendre/", views.resume_draft, name="resume_draft"),
    path("mes-brouillons/<int:draft_id>/supprimer/", views.delete_draft, name="delete_draft"),
]
