from __future__ import annotations

from typing import TYPE_CHECKING

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Viewer

if TYPE_CHECKING:
    from ervaringswerk.organisations.models import FundedPosition


def can_view_organisations(viewer: Viewer) -> bool:
    """Who works with whom is not personal data: every member of the municipality may see it."""
    return has_tenant(viewer)


def can_view_positions(viewer: Viewer) -> bool:
    """Funded positions (issue 14): the municipality sees all; coordinators and team leads their own."""
    from ervaringswerk.core.tenancy import Role

    return has_tenant(viewer) and viewer.has_role(
        Role.POLICY_ADVISOR, Role.ADMINISTRATOR, Role.COORDINATOR, Role.TEAM_LEAD
    )


def can_manage_positions(viewer: Viewer, position: FundedPosition | None = None) -> bool:
    """The municipality funds positions; the coordinator of the organisation fills its own."""
    from ervaringswerk.core.tenancy import Role

    if not has_tenant(viewer):
        return False
    if viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        return position is None or position.municipality_id == viewer.municipality_id
    if viewer.has_role(Role.COORDINATOR):
        return position is not None and position.organisation_id == viewer.organisation_id
    return False


def can_create_positions(viewer: Viewer) -> bool:
    from ervaringswerk.core.tenancy import Role

    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR)


def may_see_position_holder(viewer: Viewer, position: FundedPosition) -> bool:
    """Who holds a position is about a person: for the coordinator of its organisation only."""
    from ervaringswerk.core.tenancy import Role

    return viewer.has_role(Role.COORDINATOR) and position.organisation_id == viewer.organisation_id
