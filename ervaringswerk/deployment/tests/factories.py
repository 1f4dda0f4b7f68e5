"""Small builders for deployment tests, on top of the shared `world` fixture (conftest.py)."""

from decimal import Decimal

from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import Assignment, AssignmentStatus, DeploymentRequest, RequestStatus
from ervaringswerk.pool.tests.factories import make_peer as pool_make_peer


def make_peer(tenant, *, weekly_hours=12, max_residents=3, **fields):
    """A peer worker in the tenant's pool; `experiences={slug: visibility}` as in the pool's factory."""
    return pool_make_peer(
        tenant, weekly_hours=Decimal(str(weekly_hours)), max_residents=max_residents, **fields
    )


def make_request(
    tenant,
    *,
    kind=DeploymentKind.CONSULTATION,
    status=RequestStatus.OPEN,
    hours=2,
    needed=(),
    preferred=(),
    **fields,
):
    """A request of the tenant's team, straight in the given status (tests of the flow use the services)."""
    team = fields.pop("organisation", None) or tenant.organisations["team"]
    fields.setdefault("title", "Verzoek")
    if kind == DeploymentKind.INDIVIDUAL_SUPPORT:
        fields.setdefault("resident_code", "TST-1001")
    if status != RequestStatus.DRAFT:
        fields.setdefault("submitted_at", timezone.now())
    request = DeploymentRequest.objects.create(
        municipality=team.municipality,
        organisation=team,
        kind=kind,
        status=status,
        hours_per_week=Decimal(str(hours)),
        created_by=tenant.users.get(Role.PROFESSIONAL),
        **fields,
    )
    domains = ExperienceDomain.objects.filter(municipality=team.municipality)
    if needed:
        request.domains_needed.set(domains.filter(slug__in=needed))
    if preferred:
        request.domains_preferred.set(domains.filter(slug__in=preferred))
    return request


def viewer(user):
    """The Viewer for a user (their first membership), as the pages and API build it."""
    return viewer_for(user)


def make_assignment(request, peer, *, hours=None, status=AssignmentStatus.ACTIVE, **fields):
    fields.setdefault("resident_code", request.resident_code)
    return Assignment.objects.create(
        municipality=request.municipality,
        request=request,
        peer=peer,
        hours_per_week=Decimal(str(hours if hours is not None else request.hours_per_week)),
        status=status,
        **fields,
    )
