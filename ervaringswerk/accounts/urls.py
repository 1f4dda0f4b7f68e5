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
    # Passkeys: JSON for django-otp-webauthn's script (POST only), removal (a form), the script's texts.
    path(
        "account/passkey/toevoegen/begin/", views.passkey_register_begin_view, name="passkey_register_begin"
    ),
    path(
        "account/passkey/toevoegen/klaar/",
        views.passkey_register_complete_view,
        name="passkey_register_complete",
    ),
    path("account/inloggen/passkey/begin/", views.passkey_login_begin_view, name="passkey_login_begin"),
    path("account/inloggen/passkey/klaar/", views.passkey_login_complete_view, name="passkey_login_complete"),
    path("account/passkey/<int:pk>/verwijderen/", views.passkey_remove_view, name="passkey_remove"),
    path("account/passkey/teksten.js", views.passkey_jsi18n, name="passkey_jsi18n"),
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
