"""Reads for deployment: requests, offers, assignments and agreements, always scoped to the viewer."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.selectors import default_programme
from ervaringswerk.pool.constants import PeerStatus
from ervaringswerk.pool.selectors import paused_q, peer_worker_list

from .models import (
    LOAD_STATUSES,
    QUEUE_STATUSES,
    Agreement,
    Assignment,
    AssignmentStatus,
    DeclineReason,
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
        "request",
        "request__organisation",
        "request__neighbourhood",
        "peer",
        "agreement",
        "supporting_professional__user",
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


def supporting_professional_candidates(*, municipality_id, organisation_id):
    """Memberships that can support a resident together with the peer worker (joint support, issue 14
    S4): active professionals and team leads of the requesting organisation."""
    from ervaringswerk.accounts.models import Membership

    return (
        Membership.objects.filter(
            municipality_id=municipality_id,
            organisation_id=organisation_id,
            is_active=True,
            role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD],
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


# --- proposals -----------------------------------------------------------------------------------


def proposal_list(*, viewer: Viewer) -> QuerySet[Proposal]:
    if viewer.role != Role.COORDINATOR:
        return Proposal.objects.none()
    return Proposal.objects.filter(municipality_id=viewer.municipality_id, pool_id=viewer.organisation_id)


def proposal_pairs():
    """The pairs of proposals with what the page and the API show of them, best first."""
    from .models import ProposalPair

    return ProposalPair.objects.select_related("request", "request__organisation", "peer").order_by("-score")


def proposal_get(*, viewer: Viewer, pk) -> Proposal:
    pairs = Prefetch("pairs", queryset=proposal_pairs())
    return proposal_list(viewer=viewer).prefetch_related(pairs).get(pk=pk)


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


# --- the supply-versus-deployment gap (issue 14, item 8) -----------------------------------------

IDLE_WEEKS_DEFAULT = 6
IDLE_WEEKS_CHOICES = (2, 4, 6, 8, 12, 26)


class IdleReason:
    """Why a peer worker of the pool has not been deployed, in the order they are tried."""

    PAUSED = "paused"
    NO_CAPACITY = "no_capacity"
    NO_KINDS = "no_kinds"
    OFFER_PENDING = "offer_pending"
    DECLINED = "declined"
    NOT_OFFERED = "not_offered"
    NO_MATCHING_REQUESTS = "no_matching_requests"

    ORDER = (PAUSED, NO_CAPACITY, NO_KINDS, OFFER_PENDING, DECLINED, NOT_OFFERED, NO_MATCHING_REQUESTS)


def idle_reason_label(reason: str, *, declines: int = 0) -> str:
    if reason == IdleReason.DECLINED:
        return ngettext("%(n)s aanbieding afgewezen", "%(n)s aanbiedingen afgewezen", declines) % {
            "n": declines
        }
    return {
        IdleReason.PAUSED: _("Gepauzeerd"),
        IdleReason.NO_CAPACITY: _("Geen beschikbare uren ingesteld"),
        IdleReason.NO_KINDS: _("Geen soorten inzet in het profiel"),
        IdleReason.OFFER_PENDING: _("Aanbod wacht op antwoord"),
        IdleReason.NOT_OFFERED: _("Wel passende open verzoeken, nog niet aangeboden"),
        IdleReason.NO_MATCHING_REQUESTS: _(
            "Geen open verzoeken voor de soorten inzet van deze ervaringsdeskundige"
        ),
    }[reason]


@dataclass
class IdleRow:
    peer: object
    reason: str
    label: str
    last_deployed: date | None
    declines: int = 0


@dataclass
class IdlePool:
    weeks: int
    since: date
    rows: list[IdleRow]
    pool_size: int  # in the pool (not left), paused included
    deployed: int  # with an assignment running at some point since `since`
    declines_by_reason: list[tuple[str, int, int]]  # (reason, declines, peer workers), most first
    declines_by_organisation: list[tuple[str, int, int]]  # (requesting organisation, declines, peer workers)
    reason_counts: list[tuple[str, int]] = field(default_factory=list)  # (label, idle peer workers)


def idle_pool(*, viewer: Viewer, weeks: int = IDLE_WEEKS_DEFAULT, day: date | None = None) -> IdlePool:
    """The coordinator's idle pool: peer workers of their own pool organisation (not left) without an
    assignment (matched, active or ended) that ran at any time in the last `weeks` weeks and without hours
    of deployment written in those weeks (hours without an assignment count: a walk-in, a group, work on
    the programme; intervisie received and hours sent back do not, hours.selectors.deployment_entries),
    each with the
    first reason that applies (IdleReason.ORDER); and the offers declined in those weeks by the pool's
    peer workers, per reason and per requesting organisation.

    Three queries whatever the pool size: the peer workers with their deployment annotated, the declined
    offers grouped per peer worker, reason and organisation, and the kinds of the open requests.
    """
    from ervaringswerk.hours.selectors import deployment_entries

    day = day or timezone.localdate()
    since = day - timedelta(weeks=weeks)
    if viewer.role != Role.COORDINATOR:
        return IdlePool(weeks, since, [], 0, 0, [], [])
    mine = Q(municipality_id=viewer.municipality_id)
    worked = deployment_entries(municipality_id=viewer.municipality_id).filter(
        peer_id=OuterRef("pk"), date__lte=day
    )
    ended = Assignment.objects.filter(mine, peer_id=OuterRef("pk"), status=AssignmentStatus.ENDED).annotate(
        until=Coalesce("end_date", TruncDate("updated_at"))
    )
    peers = (
        peer_worker_list(viewer=viewer)
        .exclude(status=PeerStatus.LEFT)
        .annotate(
            busy=Exists(Assignment.objects.filter(mine, peer_id=OuterRef("pk"), status__in=LOAD_STATUSES)),
            last_ended=Subquery(ended.order_by("-until").values("until")[:1]),
            last_worked=Subquery(worked.order_by("-date").values("date")[:1]),
            pending=Exists(Offer.objects.filter(mine, peer_id=OuterRef("pk"), status=OfferStatus.PENDING)),
            paused=ExpressionWrapper(paused_q(day), output_field=BooleanField()),
        )
        .order_by("last_name", "first_name", "pk")
    )
    declined = (
        Offer.objects.filter(
            mine,
            peer__organisation_id=viewer.organisation_id,
            status=OfferStatus.DECLINED,
            responded_at__gte=timezone.make_aware(datetime.combine(since, time())),
        )
        .values("peer_id", "decline_reason", "request__organisation__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    declines_per_peer: dict = defaultdict(int)
    by_reason: dict = defaultdict(lambda: [0, set()])
    by_organisation: dict = defaultdict(lambda: [0, set()])
    reason_labels = dict(DeclineReason.choices)
    for row in declined:
        declines_per_peer[row["peer_id"]] += row["n"]
        reason = str(reason_labels.get(row["decline_reason"]) or _("Geen reden opgegeven"))
        for bucket, key in ((by_reason, reason), (by_organisation, row["request__organisation__name"])):
            bucket[key][0] += row["n"]
            bucket[key][1].add(row["peer_id"])
    open_kinds = set(
        DeploymentRequest.objects.filter(mine, status__in=QUEUE_STATUSES)
        .values_list("kind", flat=True)
        .distinct()
    )
    rows, deployed, pool_size = [], 0, 0
    for peer in peers:
        pool_size += 1
        last = max((d for d in (peer.last_ended, peer.last_worked) if d is not None), default=None)
        if peer.busy or (last is not None and last >= since):
            deployed += 1
            continue
        declines = declines_per_peer.get(peer.pk, 0)
        if peer.paused:
            reason = IdleReason.PAUSED
        elif not peer.weekly_hours or peer.weekly_hours <= 0:
            reason = IdleReason.NO_CAPACITY
        elif not peer.kinds:
            reason = IdleReason.NO_KINDS
        elif peer.pending:
            reason = IdleReason.OFFER_PENDING
        elif declines:
            reason = IdleReason.DECLINED
        elif open_kinds & set(peer.kinds):
            reason = IdleReason.NOT_OFFERED
        else:
            reason = IdleReason.NO_MATCHING_REQUESTS
        rows.append(IdleRow(peer, reason, idle_reason_label(reason, declines=declines), last, declines))

    def ranked(bucket) -> list[tuple[str, int, int]]:
        return sorted(
            ((key, n, len(who)) for key, (n, who) in bucket.items()), key=lambda item: (-item[1], item[0])
        )

    counts = defaultdict(int)
    for row in rows:
        counts[row.reason] += 1
    reason_counts = [
        (
            _("Aanbod afgewezen") if reason == IdleReason.DECLINED else idle_reason_label(reason),
            counts[reason],
        )
        for reason in IdleReason.ORDER
        if counts[reason]
    ]
    return IdlePool(
        weeks=weeks,
        since=since,
        rows=rows,
        pool_size=pool_size,
        deployed=deployed,
        declines_by_reason=ranked(by_reason),
        declines_by_organisation=ranked(by_organisation),
        reason_counts=reason_counts,
    )
