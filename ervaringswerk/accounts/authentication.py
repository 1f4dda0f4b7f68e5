"""API authentication with personal tokens: `Authorization: Token ew_<64 hex digits>`.

django-rest-knox's scheme (look up by the token's first 15 characters, compare SHA-512 digests in
constant time), with our rules: an expired token is refused but kept (its owner sees it as expired and
removes it), use never extends a token's life, and every refusal is one Dutch message.
"""

import binascii
import re
from hmac import compare_digest

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication as DrfSessionAuthentication

# The old, readable tokens (DRF authtoken) were 40 hex digits; migration accounts 0003 removed them all.
_LEGACY = re.compile(r"^[0-9a-f]{40}$")


class SessionAuthentication(DrfSessionAuthentication):
    """The browser's session on the API (the browsable API, htmx): DRF's CSRF refusal is English
    ("CSRF Failed: ..."); ours says in Dutch what to do, like core.views.csrf_failure."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("Het verzoek mist een geldig CSRF-token. Gebruik een API-token, of laad de pagina opnieuw.")
            ) from None


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        try:
            key = token.decode("utf-8")
        except UnicodeDecodeError:
            key = ""
        if _LEGACY.match(key):
            raise exceptions.AuthenticationFailed(
                _(
                    "Dit API-token is van het oude soort en werkt niet meer. "
                    "Maak een nieuw token op /account/api-token/."
                )
            )
        invalid = _("Ongeldig of verlopen API-token.")
        if not key:
            raise exceptions.AuthenticationFailed(invalid)
        try:
            digest = hash_token(key)
        except (TypeError, ValueError, binascii.Error):
            raise exceptions.AuthenticationFailed(invalid) from None
        candidates = get_token_model().objects.filter(token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH])
        for api_token in candidates.select_related("user"):
            if compare_digest(digest, api_token.digest):
                if api_token.is_expired or not api_token.user.is_active:
                    break
                return (api_token.user, api_token)
        raise exceptions.AuthenticationFailed(invalid)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document names our token authentication (`Authorization: Token <key>`)."""

    target_class = "ervaringswerk.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):  # noqa: ANN001, ANN201 - drf-spectacular's hook
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <sleutel>"}


class SessionScheme(OpenApiAuthenticationExtension):
    """Our SessionAuthentication (Dutch CSRF refusal) is documented as DRF's: the session cookie."""

    target_class = "ervaringswerk.accounts.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):  # noqa: ANN001, ANN201 - drf-spectacular's hook
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
