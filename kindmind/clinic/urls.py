from django.urls import path

from kindmind.clinic import views

app_name = "clinic"

urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path("clients/<str:client_id>/", views.client_detail, name="client_detail"),
]
