from django.urls import path

from kindmind.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("pause/", views.pause, name="pause"),
    path("resume/", views.resume, name="resume"),
    path("quiet-hours/", views.quiet, name="quiet"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("<str:reminder_id>/edit/", views.edit, name="edit"),
    path("<str:reminder_id>/delete/", views.delete, name="delete"),
    path("<str:reminder_id>/accept/", views.accept, name="accept"),
]
