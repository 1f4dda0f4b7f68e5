from django.urls import path

from . import sso, views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    # Single sign-on (only when configured, else 404): to the provider, and back with a code.
    path("inloggen/sso/", sso.sso_login, name="sso_login"),
    path("inloggen/sso/terug/", sso.sso_callback, name="sso_callback"),
    path("account/api-token/", views.api_token, name="api_token"),
    path("account/api-token/<uuid:pk>/intrekken/", views.api_token_revoke_view, name="api_token_revoke"),
    path("account/inloggen/code/", views.login_code, name="login_code"),
    path("account/tweestapsverificatie/", views.two_factor, name="two_factor"),
    path("account/wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/wachtwoord/gewijzigd/", views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
