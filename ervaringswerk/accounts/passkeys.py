"""Passkeys (WebAuthn) through django-otp-webauthn: where the relying party is, and which origins count.

The ceremonies themselves (options, origin and signature checks, sign counter) are the package's
WebAuthnHelper; the
writes around them (storing, naming, removing, auditing) are in accounts/services.py, the JSON endpoints
in accounts/views.py. The browser side is the package's own script, served as a static file.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential


def relying_party_id(request: HttpRequest) -> str:
    """EW_WEBAUTHN_RP_ID, or the host name of the request (without port), which ALLOWED_HOSTS limits."""
    if settings.EW_WEBAUTHN_RP_ID:
        return settings.EW_WEBAUTHN_RP_ID
    host, _port = split_domain_port(request.get_host())
    return host


def helper_for(request: HttpRequest) -> WebAuthnHelper:
    """The package's helper (OTP_WEBAUTHN_HELPER_CLASS) for this request."""
    return WebAuthnCredential.get_webauthn_helper(request=request)
