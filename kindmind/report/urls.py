from django.urls import path

from kindmind.report import views

app_name = "report"

urlpatterns = [
    path("", views.report, name="index"),
]
