"""Small builders for deployment tests, on top of the shared `world` fixture (conftest.py)."""

from decimal import Decimal

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.deployment.models import Assignment, AssignmentStatus, DeploymentRequest, RequestStatus
from ervaringswerk.pool.services import peer_worker_create


def make_peer(tenant, *, first_name="Test", last_name="Peer", weekly_hours=12, max_residents=3, **fields):
    return peer_worker_create(
        organisation=tenant.organisations["pool"],
        first_name=first_name,
        last_name=last_name,
        weekly_hours=Decimal(str(weekly_hours)),
        max_residents=max_residents,
        **fields,
    )


def make_request(tenant, *, kind=DeploymentKind.CONSULTATION, status=RequestStatus.OPEN, hours=2, **fields):
    team = tenant.organisations["team"]
    fields.setdefault("title", "Verzoek")
    return DeploymentRequest.objects.create(
        municipality=team.municipality,
        organisation=team,
        kind=kind,
        status=status,
        hours_per_week=Decimal(str(hours)),
        **fields,
    )


def make_assignment(request, peer, *, hours=None, status=AssignmentStatus.ACTIVE, **fields):
    return Assignment.objects.create(
        municipality=request.municipality,
        request=request,
        peer=peer,
        hours_per_week=Decimal(str(hours if hours is not None else request.hours_per_week)),
        status=status,
        **fields,
    )
