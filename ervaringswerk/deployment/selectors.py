"""Reads for deployment: requests, offers, assignments and agreements, always scoped to the viewer."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.selectors import default_programme

from .models import (
    LOAD_STATUSES,
    QUEUE_STATUSES,
    Agreement,
    Assignment,
    DeploymentRequest,
    Offer,
    OfferStatus,
    Proposal,
    RequestStatus,
)


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


def request_list(*, viewer: Viewer) -> QuerySet[DeploymentRequest]:
    """Teams: their own organisation's requests (drafts too). Coordinators: every request past draft."""
    qs = DeploymentRequest.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "organisation", "neighbourhood"
    )
    if viewer.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        return qs.filter(organisation_id=viewer.organisation_id)
    if viewer.role == Role.COORDINATOR:
        return qs.exclude(status=RequestStatus.DRAFT)
    return qs.none()


def request_get(*, viewer: Viewer, pk) -> DeploymentRequest:
    return request_list(viewer=viewer).prefetch_related("domains_needed", "domains_preferred").get(pk=pk)


def request_events(*, request) -> QuerySet:
    return request.events.select_related("actor").order_by("created_at")


def queue_queryset(*, viewer: Viewer) -> QuerySet[DeploymentRequest]:
    """The coordinator's queue: open requests, most urgent first, then longest waiting first, each
    annotated with `declines` (how many peer workers said no so far). Pages slice it."""
    if viewer.role != Role.COORDINATOR:
        return DeploymentRequest.objects.none()
    return (
        DeploymentRequest.objects.filter(municipality_id=viewer.municipality_id, status__in=QUEUE_STATUSES)
        .select_related("organisation", "neighbourhood")
        .annotate(declines=Count("offers", filter=Q(offers__status=OfferStatus.DECLINED)))
        .order_by("-urgency", "submitted_at", "created_at", "pk")
    )


def with_waiting_days(requests) -> list[DeploymentRequest]:
    now = timezone.now()
    requests = list(requests)
    for request in requests:
        request.waiting_days = (now - (request.submitted_at or request.created_at)).days
    return requests


def queue_list(*, viewer: Viewer) -> list[DeploymentRequest]:
    """The whole queue with `waiting_days` (for callers that need every open request)."""
    return with_waiting_days(queue_queryset(viewer=viewer).prefetch_related("domains_needed"))


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share 0.5 = median, 0.9 = p90); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def waiting_figures(*, viewer: Viewer, days: int = 90) -> dict:
    """Waiting-time figures in days for the queue page.

    - `waiting`: requests now in the queue, days since they were submitted (median, p90, count);
    - `to_offer` and `to_match`: requests submitted in the last `days` days, days from submission to
      the first offer and to the accepted match (median, p90, count).
    """
    now = timezone.now()
    base = DeploymentRequest.objects.filter(municipality_id=viewer.municipality_id)
    waiting = [
        (now - submitted).total_seconds() / 86400
        for submitted in base.filter(status__in=QUEUE_STATUSES, submitted_at__isnull=False).values_list(
            "submitted_at", flat=True
        )
    ]
    since = now - timedelta(days=days)
    recent = base.filter(submitted_at__gte=since)
    first_offer = {
        row["request_id"]: row["first"]
        for row in Offer.objects.filter(request__in=recent)
        .values("request_id")
        .annotate(first=Min("created_at"))
        .order_by()
    }
    to_offer, to_match = [], []
    for pk, submitted, matched in recent.values_list("pk", "submitted_at", "matched_at"):
        if pk in first_offer:
            to_offer.append((first_offer[pk] - submitted).total_seconds() / 86400)
        if matched:
            to_match.append((matched - submitted).total_seconds() / 86400)

    def summary(values):
        return {
            "count": len(values),
            "median": _round(percentile(values, 0.5)),
            "p90": _round(percentile(values, 0.9)),
        }

    return {
        "waiting": summary(waiting),
        "to_offer": summary(to_offer),
        "to_match": summary(to_match),
        "days": days,
    }


def _round(value):
    return None if value is None else round(value, 1)


# --- offers --------------------------------------------------------------------------------------


