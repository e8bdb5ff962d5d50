from django.urls import path

from kindmind.quickhelp import views

app_name = "quickhelp"

urlpatterns = [
    path("", views.start, name="start"),
    path("breathe/", views.breathe, name="breathe"),
    path("words/", views.words, name="words"),
    path("next/", views.next_step, name="next"),
    path("kept/", views.kept, name="kept"),
    path("kept/<str:sentence_id>/let-go/", views.let_go, name="let_go"),
]
