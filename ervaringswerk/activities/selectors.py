"""Reads for activities, always scoped: to the viewer's municipality (and role), or for the public agenda
to one municipality's public group activities, without any person in them.

Public facade for other apps:
- `intervision_overdue_peer_ids(*, municipality_id)`  -> set of PeerWorker ids (matching explanations)
- `programme_lessons(*, viewer, programme_id, start, end)` -> lessons from learning sessions (evaluations)
- `peer_trainings(*, peer_id)` -> trainings a peer worker attended (their growth path)
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.pool.models import PeerStatus, PeerWorker

from .models import (
    GROUP_KINDS,
    POOL_INTERNAL_KINDS,
    Activity,
    ActivityKind,
    DevelopmentRhythm,
    MinuteItem,
    MinuteKind,
    PeerAttendance,
    Session,
    SessionFacilitator,
    SessionStatus,
)
from .recurrence import AMSTERDAM, minutes_between


def _peer_of(viewer: Viewer) -> PeerWorker | None:
    if not viewer.has_role(Role.PEER_WORKER):
        return None
    return PeerWorker.objects.filter(municipality_id=viewer.municipality_id, user_id=viewer.user_id).first()


def activity_list(
    *, viewer: Viewer, kind: str | None = None, include_inactive: bool = False
) -> QuerySet[Activity]:
    """Activities of the viewer's municipality. Supervision, intervision and peer trainings are internal
    to the organising pool: only its own staff and peer workers see them."""
    qs = Activity.objects.filter(municipality_id=viewer.municipality_id)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    internal = Q(kind__in=POOL_INTERNAL_KINDS)
    own = Q(organisers=viewer.organisation) if viewer.organisation is not None else Q(pk__in=[])
    peer = _peer_of(viewer)
    if peer is not None:
        own |= Q(organisers=peer.organisation_id)
    visible = qs.filter(~internal | own).values("pk")
    qs = Activity.objects.filter(pk__in=visible)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("neighbourhood").prefetch_related("organisers", "themes").order_by("title")


def activity_get(*, viewer: Viewer, pk) -> Activity:
    return activity_list(viewer=viewer, include_inactive=True).get(pk=pk)


def session_list(
    *, viewer: Viewer, activity=None, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Session]:
    qs = Session.objects.filter(
        municipality_id=viewer.municipality_id,
        activity__in=activity_list(viewer=viewer, include_inactive=True).values("pk"),
    )
    if activity is not None:
        qs = qs.filter(activity=activity)
    if start is not None:
        qs = qs.filter(ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return qs.select_related("activity").prefetch_related(
        Prefetch("facilitators", queryset=SessionFacilitator.objects.select_related("peer", "user"))
    )


def session_get(*, viewer: Viewer, pk) -> Session:
    return session_list(viewer=viewer).prefetch_related("activity__organisers").get(pk=pk)


def my_sessions(*, viewer: Viewer, start: datetime | None = None, limit: int = 5) -> list[Session]:
    """The viewer's next sessions: as facilitator or host, and (peer workers) their pool's own sessions."""
    start = start or timezone.now()
    mine = Q(facilitators__user_id=viewer.user_id) | Q(facilitators__peer__user_id=viewer.user_id)
    peer = _peer_of(viewer)
    if peer is not None:
        mine |= Q(activity__kind__in=POOL_INTERNAL_KINDS, activity__organisers=peer.organisation_id)
    ids = (
        Session.objects.filter(municipality_id=viewer.municipality_id, ends_at__gte=start)
        .exclude(status=SessionStatus.CANCELLED)
        .filter(mine)
        .values("pk")
    )
    return list(Session.objects.filter(pk__in=ids).select_related("activity").order_by("starts_at")[:limit])


# ---------------------------------------------------------------------------------------------------------
# Walk-in roster


@dataclass
class RosterSlot:
    session: Session
    hosts: list  # PeerWorker
    needed: int

    @property
    def open_places(self) -> int:
        return max(0, self.needed - len(self.hosts))

    @property
    def is_open(self) -> bool:
        return self.open_places > 0


def roster(*, viewer: Viewer, start: date | None = None, weeks: int = 3) -> list[RosterSlot]:
    """Host slots of the walk-ins the viewer's (pool) organisation organises, `weeks` weeks from `start`."""
    start = start or timezone.localdate()
    begin = datetime.combine(start, datetime.min.time(), tzinfo=AMSTERDAM)
    end = begin + timedelta(weeks=weeks)
    peer = _peer_of(viewer)
    organisation_id = peer.organisation_id if peer is not None else viewer.organisation_id
    sessions = (
        Session.objects.filter(
            municipality_id=viewer.municipality_id,
            activity__kind=ActivityKind.WALK_IN,
            activity__is_active=True,
            activity__organisers=organisation_id,
            starts_at__gte=begin,
            starts_at__lt=end,
        )
        .select_related("activity")
        .prefetch_related(
            Prefetch(
                "facilitators",
                queryset=SessionFacilitator.objects.filter(peer__isnull=False).select_related("peer"),
            )
        )
        .order_by("starts_at")
        .distinct()
    )
    return [
        RosterSlot(session=s, hosts=[f.peer for f in s.facilitators.all()], needed=s.activity.hosts_needed)
        for s in sessions
    ]


