"""Reads of the pool, always scoped to the viewer (municipality first, then role), and the matching contract.

Lived experience is only ever read through `visible_experiences`, `visible_experiences_by_peer`,
`domain_filter_q` and `matching_profiles`, which all take their levels from visibility.experience_levels.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.tenancy import Role, Viewer

from . import availability as rules
from .availability import Availability, availability
from .constants import PeerStatus
from .models import CheckIn, DevelopmentGoal, LadderStep, PeerExperience, PeerWorker, Training
from .visibility import ExperienceContext, experience_levels

# ---------------------------------------------------------------------------------------------------------
# Peer workers


def peer_worker_list(*, viewer: Viewer | None) -> QuerySet[PeerWorker]:
    """Coordinators see their own pool organisation's peer workers; a peer worker only themself."""
    if viewer is None or viewer.municipality_id is None:
        return PeerWorker.objects.none()
    qs = PeerWorker.objects.filter(municipality_id=viewer.municipality_id).select_related("organisation")
    if viewer.role == Role.COORDINATOR:
        return qs.filter(organisation_id=viewer.organisation_id)
    if viewer.role == Role.PEER_WORKER:
        return qs.filter(user_id=viewer.user_id)
    return qs.none()


def peer_workers_of_organisation(*, organisation_id) -> QuerySet[PeerWorker]:
    """The peer workers of one pool organisation, by name (for other apps' demo data and jobs, not pages)."""
    return PeerWorker.objects.filter(organisation_id=organisation_id).order_by("last_name", "first_name")


def peer_worker_get(*, viewer: Viewer, pk) -> PeerWorker:
    return peer_worker_list(viewer=viewer).get(pk=pk)


def linkable_logins(*, viewer: Viewer | None, peer: PeerWorker | None = None):
    """Logins a coordinator may link to a profile: peer-worker members of their own pool organisation
    that have no profile yet (plus the one already linked to this profile)."""
    from ervaringswerk.accounts.models import Membership, User

    if viewer is None or not viewer.has_role(Role.COORDINATOR):
        return User.objects.none()
    members = Membership.objects.filter(
        municipality_id=viewer.municipality_id,
        organisation_id=viewer.organisation_id,
        role=Role.PEER_WORKER,
        is_active=True,
    ).values("user_id")
    free = Q(pk__in=members) & Q(peer_worker__isnull=True)
    if peer is not None and peer.user_id:
        free |= Q(pk=peer.user_id)
    return User.objects.filter(free).order_by("last_name", "first_name", "username")


def peer_worker_for_user(*, viewer: Viewer | None) -> PeerWorker | None:
    if viewer is None or viewer.municipality_id is None:
        return None
    return (
        PeerWorker.objects.filter(municipality_id=viewer.municipality_id, user_id=viewer.user_id)
        .select_related("organisation")
        .first()
    )


# ---------------------------------------------------------------------------------------------------------
# Lived experience: the only readers


def visible_experiences(
    *, viewer: Viewer, peer: PeerWorker, context: ExperienceContext
) -> list[PeerExperience]:
    """The experiences of one peer worker this viewer may see in this context (see visibility.py)."""
    levels = experience_levels(viewer=viewer, peer=peer, context=context)
    if not levels:
        return []
    return list(
        PeerExperience.objects.filter(
            municipality_id=peer.municipality_id, peer_id=peer.pk, visibility__in=levels
        ).select_related("domain")
    )


def visible_experiences_by_peer(*, viewer: Viewer, peers, context: ExperienceContext) -> dict:
    """{peer_id: [experience, ...]} for many peer workers in one query, each filtered by its own levels."""
    peers = list(peers)
    levels_by_peer = {peer.pk: experience_levels(viewer=viewer, peer=peer, context=context) for peer in peers}
    wanted = set().union(*levels_by_peer.values()) if levels_by_peer else set()
    result: dict = {peer.pk: [] for peer in peers}
    if not wanted:
        return result
    municipality_ids = {peer.municipality_id for peer in peers}
    rows = PeerExperience.objects.filter(
        municipality_id__in=municipality_ids,
        peer_id__in=[pk for pk, levels in levels_by_peer.items() if levels],
        visibility__in=wanted,
    ).select_related("domain")
    for experience in rows:
        if experience.visibility in levels_by_peer[experience.peer_id]:
            result[experience.peer_id].append(experience)
    return result


