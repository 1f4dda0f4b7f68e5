"""Optional single sign-on with an OpenID Provider (mozilla-django-oidc): authorization-code flow with
PKCE (S256) and a nonce, configured from the environment only (accounts/sso_config.py).

- A person is matched on one configured claim (`EW_OIDC_MATCH_CLAIM`, default `email`) to exactly one
  existing, active account (`EW_OIDC_USER_FIELD`, `email` or `username`); accounts are never created.
- Roles come only through the group→role mapping (`EW_OIDC_GROUP_ROLES`): the session may use only the
  person's memberships whose role one of their mapped groups grants. No mapped group, no access.
- The platform administrator never signs in this way (their rights do not come from a membership).
- The ID token's issuer and audience are checked besides its signature, expiry and nonce.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import Role
from .selectors import active_users_matching, has_usable_membership
from .viewer import SESSION_SSO_MFA_KEY, SESSION_SSO_ROLES_KEY
from .views import code_step_start

logger = logging.getLogger(__name__)


class SSORefused(SuspiciousOperation):
    """The provider signed the person in, but Ervaringswerk gives them no access; the text says why."""


def roles_for_groups(groups) -> set[str]:
    if isinstance(groups, str):
        groups = [groups]
    mapping = settings.EW_OIDC_GROUP_ROLES
    return {mapping[group] for group in (groups or []) if isinstance(group, str) and group in mapping}


def provider_second_factor(payload: dict) -> bool:
    """Does the provider's (verified) ID token say a second factor was used, in a way we accept? An `amr`
    value in EW_OIDC_MFA_AMR or the `acr` in EW_OIDC_MFA_ACR; with neither configured, never."""
    amr = payload.get("amr")
    methods = {m for m in amr if isinstance(m, str)} if isinstance(amr, list) else set()
    if methods & set(getattr(settings, "EW_OIDC_MFA_AMR", ())):
        return True
    acr = payload.get("acr")
    return isinstance(acr, str) and acr in set(getattr(settings, "EW_OIDC_MFA_ACR", ()))


def provider_logout_url(request) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: the provider's end_session_endpoint, with our client, the ID token as
    hint and our login page (from EW_SITE_URL, never the request's Host) to come back to."""
    params = {
        "client_id": getattr(settings, "OIDC_RP_CLIENT_ID", ""),
        "post_logout_redirect_uri": settings.EW_SITE_URL.rstrip("/") + reverse("accounts:login"),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{getattr(settings, 'EW_OIDC_END_SESSION_ENDPOINT', '')}?{urlencode(params)}"


def _role_names(roles) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels[role]) for role in sorted(roles))


class SSOBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException:
            # The provider refused the code (a wrong PKCE verifier, an expired code) or is unreachable.
            logger.warning("sso_token_exchange_failed")
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss", "").rstrip("/") != settings.EW_OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def refuse(self, message: str):
        self.request.ew_sso_refusal = message
        raise SSORefused(message)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        name = settings.EW_OIDC_NAME
        claim = settings.EW_OIDC_MATCH_CLAIM
        value = claims.get(claim)
        if not isinstance(value, str) or not value.strip():
            self.refuse(
                _("%(name)s gaf niet door wie u bent (%(claim)s ontbreekt). Vraag uw beheerder om hulp.")
                % {"name": name, "claim": claim}
            )
        field = settings.EW_OIDC_USER_FIELD
        users = active_users_matching(field=field, value=value.strip())
        if not users:
            self.refuse(
                _(
                    "U bent bij %(name)s ingelogd, maar er is geen Ervaringswerk-account dat daarbij hoort. "
                    "Vraag de beheerder van uw organisatie om een account."
                )
                % {"name": name}
            )
        if len(users) > 1:
            self.refuse(
                _(
                    "Bij uw inlog van %(name)s horen meerdere Ervaringswerk-accounts. "
                    "Vraag uw beheerder om hulp."
                )
                % {"name": name}
            )
        user = users[0]
        if user.is_superuser:
            self.refuse(
                _("Het platformbeheer logt in met gebruikersnaam en wachtwoord, niet via %(name)s.")
                % {"name": name}
            )
        roles = roles_for_groups(claims.get(settings.EW_OIDC_GROUPS_CLAIM))
        if not roles:
            self.refuse(
                _(
                    "U bent bij %(name)s ingelogd, maar geen van uw groepen daar geeft toegang tot "
                    "Ervaringswerk. Vraag uw beheerder om u aan de juiste groep toe te voegen."
                )
                % {"name": name}
            )
        if not has_usable_membership(user=user, roles=roles):
            self.refuse(
                _(
                    "Uw groepen bij %(name)s geven de rol %(roles)s, maar u heeft in Ervaringswerk geen "
                    "actief lidmaatschap met die rol. Vraag de beheerder van uw organisatie om hulp."
                )
                % {"name": name, "roles": _role_names(roles)}
            )
        user.ew_sso_roles = sorted(roles)
        user.ew_sso_mfa = provider_second_factor(payload)
        return user


def _enabled_or_404():
    if not getattr(settings, "EW_OIDC_ENABLED", False):
        raise Http404


class SSOLoginView(OIDCAuthenticationRequestView):
    """`/inloggen/sso/`: to the provider, with state, nonce and a PKCE S256 code challenge."""


class SSOCallbackView(OIDCAuthenticationCallbackView):
    """`/inloggen/sso/terug/`: the provider sends the person back here with a code."""

    def login_success(self):
        user = self.user
        if user.second_factor_enabled and not user.ew_sso_mfa:
            # The provider vouches for no second factor: ours follows, as after a password.
            return code_step_start(
                self.request,
                user=user,
                backend=user.backend,
                next_url=self.success_url,
                sso_roles=list(user.ew_sso_roles),
            )
        response = super().login_success()
        # After auth.login (which renews the session key): the roles this session may use, and whether the
        # provider's second factor counts (else the second-factor middleware asks for ours where required).
        self.request.session[SESSION_SSO_ROLES_KEY] = list(user.ew_sso_roles)
        self.request.session[SESSION_SSO_MFA_KEY] = bool(user.ew_sso_mfa)
        return response

    def login_failure(self):
        message = getattr(self.request, "ew_sso_refusal", "") or _(
            "Inloggen via %(name)s is niet gelukt. Probeer het opnieuw, of log in met uw gebruikersnaam en "
            "wachtwoord."
        ) % {"name": settings.EW_OIDC_NAME}
        return render(
            self.request,
            "accounts/sso_refused.html",
            {"message": message, "sso_name": settings.EW_OIDC_NAME},
            status=403,
        )


def sso_login(request):
    _enabled_or_404()
    return SSOLoginView.as_view()(request)


def sso_callback(request):
    _enabled_or_404()
    return SSOCallbackView.as_view()(request)
