from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_view_monitoring(viewer) -> bool:
    """Aggregates for the municipality; never a personal file (issue 7 adds small-number suppression)."""
    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR, Role.TEAM_LEAD)