def domain_filter_q(*, viewer: Viewer, slug: str) -> Q:
    """Peer workers with this experience domain, counting only what this viewer may search on."""
    organisation_id = viewer.organisation_id if viewer and viewer.organisation else None
    levels = experience_levels(
        viewer=viewer, context=ExperienceContext.SEARCH, organisation_id=organisation_id
    )
    if not levels:
        return Q(pk__in=[])
    return Q(
        Exists(
            PeerExperience.objects.filter(
                peer_id=OuterRef("pk"),
                municipality_id=viewer.municipality_id,
                domain__slug=slug,
                visibility__in=levels,
            )
        )
    )


def experience_list(
    *, viewer: Viewer | None, context: ExperienceContext = ExperienceContext.PROFILE
) -> QuerySet[PeerExperience]:
    """All experiences this viewer may see (API lists): their own at every level, and for a coordinator
    those of their pool organisation's peer workers at the levels `experience_levels` gives them."""
    if viewer is None or viewer.municipality_id is None:
        return PeerExperience.objects.none()
    visible = Q(pk__in=[])
    own = peer_worker_for_user(viewer=viewer)
    if own is not None:
        visible |= Q(
            peer_id=own.pk, visibility__in=experience_levels(viewer=viewer, peer=own, context=context)
        )
    organisation_levels = experience_levels(
        viewer=viewer,
        context=context,
        organisation_id=viewer.organisation_id if viewer.organisation else None,
    )
    if organisation_levels:
        others = peer_worker_list(viewer=viewer)
        if own is not None:
            others = others.exclude(pk=own.pk)
        visible |= Q(peer__in=others, visibility__in=organisation_levels)
    return (
        PeerExperience.objects.filter(municipality_id=viewer.municipality_id)
        .filter(visible)
        .select_related("domain")
        .order_by("peer_id", "domain__sort_order", "domain__name")
    )


def own_experiences(*, viewer: Viewer, peer: PeerWorker) -> dict:
    """{domain_id: experience} of the peer worker's own profile (all levels: they are looking at themself)."""
    return {
        e.domain_id: e
        for e in visible_experiences(viewer=viewer, peer=peer, context=ExperienceContext.PROFILE)
    }


# ---------------------------------------------------------------------------------------------------------
# Availability


def current_loads(*, municipality_id) -> dict:
    """{peer_id: load} from the deployment app (one query), through the single seam in availability.py."""
    return rules.active_load(municipality_id=municipality_id)


def peer_availability(*, peer: PeerWorker, day: datetime.date | None = None, loads=None) -> Availability:
    day = day or timezone.localdate()
    if loads is None:
        loads = current_loads(municipality_id=peer.municipality_id)
    return availability(
        status=peer.status,
        pause_start=peer.pause_start,
        pause_end=peer.pause_end,
        weekly_hours=peer.weekly_hours,
        max_residents=peer.max_residents,
        load=loads.get(peer.pk),
        day=day,
    )


def paused_q(day: datetime.date) -> Q:
    """SQL version of PeerWorker.is_paused_on (status paused, or an own pause covering the day)."""
    own = Q(pause_start__lte=day) & (Q(pause_end__isnull=True) | Q(pause_end__gte=day))
    return ~Q(status=PeerStatus.LEFT) & (Q(status=PeerStatus.PAUSED) | own)


# ---------------------------------------------------------------------------------------------------------
# The coordinator's overview


@dataclass
class PoolFilters:
    q: str = ""
    domain: str = ""  # experience-domain slug
    neighbourhood: str = ""  # neighbourhood id
    language: str = ""  # ISO 639-1
    kind: str = ""  # DeploymentKind value
    status: str = ""  # PeerStatus value (effective: a running own pause counts as paused)
    available: bool = False  # available now
    talk: bool = False  # would like a talk (an open signal from a check-in)

    def is_empty(self) -> bool:
        return not any(
            [
                self.q,
                self.domain,
                self.neighbourhood,
                self.language,
                self.kind,
                self.status,
                self.available,
                self.talk,
            ]
        )


