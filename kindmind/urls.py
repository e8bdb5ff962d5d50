from django.urls import include, path

urlpatterns = [
    path("", include("kindmind.front.urls")),
    path("account/", include("kindmind.accounts.urls")),
    path("clinic/", include("kindmind.clinic.urls")),
    path("clinic/", include("kindmind.casenotes.urls")),
    path("checkins/", include("kindmind.checkins.urls")),
    path("learn/", include("kindmind.learn.urls")),
    path("practice/", include("kindmind.practice.urls")),
    path("help/", include("kindmind.safety.urls")),
    path("measures/", include("kindmind.measures.urls")),
    path("critic/", include("kindmind.critic.urls")),
    path("quick-help/", include("kindmind.quickhelp.urls")),
    path("reminders/", include("kindmind.reminders.urls")),
    path("report/", include("kindmind.report.urls")),
    path("course/", include("kindmind.course.urls")),
    path("formulation/", include("kindmind.formulation.urls")),
    # A client's formulation, for a clinician they share it with: clinic/clients/<id>/...
    path("clinic/", include("kindmind.formulation.clinic_urls")),
    path("homework/", include("kindmind.homework.urls")),
]

handler400 = "kindmind.lib.badrequest.bad_request"
handler500 = "kindmind.front.views.server_error"
