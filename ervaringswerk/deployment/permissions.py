"""Who may do what with requests, offers, assignments, agreements and proposals.

- Teams (professional, team lead) file requests for their own organisation and follow them, and see and
  edit the agreements of their requests' assignments.
- Coordinators see the queue (every request that left draft), run matching, offer to peer workers of their
  own pool, and manage those peer workers' assignments and agreements.
- A peer worker sees and answers only their own offers, and sees their own assignments and agreements.
- Policy advisors and administrators see none of this personal-level work (monitoring has aggregates).

Rules without an object answer "may this role use the page at all"; with an object they also check the
object belongs to the viewer's scope. Objects of another municipality never reach a rule: selectors
filter them out first, so they answer 404.
"""

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer

from .models import EDITABLE_STATUSES, REQUEST_TRANSITIONS, RequestStatus

TEAM_ROLES = (Role.PROFESSIONAL, Role.TEAM_LEAD)


def _is_team_of(viewer: Viewer, request) -> bool:
    return viewer.has_role(*TEAM_ROLES) and request.organisation_id == viewer.organisation_id


def _is_coordinator_of_peer(viewer: Viewer, peer) -> bool:
    return viewer.has_role(Role.COORDINATOR) and peer.organisation_id == viewer.organisation_id


def _is_peer(viewer: Viewer, peer) -> bool:
    return viewer.has_role(Role.PEER_WORKER) and peer.user_id is not None and peer.user_id == viewer.user_id


# --- requests ------------------------------------------------------------------------------------


def can_view_requests(viewer: Viewer) -> bool:
    """Teams follow their own requests; coordinators see the requests they match."""
    return has_tenant(viewer) and viewer.has_role(*TEAM_ROLES, Role.COORDINATOR)


def can_view_request(viewer: Viewer, request=None) -> bool:
    if not can_view_requests(viewer):
        return False
    if request is None:
        return True
    if viewer.has_role(Role.COORDINATOR):
        return request.status != RequestStatus.DRAFT
    return _is_team_of(viewer, request)


def can_create_request(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*TEAM_ROLES)


def can_edit_request(viewer: Viewer, request=None) -> bool:
    if not can_create_request(viewer):
        return False
    return request is None or (_is_team_of(viewer, request) and request.status in EDITABLE_STATUSES)


def can_submit_request(viewer: Viewer, request=None) -> bool:
    if not can_create_request(viewer):
        return False
    return request is None or (_is_team_of(viewer, request) and request.status == RequestStatus.DRAFT)


def can_withdraw_request(viewer: Viewer, request=None) -> bool:
    if not can_create_request(viewer):
        return False
    return request is None or (
        _is_team_of(viewer, request) and RequestStatus.WITHDRAWN in REQUEST_TRANSITIONS[request.status]
    )


# --- matching and the queue ----------------------------------------------------------------------


def can_match(viewer: Viewer, request=None) -> bool:
    """Coordinators rank candidates, make offers and batch proposals for their own pool."""
    if not (has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)):
        return False
    return request is None or request.status != RequestStatus.DRAFT


def can_view_queue(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)


def can_view_idle_pool(viewer: Viewer) -> bool:
    """The idle pool (issue 14, item 8): a coordinator, about their own pool organisation only."""
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)


def can_manage_proposal(viewer: Viewer, proposal=None) -> bool:
    if not can_view_queue(viewer):
        return False
    return proposal is None or proposal.pool_id == viewer.organisation_id


# --- offers --------------------------------------------------------------------------------------


def can_view_offers(viewer: Viewer) -> bool:
    """The API list: a peer worker's own offers, a coordinator's pool's offers."""
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER, Role.COORDINATOR)


def can_view_offer(viewer: Viewer, offer=None) -> bool:
    if not can_view_offers(viewer):
        return False
    if offer is None:
        return True
    return _is_peer(viewer, offer.peer) or _is_coordinator_of_peer(viewer, offer.peer)


def can_respond_offer(viewer: Viewer, offer=None) -> bool:
    """Only the peer worker the offer is for accepts or declines it."""
    if not (has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)):
        return False
    return offer is None or _is_peer(viewer, offer.peer)


def can_withdraw_offer(viewer: Viewer, offer=None) -> bool:
    if not (has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)):
        return False
    return offer is None or _is_coordinator_of_peer(viewer, offer.peer)


# --- assignments and agreements ------------------------------------------------------------------


def can_view_assignments(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER, Role.COORDINATOR, *TEAM_ROLES)


def can_view_assignment(viewer: Viewer, assignment=None) -> bool:
    """The peer worker, the coordinator of their pool and the requesting team see the agreement."""
    if not can_view_assignments(viewer):
        return False
    if assignment is None:
        return True
    return (
        _is_peer(viewer, assignment.peer)
        or _is_coordinator_of_peer(viewer, assignment.peer)
        or _is_team_of(viewer, assignment.request)
    )


def can_edit_agreement(viewer: Viewer, assignment=None) -> bool:
    """Coordinator and team write the agreement down; the peer worker reads it (and talks about it)."""
    if not (has_tenant(viewer) and viewer.has_role(Role.COORDINATOR, *TEAM_ROLES)):
        return False
    if assignment is None:
        return True
    return _is_coordinator_of_peer(viewer, assignment.peer) or _is_team_of(viewer, assignment.request)


def can_manage_assignment(viewer: Viewer, assignment=None) -> bool:
    """Start and end an assignment: the coordinator of the peer worker's pool or the requesting team."""
    return can_edit_agreement(viewer, assignment)
