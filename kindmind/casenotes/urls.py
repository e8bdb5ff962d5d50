from django.urls import path

from kindmind.casenotes import views

app_name = "casenotes"

# Under a person's page for the clinician (kindmind.clinic.person), each path whole so
# that every pattern names all of its own arguments.
urlpatterns = [
    path("clients/<str:client_id>/sessions/", views.index, name="index"),
    path("clients/<str:client_id>/sessions/<str:note_id>/", views.edit, name="edit"),
    path("clients/<str:client_id>/sessions/<str:note_id>/delete/", views.delete, name="delete"),
    # Kept after the person left, under the "has left" entry on the Clients page.
    path("departures/<str:departure_id>/sessions/", views.kept, name="kept"),
]
