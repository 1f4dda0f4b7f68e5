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
]
