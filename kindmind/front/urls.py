from django.urls import path

from kindmind.front import views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("healthz", views.healthz, name="healthz"),
]
