from __future__ import annotations

from typing import TYPE_CHECKING

from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer

if TYPE_CHECKING:
    from ervaringswerk.monitoring.models import EvaluationReport


def can_view_monitoring(viewer: Viewer) -> bool:
    """Aggregates for the municipality; never a personal file (issue 7 adds small-number suppression)."""
    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR, Role.TEAM_LEAD)


def can_view_report(viewer: Viewer, report: EvaluationReport | None = None) -> bool:
    if not can_view_monitoring(viewer):
        return False
    return report is None or report.municipality_id == viewer.municipality_id


def can_request_report(viewer: Viewer) -> bool:
    return can_view_monitoring(viewer)


def can_export_open_data(viewer: Viewer) -> bool:
    """The aggregate export a municipality publishes: suppressed like every other output."""
    return has_tenant(viewer) and viewer.has_role(Role.POLICY_ADVISOR)