@dataclass
class PoolRow:
    peer: PeerWorker
    availability: Availability
    experiences: list = field(default_factory=list)
    rung: int | None = None
    talk_requested: bool = False


@dataclass
class PoolOverview:
    rows: list[PoolRow]
    page: object
    found: int
    pool_total: int
    counts: dict  # effective status -> n (within the filters except status/availability)
    available_now: int
    talk_requests: int = 0  # peer workers in the whole pool with an open request for a talk


def _filtered(*, viewer: Viewer, filters: PoolFilters) -> QuerySet[PeerWorker]:
    qs = peer_worker_list(viewer=viewer)
    if filters.q:
        for word in filters.q.split()[:5]:
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if filters.domain:
        qs = qs.filter(domain_filter_q(viewer=viewer, slug=filters.domain))
    if filters.neighbourhood:
        through = PeerWorker.neighbourhoods.through
        qs = qs.filter(
            Exists(
                through.objects.filter(peerworker_id=OuterRef("pk"), neighbourhood_id=filters.neighbourhood)
            )
        )
    if filters.language:
        qs = qs.filter(languages__has=filters.language)
    if filters.kind:
        qs = qs.filter(kinds__has=filters.kind)
    if filters.talk:
        qs = qs.filter(open_talk_requests_q())
    return qs


def peer_worker_search(*, viewer: Viewer, filters: PoolFilters, day: datetime.date | None = None):
    """The filters as one query (the API's list), the effective status in SQL; no availability filter."""
    day = day or timezone.localdate()
    qs = _filtered(viewer=viewer, filters=filters)
    if filters.status == PeerStatus.LEFT:
        qs = qs.filter(status=PeerStatus.LEFT)
    elif filters.status == PeerStatus.PAUSED:
        qs = qs.filter(paused_q(day))
    elif filters.status == PeerStatus.ACTIVE:
        qs = qs.exclude(status=PeerStatus.LEFT).exclude(paused_q(day))
    return (
        _with_row_annotations(qs).prefetch_related("neighbourhoods").order_by("last_name", "first_name", "id")
    )


def _light_rows(qs):
    return qs.values_list(
        "id", "status", "pause_start", "pause_end", "weekly_hours", "max_residents"
    ).order_by("last_name", "first_name", "id")


def pool_peer_ids(*, viewer: Viewer, filters: PoolFilters, day: datetime.date | None = None):
    """The ids (in name order) matching all filters, with counts; three queries whatever the pool size."""
    day = day or timezone.localdate()
    loads = current_loads(municipality_id=viewer.municipality_id)
    ids: list = []
    availability_by_id: dict = {}
    counts = dict.fromkeys(PeerStatus.values, 0)
    available_now = 0
    for pk, status, start, end, hours, max_residents in _light_rows(
        _filtered(viewer=viewer, filters=filters)
    ):
        state = availability(
            status=status,
            pause_start=start,
            pause_end=end,
            weekly_hours=hours,
            max_residents=max_residents,
            load=loads.get(pk),
            day=day,
        )
        counts[state.effective_status] += 1
        available_now += state.available
        if filters.status and state.effective_status != filters.status:
            continue
        if filters.available and not state.available:
            continue
        ids.append(pk)
        availability_by_id[pk] = state
    return ids, availability_by_id, counts, available_now


def pool_overview(
    *,
    viewer: Viewer,
    filters: PoolFilters,
    page_number=1,
    page_size: int = 50,
    day: datetime.date | None = None,
) -> PoolOverview:
    day = day or timezone.localdate()
    ids, availability_by_id, counts, available_now = pool_peer_ids(viewer=viewer, filters=filters, day=day)
    paginator = Paginator(ids, page_size)
    page = paginator.get_page(page_number)
    peers = _with_row_annotations(peer_worker_list(viewer=viewer).filter(pk__in=list(page.object_list)))
    by_id = {peer.pk: peer for peer in peers.prefetch_related("neighbourhoods")}
    ordered = [by_id[pk] for pk in page.object_list if pk in by_id]
    experiences = visible_experiences_by_peer(viewer=viewer, peers=ordered, context=ExperienceContext.SEARCH)
    rows = [
        PoolRow(
            peer=peer,
            availability=availability_by_id[peer.pk],
            experiences=experiences.get(peer.pk, []),
            rung=peer.current_rung,
            talk_requested=peer.talk_requested,
        )
        for peer in ordered
    ]
    pool_total = peer_worker_list(viewer=viewer).count() if not filters.is_empty() else sum(counts.values())
    talk_requests = peer_worker_list(viewer=viewer).filter(open_talk_requests_q()).count()
    return PoolOverview(
        rows=rows,
        page=page,
        found=len(ids),
        pool_total=pool_total,
        counts=counts,
        available_now=available_now,
        talk_requests=talk_requests,
    )


