from django.urls import path

from . import views

app_name = "services_catalog"

urlpatterns = [
    path("demarches/", views.index, name="index"),
    path("demarches/<slug:slug>/", views.detail, name="detail"),
    path("demarches/<slug:slug>/formulaire/", views.start, name="start"),
    path("demarches/<slug:slug>/formulaire/<int:number>/", views.step, name="step"),
    path("demarches/<slug:slug>/formulaire/verification/", views.review, name="review"),
]
