from django.urls import path

from kindmind.homework import views

app_name = "homework"

urlpatterns = [
    path("practices/", views.own_practices, name="own_practices"),
    path("clients/<str:client_id>/", views.client_page, name="client"),
    path("clients/<str:client_id>/assign/", views.assign, name="assign"),
    path("clients/<str:client_id>/questionnaires/", views.plan_measure, name="plan_measure"),
    path("clients/<str:client_id>/<str:homework_id>/end/", views.end, name="end"),
]
