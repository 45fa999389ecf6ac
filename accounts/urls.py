from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path(_("calendar/"), views.private_calendar, name="private_calendar"),
    path(_("sign-in/"), views.LoginView.as_view(), name="login"),
    path(_("sign-out/"), auth_views.LogoutView.as_view(), name="logout"),
    path(_("password-reset/"), views.PasswordResetView.as_view(), name="password_reset"),
    path(
        _("password-reset/sent/"),
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        _("password-reset/<uidb64>/<token>/"),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("password-reset/done/"),
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
