from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_view_requests(viewer) -> bool:
    """Teams follow their own requests; coordinators see the requests they match."""
    return has_tenant(viewer) and viewer.has_role(Role.PROFESSIONAL, Role.TEAM_LEAD, Role.COORDINATOR)
