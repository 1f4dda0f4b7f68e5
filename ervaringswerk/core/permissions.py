"""The kernel's permission building blocks, which every app's permissions.py uses, and the core pages' rules.

Rules are plain functions of a Viewer (`can_<verb>_<thing>`), so the HTML views and the API ask the
same question and the permission-matrix test proves both.
"""

from ervaringswerk.core.tenancy import Role, Viewer

STAFF_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_ADVISOR, Role.ADMINISTRATOR)
ALL_ROLES = (Role.PEER_WORKER, *STAFF_ROLES)


def has_tenant(viewer: Viewer) -> bool:
    """Signed in with an active membership, so there is a municipality to scope to."""
    return viewer.is_authenticated and viewer.membership is not None


def can_use_app(viewer: Viewer) -> bool:
    return has_tenant(viewer) or viewer.is_platform_admin


def can_view_platform_admin(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or (has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR))


def can_view_my_work(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)


def can_view_reference_data(viewer: Viewer) -> bool:
    return has_tenant(viewer)
