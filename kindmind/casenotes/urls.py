from django.urls import path

from kindmind.casenotes import views

app_name = "casenotes"

# Under a person's page for the clinician: clinic/clients/<client_id>/sessions/.
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:note_id>/", views.edit, name="edit"),
    path("<str:note_id>/delete/", views.delete, name="delete"),
]
