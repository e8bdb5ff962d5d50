from django.urls import path

from kindmind.front import offline, views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
]
