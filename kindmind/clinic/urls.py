from django.urls import path

from kindmind.clinic import views
from kindmind.reminders import views as reminder_views
from kindmind.safety import views as safety_views

app_name = "clinic"

urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path(
        "departures/<str:departure_id>/dismiss/",
        views.dismiss_departure,
        name="dismiss_departure",
    ),
    path("clients/<str:client_id>/", views.client_detail, name="client_detail"),
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
