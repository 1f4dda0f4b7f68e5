"""Who may exercise or execute data subjects' rights (proven by the permission matrix)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.pool.permissions import can_edit_own_profile

if TYPE_CHECKING:
    from ervaringswerk.outcomes.models import Trajectory
    from ervaringswerk.pool.models import PeerWorker


def can_erase_peer_worker(viewer: Viewer, peer: PeerWorker | None = None) -> bool:
    """The coordinator of the peer worker's own pool organisation, or the municipality's administrator.
    Not the platform administrator: the host does not handle personal files."""
    if not has_tenant(viewer) or not viewer.has_role(Role.COORDINATOR, Role.ADMINISTRATOR):
        return False
    if peer is None:
        return True
    if peer.municipality_id != viewer.municipality_id:
        return False
    return viewer.has_role(Role.ADMINISTRATOR) or peer.organisation_id == viewer.organisation_id


def can_erase_trajectory(viewer: Viewer, trajectory: Trajectory | None = None) -> bool:
    """The municipality's administrator, or a team lead of the organisation responsible for it."""
    if not has_tenant(viewer) or not viewer.has_role(Role.TEAM_LEAD, Role.ADMINISTRATOR):
        return False
    if trajectory is None:
        return True
    if trajectory.municipality_id != viewer.municipality_id:
        return False
    return viewer.has_role(Role.ADMINISTRATOR) or trajectory.organisation_id == viewer.organisation_id


# A peer worker's own export and own access log.
can_export_own_data = can_edit_own_profile
can_view_own_access_log = can_edit_own_profile


def can_set_retention(viewer: Viewer) -> bool:
    """The municipality's own administrator sets its retention terms (on /beheer/instellingen/)."""
    return has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR)