def open_talk_requests_q() -> Exists:
    return Exists(
        CheckIn.objects.filter(peer_id=OuterRef("pk"), wants_talk=True, talk_acknowledged_at__isnull=True)
    )


def _with_row_annotations(qs):
    latest_rung = LadderStep.objects.filter(peer_id=OuterRef("pk")).order_by("-date", "-created_at")
    return qs.annotate(
        current_rung=Subquery(latest_rung.values("rung")[:1]),
        talk_requested=open_talk_requests_q(),
    )


def pool_export_rows(
    *, viewer: Viewer, filters: PoolFilters, day: datetime.date | None = None
) -> list[PoolRow]:
    """All peer workers matching the filters, with the experiences an export may carry."""
    day = day or timezone.localdate()
    ids, availability_by_id, _counts, _available = pool_peer_ids(viewer=viewer, filters=filters, day=day)
    wanted = set(ids)
    peers = [
        peer
        for peer in _with_row_annotations(_filtered(viewer=viewer, filters=filters))
        .prefetch_related("neighbourhoods")
        .order_by("last_name", "first_name", "id")
        if peer.pk in wanted
    ]
    experiences = visible_experiences_by_peer(viewer=viewer, peers=peers, context=ExperienceContext.EXPORT)
    return [
        PoolRow(
            peer=peer,
            availability=availability_by_id[peer.pk],
            experiences=experiences.get(peer.pk, []),
            rung=peer.current_rung,
            talk_requested=False,  # a well-being signal never leaves the system
        )
        for peer in peers
    ]


# ---------------------------------------------------------------------------------------------------------
# Growth and check-ins


def growth_list(*, viewer: Viewer, model) -> QuerySet:
    """Ladder steps, goals or trainings of the peer workers this viewer may see (API lists)."""
    return model.objects.filter(
        municipality_id=viewer.municipality_id, peer__in=peer_worker_list(viewer=viewer)
    ).select_related("peer")


def check_in_list(*, viewer: Viewer) -> QuerySet[CheckIn]:
    """Check-ins: only ever the viewer's own."""
    own = peer_worker_for_user(viewer=viewer)
    if own is None:
        return CheckIn.objects.none()
    return own_check_ins(viewer=viewer, peer=own).select_related("peer")


def ladder_steps(*, viewer: Viewer, peer: PeerWorker) -> QuerySet[LadderStep]:
    return LadderStep.objects.filter(municipality_id=viewer.municipality_id, peer_id=peer.pk).order_by(
        "date", "created_at"
    )


def goals(*, viewer: Viewer, peer: PeerWorker) -> QuerySet[DevelopmentGoal]:
    return DevelopmentGoal.objects.filter(municipality_id=viewer.municipality_id, peer_id=peer.pk)


def trainings(*, viewer: Viewer, peer: PeerWorker) -> QuerySet[Training]:
    return Training.objects.filter(municipality_id=viewer.municipality_id, peer_id=peer.pk)


def own_check_ins(*, viewer: Viewer, peer: PeerWorker) -> QuerySet[CheckIn]:
    """A peer worker's check-ins: only ever for the peer worker themself."""
    if peer.user_id is None or viewer.user is None or peer.user_id != viewer.user_id:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(municipality_id=viewer.municipality_id, peer_id=peer.pk)


@dataclass(frozen=True)
class TalkSignal:
    """All a coordinator ever learns from check-ins: someone would like a talk, since when."""

    check_in_id: object
    since: datetime.date


