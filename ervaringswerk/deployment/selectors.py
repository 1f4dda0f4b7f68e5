"""Reads for deployment: requests, offers, assignments and agreements, always scoped to the viewer."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from ervaringswerk.accounts.models import Role
from ervaringswerk.core.reference import DeploymentKind

from .models import LOAD_STATUSES, Assignment, DeploymentRequest, RequestStatus


@dataclass(frozen=True)
class Load:
    """What a peer worker's current deployments take up: hours per week and residents supported."""

    hours: Decimal = Decimal("0")
    residents: int = 0


NO_LOAD = Load()


def active_load_by_peer(*, municipality_id, peer_ids=None) -> dict:
    """The current load per peer worker id: assignments that are matched or active.

    `hours` sums their hours per week; `residents` counts the individual-support assignments among them
    (each takes one of the peer worker's resident slots). Peer workers without such an assignment are
    absent from the dict: use `.get(peer_id, NO_LOAD)`. No viewer: callers (pool, matching) scope first.
    """
    qs = Assignment.objects.filter(municipality_id=municipality_id, status__in=LOAD_STATUSES)
    if peer_ids is not None:
        qs = qs.filter(peer_id__in=list(peer_ids))
    rows = (
        qs.values("peer_id")
        .annotate(
            hours=Sum("hours_per_week"),
            residents=Count("id", filter=Q(request__kind=DeploymentKind.INDIVIDUAL_SUPPORT)),
        )
        .order_by()
    )
    return {
        row["peer_id"]: Load(hours=Decimal(row["hours"] or 0), residents=row["residents"]) for row in rows
    }


def request_list(*, viewer) -> QuerySet[DeploymentRequest]:
    qs = DeploymentRequest.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "organisation", "neighbourhood"
    )
    if viewer.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        return qs.filter(organisation_id=viewer.organisation.pk)
    if viewer.role == Role.COORDINATOR:
        return qs.exclude(status=RequestStatus.DRAFT)
    return qs.none()
