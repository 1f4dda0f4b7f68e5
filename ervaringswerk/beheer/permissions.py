from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def can_create_municipality(viewer: Viewer) -> bool:
    """Only the platform's host starts a new municipality."""
    return viewer.is_platform_admin


def can_administer_municipality(viewer: Viewer) -> bool:
    """A municipality's own administrator: organisations, neighbourhoods, users, domains, settings."""
    return has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR)


def can_invite_pool(viewer: Viewer) -> bool:
    """A coordinator invites the peer workers of their own pool to log in."""
    organisation = viewer.organisation
    return (
        has_tenant(viewer)
        and viewer.has_role(Role.COORDINATOR)
        and bool(organisation and organisation.is_pool)
    )
