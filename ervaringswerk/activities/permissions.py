"""Who may do what with activities. Object rules assume the object came from a viewer-scoped selector
(so it is in the viewer's municipality); they add the organisation and person checks."""

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer

ORGANISER_ROLES = (Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD)


def can_view_activities(viewer: Viewer) -> bool:
    """Activities are work of the municipality's partners: every member sees the list scoped to them."""
    return has_tenant(viewer)


def can_create_activity(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*ORGANISER_ROLES)


def _is_organiser(viewer: Viewer, activity) -> bool:
    organisation = viewer.organisation
    return organisation is not None and any(o.pk == organisation.pk for o in activity.organisers.all())


def can_manage_activity(viewer: Viewer, activity=None) -> bool:
    """Edit the activity and its sessions: staff of one of its organising organisations."""
    if not can_create_activity(viewer):
        return False
    return activity is None or _is_organiser(viewer, activity)


def is_session_facilitator(viewer: Viewer, session) -> bool:
    user_id = viewer.user_id
    return any(
        f.user_id == user_id or (f.peer_id and f.peer.user_id == user_id) for f in session.facilitators.all()
    )


def can_record_attendance(viewer: Viewer, session=None) -> bool:
    """The organisers' staff, and whoever facilitates this very session (a peer worker or a professional)."""
    if not has_tenant(viewer):
        return False
    if session is None:
        return viewer.has_role(*ORGANISER_ROLES, Role.PEER_WORKER)
    return can_manage_activity(viewer, session.activity) or is_session_facilitator(viewer, session)


def can_view_facilitators(viewer: Viewer) -> bool:
    """Names of facilitators are for the people who work with them, not for aggregate steering."""
    return has_tenant(viewer) and viewer.has_role(*ORGANISER_ROLES, Role.PEER_WORKER)


def can_view_roster(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR, Role.PEER_WORKER)


def can_sign_up_as_host(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR, Role.PEER_WORKER)


def can_view_development(viewer: Viewer) -> bool:
    """The intervision/supervision overview with overdue flags: the pool's coordinator."""
    return has_tenant(viewer) and viewer.has_role(Role.COORDINATOR)


def can_manage_rhythm(viewer: Viewer, organisation=None) -> bool:
    if not can_view_development(viewer):
        return False
    return organisation is None or organisation.pk == viewer.organisation_id


def can_add_minutes(viewer: Viewer, session=None) -> bool:
    return can_record_attendance(viewer, session)


def can_view_public_agenda(viewer: Viewer) -> bool:
    """The public agenda is public: no login, no personal data."""
    return True
