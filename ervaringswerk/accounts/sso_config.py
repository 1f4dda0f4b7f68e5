"""Single sign-on settings, read from the environment only (config/settings.py calls `oidc_settings`).

Nothing here imports a model: settings.py runs it before Django is set up. SSO is on only when the
issuer, the four endpoints, the client id and the client secret are all given; some but not all of them
is a configuration error, refused at start-up rather than half working.
"""

from collections.abc import Mapping

ROLES = ("peer_worker", "coordinator", "professional", "team_lead", "policy_advisor", "administrator")
REQUIRED = (
    "EW_OIDC_ISSUER",
    "EW_OIDC_AUTHORIZATION_ENDPOINT",
    "EW_OIDC_TOKEN_ENDPOINT",
    "EW_OIDC_USERINFO_ENDPOINT",
    "EW_OIDC_JWKS_ENDPOINT",
    "EW_OIDC_CLIENT_ID",
    "EW_OIDC_CLIENT_SECRET",
)
USER_FIELDS = ("email", "username")
BACKEND = "ervaringswerk.accounts.sso.SSOBackend"


class SSOConfigurationError(ValueError):
    pass


def parse_group_roles(text: str) -> dict[str, str]:
    """`groep-a=coordinator,groep-b=professional` → {"groep-a": "coordinator", ...}. A group may be named
    once; every role must be one of Ervaringswerk's roles."""
    mapping: dict[str, str] = {}
    for pair in (p.strip() for p in text.split(",")):
        if not pair:
            continue
        group, sep, role = pair.rpartition("=")
        group, role = group.strip(), role.strip()
        if not sep or not group:
            raise SSOConfigurationError(f"EW_OIDC_GROUP_ROLES: '{pair}' is not group=role")
        if role not in ROLES:
            raise SSOConfigurationError(
                f"EW_OIDC_GROUP_ROLES: unknown role '{role}' (one of {', '.join(ROLES)})"
            )
        if group in mapping:
            raise SSOConfigurationError(f"EW_OIDC_GROUP_ROLES: group '{group}' is mapped twice")
        mapping[group] = role
    return mapping


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in text.replace(",", " ").split() if w)


def oidc_settings(environ: Mapping[str, str]) -> dict:
    """The Django settings for SSO (mozilla-django-oidc's OIDC_* and our EW_OIDC_*), from the environment."""
    given = {name: environ.get(name, "").strip() for name in REQUIRED}
    present = [name for name, value in given.items() if value]
    if not present:
        return {"EW_OIDC_ENABLED": False, "EW_OIDC_NAME": "", "EW_OIDC_GROUP_ROLES": {}}
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise SSOConfigurationError(f"Single sign-on is half configured; missing: {', '.join(missing)}")
    user_field = environ.get("EW_OIDC_USER_FIELD", "email").strip()
    if user_field not in USER_FIELDS:
        raise SSOConfigurationError(f"EW_OIDC_USER_FIELD must be one of {', '.join(USER_FIELDS)}")
    # The provider's second factor counts only when its ID token says so in a configured way: an `amr`
    # value (RFC 8176: otp, hwk, swk, mfa, ...) or an `acr` level. Nothing configured: never; then our own
    # second factor follows single sign-on wherever EW_REQUIRE_2FA asks for one.
    mfa_amr = _words(environ.get("EW_OIDC_MFA_AMR", ""))
    if "pwd" in mfa_amr:
        raise SSOConfigurationError("EW_OIDC_MFA_AMR: 'pwd' (a password) is never a second factor")
    mfa_acr = _words(environ.get("EW_OIDC_MFA_ACR", ""))
    # RP-initiated logout: signing out of Ervaringswerk also ends the provider's session. The ID token is
    # kept in the session only for this (the provider's id_token_hint), and goes with the session.
    end_session = environ.get("EW_OIDC_END_SESSION_ENDPOINT", "").strip()
    logout = (
        {"OIDC_OP_LOGOUT_URL_METHOD": "ervaringswerk.accounts.sso.provider_logout_url"} if end_session else {}
    )
    return {
        **logout,
        "EW_OIDC_MFA_AMR": mfa_amr,
        "EW_OIDC_MFA_ACR": mfa_acr,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {"acr_values": " ".join(sorted(mfa_acr))} if mfa_acr else {},
        "EW_OIDC_END_SESSION_ENDPOINT": end_session,
        "EW_OIDC_ENABLED": True,
        "EW_OIDC_NAME": environ.get("EW_OIDC_NAME", "").strip() or "eenmalige inlog (SSO)",
        "EW_OIDC_ISSUER": given["EW_OIDC_ISSUER"].rstrip("/"),
        # Users are matched on this claim, against this field of an existing account (never created).
        "EW_OIDC_MATCH_CLAIM": environ.get("EW_OIDC_MATCH_CLAIM", "email").strip(),
        "EW_OIDC_USER_FIELD": user_field,
        "EW_OIDC_GROUPS_CLAIM": environ.get("EW_OIDC_GROUPS_CLAIM", "groups").strip(),
        # No mapping, no role: a user none of whose groups is mapped gets no access.
        "EW_OIDC_GROUP_ROLES": parse_group_roles(environ.get("EW_OIDC_GROUP_ROLES", "")),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": given["EW_OIDC_AUTHORIZATION_ENDPOINT"],
        "OIDC_OP_TOKEN_ENDPOINT": given["EW_OIDC_TOKEN_ENDPOINT"],
        "OIDC_OP_USER_ENDPOINT": given["EW_OIDC_USERINFO_ENDPOINT"],
        "OIDC_OP_JWKS_ENDPOINT": given["EW_OIDC_JWKS_ENDPOINT"],
        "OIDC_RP_CLIENT_ID": given["EW_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": given["EW_OIDC_CLIENT_SECRET"],
        "OIDC_RP_SIGN_ALGO": environ.get("EW_OIDC_SIGN_ALGO", "RS256").strip(),
        "OIDC_RP_SCOPES": environ.get("EW_OIDC_SCOPES", "openid email profile groups").strip(),
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": bool(end_session),
        "OIDC_TIMEOUT": int(environ.get("EW_OIDC_TIMEOUT", "10")),
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:sso_callback",
    }