def roster_get(*, viewer: Viewer, pk) -> Session:
    """One walk-in session of the viewer's roster (404 otherwise)."""
    peer = _peer_of(viewer)
    organisation_id = peer.organisation_id if peer is not None else viewer.organisation_id
    return (
        Session.objects.filter(
            municipality_id=viewer.municipality_id,
            activity__kind=ActivityKind.WALK_IN,
            activity__organisers=organisation_id,
        )
        .select_related("activity")
        .distinct()
        .get(pk=pk)
    )


def viewer_peer(*, viewer: Viewer) -> PeerWorker | None:
    return _peer_of(viewer)


# ---------------------------------------------------------------------------------------------------------
# Public agenda (no viewer: public, and no person ever)


def public_sessions(
    *,
    municipality,
    start: datetime | None = None,
    weeks: int = 8,
    neighbourhood_id=None,
    theme_slug: str | None = None,
) -> QuerySet[Session]:
    """Upcoming sessions of public group activities of one municipality, cancelled ones included (with
    their reason). Only activity, organisations and place are loaded: never facilitators or attendance."""
    start = start or timezone.now()
    qs = Session.objects.filter(
        municipality_id=municipality.pk,
        activity__is_public=True,
        activity__is_active=True,
        activity__kind__in=GROUP_KINDS,
        ends_at__gte=start,
        starts_at__lt=start + timedelta(weeks=weeks),
    )
    if neighbourhood_id:
        qs = qs.filter(activity__neighbourhood_id=neighbourhood_id)
    if theme_slug:
        qs = qs.filter(activity__themes__slug=theme_slug)
    return (
        qs.select_related("activity", "activity__neighbourhood")
        .prefetch_related("activity__organisers", "activity__themes")
        .only(
            "id",
            "starts_at",
            "ends_at",
            "status",
            "cancel_reason",
            "place",
            "sequence",
            "updated_at",
            "activity__id",
            "activity__title",
            "activity__kind",
            "activity__description",
            "activity__place",
            "activity__capacity",
            "activity__neighbourhood__name",
        )
        .order_by("starts_at")
        .distinct()
    )


def public_filters(*, municipality) -> dict:
    """Neighbourhoods and themes that public activities of this municipality use (for the filter form)."""
    from ervaringswerk.core.models import ExperienceDomain, Neighbourhood

    public = Activity.objects.filter(
        municipality_id=municipality.pk, is_public=True, is_active=True, kind__in=GROUP_KINDS
    )
    return {
        "neighbourhoods": Neighbourhood.objects.filter(
            municipality_id=municipality.pk, pk__in=public.values("neighbourhood")
        ).order_by("name"),
        "themes": ExperienceDomain.objects.filter(
            municipality_id=municipality.pk, pk__in=public.values("themes")
        ).order_by("sort_order", "name"),
    }


# ---------------------------------------------------------------------------------------------------------
# Supervision and intervision: rhythm and overdue flags


@dataclass
class DevelopmentStatus:
    peer: PeerWorker
    kind: str
    max_interval_days: int
    last_attended: date | None
    due: date
    next_planned: date | None

    today: date

    @property
    def is_overdue(self) -> bool:
        return self.due < self.today


def _last_attended(*, peer_ids, kind: str, now: datetime) -> dict:
    rows = (
        PeerAttendance.objects.filter(
            peer_id__in=peer_ids,
            present=True,
            session__activity__kind=kind,
            session__status=SessionStatus.HELD,
            session__starts_at__lte=now,
        )
        .values("peer_id")
        .annotate(last=Max("session__starts_at"))
        .order_by()
    )
    return {row["peer_id"]: row["last"].astimezone(AMSTERDAM).date() for row in rows}


