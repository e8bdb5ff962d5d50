from django.urls import path

from kindmind.formulation import views

app_name = "formulation"

urlpatterns = [
    path("", views.index, name="index"),
    path("edit/", views.edit, name="edit"),
    path("versions/", views.versions, name="versions"),
    path("save/", views.autosave, name="autosave"),
]
