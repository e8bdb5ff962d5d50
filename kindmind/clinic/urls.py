from django.urls import path

from kindmind.clinic import invitations, person, views
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
    path("clients/<str:client_id>/", person.client_detail, name="client_detail"),
    path("clients/<str:client_id>/checkins/", person.checkins, name="person_checkins"),
    path(
        "clients/<str:client_id>/checkins/trend/",
        person.checkins_trend,
        name="person_checkins_trend",
    ),
    path("clients/<str:client_id>/practice/", person.practice, name="person_practice"),
    path("clients/<str:client_id>/critic/", person.critic, name="person_critic"),
    path("clients/<str:client_id>/questionnaires/", person.measures, name="person_measures"),
    path("clients/<str:client_id>/export/", person.export_shared, name="person_export"),
    path("clients/<str:client_id>/label/", views.client_label, name="client_label"),
    path(
        "alerts/<str:alert_id>/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge_alert",
    ),
    path("clients/<str:client_id>/safety/", safety_views.client_safety, name="client_safety"),
    path(
        "clients/<str:client_id>/suggest-reminder/",
        reminder_views.suggest,
        name="suggest_reminder",
    ),
]
