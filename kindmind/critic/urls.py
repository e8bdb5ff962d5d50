from django.urls import path

from kindmind.critic import views

app_name = "critic"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:kind>/", views.start, name="start"),
    path("<str:entry_id>/", views.detail, name="detail"),
    path("<str:entry_id>/versions/", views.versions, name="versions"),
    path("<str:entry_id>/step/<slug:step>/", views.step_page, name="step"),
    path("<str:entry_id>/save/", views.autosave, name="autosave"),
    path("<str:entry_id>/delete/", views.delete, name="delete"),
]