def open_talk_signal(*, viewer: Viewer, peer: PeerWorker) -> TalkSignal | None:
    if not peer_worker_list(viewer=viewer).filter(pk=peer.pk).exists():
        return None
    row = (
        CheckIn.objects.filter(
            municipality_id=viewer.municipality_id,
            peer_id=peer.pk,
            wants_talk=True,
            talk_acknowledged_at__isnull=True,
        )
        .order_by("date", "created_at")
        .values_list("id", "date")
        .first()
    )
    return TalkSignal(check_in_id=row[0], since=row[1]) if row else None


# ---------------------------------------------------------------------------------------------------------
# The contract for matching (deployment app)


@dataclass(frozen=True)
class PeerMatchingProfile:
    """What the matching engine may know about a peer worker: plain data, no model instances.

    Lived experience counts only with visibility 'matching' or 'professionals'. Hard constraints:
    status/paused, weekly_hours, max_residents, excluded_themes. Wishes: prefers, gender,
    cultural_background (self-declared, optional). See docs/pool.md.
    """

    peer_id: object  # UUID
    organisation_id: object  # UUID
    status: str  # PeerStatus value
    paused: bool  # status 'paused' or an own pause that covers today
    weekly_hours: Decimal
    max_residents: int
    matching_domain_slugs: frozenset[str]
    neighbourhood_ids: frozenset
    languages: frozenset[str]  # lower-case ISO 639-1
    kinds: frozenset[str]  # DeploymentKind values
    excluded_themes: frozenset[str]  # domain slugs or own words, lower case
    gender: str | None
    cultural_background: str | None  # lower case, stripped
    prefers: frozenset[str]  # Wish values
    user_id: object | None  # UUID of the login, for offers in "Mijn werk"
    # Extras (with defaults, so the contract above stays stable)
    available_days: frozenset[str] = frozenset()  # Weekday values; empty = not stated
    name: str = ""


_PROFILE_FIELDS = (
    "id",
    "organisation_id",
    "status",
    "pause_start",
    "pause_end",
    "weekly_hours",
    "max_residents",
    "languages",
    "kinds",
    "excluded_themes",
    "gender",
    "cultural_background",
    "prefers",
    "user_id",
    "available_days",
    "first_name",
    "last_name",
    "neighbourhoods",
)


def matching_profiles(
    *, municipality_id, organisation_ids=None, day: datetime.date | None = None
) -> list[PeerMatchingProfile]:
    """Every peer worker of the municipality (optionally of some pool organisations) as plain data.

    Two queries whatever the size: the peer workers joined with their neighbourhoods, and their
    experiences at the levels the peer worker released for matching.
    """
    day = day or timezone.localdate()
    peers = PeerWorker.objects.filter(municipality_id=municipality_id)
    experiences = PeerExperience.objects.filter(municipality_id=municipality_id)
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        peers = peers.filter(organisation_id__in=organisation_ids)
        experiences = experiences.filter(peer__organisation_id__in=organisation_ids)
    levels = experience_levels(viewer=None, context=ExperienceContext.MATCHING)  # 'matching', 'professionals'

    rows: dict = {}
    hoods: dict = defaultdict(set)
    for row in peers.values(*_PROFILE_FIELDS).order_by("last_name", "first_name", "id"):
        rows.setdefault(row["id"], row)
        if row["neighbourhoods"] is not None:
            hoods[row["id"]].add(row["neighbourhoods"])
    domains: dict = defaultdict(set)
    for peer_id, slug in experiences.filter(visibility__in=levels).values_list("peer_id", "domain__slug"):
        domains[peer_id].add(slug)

    profiles = []
    for pk, row in rows.items():
        background = (row["cultural_background"] or "").strip().lower()
        profiles.append(
            PeerMatchingProfile(
                peer_id=pk,
                organisation_id=row["organisation_id"],
                status=row["status"],
                paused=row["status"] == PeerStatus.PAUSED
                or (
                    row["status"] != PeerStatus.LEFT
                    and row["pause_start"] is not None
                    and row["pause_start"] <= day
                    and (row["pause_end"] is None or row["pause_end"] >= day)
                ),
                weekly_hours=Decimal(row["weekly_hours"]),
                max_residents=row["max_residents"],
                matching_domain_slugs=frozenset(domains.get(pk, ())),
                neighbourhood_ids=frozenset(hoods.get(pk, ())),
                languages=frozenset(code.lower() for code in row["languages"] or ()),
                kinds=frozenset(row["kinds"] or ()),
                excluded_themes=frozenset(t.strip().lower() for t in row["excluded_themes"] or ()),
                gender=row["gender"] or None,
                cultural_background=background or None,
                prefers=frozenset(row["prefers"] or ()),
                user_id=row["user_id"],
                available_days=frozenset(row["available_days"] or ()),
                name=f"{row['first_name']} {row['last_name']}",
            )
        )
    return profiles


