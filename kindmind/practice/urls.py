from django.urls import path

from kindmind.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.index, name="index"),
    path("log/", views.log, name="log"),
    path("breathe/", views.breathe, name="breathe"),
    path("going-gently/", views.going_gently, name="going_gently"),
    path("builders/compassionate-other/", views.builder_other, name="builder_other"),
    path("builders/compassionate-self/", views.builder_self, name="builder_self"),
    path("library/<slug:practice_slug>/", views.detail, name="detail"),
    path("recordings/", views.recordings_page, name="recordings"),
    # Recordings belong to the clinic, not to a client: not client-owned objects.
    path("recordings/<uuid:recording>/", views.recording_audio, name="recording_audio"),
    path("recordings/<uuid:recording>/remove/", views.recording_remove, name="recording_remove"),
    path("sessions/<str:session_id>/", views.session, name="session"),
    path("sessions/<str:session_id>/progress/", views.progress, name="progress"),
    path("sessions/<str:session_id>/finish/", views.finish, name="finish"),
    path("sessions/<str:session_id>/stop/", views.stop, name="stop"),
    path("sessions/<str:session_id>/stirred/", views.stirred, name="stirred"),
    path("sessions/<str:session_id>/after/", views.after, name="after"),
]
