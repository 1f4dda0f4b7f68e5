"""Rules of the pool, used by the pages and the API alike (proven by the permission matrix)."""

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def _same_tenant(viewer: Viewer, obj) -> bool:
    return obj is None or obj.municipality_id == viewer.municipality_id


def _is_self(viewer: Viewer, peer) -> bool:
    return peer is not None and peer.user_id is not None and peer.user_id == viewer.user_id


def can_view_pool(viewer: Viewer) -> bool:
    """The pool overview, import and export are for the coordinators of a pool organisation."""
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)


can_import_pool = can_view_pool
can_export_pool = can_view_pool


def can_view_peer_worker(viewer: Viewer, peer=None) -> bool:
    if not has_tenant(viewer) or not _same_tenant(viewer, peer):
        return False
    if viewer.has_role(Role.COORDINATOR):
        return peer is None or peer.organisation_id == viewer.organisation_id
    if viewer.has_role(Role.PEER_WORKER):
        return peer is None or _is_self(viewer, peer)
    return False


def can_manage_peer_worker(viewer: Viewer, peer=None) -> bool:
    """Coordinator tasks on a profile: status and dates, employment, acknowledging a talk request."""
    if not has_tenant(viewer) or not viewer.has_role(Role.COORDINATOR) or not _same_tenant(viewer, peer):
        return False
    return peer is None or peer.organisation_id == viewer.organisation_id


def can_edit_own_profile(viewer: Viewer, peer=None) -> bool:
    """Mijn profiel: a peer worker edits their own profile, experience, boundaries, growth and check-ins."""
    if not has_tenant(viewer) or not viewer.has_role(Role.PEER_WORKER) or not _same_tenant(viewer, peer):
        return False
    return peer is None or _is_self(viewer, peer)


def can_edit_growth(viewer: Viewer, peer) -> bool:
    """Ladder steps, goals and trainings: the peer worker themself or their coordinator."""
    return can_edit_own_profile(viewer, peer) or can_manage_peer_worker(viewer, peer)


def can_write_check_in(viewer: Viewer, peer) -> bool:
    """Check-ins are the peer worker's own; nobody else writes or reads them."""
    return has_tenant(viewer) and _same_tenant(viewer, peer) and _is_self(viewer, peer)
