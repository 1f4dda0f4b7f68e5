"""Preconditions are about organisations, not persons: the policy advisor sees every organisation's
self-assessments (read only); managers (team lead, coordinator) assess their own organisation."""

from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant

MANAGERS = (Role.TEAM_LEAD, Role.COORDINATOR)


def can_view_preconditions(viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(*MANAGERS, Role.POLICY_ADVISOR)


def can_view_organisation_preconditions(viewer, organisation=None) -> bool:
    if not can_view_preconditions(viewer):
        return False
    if organisation is None or viewer.has_role(Role.POLICY_ADVISOR):
        return organisation is None or organisation.municipality_id == viewer.municipality_id
    return organisation.pk == viewer.organisation.pk


def can_assess_preconditions(viewer, organisation=None) -> bool:
    if not (has_tenant(viewer) and viewer.has_role(*MANAGERS)):
        return False
    return organisation is None or organisation.pk == viewer.organisation.pk
