from django.urls import path

from kindmind.clinic import invitations, views
from kindmind.reminders import views as reminder_views
from kindmind.safety import views as safety_views

app_name = "clinic"

urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path("invitations/", invitations.invitations_page, name="invitations"),
    path(
        "invitations/<str:invitation_id>/withdraw/",
        invitations.revoke,
        name="revoke_invitation",
    ),
    path(
        "departures/<str:departure_id>/dismiss/",
        views.dismiss_departure,
        name="dismiss_departure",
    ),
    path("clients/<str:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<str:client_id>/safety/", safety_views.client_safety, name="client_safety"),
    path(
        "clients/<str:client_id>/suggest-reminder/",
        reminder_views.suggest,
        name="suggest_reminder",
    ),
]