# ---------------------------------------------------------------------------------------------------------
# Completeness of the own profile ("Mijn werk" panel, "Mijn profiel")


@dataclass(frozen=True)
class CompletenessItem:
    label: str
    done: bool
    url_name: str


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem]

    @property
    def percent(self) -> int:
        return round(100 * sum(item.done for item in self.items) / len(self.items)) if self.items else 100

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]


def profile_completeness(*, peer: PeerWorker) -> Completeness:
    has_hoods = peer.neighbourhoods.exists()
    has_experience = PeerExperience.objects.filter(
        municipality_id=peer.municipality_id, peer_id=peer.pk
    ).exists()
    has_ladder = LadderStep.objects.filter(municipality_id=peer.municipality_id, peer_id=peer.pk).exists()
    return Completeness(
        items=[
            CompletenessItem(_("Contactgegevens"), bool(peer.email or peer.phone), "pool:my_details"),
            CompletenessItem(_("Talen"), bool(peer.languages), "pool:my_details"),
            CompletenessItem(_("Wijken waar u werkt"), has_hoods, "pool:my_details"),
            CompletenessItem(_("Soorten inzet"), bool(peer.kinds), "pool:my_details"),
            CompletenessItem(_("Opleidingsniveau"), bool(peer.education_level), "pool:my_details"),
            CompletenessItem(_("Ervaringsdeskundigheid"), has_experience, "pool:my_experience"),
            CompletenessItem(_("Beschikbare dagen"), bool(peer.available_days), "pool:my_boundaries"),
            CompletenessItem(_("Plek op de participatieladder"), has_ladder, "pool:my_growth"),
        ]
    )


# ---------------------------------------------------------------------------------------------------------
# The peer worker's own data (GDPR art. 15/20: access and portability)


def own_data(*, viewer: Viewer, peer: PeerWorker) -> dict:
    """Everything the pool holds about this peer worker, for the peer worker themself only."""
    if peer.user_id is None or peer.user_id != viewer.user_id:
        raise PeerWorker.DoesNotExist
    profile_fields = [
        f.name
        for f in PeerWorker._meta.concrete_fields
        if f.name not in {"id", "municipality", "organisation", "user", "created_at", "updated_at"}
    ]

    def plain(value):
        if isinstance(value, datetime.date | Decimal):
            return str(value)
        return value

    def rows(qs, fields):
        return [{name: plain(getattr(obj, name)) for name in fields} for obj in qs]

    experiences = own_experiences(viewer=viewer, peer=peer).values()
    return {
        "profile": {
            "id": str(peer.pk),
            "organisation": peer.organisation.name,
            "municipality": peer.municipality.name,
            **{name: plain(getattr(peer, name)) for name in profile_fields},
            "neighbourhoods": [n.name for n in peer.neighbourhoods.all()],
        },
        "experiences": [
            {"domain": e.domain.name, "description": e.description, "visibility": e.visibility}
            for e in experiences
        ],
        "ladder_steps": rows(ladder_steps(viewer=viewer, peer=peer), ["date", "rung", "note"]),
        "goals": rows(
            goals(viewer=viewer, peer=peer), ["title", "description", "status", "target_date", "achieved_on"]
        ),
        "trainings": rows(
            trainings(viewer=viewer, peer=peer), ["name", "provider", "started_on", "completed_on"]
        ),
        "check_ins": rows(
            own_check_ins(viewer=viewer, peer=peer),
            ["date", "energy", "balance", "support_need", "note", "wants_talk"],
        ),
    }
