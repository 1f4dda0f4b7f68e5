"""Who may do what with hours, programmes and hire-out statements. Pages and API ask these same rules.

- A peer worker writes and reads only their own hours (the PeerWorker linked to their login).
- The coordinator of a pool organisation reviews, corrects, locks and exports its peer workers' hours and
  issues its hire-out statements.
- Programmes are read by the municipality (policy advisor, administrator) and by the organisations that
  carry them out or take part (coordinator, team lead); the municipality and the contractor's coordinator
  manage them.
- A hire-out statement names peer workers, so only the issuing coordinator and the receiving partner's
  team lead and coordinator see it; the municipality sees hours in aggregate on the dashboard instead.
"""

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def own_peer(viewer: Viewer):
    """The PeerWorker record behind a peer worker's login, or None."""
    if not (has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)):
        return None
    from ervaringswerk.pool.models import PeerWorker

    return PeerWorker.objects.filter(user=viewer.user, municipality_id=viewer.municipality_id).first()


def can_write_own_hours(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)


def can_review_hours(viewer: Viewer, organisation=None) -> bool:
    if not (has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)):
        return False
    return organisation is None or organisation.pk == viewer.organisation_id


def can_edit_entry(viewer: Viewer, entry) -> bool:
    """The peer worker's own, not yet approved entry."""
    peer = own_peer(viewer)
    return peer is not None and entry.peer_id == peer.pk


def can_view_programmes(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(
        Role.POLICY_ADVISOR, Role.ADMINISTRATOR, Role.COORDINATOR, Role.TEAM_LEAD
    )


def _takes_part(viewer: Viewer, programme) -> bool:
    org = viewer.organisation_id
    return (
        programme.contractor_id == org
        or programme.funder_id == org
        or programme.partners.filter(pk=org).exists()
    )


def can_view_programme(viewer: Viewer, programme) -> bool:
    if not can_view_programmes(viewer) or programme.municipality_id != viewer.municipality_id:
        return False
    if viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        return True
    return _takes_part(viewer, programme)


def can_manage_programmes(viewer: Viewer, programme=None) -> bool:
    if not has_tenant(viewer):
        return False
    if viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        return programme is None or programme.municipality_id == viewer.municipality_id
    if viewer.has_role(Role.COORDINATOR):
        return programme is None or programme.contractor_id == viewer.organisation_id
    return False


def can_view_statements(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR, Role.TEAM_LEAD)


def can_view_statement(viewer: Viewer, statement) -> bool:
    if not can_view_statements(viewer) or statement.municipality_id != viewer.municipality_id:
        return False
    org = viewer.organisation_id
    return statement.issuer_id == org or statement.partner_id == org


def can_issue_statements(viewer: Viewer, issuer=None) -> bool:
    return can_review_hours(viewer, issuer)


def can_decide_programme(viewer: Viewer, programme=None) -> bool:
    """Success criteria and the go/no-go decision are the funding municipality's (issue 14)."""
    if not (has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR)):
        return False
    return programme is None or programme.municipality_id == viewer.municipality_id
