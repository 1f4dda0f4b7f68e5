from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_create_municipality(viewer) -> bool:
    """Only the platform's host starts a new municipality."""
    return viewer.is_platform_admin


def can_administer_municipality(viewer) -> bool:
    """A municipality's own administrator: organisations, neighbourhoods, users, domains, settings."""
    return has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR)
