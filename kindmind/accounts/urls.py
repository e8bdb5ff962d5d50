from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.text import format_lazy

from kindmind.accounts import invitation_views, views
from kindmind.accounts.forms import KindPasswordChangeForm, KindSetPasswordForm, SignInForm

app_name = "accounts"

SIGNED_OUT = format_lazy("{}?signed-out", reverse_lazy("front:home"))

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/link/", views.signup_link_again, name="signup_link_again"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path(
        "signin/",
        views.LoginView.as_view(
            template_name="accounts/signin.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="signin",
    ),
    # After signing out, the welcome page says so, rather than the sign-in page's
    # "Welcome back" to someone who is leaving. Only this fixed word is in the address.
    path(
        "signout/",
        auth_views.LogoutView.as_view(next_page=SIGNED_OUT),
        name="signout",
    ),
    path(
        "password/",
        views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=KindPasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_sent"),
            extra_email_context={"site_root": settings.SITE_ROOT},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=KindSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("settings/", views.settings_page, name="settings"),
    path("delete/", views.delete_account, name="delete"),
    path("sharing/", views.sharing, name="sharing"),
    path("export/", views.export_everything, name="export"),
    path("import/", views.import_everything, name="import"),
    path("sharing/<str:share_id>/stop/", views.stop_sharing, name="stop_sharing"),
    path("sharing/<str:share_id>/change/", invitation_views.change_sharing, name="change_sharing"),
    path("sharing/looked/", invitation_views.sharing_looks, name="sharing_looks"),
    path("invitation/", invitation_views.invitation_code, name="invitation_code"),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
]
