"""Preconditions are about organisations, not persons: the policy advisor sees every organisation's
self-assessments (read only); managers (team lead, coordinator) assess their own organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer

if TYPE_CHECKING:
    from ervaringswerk.organisations.models import Organisation

MANAGERS = (Role.TEAM_LEAD, Role.COORDINATOR)


def can_view_preconditions(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*MANAGERS, Role.POLICY_ADVISOR)


def can_view_organisation_preconditions(viewer: Viewer, organisation: Organisation | None = None) -> bool:
    if not can_view_preconditions(viewer):
        return False
    if organisation is None or viewer.has_role(Role.POLICY_ADVISOR):
        return organisation is None or organisation.municipality_id == viewer.municipality_id
    return organisation.pk == viewer.organisation_id


def can_assess_preconditions(viewer: Viewer, organisation: Organisation | None = None) -> bool:
    if not (has_tenant(viewer) and viewer.has_role(*MANAGERS)):
        return False
    return organisation is None or organisation.pk == viewer.organisation_id


# Rounds (issue 14.9): the municipality (policy advisor) opens and closes them and reads every
# organisation's row; a team lead or coordinator reads and fills in their own organisation's; a peer worker
# answers for their own organisation, anonymously.


def can_open_round(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR)


def can_view_rounds(viewer: Viewer) -> bool:
    return can_view_preconditions(viewer)


def can_fill_in_round(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*MANAGERS)


def can_respond_to_round(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)
