from django.urls import path

from kindmind.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress_page, name="progress"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedules/<str:schedule_id>/stop/", views.stop, name="stop"),
    path("answer/<str:instrument>/", views.answer, name="answer"),
    path("responses/<str:response_id>/", views.response_detail, name="response"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("export.fhir.json", views.export_fhir, name="export_fhir"),
]