def development_status(
    *, municipality_id, organisation_ids=None, kind: str = ActivityKind.INTERVISION, today: date | None = None
) -> list[DevelopmentStatus]:
    """Per active peer worker of pools with a rhythm for `kind`: last attendance, due date, overdue.

    The rule (docs/activities.md): a peer worker is due `max_interval_days` after the last held session of
    `kind` they attended; someone who never attended is due that many days after joining the pool
    (`joined_on`, else the day the profile was made).
    Overdue = the due date has passed.
    """
    today = today or timezone.localdate()
    now = datetime.combine(today, datetime.max.time(), tzinfo=AMSTERDAM)
    rhythms = DevelopmentRhythm.objects.filter(municipality_id=municipality_id, kind=kind)
    if organisation_ids is not None:
        rhythms = rhythms.filter(organisation_id__in=organisation_ids)
    interval = {r.organisation_id: r.max_interval_days for r in rhythms}
    if not interval:
        return []
    peers = list(
        PeerWorker.objects.filter(
            municipality_id=municipality_id, organisation_id__in=interval, status=PeerStatus.ACTIVE
        ).select_related("organisation")
    )
    last = _last_attended(peer_ids=[p.pk for p in peers], kind=kind, now=now)
    next_by_org = {}
    for organisation_id in interval:
        first = (
            Session.objects.filter(
                municipality_id=municipality_id,
                activity__kind=kind,
                activity__organisers=organisation_id,
                status=SessionStatus.PLANNED,
                starts_at__gt=now,
            )
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        next_by_org[organisation_id] = first.astimezone(AMSTERDAM).date() if first else None
    result = []
    for peer in peers:
        days = interval[peer.organisation_id]
        joined = getattr(peer, "joined_on", None) or peer.created_at.astimezone(AMSTERDAM).date()
        reference = last.get(peer.pk) or joined
        status = DevelopmentStatus(
            peer=peer,
            kind=kind,
            max_interval_days=days,
            last_attended=last.get(peer.pk),
            due=reference + timedelta(days=days),
            next_planned=next_by_org.get(peer.organisation_id),
            today=today,
        )
        result.append(status)
    return sorted(result, key=lambda s: (not s.is_overdue, s.due, s.peer.last_name))


def intervision_overdue_peer_ids(*, municipality_id, today: date | None = None) -> set[UUID]:
    """Ids of active peer workers who are overdue for intervision by their pool's rhythm."""
    return {
        s.peer.pk
        for s in development_status(
            municipality_id=municipality_id, kind=ActivityKind.INTERVISION, today=today
        )
        if s.is_overdue
    }


def development_overview(*, viewer: Viewer, today: date | None = None) -> dict:
    """The coordinator's page: their pool's intervision and supervision status."""
    rows = {}
    for kind in (ActivityKind.INTERVISION, ActivityKind.SUPERVISION):
        rows[kind] = development_status(
            municipality_id=viewer.municipality_id,
            organisation_ids=[viewer.organisation_id],
            kind=kind,
            today=today,
        )
    return rows


def rhythm_list(*, viewer: Viewer) -> QuerySet[DevelopmentRhythm]:
    return DevelopmentRhythm.objects.filter(
        municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
    )


def peer_development_status(*, peer, today: date | None = None) -> list[DevelopmentStatus]:
    """A peer worker's own intervision/supervision status (for "Mijn werk")."""
    result = []
    for kind in (ActivityKind.INTERVISION, ActivityKind.SUPERVISION):
        for status in development_status(
            municipality_id=peer.municipality_id,
            organisation_ids=[peer.organisation_id],
            kind=kind,
            today=today,
        ):
            if status.peer.pk == peer.pk:
                result.append(status)
    return result


# ---------------------------------------------------------------------------------------------------------
# Facade for the pool (growth) and outcomes (evaluation) apps


def peer_trainings(*, peer_id) -> list[dict]:
    """Trainings (and learning sessions) a peer worker attended, newest first, for their growth path.

    The caller (pool) decides who may see this; it is the peer worker's own development record.
    """
    rows = (
        PeerAttendance.objects.filter(
            peer_id=peer_id,
            present=True,
            session__status=SessionStatus.HELD,
            session__activity__kind__in=[ActivityKind.PEER_TRAINING, ActivityKind.LEARNING_SESSION],
        )
        .select_related("session__activity")
        .prefetch_related("session__activity__organisers")
        .order_by("-session__starts_at")
    )
    result = []
    for row in rows:
        session = row.session
        result.append(
            {
                "session_id": session.pk,
                "activity_id": session.activity_id,
                "title": session.activity.title,
                "kind": session.activity.kind,
                "date": session.starts_at.astimezone(AMSTERDAM).date(),
                "hours": round(minutes_between(session.starts_at, session.ends_at) / 60, 2),
                "organisers": [o.name for o in session.activity.organisers.all()],
            }
        )
    return result


def programme_lessons(*, viewer: Viewer, programme_id, start: date, end: date) -> list[dict]:
    """Lessons (and decisions) recorded in the minutes of a programme's learning sessions and evaluations
    between `start` and `end` (inclusive), oldest first. Scoped to the viewer's municipality."""
    if viewer.municipality_id is None:
        return []
    begin = datetime.combine(start, datetime.min.time(), tzinfo=AMSTERDAM)
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=AMSTERDAM)
    items = (
        MinuteItem.objects.filter(
            municipality_id=viewer.municipality_id,
            session__activity__programme_id=programme_id,
            session__starts_at__gte=begin,
            session__starts_at__lt=finish,
            kind__in=[MinuteKind.LESSON, MinuteKind.DECISION],
        )
        .select_related("session__activity")
        .order_by("session__starts_at", "created_at")
    )
    return [
        {
            "id": item.pk,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "text": item.text,
            "date": item.session.starts_at.astimezone(AMSTERDAM).date(),
            "session_id": item.session_id,
            "activity": item.session.activity.title,
            "activity_kind": item.session.activity.kind,
        }
        for item in items
    ]