def offer_list(*, viewer: Viewer) -> QuerySet[Offer]:
    """A peer worker's own offers; a coordinator's pool's offers."""
    qs = Offer.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "request", "request__organisation", "request__neighbourhood", "peer"
    )
    if viewer.role == Role.PEER_WORKER:
        return qs.filter(peer__user_id=viewer.user_id)
    if viewer.role == Role.COORDINATOR:
        return qs.filter(peer__organisation_id=viewer.organisation_id)
    return qs.none()


def offer_get(*, viewer: Viewer, pk) -> Offer:
    return offer_list(viewer=viewer).get(pk=pk)


def offers_for_request(*, viewer: Viewer, request) -> QuerySet[Offer]:
    """Offers made on one request, for the coordinator's request page."""
    if viewer.role != Role.COORDINATOR:
        return Offer.objects.none()
    return Offer.objects.filter(municipality_id=viewer.municipality_id, request=request).select_related(
        "peer"
    )


def pending_offers_for_peer(*, peer) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(municipality_id=peer.municipality_id, peer=peer, status=OfferStatus.PENDING)
        .select_related("request", "request__organisation", "request__neighbourhood")
        .order_by("created_at")
    )


# --- assignments and agreements ------------------------------------------------------------------


def assignment_list(*, viewer: Viewer) -> QuerySet[Assignment]:
    """Peer worker: their own. Coordinator: their pool's. Team: assignments on their requests."""
    qs = Assignment.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "request", "request__organisation", "request__neighbourhood", "peer", "agreement"
    )
    if viewer.role == Role.PEER_WORKER:
        return qs.filter(peer__user_id=viewer.user_id)
    if viewer.role == Role.COORDINATOR:
        return qs.filter(peer__organisation_id=viewer.organisation_id)
    if viewer.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        return qs.filter(request__organisation_id=viewer.organisation_id)
    return qs.none()


def assignment_get(*, viewer: Viewer, pk) -> Assignment:
    return assignment_list(viewer=viewer).select_related("agreement__contact_person").get(pk=pk)


def assignments_for_request(*, viewer: Viewer, request) -> QuerySet[Assignment]:
    return assignment_list(viewer=viewer).filter(request=request)


def current_assignments_for_peer(*, peer) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(municipality_id=peer.municipality_id, peer=peer, status__in=LOAD_STATUSES)
        .select_related("request", "request__organisation", "agreement")
        .order_by("start_date", "created_at")
    )


def agreement_versions(*, agreement: Agreement):
    return agreement.versions.select_related("edited_by").order_by("-version")


def team_contact_candidates(*, request):
    """People of the requesting team who can be the peer worker's contact person."""
    from ervaringswerk.accounts.models import Membership, User

    members = Membership.objects.filter(
        municipality_id=request.municipality_id,
        organisation_id=request.organisation_id,
        is_active=True,
        role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD],
    ).values("user_id")
    return User.objects.filter(pk__in=members).order_by("first_name", "last_name")


# --- proposals -----------------------------------------------------------------------------------


def proposal_list(*, viewer: Viewer) -> QuerySet[Proposal]:
    if viewer.role != Role.COORDINATOR:
        return Proposal.objects.none()
    return Proposal.objects.filter(municipality_id=viewer.municipality_id, pool_id=viewer.organisation_id)


def proposal_get(*, viewer: Viewer, pk) -> Proposal:
    from .models import ProposalPair

    pairs = ProposalPair.objects.select_related("request", "request__organisation", "peer").order_by("-score")
    return proposal_list(viewer=viewer).prefetch_related(Prefetch("pairs", queryset=pairs)).get(pk=pk)


def offer_programme(offer):
    """The programme the offer's hours go on: the assignment's once accepted, before that the one
    `offer_accept` will choose (None: the coordinator chooses one after acceptance)."""
    assignment = getattr(offer, "assignment", None) if offer.status == OfferStatus.ACCEPTED else None
    if assignment is not None:
        return assignment.programme
    request = offer.request
    return default_programme(
        municipality_id=offer.municipality_id,
        pool_organisation_id=offer.peer.organisation_id,
        requester_id=request.organisation_id,
        on=request.start_date or timezone.localdate(),
    )
