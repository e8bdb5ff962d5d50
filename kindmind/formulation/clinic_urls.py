"""A clinician's pages for a client's formulation, a second include under clinic/
(kindmind/urls.py). Each path names the client itself, so that the access and bad-input
sweeps see the client's id in every pattern."""

from django.urls import path

from kindmind.formulation import views

app_name = "formulation_clinic"

urlpatterns = [
    path("clients/<str:client_id>/formulation/", views.clinic_index, name="index"),
    path("clients/<str:client_id>/formulation/edit/", views.clinic_edit, name="edit"),
    path(
        "clients/<str:client_id>/formulation/versions/",
        views.clinic_versions,
        name="versions",
    ),
    path(
        "clients/<str:client_id>/formulation/save/",
        views.clinic_autosave,
        name="autosave",
    ),
]
