from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def can_browse_audit(viewer: Viewer) -> bool:
    """Administrators (platform or municipality) and coordinators; nobody can edit it (there is no door)."""
    if viewer.is_platform_admin:
        return True
    return has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR, Role.COORDINATOR)
