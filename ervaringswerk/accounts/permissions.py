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

__all__ = [
    "ALL_ROLES",
    "STAFF_ROLES",
    "can_manage_api_token",
    "can_use_app",
    "can_view_platform_admin",
    "has_tenant",
]


def can_manage_api_token(viewer: Viewer) -> bool:
    return viewer.is_authenticated
