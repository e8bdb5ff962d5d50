from django.urls import include, path

urlpatterns = [
    path("", include("kindmind.front.urls")),
    path("account/", include("kindmind.accounts.urls")),
    path("clinic/", include("kindmind.clinic.urls")),
]

handler500 = "kindmind.front.views.server_error"
