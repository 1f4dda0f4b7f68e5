"""Permission rules for accounts. The shared building blocks (`has_tenant`, `STAFF_ROLES`, ...) live in the
kernel, `ervaringswerk.core.permissions`; they are importable from here too, as before.

Rules are plain functions of a Viewer (`can_<verb>_<thing>`), so the HTML views and the API ask the
same question and the permission-matrix test proves both.
"""

from django.conf import settings
from django.http import HttpRequest

from ervaringswerk.core.permissions import (
    ALL_ROLES,
    STAFF_ROLES,
    can_use_app,
    can_view_platform_admin,
    has_tenant,
)
from ervaringswerk.core.tenancy import Viewer

from .selectors import has_membership_outside
from .viewer import SESSION_SSO_MFA_KEY

__all__ = [
    "ALL_ROLES",
    "STAFF_ROLES",
    "can_create_api_token",
    "can_manage_api_token",
    "can_manage_own_account",
    "can_use_app",
    "can_view_platform_admin",
    "has_tenant",
    "second_factor_satisfied",
    "second_factor_verified",
]


def can_manage_api_token(viewer: Viewer) -> bool:
    """List and revoke one's own API tokens."""
    return viewer.is_authenticated


def can_create_api_token(viewer: Viewer) -> bool:
    """Create a personal API token (the page and `POST /api/v1/me/tokens/`). A token carries all of its
    user's memberships, so a single sign-on session limited to some roles may not make one while the
    user has a membership outside them."""
    if not viewer.is_authenticated:
        return False
    if viewer.sso_roles is not None:
        return not has_membership_outside(user_id=viewer.user_id, roles=viewer.sso_roles)
    return True


def can_manage_own_account(viewer: Viewer) -> bool:
    """Password and second factor: every signed-in user, for their own login only."""
    return viewer.is_authenticated


# --- second factor -------------------------------------------------------------------------------
# These take the request, not a viewer: whether a second factor was passed is a property of the session
# (django-otp's OTPMiddleware), not of the person.


def second_factor_verified(request: HttpRequest) -> bool:
    """The session passed a second factor: ours (the app's code or a recovery code) after the password, or
    the provider's at single sign-on when its ID token says so in a way the configuration accepts
    (EW_OIDC_MFA_AMR / EW_OIDC_MFA_ACR, accounts/sso.py)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_verified", lambda: False)():
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_SSO_MFA_KEY) is True)


def second_factor_satisfied(request: HttpRequest) -> bool:
    """For what always needs a second factor where one is required: the Django admin and creating an API
    token. True when the session passed one, or when EW_REQUIRE_2FA is off (the demo, tests)."""
    return second_factor_verified(request) or not settings.EW_REQUIRE_2FA
