"""Who may see and record residents' trajectories: only the people involved in them.

Policy advisors, coordinators and administrators never open a single trajectory: they see aggregates
in monitoring, with small numbers suppressed.
"""

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer

INVOLVED_ROLES = (Role.PROFESSIONAL, Role.TEAM_LEAD, Role.PEER_WORKER)


def can_view_trajectories(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*INVOLVED_ROLES)


def can_view_trajectory(viewer: Viewer, trajectory=None) -> bool:
    if not can_view_trajectories(viewer):
        return False
    if trajectory is None:
        return True
    if trajectory.municipality_id != viewer.municipality_id:
        return False
    if viewer.has_role(Role.PEER_WORKER):
        peer = trajectory.peer_worker
        return peer is not None and peer.user_id == viewer.user_id
    return trajectory.organisation_id == viewer.organisation_id


def can_create_trajectory(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PROFESSIONAL, Role.TEAM_LEAD)


def can_change_trajectory(viewer: Viewer, trajectory=None) -> bool:
    if not can_create_trajectory(viewer):
        return False
    return trajectory is None or can_view_trajectory(viewer, trajectory)


def can_record_measurement(viewer: Viewer, trajectory=None) -> bool:
    """Entered together with the resident by the professional or the peer worker involved."""
    return can_view_trajectory(viewer, trajectory)


def can_view_measurement_form(viewer: Viewer) -> bool:
    return can_view_trajectories(viewer)


def can_manage_outcome_settings(viewer: Viewer) -> bool:
    """The municipality agrees the definition of activation: its policy advisor or administrator sets it."""
    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR)
