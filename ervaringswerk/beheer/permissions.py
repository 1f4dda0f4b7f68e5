from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_create_municipality(viewer) -> bool:
    """Only the platform's host starts a new municipality."""
    return viewer.is_platform_admin


def can_administer_municipality(viewer) -> bool:
    """A municipality's own administrator: organisations, neighbourhoods, users, domains, settings."""
    return has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR)


def can_invite_pool(viewer) -> bool:
    """A coordinator invites the peer workers of their own pool to log in."""
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR) and viewer.organisation.is_pool
