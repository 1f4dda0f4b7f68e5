"""Permission rules for accounts. The shared building blocks (`has_tenant`, `STAFF_ROLES`, ...) live in the
kernel, `ervaringswerk.core.permissions`; they are importable from here too, as before.

Rules are plain functions of a Viewer (`can_<verb>_<thing>`), so the HTML views and the API ask the
same question and the permission-matrix test proves both.
"""

from ervaringswerk.core.permissions import (
    ALL_ROLES,
    STAFF_ROLES,
    can_use_app,
    can_view_platform_admin,
    has_tenant,
)
from ervaringswerk.core.tenancy import Viewer

from .selectors import has_membership_outside

__all__ = [
    "ALL_ROLES",
    "STAFF_ROLES",
    "can_create_api_token",
    "can_manage_api_token",
    "can_use_app",
    "can_view_platform_admin",
    "has_tenant",
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
