from django.urls import include, path

urlpatterns = [
    path("", include("kindmind.front.urls")),
    path("account/", include("kindmind.accounts.urls")),
    path("clinic/", include("kindmind.clinic.urls")),
    path("checkins/", include("kindmind.checkins.urls")),
    path("learn/", include("kindmind.learn.urls")),
    path("help/", include("kindmind.safety.urls")),
]

handler500 = "kindmind.front.views.server_error"
