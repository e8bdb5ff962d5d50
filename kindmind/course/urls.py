from django.urls import path

from kindmind.course import views

app_name = "course"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("week/<int:week>/", views.week, name="week"),
    path("week/<int:week>/save/", views.autosave, name="autosave"),
    path("join/", views.join, name="join"),
    path("leave/", views.leave, name="leave"),
    path("groups/new/", views.new_group, name="new_group"),
    path("groups/<str:cohort_id>/", views.group, name="group"),
    path("groups/<str:cohort_id>/open-week/", views.open_week, name="open_week"),
    path("groups/<str:cohort_id>/invite/", views.invite, name="invite"),
    path(
        "groups/<str:cohort_id>/codes/<str:code_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
]
