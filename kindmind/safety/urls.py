from django.urls import path

from kindmind.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.help_now, name="help"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("check/", views.check, name="check"),
    path("urgent/", views.urgent, name="urgent"),
]
