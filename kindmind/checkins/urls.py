from django.urls import path

from kindmind.checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.history, name="history"),
    path("new/", views.new, name="new"),
    path("week/", views.week, name="week"),
    path("trend/", views.trend_page, name="trend"),
    path("<str:checkin_id>/", views.detail, name="detail"),
    path("<str:checkin_id>/edit/", views.edit, name="edit"),
    path("<str:checkin_id>/delete/", views.delete, name="delete"),
]
