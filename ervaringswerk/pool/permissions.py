from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_view_pool(viewer) -> bool:
    """The pool overview and profiles are for the coordinators of a pool organisation."""
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)


def can_view_peer_worker(viewer, peer=None) -> bool:
    if not has_tenant(viewer):
        return False
    if viewer.has_role(Role.COORDINATOR):
        return peer is None or peer.organisation_id == viewer.organisation.pk
    if viewer.has_role(Role.PEER_WORKER):
        return peer is None or peer.user_id == viewer.user.pk
    return False
